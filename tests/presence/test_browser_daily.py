"""The check-in page on a 390×844 phone in Chromium: WIB labels in place, the repeat
confirmation, Indonesian location help, the installable app (manifest, service worker)."""

# Predicates are functions, not expression strings: Playwright evaluates a string with eval,
# which the Content-Security-Policy (no unsafe-eval) refuses on these pages.
from __future__ import annotations

import datetime as dt
import os

import pytest
import time_machine

from hibrida.presence.models import CheckIn
from tests.conftest import login
from tests.factories import PASSWORD

from .conftest import OFFICE

PHONE = {"width": 390, "height": 844}
# 00:12 UTC on a Tuesday is 07:12 WIB (UTC+7): the page must read "07.12".
AT_0712 = dt.datetime(2026, 2, 10, 0, 12, tzinfo=dt.UTC)


def _phone(browser, live_server, **extra):
    context = browser.new_context(
        locale="id-ID", timezone_id="Asia/Jakarta", viewport=PHONE, **extra
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    return context, page


def _text(page, testid: str) -> str:
    return page.locator(f"[data-testid={testid}]").inner_text()


@pytest.mark.browser
def test_check_in_shows_wib_label_in_place_and_asks_before_a_second(
    transactional_db, browser, live_server, city, office
):
    """Rule: a check-in at 07:12 WIB appears as "Masuk · 07.12 · Sah" without a reload; the
    second "masuk" asks first; "Batal" stores nothing, "Ya" stores the second record."""
    with time_machine.travel(AT_0712, tick=True):
        context, page = _phone(
            browser,
            live_server,
            geolocation={"latitude": OFFICE[0], "longitude": OFFICE[1], "accuracy": 12},
            permissions=["geolocation"],
        )
        try:
            page.clock.set_fixed_time(AT_0712)
            login(page, city.users["asn"].username, PASSWORD)
            page.goto(live_server.url + "/presensi/")
            page.wait_for_selector("[data-testid=btn-in]:not([disabled])")
            page.evaluate("() => { window.notReloaded = true; }")

            page.click("[data-testid=btn-in]")
            page.wait_for_function(
                "() => document.querySelector('[data-testid=result]').dataset.status === 'VALID'"
            )
            row = page.locator("[data-testid=today] tr").first
            assert [c.strip() for c in row.locator("td").all_inner_texts()[:2]] == [
                "Masuk",
                "07.12",
            ]
            assert row.locator(".badge").inner_text() == "Sah"
            assert _text(page, "done") == "Anda sudah presensi masuk pukul 07.12 WIB."
            assert _text(page, "result").startswith("Masuk 07.12 WIB: Sah")
            assert page.evaluate("() => window.notReloaded") is True

            page.click("[data-testid=btn-in]")
            page.wait_for_selector("[data-testid=confirm]:not([hidden])")
            assert _text(page, "confirm-text") == (
                "Anda sudah presensi masuk pukul 07.12 WIB. Catat sekali lagi?"
            )
            page.click("[data-testid=confirm-no]")
            assert page.locator("[data-testid=confirm]").is_hidden()
            assert CheckIn.objects.count() == 1

            page.click("[data-testid=btn-in]")
            page.click("[data-testid=confirm-yes]")
            page.wait_for_function(
                "() => document.querySelectorAll('[data-testid=today] tr').length === 2"
            )
            if os.environ.get("HIBRIDA_SCREENSHOTS"):
                page.screenshot(
                    path=os.path.join(os.environ["HIBRIDA_SCREENSHOTS"], "presensi-390.png"),
                    full_page=True,
                )
            assert page.evaluate("() => window.notReloaded") is True
            # Nothing wider than the phone: the sub-menu wraps, the table scrolls in its box.
            assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        finally:
            context.close()
    assert list(CheckIn.objects.values_list("kind", flat=True)) == ["in", "in"]


@pytest.mark.browser
def test_location_denied_shows_indonesian_help(transactional_db, browser, live_server, city):
    """Rule: blocked location → Indonesian steps for Android Chrome and iOS Safari, never the
    browser's English message; the buttons stay disabled."""
    context, page = _phone(browser, live_server)  # no geolocation permission granted
    try:
        login(page, city.users["asn"].username, PASSWORD)
        page.goto(live_server.url + "/presensi/")
        page.wait_for_selector("[data-testid=geo-help]:not([hidden])")
        assert _text(page, "gps-status") == (
            "Izin lokasi ditolak. Presensi memerlukan lokasi Anda; izinkan dengan langkah berikut."
        )
        help_text = _text(page, "geo-help")
        assert "Android (Chrome)" in help_text and "iPhone (Safari)" in help_text
        assert "Izin (Permissions) → Lokasi → Izinkan" in help_text
        assert "User denied" not in page.locator("body").inner_text()
        assert page.locator("[data-testid=btn-in]").is_disabled()
        if os.environ.get("HIBRIDA_SCREENSHOTS"):
            page.screenshot(
                path=os.path.join(os.environ["HIBRIDA_SCREENSHOTS"], "presensi-lokasi-390.png"),
                full_page=True,
            )
    finally:
        context.close()


@pytest.mark.browser
def test_installable_app_manifest_and_service_worker(
    transactional_db, browser, live_server, city, office
):
    """Rule: the page links a manifest with 192/512 icons and registers a service worker that
    serves the check-in page when the connection is gone."""
    context, page = _phone(browser, live_server)
    try:
        login(page, city.users["asn"].username, PASSWORD)
        page.goto(live_server.url + "/presensi/")
        scope = page.evaluate("() => navigator.serviceWorker.ready.then((r) => r.scope)")
        assert scope == live_server.url + "/presensi/"
        href = page.locator("link[rel=manifest]").get_attribute("href")
        manifest = page.request.get(live_server.url + href)
        assert manifest.headers["content-type"] == "application/manifest+json"
        data = manifest.json()
        assert data["start_url"] == "/presensi/" and data["display"] == "standalone"
        sizes = {i["sizes"] for i in data["icons"]}
        assert {"192x192", "512x512"} <= sizes
        for icon in data["icons"]:
            got = page.request.get(live_server.url + icon["src"])
            assert got.status == 200 and got.headers["content-type"] == "image/png"

        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        context.set_offline(True)
        response = page.reload()
        assert response is not None and response.from_service_worker
        assert page.locator("h1").inner_text() == "Presensi hari ini"
    finally:
        context.close()
