"""Browser journey: an OPD admin generates and publishes a month; the ASN sees their WFH days."""

import pytest

from tests.conftest import login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_generates_and_publishes_then_employee_sees_wfh_days(roster_city, page):
    c = roster_city
    login(page, c.users["opd_admin"].username, PASSWORD)
    page.goto(page.base_url + "/rotasi/?bulan=2025-12")
    page.select_option("[data-testid=generate-form] select[name=opd]", str(c.opd_a.pk))
    page.click("[data-testid=generate]")
    page.wait_for_selector("[data-testid=publish]")
    assert "Draf" in page.locator("[data-testid=status]").inner_text()
    assert page.locator("[data-testid=grid] tbody tr").count() == 8  # unit A
    page.click("[data-testid=publish]")
    page.wait_for_selector("[data-testid=status]:has-text('Terbit')")

    page.context.clear_cookies()
    login(page, c.users["asn"].username, PASSWORD)
    page.goto(page.base_url + "/rotasi/saya/?bulan=2025-12")
    badges = page.locator("[data-testid=wfh-days] .badge")
    assert badges.count() == 11
    assert page.locator("[data-testid=calendar] .mode.WFH").count() == 11
    assert "Gini" in page.locator("[data-testid=unit-fairness]").inner_text()
