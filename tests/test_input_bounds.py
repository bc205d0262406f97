"""Edge inputs answer a field message, never a 500: dates, months, years, ids, offsets.

API routes answer 422 in the API's error shape; pages fall back to their default period (or
no filter) and say so in a message.
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from hibrida.bounds import DATE_RANGE_MESSAGE

from .conftest import client_for

pytestmark = pytest.mark.django_db

BIG = "9" * 20  # beyond a 64-bit integer


def _fields(resp) -> dict[str, str]:
    return {e["field"]: e["message"] for e in resp.json()["errors"]}


def test_negative_offset_is_a_field_error(city):
    resp = client_for(city.users["bkpsdm"]).get("/api/v1/org/employees?offset=-1")
    assert resp.status_code == 422
    assert "offset" in _fields(resp)


@pytest.mark.parametrize("limit", ["0", "1001", BIG])
def test_limit_outside_one_to_a_thousand_is_a_field_error(city, limit):
    resp = client_for(city.users["bkpsdm"]).get(f"/api/v1/org/employees?limit={limit}")
    assert resp.status_code == 422
    assert "limit" in _fields(resp)


@pytest.mark.parametrize(
    ("role", "url", "field"),
    [
        ("bkpsdm", f"/api/v1/org/employees?opd={BIG}", "opd"),
        ("bkpsdm", f"/api/v1/org/employees?unit={BIG}", "unit"),
        ("bkpsdm", f"/api/v1/org/employees/{BIG}", "employee_id"),
        ("bkpsdm", f"/api/v1/org/employees?offset={BIG}", "offset"),
        ("bkpsdm", f"/api/v1/monitoring/city?opd={BIG}", "opd"),
        ("bkpsdm", f"/api/v1/monitoring/opd?unit={BIG}", "unit"),
        ("bkpsdm", f"/api/v1/policy/eligibility?opd={BIG}", "opd"),
        ("asn", f"/api/v1/activity/performance?employee_id={BIG}", "employee_id"),
        (
            "bkpsdm",
            f"/api/v1/roster/planned?start=2025-01-01&end=2025-01-31&employee_ids=1,{BIG}",
            "employee_ids",
        ),
    ],
)
def test_twenty_digit_id_is_a_field_error(city, role, url, field):
    resp = client_for(city.users[role]).get(url)
    assert resp.status_code == 422
    assert field in _fields(resp)


@pytest.mark.parametrize(
    ("role", "url", "field"),
    [
        ("asn", "/api/v1/roster/me/schedule?month=9999-12", "month"),
        ("bkpsdm", "/api/v1/roster/schedules?month=9999-12", "month"),
        ("bkpsdm", "/api/v1/roster/fairness/city?month=1999-12", "month"),
        ("asn", "/api/v1/activity/performance?month=9999-12", "month"),
        ("asn", "/api/v1/activity/reports?month=9999-12", "month"),
        ("atasan", "/api/v1/monitoring/team?day=9999-12-31", "day"),
        ("bkpsdm", "/api/v1/monitoring/city?dari=9999-12-01&sampai=9999-12-31", "dari"),
        ("bkpsdm", "/api/v1/meetings/compliance?week=9999-12-31", "week"),
        ("bkpsdm", "/api/v1/meetings/occurrences?start=2025-01-01&end=9999-12-31", "end"),
        ("bkpsdm", "/api/v1/meetings/spot-checks?day=0001-01-01", "day"),
        ("asn", "/api/v1/policy/me?day=9999-12-31", "day"),
        ("bkpsdm", "/api/v1/presence/attendance/1?day=9999-12-31", "day"),
    ],
)
def test_year_outside_2000_to_2100_is_out_of_the_supported_range(city, role, url, field):
    resp = client_for(city.users[role]).get(url)
    assert resp.status_code == 422
    assert _fields(resp)[field] == DATE_RANGE_MESSAGE


@pytest.mark.parametrize("month", [BIG, "2025-13", "2025-1", "Desember"])
def test_month_must_be_yyyy_mm(city, month):
    resp = client_for(city.users["asn"]).get(f"/api/v1/roster/me/schedule?month={month}")
    assert resp.status_code == 422
    assert "YYYY-MM" in _fields(resp)["month"]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (f"/api/v1/activity/targets?year={BIG}", "year"),
        ("/api/v1/activity/targets?year=9999", "year"),
        ("/api/v1/policy/calendar?year=1999", "year"),
        ("/api/v1/efficiency/consistency?n_opds=100000000", "n_opds"),
    ],
)
def test_year_and_count_parameters_are_bounded(city, url, field):
    resp = client_for(city.users["bkpsdm"]).get(url)
    assert resp.status_code == 422
    assert field in _fields(resp)


def test_date_in_a_body_is_bounded(city):
    resp = client_for(city.users["asn"]).post(
        "/api/v1/activity/reports",
        data={"day": "9999-12-31", "activities": []},
        content_type="application/json",
    )
    assert resp.status_code == 422
    assert _fields(resp)["day"] == DATE_RANGE_MESSAGE


def test_twenty_digit_id_in_a_body_is_a_field_error(city):
    resp = client_for(city.users["opd_admin"]).post(
        "/api/v1/roster/absences",
        data={
            "employee_id": int(BIG),
            "kind": "cuti",
            "start": "2025-12-01",
            "end": "2025-12-02",
        },
        content_type="application/json",
    )
    assert resp.status_code == 422
    assert "employee_id" in _fields(resp)


def test_too_many_planned_ids_are_refused_not_cut(city):
    ids = ",".join(str(i) for i in range(1, 1002))
    resp = client_for(city.users["bkpsdm"]).get(
        f"/api/v1/roster/planned?start=2025-01-01&end=2025-01-31&employee_ids={ids}"
    )
    assert resp.status_code == 422
    assert "employee_ids" in _fields(resp)


# --- pages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("asn", "/rotasi/saya/?bulan=9999-12"),
        ("bkpsdm", "/rotasi/?bulan=99999999999999999999-01"),
        ("asn", "/laporan/?bulan=9999-12"),
        ("atasan", f"/laporan/rekap/?opd={BIG}"),
        ("asn", "/laporan/skp/?tahun=99999"),
        ("bkpsdm", "/presensi/rekap/?bulan=9999-12"),
        ("bkpsdm", f"/presensi/rekap/?unit={BIG}"),
        ("bkpsdm", "/rapat/?minggu=9999-12-31"),
        ("bkpsdm", f"/kebijakan/?tahun={BIG}"),
        ("asn", "/kebijakan/saya/?tanggal=9999-12-31"),
    ],
)
def test_page_with_an_unusable_parameter_shows_the_default_and_says_so(city, role, url):
    resp = client_for(city.users[role]).get(url)
    assert resp.status_code == 200
    shown = [str(m) for m in get_messages(resp.wsgi_request)]
    assert any("ditampilkan nilai bawaan" in m for m in shown)


def test_page_with_a_usable_parameter_shows_no_warning(city):
    resp = client_for(city.users["asn"]).get("/rotasi/saya/?bulan=2025-12")
    assert resp.status_code == 200
    assert not [str(m) for m in get_messages(resp.wsgi_request)]


def test_publishing_a_bad_month_publishes_nothing_and_says_why(city):
    resp = client_for(city.users["bkpsdm"]).post(
        "/rotasi/terbitkan-bulan/", {"month": "9999-12"}, follow=True
    )
    assert resp.status_code == 200
    shown = [str(m) for m in resp.context["messages"]]
    assert DATE_RANGE_MESSAGE in shown
