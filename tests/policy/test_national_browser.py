"""Browser journey: the OPD admin unticks a Pasal 23 criterion of a position; the ASN on it
sees themself ineligible with that criterion as the reason."""

import pytest

from tests.conftest import login
from tests.factories import PASSWORD

ICT = "Kriteria jabatan (Pasal 23): tidak dapat dikerjakan dengan TIK"


@pytest.mark.browser
def test_opd_admin_unticks_a_job_criterion_and_the_asn_sees_why(browser, page, policy_city):
    c = policy_city
    login(page, c.users["asn"].username, PASSWORD)
    page.goto(page.base_url + "/kebijakan/saya/")
    assert "Layak WFH" in page.inner_text("[data-testid=eligibility]")

    admin = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta").new_page()
    admin.set_default_timeout(15_000)
    admin.base_url = page.base_url
    login(admin, c.users["opd_admin"].username, PASSWORD)
    admin.click("[data-testid=menu] >> text=Kebijakan")
    admin.click("text=Kriteria jabatan (Pasal 23)")
    row = admin.locator("[data-testid=job-criteria] tr", has_text="Analis")
    row.locator("text=Ubah").click()
    admin.uncheck("input[name=ict_capable]")
    admin.click("[data-testid=job-criteria-form] button[type=submit]")
    admin.wait_for_selector("[data-testid=job-criteria]")
    assert "tidak" in admin.locator("[data-testid=job-criteria] tr", has_text="Analis").inner_text()
    admin.context.close()

    page.reload()
    assert "Belum/tidak layak WFH" in page.inner_text("[data-testid=eligibility]")
    assert page.inner_text("[data-testid=reasons]").strip() == ICT
