"""In Chromium: stored values stay text, and no page breaks under the Content-Security-Policy.

A field-report note and a name carrying markup are shown on the atasan's team map as text;
every menu page of every role (and the public page, the API docs) loads without a console
error, a script error or a CSP violation.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from hibrida.navigation import menu_for
from hibrida.org.services import update_employee
from tests.conftest import login
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

PAYLOAD = '<img src=x onerror="window.__xss=1">'
OFFICE = (-6.2349, 106.9896)

# Runs before any page script: CSP violations become data the test can read.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""

# Pages the menu does not list but that carry scripts of their own.
EXTRA_PAGES = {
    "asn": ["/presensi/lapangan/", "/presensi/rumah/"],
    "atasan": [],
    "opd_admin": [],
    "bkpsdm": [],
    "inspektorat": [],
    "diskominfo": [],
}


def plant_field_report(city, api_headers, note: str) -> None:
    """The ASN reports from the field through the API, as a phone would."""
    response = Client().post(
        "/api/v1/presence/field-reports",
        {"latitude": OFFICE[0], "longitude": OFFICE[1], "accuracy_m": 10, "note": note},
        content_type="application/json",
        **api_headers(city.users["asn"]),
    )
    assert response.status_code == 201, response.content


def rename(city, employee, name: str) -> None:
    data = {
        "nip": employee.nip,
        "name": name,
        "unit": employee.unit,
        "position": employee.position,
        "supervisor": employee.supervisor,
    }
    update_employee(actor=city.users["opd_admin"], employee=employee, data=data)


def test_field_report_note_and_name_render_as_text_on_the_team_map(
    transactional_db, page, city, api_headers
):
    rename(city, city.staff1, PAYLOAD)
    plant_field_report(city, api_headers, note=PAYLOAD)
    login(page, city.users["atasan"].username, PASSWORD)
    page.goto(page.base_url + "/presensi/peta/")
    marker = page.locator("#map .leaflet-marker-icon")
    marker.wait_for()
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("img").count() == 0
    assert popup.inner_text().count(PAYLOAD) == 2  # the name and the note, as typed
    assert page.locator("#team-list img").count() == 0
    assert PAYLOAD in page.locator("#team-list").inner_text()
    assert page.evaluate("typeof window.__xss") == "undefined"


# One test per role (and one for the pages without login), so the browser pass's two workers
# share the visits instead of one worker walking every page of every role.
@pytest.mark.parametrize("role", [*EXTRA_PAGES, "anonymous"])
def test_every_page_of_every_role_loads_without_errors_or_policy_violations(
    transactional_db, browser, live_server, city, api_headers, role
):
    plant_field_report(city, api_headers, note="Rapat di kelurahan")
    context = browser.new_context(
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        geolocation={"latitude": OFFICE[0], "longitude": OFFICE[1], "accuracy": 12},
        permissions=["geolocation"],
    )
    context.add_init_script(RECORD_VIOLATIONS)
    # The dashboard map's default tiles, served offline: the CSP must still let them load.
    tile = (settings.PACKAGE_DIR / "presence/static/presence/icons/favicon-32.png").read_bytes()
    context.route(
        "https://tile.openstreetmap.org/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=tile),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(f"{page.url}: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))

    def visit(url: str) -> None:
        page.goto(live_server.url + url, wait_until="networkidle")
        violations = page.evaluate("window.__violations")
        assert violations == [], (url, violations)

    try:
        if role == "anonymous":
            visit("/publik/")
            visit("/privasi/")
            visit("/api/v1/docs")
            page.wait_for_selector(".swagger-ui .opblock")
            assert page.evaluate("window.__violations") == []
        else:
            user = city.users[role]
            login(page, user.username, PASSWORD)
            urls = [i["url"] for i in menu_for(user)] + EXTRA_PAGES[role]
            assert len(urls) > 1, urls
            for url in urls:
                visit(url)
            page.click("text=Keluar")
            page.wait_for_url("**/masuk/**")
    finally:
        context.close()
    assert errors == []


def test_charts_maps_and_htmx_still_work_under_the_policy(
    transactional_db, page, city, api_headers
):
    plant_field_report(city, api_headers, note="Rapat di kelurahan")
    login(page, city.users["bkpsdm"].username, PASSWORD)
    page.goto(page.base_url + "/pemantauan/kota/")
    page.wait_for_function(
        "() => window.Chart && !!Chart.getChart(document.getElementById('trend-chart'))"
    )
    page.wait_for_selector("#checkin-map[data-markers]")
    page.wait_for_selector("#oversight :not([aria-busy])")  # the htmx 'load' fragment arrived
    page.goto(page.base_url + "/publik/")
    page.wait_for_function(
        "() => window.Chart && !!Chart.getChart(document.getElementById('public-chart'))"
    )
