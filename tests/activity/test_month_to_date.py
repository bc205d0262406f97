"""Fair month-to-date figures (issue 13 item 11): a running month is scored on its working days
so far, and reads "belum cukup data" before HIBRIDA_MIN_WORKING_DAYS_FOR_SCORE of them, the same
on the performance page, the recap page, its XLSX/CSV/PDF and the API; a past month is whole.

Clock: the activity seam (``clock`` fixture); working days counted by hand from the calendar
(February 2026: 19, Imlek on Tue 17 Feb; December 2026: 22, Christmas on Fri 25 Dec).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from hibrida.activity import exports
from hibrida.activity.models import ActionPlan, Activity, DailyReport, ReportStatus, SkpTarget
from tests.conftest import client_for

from . import pdftext

pytestmark = pytest.mark.django_db

FEB = "2026-02"
BEFORE_10_FEB = (2, 3, 4, 5, 6, 9)  # the working days of February before Tue 10 Feb


def target_with_plan(employee, year: int, month: int, title: str, planned: str) -> SkpTarget:
    target = SkpTarget.objects.create(
        employee=employee,
        year=year,
        title=title,
        indicator="dokumen",
        target_quantity=Decimal("1200"),
        unit="dokumen",
    )
    ActionPlan.objects.create(
        target=target, month=month, description=title, planned_quantity=Decimal(planned)
    )
    return target


def approved(employee, day: dt.date, quantities: dict[SkpTarget, int], mode: str = "WFO"):
    """An approved report of ``day`` with one activity per target (rows, not the service: the
    reads are under test, and the service refuses days in the past)."""
    report = DailyReport.objects.create(
        employee=employee, day=day, status=ReportStatus.APPROVED, work_mode=mode
    )
    for target, qty in quantities.items():
        if qty:
            Activity.objects.create(
                report=report,
                description="Menyusun kajian",
                target=target,
                output="dokumen",
                quantity=Decimal(qty),
                unit="dokumen",
                minutes=120,
            )
    return report


@pytest.fixture
def february(env):
    """staff1 in February 2026: A planned 38 (2 a day over 19 days), B planned 19 (1 a day).
    Approved: 2 of A on each working day before 10 Feb, 1 of B on 2–4 Feb, and a report of
    10 Feb (today) with 5 of each that the month to date must leave out."""
    a = target_with_plan(env.staff1, 2026, 2, "Kajian A", "38")
    b = target_with_plan(env.staff1, 2026, 2, "Laporan B", "19")
    for d in BEFORE_10_FEB:
        approved(env.staff1, dt.date(2026, 2, d), {a: 2, b: 1 if d in (2, 3, 4) else 0})
    approved(env.staff1, dt.date(2026, 2, 10), {a: 5, b: 5})
    return env


def recap_row(client, fmt: str, month: str) -> list:
    body = client.get(reverse("activity:recap_file", args=[fmt]) + f"?bulan={month}").content
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)]
    return rows


def staff1_row(rows: list, env) -> list:
    return next(r for r in rows if r and r[0] == env.staff1.nip)


def api_performance(env, api_headers, month: str) -> dict:
    response = Client().get(
        f"/api/v1/activity/performance?month={month}", **api_headers(env.users["asn"])
    )
    assert response.status_code == 200, response.content
    return json.loads(response.content)


# --- day 2 ---------------------------------------------------------------------------------------


@pytest.fixture
def december_day_2(env, clock):
    """2 December 2026, the finding: staff1's report of 1 Dec is approved and on plan (A planned
    22, 1 a day; 1 done). Against the whole month it scored 100 × 1/22 = 4.5: Sangat Kurang."""
    clock.set(dt.date(2026, 12, 2), 10)
    a = target_with_plan(env.staff1, 2026, 12, "Kajian A", "22")
    approved(env.staff1, dt.date(2026, 12, 1), {a: 1})
    return env


def test_day_2_approved_member_reads_not_enough_data_on_the_recap(december_day_2):
    env = december_day_2
    page = client_for(env.users["atasan"]).get(reverse("activity:recap") + "?bulan=2026-12")
    text = page.content.decode()
    row = text[text.index(env.staff1.nip) :]
    row = row[: row.index("</tr>")]
    assert "Sangat Kurang" not in row and row.count("belum cukup data") == 2
    assert "s.d. 1 Desember 2026, 1 dari 22 hari kerja" in text


def test_day_2_performance_page_reads_not_enough_data(december_day_2):
    env = december_day_2
    page = client_for(env.users["asn"]).get(reverse("activity:performance") + "?bulan=2026-12")
    text = page.content.decode()
    for testid in ("score", "predicate"):
        start = text.index(f'data-testid="{testid}">') + len(f'data-testid="{testid}">')
        assert text[start : text.index("</div>", start)] == "belum cukup data"
    assert "s.d. 1 Desember 2026, 1 dari 22 hari kerja" in text


def test_day_2_api_has_null_score_and_predicate(december_day_2, api_headers):
    data = api_performance(december_day_2, api_headers, "2026-12")
    assert data["score"] is None and data["predicate"] is None
    assert data["enough_data"] is False and data["month_complete"] is False
    assert (data["working_days_counted"], data["working_days_in_month"]) == (1, 22)
    assert data["counted_through"] == "2026-12-01"
    assert data["working_days"] == 22  # the existing field keeps its meaning


def test_day_2_recap_files_read_not_enough_data(december_day_2):
    env = december_day_2
    client = client_for(env.users["atasan"])
    for fmt in ("csv", "xlsx"):
        row = staff1_row(recap_row(client, fmt, "2026-12"), env)
        assert row[-2:] == ["belum cukup data", "belum cukup data"], fmt
    notes = [r[0] for r in recap_row(client, "xlsx", "2026-12")[1:4]]
    assert any("s.d. 1 Desember 2026, 1 dari 22 hari kerja" in (n or "") for n in notes)


def test_day_2_recap_pdf_reads_not_enough_data(december_day_2):
    env = december_day_2
    url = reverse("activity:recap_file", args=["pdf"]) + "?bulan=2026-12"
    response = client_for(env.users["atasan"]).get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    printed = pdftext.texts(response.content)
    start = printed.index(env.staff1.nip)
    end = next(
        i
        for i in range(start + 1, len(printed))
        if re.fullmatch(r"\d{18}", printed[i]) or printed[i].startswith(("Hibrida", "Halaman"))
    )
    row = printed[start:end]
    # "belum cukup data" wraps in both narrow columns (score, predicate)
    assert "Sangat Kurang" not in row and row.count("belum cukup") == 2
    assert any("s.d. 1 Desember 2026, 1 dari 22 hari kerja" in t for t in printed)


# --- day 10 --------------------------------------------------------------------------------------


def test_day_10_score_counts_only_the_working_days_so_far(february, api_headers):
    """By hand: 6 of 19 working days. A: 38 × 6/19 = 12 expected, 12 done → 100 %;
    B: 19 × 6/19 = 6 expected, 3 done → 50 %. Score 75 → Butuh Perbaikan (against the whole
    month it was (31,6 + 15,8) / 2 = 23,7: Sangat Kurang). Today's report is not counted."""
    data = api_performance(february, api_headers, FEB)
    assert data["score"] == pytest.approx(75.0)
    assert data["predicate"] == "Butuh Perbaikan"
    assert (data["working_days_counted"], data["working_days_in_month"]) == (6, 19)
    assert data["counted_through"] == "2026-02-09" and data["enough_data"] is True
    real = {r["title"]: r for r in data["realisation"]}
    assert real["Kajian A"]["planned"] == pytest.approx(38.0)
    assert real["Kajian A"]["planned_to_date"] == pytest.approx(12.0)
    assert (real["Kajian A"]["realised"], real["Kajian A"]["percent"]) == (12.0, 100.0)
    assert real["Laporan B"]["percent"] == pytest.approx(50.0)
    assert "s.d. 9 Februari 2026, 6 dari 19 hari kerja" in data["basis"]


def test_day_10_recap_page_and_files_carry_the_same(february):
    env = february
    client = client_for(env.users["atasan"])
    page = client.get(reverse("activity:recap") + f"?bulan={FEB}").content.decode()
    assert "s.d. 9 Februari 2026, 6 dari 19 hari kerja" in page
    row = page[page.index(env.staff1.nip) :]
    assert "<td>75,0</td><td>Butuh Perbaikan</td>" in row[: row.index("</tr>")]
    assert staff1_row(recap_row(client, "csv", FEB), env)[-2:] == ["75.0", "Butuh Perbaikan"]
    assert staff1_row(recap_row(client, "xlsx", FEB), env)[-2:] == [75.0, "Butuh Perbaikan"]


def test_day_10_performance_page_shows_plan_to_date(february):
    env = february
    page = client_for(env.users["asn"]).get(reverse("activity:performance") + f"?bulan={FEB}")
    text = page.content.decode()
    assert 'data-testid="predicate">Butuh Perbaikan<' in text
    assert "<td>Kajian A</td><td>38,00</td><td>12,00</td><td>12,00</td><td>100,0</td>" in text


# --- a past month --------------------------------------------------------------------------------


def test_past_month_is_scored_on_the_whole_month(env, api_headers):
    """January 2026 seen on 10 Feb: plan 10, 8 done → 80 % of the whole plan (Butuh Perbaikan),
    not of a part; 20 working days (22 weekdays minus 1 Jan and Isra Mikraj on 16 Jan)."""
    a = target_with_plan(env.staff1, 2026, 1, "Kajian A", "10")
    approved(env.staff1, dt.date(2026, 1, 5), {a: 3})
    approved(env.staff1, dt.date(2026, 1, 30), {a: 5})
    data = api_performance(env, api_headers, "2026-01")
    assert data["score"] == pytest.approx(80.0) and data["predicate"] == "Butuh Perbaikan"
    assert data["month_complete"] is True and data["enough_data"] is True
    assert (data["working_days_counted"], data["working_days_in_month"]) == (20, 20)
    assert data["counted_through"] == "2026-01-31" and data["basis"] == ""
    page = client_for(env.users["atasan"]).get(reverse("activity:recap") + "?bulan=2026-01")
    assert 'data-testid="basis"' not in page.content.decode()
    own = client_for(env.users["asn"]).get(reverse("activity:performance") + "?bulan=2026-01")
    text = own.content.decode()
    assert 'data-testid="predicate">Butuh Perbaikan<' in text
    assert "<td>Kajian A</td><td>10,00</td><td>8,00</td><td>80,0</td>" in text
    assert staff1_row(recap_row(client_for(env.users["atasan"]), "csv", "2026-01"), env)[-2:] == [
        "80.0",
        "Butuh Perbaikan",
    ]


def test_a_month_not_begun_has_no_score_and_says_why(february, api_headers):
    data = api_performance(february, api_headers, "2026-03")
    assert (data["working_days_counted"], data["counted_through"]) == (0, None)
    assert data["enough_data"] is False and data["score"] is None
    assert data["basis"].startswith("belum ada hari kerja yang lewat (0 dari ")


# --- the setting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("minimum", "enough"), [(6, True), (7, False)])
def test_setting_moves_the_threshold(february, api_headers, settings, minimum, enough):
    """On 10 Feb six working days have passed: a minimum of 6 scores, of 7 does not."""
    settings.HIBRIDA_MIN_WORKING_DAYS_FOR_SCORE = minimum
    data = api_performance(february, api_headers, FEB)
    assert data["enough_data"] is enough
    assert data["predicate"] == ("Butuh Perbaikan" if enough else None)
    assert f"minimal {minimum} untuk skor" in data["basis"]


def test_recap_table_marks_every_row_when_not_enough(february, settings):
    """The file rows keep every count and replace only the score and predicate."""
    from hibrida.activity import selectors

    settings.HIBRIDA_MIN_WORKING_DAYS_FOR_SCORE = 7
    env = february
    group = selectors.scoped_group(env.users["atasan"])
    recap = selectors.group_recap(env.users["atasan"], group, 2026, 2)
    rows = exports.recap_table(recap)
    mine = next(r for r in rows if r[0] == env.staff1.nip)
    assert mine[3:5] == [7, 7]  # reported, approved (the count of the whole month so far)
    assert all(r[-2:] == ["belum cukup data", "belum cukup data"] for r in rows)
