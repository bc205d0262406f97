"""In a real browser, each demo role logs in and sees its own navigation."""

import pytest

from hibrida.demo.accounts import DEMO_PASSWORD, create_demo_accounts
from hibrida.demo.generator import generate_city

from ..conftest import login

# The Django admin ("Admin Django (darurat)") is for superusers only: no demo role sees it.
ADMIN = "Admin Django (darurat)"
EXPECT = {
    "asn": ({"Beranda"}, {"Impor Pegawai", "Data Induk", ADMIN, "Organisasi"}, "ASN"),
    "atasan": ({"Beranda", "Organisasi"}, {"Impor Pegawai", "Data Induk", ADMIN}, "Atasan"),
    "admin.opd": (
        {"Organisasi", "Impor Pegawai", "Data Induk", "Akun Pengguna"},
        {ADMIN, "Peran Pengguna"},
        "Admin OPD",
    ),
    "bkpsdm": (
        {"Organisasi", "Impor Pegawai", "Data Induk", "Akun Pengguna", "Peran Pengguna"},
        {ADMIN},
        "BKPSDM",
    ),
    "inspektorat": ({"Organisasi"}, {"Impor Pegawai", "Data Induk", ADMIN}, "Inspektorat"),
    "diskominfo": ({"Organisasi"}, {"Impor Pegawai", "Data Induk", ADMIN}, "Diskominfostandi"),
}


@pytest.mark.browser
def test_each_demo_role_sees_its_navigation(page, transactional_db):
    generate_city(n_employees=700, seed=11)
    create_demo_accounts()
    for username, (present, absent, role_label) in EXPECT.items():
        login(page, username, DEMO_PASSWORD)
        labels = set(page.locator("[data-testid=menu] a").all_inner_texts())
        assert present <= labels, (username, labels)
        assert not (absent & labels), (username, labels)
        assert role_label in page.locator("[data-testid=roles]").inner_text()
        page.click("text=Keluar")
        page.wait_for_url("**/masuk/**")


@pytest.mark.browser
def test_opd_admin_browses_opd_to_unit_to_person_on_a_phone(browser, live_server, transactional_db):
    generate_city(n_employees=700, seed=12)
    create_demo_accounts()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    page.base_url = live_server.url
    login(page, "admin.opd", DEMO_PASSWORD)
    # The menu starts folded on a phone and opens from its "Menu" summary.
    organisasi = page.locator("[data-testid=menu] a", has_text="Organisasi")
    assert not organisasi.is_visible()
    page.click("details.menu-toggle > summary")
    assert organisasi.is_visible()
    page.goto(live_server.url + "/organisasi/")
    rows = page.locator("[data-testid=opd-table] tbody tr")
    assert rows.count() == 1  # an OPD admin browses only their own OPD
    page.click("[data-testid=opd-table] a")
    page.locator("[data-testid=unit-tree] a").first.click()
    page.locator("[data-testid=people] a").first.click()
    assert page.locator("[data-testid=employee-name]").is_visible()
    # Nothing on the page is wider than the phone screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400
    context.close()
