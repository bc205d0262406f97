"""A random presence check answered in Chromium with its virtual authenticator: the prompt on
the check-in page and on the home page, the location and the passkey assertion sent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hibrida.presence import passkeys, random_checks
from hibrida.presence.models import (
    ApprovalStatus,
    HomeLocation,
    Passkey,
    PresenceCheck,
    PresenceCheckPolicy,
)
from tests.conftest import login
from tests.factories import PASSWORD

from .test_browser_passkey import _enrol, _virtual_authenticator

HOME = (-6.2700, 107.0000)
RESULT_SET = "() => document.querySelector('[data-testid=presence-check-result]').dataset.status"


def _open_check(employee, seq: int) -> PresenceCheck:
    # The check is opened by hand: the draw's moments are tested on their own, and a browser
    # test must not depend on the hour it runs at.
    now = timezone.now()
    return PresenceCheck.objects.create(
        employee=employee,
        day=timezone.localdate(now),
        seq=seq,
        asked_at=now - dt.timedelta(minutes=1),
        deadline=now + dt.timedelta(minutes=14),
        closes_at=now + dt.timedelta(hours=2),
    )


def _answer(page) -> tuple[str, str]:
    page.wait_for_selector("[data-testid=presence-check]:not([hidden])")
    page.click("[data-testid=presence-check-answer]")
    page.wait_for_function(RESULT_SET)
    node = page.locator("[data-testid=presence-check-result]")
    return node.get_attribute("data-status"), node.inner_text()


@pytest.mark.browser
def test_random_check_answered_with_location_and_passkey(
    transactional_db, browser, live_server, city, settings
):
    settings.HIBRIDA_PASSKEY_DEFAULT_MODE = "required"
    host = live_server.url.split("//", 1)[1]
    settings.HIBRIDA_PASSKEY_RP_ID = host.split(":")[0]
    settings.HIBRIDA_PASSKEY_ORIGINS = live_server.url
    PresenceCheckPolicy.objects.create(opd=city.opd_a, enabled=True)
    random_checks.set_consent(actor=city.users["asn"], consent=True)
    HomeLocation.objects.create(
        employee=city.staff1,
        latitude=HOME[0],
        longitude=HOME[1],
        radius_m=100,
        status=ApprovalStatus.APPROVED,
    )
    context = browser.new_context(
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        geolocation={"latitude": HOME[0] + 0.0002, "longitude": HOME[1], "accuracy": 10},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    _virtual_authenticator(context, page)
    sent: list[dict] = []
    page.on(
        "request",
        lambda r: sent.append(r.post_data_json) if r.url.endswith("/answer") else None,
    )
    try:
        login(page, city.users["asn"].username, PASSWORD)
        _enrol(page, live_server)
        passkeys.decide_passkey(
            actor=city.users["atasan"], item=Passkey.objects.get(), approve=True
        )

        # On the check-in page.
        first = _open_check(city.staff1, 0)
        page.goto(live_server.url + "/presensi/")
        countdown = page.locator("[data-testid=presence-check-countdown]")
        page.wait_for_function(
            "() => document.querySelector('[data-testid=presence-check-countdown]').textContent"
        )
        assert "Sisa waktu" in countdown.inner_text()
        status, text = _answer(page)
        assert status == "home", text
        assert "Terverifikasi passkey" in text
        first.refresh_from_db()
        assert first.result == "home" and first.passkey_verified
        assert sent[-1]["passkey"]["credential_id"] == Passkey.objects.get().credential_id
        assert Passkey.objects.get().sign_count >= 1

        # On the home page, the next check of the day.
        second = _open_check(city.staff1, 1)
        page.goto(live_server.url + "/")
        status, text = _answer(page)
        assert status == "home", text
        second.refresh_from_db()
        assert second.result == "home" and second.passkey_verified
        # The nonce of the first answer was spent: each answer signs a fresh one.
        assert sent[-1]["passkey"]["nonce"] != sent[-2]["passkey"]["nonce"]
    finally:
        context.close()
