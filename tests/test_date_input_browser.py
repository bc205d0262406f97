"""In Chromium with an English browser: date fields read dd/mm/yyyy and still submit ISO dates.

The vendored date picker (flatpickr, Indonesian locale) replaces what people see; the form's own
``<input type=date>`` keeps the ISO ``YYYY-MM-DD`` value the server parses and validates.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hibrida.roster.models import Absence
from tests.conftest import login
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

MONTHS_ID = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


@pytest.fixture
def english_page(browser, live_server):
    # An en-US browser shows its own date fields as mm/dd/yyyy: the case the picker is for.
    context = browser.new_context(locale="en-US", timezone_id="Asia/Jakarta")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.base_url = live_server.url
    yield pg
    context.close()


def test_typed_and_picked_dates_read_day_first_and_reach_the_server_as_iso(
    transactional_db, english_page, city
):
    page = english_page
    login(page, city.users["atasan"].username, PASSWORD)
    page.goto(page.base_url + "/rotasi/cuti-dinas-luar/")
    start = timezone.localdate() + dt.timedelta(days=1)
    page.fill("input[name=nip]", city.staff1.nip)

    typed = page.get_by_label("Mulai")
    typed.fill(start.strftime("%d/%m/%Y"))
    typed.press("Tab")
    assert page.locator("input[name=start]").input_value() == start.isoformat()
    assert typed.input_value() == start.strftime("%d/%m/%Y")

    # The empty field's calendar opens on this month, in Indonesian, Monday first.
    page.get_by_label("Selesai").click()
    calendar = page.locator(".flatpickr-calendar.open")
    calendar.wait_for()
    month = calendar.locator(".flatpickr-monthDropdown-months option:checked")
    assert month.inner_text() == MONTHS_ID[timezone.localdate().month - 1]
    assert calendar.locator(".flatpickr-weekday").first.inner_text().strip() == "Sen"
    calendar.locator(".flatpickr-next-month").click()
    calendar.locator(
        ".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)", has_text="2"
    ).first.click()
    following = timezone.localdate().replace(day=1) + dt.timedelta(days=32)
    end = following.replace(day=2)
    assert page.get_by_label("Selesai").input_value() == end.strftime("%d/%m/%Y")
    assert page.locator("input[name=end]").input_value() == end.isoformat()

    page.click("button[type=submit]")
    page.wait_for_selector(".messages .success")
    absence = Absence.objects.get(employee=city.staff1)
    assert (absence.start, absence.end) == (start, end)


def test_a_date_the_server_refuses_comes_back_as_its_indonesian_message(
    transactional_db, english_page, city
):
    page = english_page
    login(page, city.users["atasan"].username, PASSWORD)
    page.goto(page.base_url + "/rotasi/cuti-dinas-luar/")
    page.fill("input[name=nip]", city.staff1.nip)
    day = timezone.localdate() + dt.timedelta(days=10)
    for label, value in (("Mulai", day), ("Selesai", day - dt.timedelta(days=1))):
        field = page.get_by_label(label)
        field.fill(value.strftime("%d/%m/%Y"))
        field.press("Tab")
    page.click("button[type=submit]")
    assert (
        "Tanggal selesai tidak boleh sebelum tanggal mulai."
        in page.locator(".messages .error").inner_text()
    )
    assert not Absence.objects.exists()


def test_a_filled_date_shows_day_first(transactional_db, english_page, city):
    page = english_page
    login(page, city.users["bkpsdm"].username, PASSWORD)
    page.goto(page.base_url + "/pemantauan/kota/?dari=2025-11-03&sampai=2025-11-28")
    assert page.get_by_label("Dari").input_value() == "03/11/2025"
    assert page.get_by_label("Sampai").input_value() == "28/11/2025"
    assert page.locator("input[name=dari]").input_value() == "2025-11-03"


def test_month_fields_read_indonesian_month_names_and_submit_year_month(
    transactional_db, english_page, city
):
    page = english_page
    login(page, city.users["atasan"].username, PASSWORD)
    page.goto(page.base_url + "/laporan/rekap/?bulan=2025-11")
    visible = page.get_by_label("Bulan")
    assert visible.input_value() == "November 2025"
    assert page.locator("input[name=bulan]").input_value() == "2025-11"

    # Picked on a grid of Indonesian month names; the year arrows move a year.
    visible.click()
    calendar = page.locator(".flatpickr-calendar.open")
    calendar.wait_for()
    names = calendar.locator(".flatpickr-monthSelect-month").all_inner_texts()
    assert names[:3] == ["Jan", "Feb", "Mar"] and names[4:8] == ["Mei", "Jun", "Jul", "Agu"]
    calendar.locator(".flatpickr-next-month").click()
    calendar.locator(".flatpickr-monthSelect-month", has_text="Feb").click()
    assert visible.input_value() == "Februari 2026"
    assert page.locator("input[name=bulan]").input_value() == "2026-02"
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url("**bulan=2026-02**")
    assert page.get_by_label("Bulan").input_value() == "Februari 2026"


def test_a_typed_month_name_reaches_the_server_as_year_month(transactional_db, english_page, city):
    page = english_page
    login(page, city.users["atasan"].username, PASSWORD)
    page.goto(page.base_url + "/presensi/rekap/?bulan=2025-11")
    visible = page.get_by_label("Bulan")
    visible.fill("Desember 2025")
    visible.press("Tab")
    assert page.locator("input[name=bulan]").input_value() == "2025-12"
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url("**bulan=2025-12**")
    assert "2025-12" in page.locator("h1").inner_text()


@pytest.mark.parametrize("url", ["/evaluasi/?bulan=2025-10", "/tpp/"])
def test_every_month_field_is_the_picker_not_the_browsers(
    transactional_db, english_page, city, url
):
    page = english_page
    login(page, city.users["bkpsdm"].username, PASSWORD)
    page.goto(page.base_url + url)
    page.locator("input.month-name").first.wait_for()
    assert page.locator("input[type=month]").count() == 0
    if "bulan=" in url:
        assert page.locator("input.month-name").input_value() == "Oktober 2025"
