"""Browser journeys: the simulator (BKPSDM) and the public transparency page (anonymous)."""

import pytest

from tests.conftest import login
from tests.efficiency.test_views import add_staff
from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def vendor_static(settings):
    """Serve src/hibrida/static (Chart.js) in the live server: settings.py has no
    STATICFILES_DIRS yet (fix proposed in the report)."""
    from django.conf import settings as conf
    from django.contrib.staticfiles import finders

    settings.STATICFILES_DIRS = [conf.PACKAGE_DIR / "static"]
    finders.get_finder.cache_clear()
    yield
    finders.get_finder.cache_clear()


@pytest.mark.browser
def test_bkpsdm_compares_policy_options_in_the_simulator(page, city):
    """Journey: BKPSDM opens the simulator from the menu, reads the reported table reproduced,
    switches to the text calibration and the city scope, and sees the tornado chart drawn."""
    add_staff(city.opd_a, 12)
    login(page, city.users["bkpsdm"].username, PASSWORD)
    page.click("[data-testid=menu] >> text=Simulasi Efisiensi")
    page.wait_for_selector("[data-testid=scenario-table]")
    assert "Rp 132.000.000" in page.inner_text("[data-testid=scenario-table]")
    assert "bukan Rp 125 juta" in page.inner_text("[data-testid=consistency]")
    page.select_option("select[name=kalibrasi]", "teks_berita")
    page.select_option("select[name=cakupan]", "kota")
    page.select_option("select[name=skenario]", "rotasi_50_50")
    page.fill("input[name=undian]", "2000")
    # While the server computes, the button is busy and a note says why. A synthetic submit
    # event runs the form's listener without submitting (no navigation to race with).
    state = page.evaluate(
        """() => { const f = document.querySelector("[data-testid=simulator-form]");
        f.dispatchEvent(new Event("submit", {cancelable: true}));
        const b = f.querySelector("button[type=submit]");
        return [b.getAttribute("aria-busy"), b.disabled, b.textContent,
                document.getElementById("simulator-busy").hidden]; }"""
    )
    assert state == ["true", True, "Menghitung…", False]
    with page.expect_navigation():
        page.evaluate("document.querySelector('[data-testid=simulator-form]').submit()")
    page.wait_for_selector("[data-testid=opd-table]")
    assert "median (P50)" in page.inner_text("[data-testid=headline-basis]")
    assert "DinasA" in page.inner_text("[data-testid=opd-table]")
    assert "Teks berita" in page.inner_text("[data-testid=scenario-table]") or "teks" in page.url
    page.wait_for_function(
        "() => window.Chart && !!Chart.getChart(document.getElementById('tornado-chart'))"
    )
    assert page.locator("[data-testid=tornado-table] tbody tr").count() >= 3


@pytest.mark.browser
def test_public_page_without_login_hides_small_groups(page, city):
    """Journey: a citizen opens /publik/, filters by class, and never sees a group under 10."""
    add_staff(city.opd_a, 12)
    page.goto(page.base_url + "/publik/")
    table = page.locator("[data-testid=public-table]")
    assert "DinasA" in table.inner_text() and "<10" in table.inner_text()
    page.wait_for_function(
        "() => window.Chart && !!Chart.getChart(document.getElementById('public-chart'))"
    )
    page.select_option("select[name=kelas]", "pelayanan_langsung")
    page.click("[data-testid=public-filter] button[type=submit]")
    page.wait_for_url("**kelas=pelayanan_langsung**")
    text = page.locator("[data-testid=public-table]").inner_text()
    assert "DinasB" in text and "DinasA" not in text
    row = page.locator(f"tr[data-opd='{city.opd_b.code}'] td").nth(2).inner_text()
    assert row == "<10"
    assert "kelas=pelayanan_langsung" in page.get_attribute("[data-testid=csv-link]", "href")


@pytest.mark.browser
def test_public_page_fits_three_phone_screens_with_a_city_of_44_opds(page, city):
    """Journey: a citizen on a phone (390×844) reads the page of a city as large as Bekasi's
    44 OPDs in at most three screens, with no sideways scrolling of the page itself (wide
    tables scroll inside their own box), and unfolds the reasons table."""
    from tests.factories import OpdFactory

    for i in range(42):
        opd = OpdFactory(short_name=f"OPD {i:02d}", opd_class="administratif_teknis")
        add_staff(opd, 10)
        if i % 3 == 0:
            add_staff(opd, 3, presence=True, reason="loket pelayanan")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/publik/")
    assert page.locator("[data-testid=public-table] tbody tr").count() == 44
    height, width = page.evaluate(
        "[document.documentElement.scrollHeight, document.documentElement.scrollWidth]"
    )
    assert height <= 3 * 844
    assert width <= 390
    assert page.locator("[data-testid=reasons-chart] svg rect").count() >= 42
    details = page.locator("[data-testid=reasons-details]")
    assert details.get_attribute("open") is None  # folded on a phone
    details.locator("summary").click()
    assert page.locator("[data-testid=reasons-table]").is_visible()
