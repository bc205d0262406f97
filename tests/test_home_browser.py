"""In a real browser on a 390 px phone, the ASN's home says today's mode and check-in."""

import pytest

from .conftest import build_city, login
from .factories import PASSWORD
from .test_home import NOW, build_day

SHOTS = "/tmp"


@pytest.mark.browser
def test_asn_home_on_a_phone_shows_mode_and_check_in(
    browser, live_server, transactional_db, time_machine, settings
):
    # The server's clock is frozen in February 2026 while the browser's is not: a session cookie
    # without an expiry date keeps the login whatever the two clocks say.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    time_machine.move_to(NOW, tick=True)
    c = build_day(build_city())
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    login(page, c.users["asn"].username, PASSWORD)
    page.goto(live_server.url + "/")
    mode = page.locator("[data-testid=today-mode]")
    assert "WFH (kerja dari rumah)" in mode.inner_text()
    assert "Rumah terdaftar" in mode.inner_text()
    check_in = page.locator("[data-testid=today-checkin]")
    assert "Masuk 07.21 WIB" in check_in.inner_text()
    assert "Belum presensi pulang" in check_in.inner_text()
    assert "Belum ditulis" in page.locator("[data-testid=today-report]").inner_text()
    # Each figure is a link: the check-in card opens the check-in page.
    assert check_in.locator("a").get_attribute("href") == "/presensi/"
    page.screenshot(path=f"{SHOTS}/home-asn-390.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
