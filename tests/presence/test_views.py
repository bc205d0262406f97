"""Pages: the check-in page, recap exports, approvals inbox."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.conftest import client_for

from .conftest import body, post

pytestmark = pytest.mark.django_db


def test_check_in_page_shows_mode_and_place(city, office):
    """Rule: the ASN's page shows today's planned mode and the expected place."""
    resp = client_for(city.users["asn"]).get("/presensi/")
    html = resp.content.decode()
    assert resp.status_code == 200
    assert 'data-testid="mode">WFO (kerja di kantor)<' in html and office.name in html


def test_check_in_page_refused_without_employee(city):
    """Rule: the page is for ASN only (menu role)."""
    assert client_for(city.users["bkpsdm"]).get("/presensi/").status_code == 403


def test_recap_exports_csv_and_xlsx(city, office, api_headers):
    """Rule: the monthly recap exports the same rows as CSV and XLSX."""
    post(Client(), body(), api_headers(city.users["asn"]))
    client = client_for(city.users["atasan"])
    html = client.get("/presensi/rekap/")
    assert html.status_code == 200 and "Staf Satu" in html.content.decode()
    csv_resp = client.get("/presensi/rekap/?format=csv")
    lines = csv_resp.content.decode().splitlines()
    assert lines[0].startswith("NIP,Nama") and any("Staf Satu" in line for line in lines)
    xlsx = client.get("/presensi/rekap/?format=xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    names = [row[1] for row in book["Pegawai"].iter_rows(min_row=2, values_only=True)]
    assert "Staf Satu" in names and "Staf Lain" not in names


def test_recap_refused_to_plain_asn(city):
    """Rule: a plain ASN has no recap of others."""
    assert client_for(city.users["asn"]).get("/presensi/rekap/").status_code == 403


def test_approvals_page_lists_pending_and_logs_flagged_views(city, office, api_headers):
    """Rule: the atasan's inbox lists a subordinate's flagged check-in and logs the view."""
    from hibrida.presence import services
    from hibrida.presence.models import LocationView

    post(Client(), body(latitude=-6.30), api_headers(city.users["asn"]))
    services.request_home_location(actor=city.users["asn"], latitude=-6.3, longitude=107)
    from tests.factories import make_user

    services.request_home_location(actor=make_user(city.staff2), latitude=-6.31, longitude=107)
    resp = client_for(city.users["atasan"]).get("/presensi/persetujuan/")
    assert resp.status_code == 200 and "Staf Satu" in resp.content.decode()
    assert "Staf Dua" in resp.content.decode()  # pending home of another subordinate
    viewed = set(LocationView.objects.values_list("employee_id", flat=True))
    assert viewed == {city.staff1.pk, city.staff2.pk}


def test_home_request_through_page(city):
    """Rule: the page goes through the service; bad input shows a message, stores nothing."""
    from hibrida.presence.models import HomeLocation

    client = client_for(city.users["asn"])
    bad = client.post("/presensi/rumah/", {"latitude": "abc", "longitude": "107"}, follow=True)
    assert "Lintang" in bad.content.decode() and HomeLocation.objects.count() == 0
    client.post("/presensi/rumah/", {"latitude": "-6.3", "longitude": "107", "radius_m": "100"})
    assert HomeLocation.objects.get().status == "pending"


def test_field_report_page_stores_photo(city, settings, tmp_path):
    """Rule: a field report with a real PNG is stored (photo kept) and audited."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hibrida.audit.models import AuditEvent
    from hibrida.presence.models import FieldReport

    settings.MEDIA_ROOT = tmp_path
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    resp = client_for(city.users["asn"]).post(
        "/presensi/lapangan/",
        {
            "latitude": "-6.24",
            "longitude": "106.99",
            "accuracy_m": "9",
            "note": "Penertiban PKL",
            "photo": SimpleUploadedFile("bukti.png", png, content_type="image/png"),
        },
    )
    assert resp.status_code == 302
    report = FieldReport.objects.get()
    assert report.photo.name.endswith(".png") and (tmp_path / report.photo.name).exists()
    assert AuditEvent.objects.filter(action="presence.field_report").exists()
