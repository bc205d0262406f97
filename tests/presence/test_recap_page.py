"""The monthly presence recap page: one OPD at a time for city readers, every row paged and
exported (no silent cut), unit sheet headed by labels."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from hibrida.presence import views
from tests.conftest import client_for
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_city_reader_sees_the_first_opd_by_name_and_can_choose_another(city):
    client = client_for(city.users["bkpsdm"])
    first = client.get("/presensi/rekap/?bulan=2026-02").content.decode()
    assert "Dinas A" in first.split("</h1>")[0]
    assert "Staf Satu" in first and "Staf Lain" not in first
    assert f'<option value="{city.opd_b.pk}">Dinas B</option>' in first
    other = client.get(f"/presensi/rekap/?bulan=2026-02&opd={city.opd_b.pk}").content.decode()
    assert "Staf Lain" in other and "Staf Satu" not in other


def test_export_links_carry_the_shown_opd(city):
    page = client_for(city.users["bkpsdm"]).get("/presensi/rekap/?bulan=2026-02")
    assert f"?bulan=2026-02&amp;opd={city.opd_a.pk}&amp;format=csv" in page.content.decode()


def test_one_opd_viewer_has_no_opd_choice(city):
    page = client_for(city.users["atasan"]).get("/presensi/rekap/?bulan=2026-02").content.decode()
    assert 'name="opd"' not in page and "Staf Satu" in page


def test_rows_beyond_one_page_are_paged_and_all_exported(city, monkeypatch):
    monkeypatch.setattr(views, "RECAP_PAGE_SIZE", 2)
    client = client_for(city.users["opd_admin"])
    # Dinas A: Kepala A, Kabid A, Staf Dua, Staf Satu (by unit, then name)
    first = client.get("/presensi/rekap/?bulan=2026-02").content.decode()
    assert "Pegawai 1–2 dari 4" in first and "Kabid A" in first and "Staf Satu" not in first
    assert "hal=2" in first
    second = client.get("/presensi/rekap/?bulan=2026-02&hal=2").content.decode()
    assert "Staf Dua" in second and "Staf Satu" in second and "Kabid A" not in second
    csv_lines = client.get("/presensi/rekap/?bulan=2026-02&format=csv").content.decode()
    assert len(csv_lines.strip().splitlines()) == 1 + 4


def test_unit_totals_count_every_employee_not_only_the_page(city, monkeypatch):
    monkeypatch.setattr(views, "RECAP_PAGE_SIZE", 1)
    unit = UnitFactory(opd=city.opd_a, name="Bidang Z")
    position = PositionFactory(opd=city.opd_a, name="Pengadministrasi")
    for i in range(3):
        EmployeeFactory(unit=unit, position=position, name=f"Zaki {i}")
    page = client_for(city.users["opd_admin"]).get("/presensi/rekap/?bulan=2026-02")
    assert "<tr><td>Bidang Z</td><td>3</td>" in page.content.decode()


def test_xlsx_unit_sheet_is_headed_by_labels(city):
    xlsx = client_for(city.users["opd_admin"]).get("/presensi/rekap/?bulan=2026-02&format=xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    header = next(book["Unit"].iter_rows(max_row=1, values_only=True))
    assert header[:4] == ("Unit", "Pegawai", "Hadir", "Menit kerja")
    assert "present_days" not in header and "worked_minutes" not in header
