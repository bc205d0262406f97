"""The mobile check-in page in Chromium with emulated geolocation (Playwright)."""

# Predicates are functions, not expression strings: Playwright evaluates a string with eval,
# which the Content-Security-Policy (no unsafe-eval) refuses on these pages.
from __future__ import annotations

import datetime as dt

import pytest

from hibrida.presence.models import CheckIn
from tests.conftest import login
from tests.factories import PASSWORD

from .conftest import OFFICE


@pytest.mark.browser
def test_check_in_office_far_away_and_offline(
    transactional_db, browser, live_server, city, office, settings
):
    """Rule: at the office → VALID; 2 km away → FLAGGED; offline → queued, then sent once
    back online with its original device time and marked late-synced."""
    settings.HIBRIDA_PRESENCE_LATE_SYNC_S = 60
    context = browser.new_context(
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        geolocation={"latitude": OFFICE[0], "longitude": OFFICE[1], "accuracy": 12},
        permissions=["geolocation"],
        viewport={"width": 390, "height": 844},
    )
    page = context.new_page()
    page.clock.install()  # time flows as usual until the test sets it
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    try:
        login(page, city.users["asn"].username, PASSWORD)
        page.goto(live_server.url + "/presensi/")
        result = page.locator("[data-testid=result]")
        page.wait_for_selector("[data-testid=btn-in]:not([disabled])")
        assert page.locator("[data-testid=distance]").inner_text() == "di dalam area"
        assert page.locator("[data-testid=accuracy]").inner_text() == "±12 m"

        page.click("[data-testid=btn-in]")
        page.wait_for_function(
            "() => document.querySelector('[data-testid=result]').dataset.status"
        )
        assert result.get_attribute("data-status") == "VALID", result.inner_text()

        context.set_geolocation({"latitude": OFFICE[0] - 0.018, "longitude": OFFICE[1]})
        page.wait_for_function(
            "() => document.querySelector('[data-testid=distance]').textContent.includes('luar')"
        )
        page.click("[data-testid=btn-out]")
        page.wait_for_function(
            "() => document.querySelector('[data-testid=result]').dataset.status === 'FLAGGED'"
        )
        assert "Di luar area" in result.inner_text()

        # The phone queues this check-in five minutes ago by its own clock (the page's clock,
        # not the wall clock, so the test waits for nothing); back to the real time to send.
        queued_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
        page.clock.set_system_time(queued_at)
        context.set_offline(True)
        page.click("[data-testid=btn-in]")
        # A second "masuk" today: the page asks first (test_browser_daily covers the wording).
        page.click("[data-testid=confirm-yes]")
        page.wait_for_function(
            "() => document.querySelector('[data-testid=result]').dataset.status === 'QUEUED'"
        )
        assert page.locator("[data-testid=queue]").inner_text() == "1"
        assert CheckIn.objects.count() == 2
        page.clock.set_system_time(dt.datetime.now(dt.UTC))
        context.set_offline(False)
        page.click("[data-testid=flush]")
        page.wait_for_function(
            "() => document.querySelector('[data-testid=queue]').textContent === '0'"
        )
        assert "tersinkron terlambat" in result.inner_text()
    finally:
        context.close()
    rows = list(CheckIn.objects.order_by("received_at"))
    assert [r.status for r in rows[:2]] == ["VALID", "FLAGGED"]
    synced = rows[2]
    assert len(rows) == 3 and synced.late_synced and synced.source == "web"
    assert (synced.received_at - synced.device_time).total_seconds() >= 5 * 60
