"""The OPD dashboard's output index of a running month says on which working days it stands and
reads "belum cukup data" before HIBRIDA_MIN_WORKING_DAYS_FOR_SCORE of them (issue 13 item 11).

The scenario is the monitoring ``week`` (Mon 2 – Fri 6 Feb 2026) plus validated output: staff1
WFH Thursday 2 units, WFO Friday 1 unit of a target planned 10 a month. The OPD's index by
hand, with x the score of one unit: WFH days staff1 Tue (returned, 0) and Thu (2x) → x a day;
WFO days kepala Mon and Tue, kabid Mon and Tue (0 each) and staff1 Fri (x) → x/5 a day; the
index is 100 × x ÷ (x/5) = 500 whatever x is. The clock is the activity seam.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from decimal import Decimal

import pytest

from hibrida.activity import services as activity_services
from hibrida.activity.models import Activity, DailyReport, SkpTarget
from hibrida.monitoring import selectors, services
from tests.conftest import client_for

from .conftest import WEEK

pytestmark = pytest.mark.django_db

PERIOD = {"dari": WEEK[0].isoformat(), "sampai": WEEK[-1].isoformat()}


@pytest.fixture
def output(week):
    c = week.city
    target = SkpTarget.objects.create(
        employee=c.staff1,
        year=2026,
        title="Kajian",
        indicator="dokumen",
        target_quantity=Decimal("120"),
        unit="dokumen",
    )
    friday = DailyReport.objects.create(
        employee=c.staff1, day=WEEK[4], status="approved", work_mode="WFO"
    )
    thursday = DailyReport.objects.get(employee=c.staff1, day=WEEK[3])
    for report, qty in ((thursday, "2"), (friday, "1")):
        Activity.objects.create(
            report=report,
            description="x",
            target=target,
            output="dokumen",
            quantity=Decimal(qty),
            unit="dokumen",
            minutes=60,
        )
    services.refresh_daily_summary(actor=None, start=WEEK[0], end=WEEK[-1])
    return week


def seen_on(monkeypatch, day: dt.date) -> None:
    moment = dt.datetime(day.year, day.month, day.day, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(activity_services, "now", lambda: moment)


def index_row(week) -> dict:
    c = week.city
    f = selectors.Filters(start=WEEK[0], end=WEEK[-1], opd_id=c.opd_a.pk)
    (row,) = selectors.opd_dashboard(c.users["opd_admin"], f)["index_trend"]
    return row


def index_csv(week) -> list[list[str]]:
    body = client_for(week.city.users["opd_admin"]).get("/pemantauan/ekspor/opd/index.csv", PERIOD)
    return list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))


def test_running_month_before_enough_days_reads_not_enough_data(output, monkeypatch):
    """Seen on Wed 4 Feb: Mon 2 and Tue 3 have passed, 2 of 19 working days (< 5)."""
    seen_on(monkeypatch, dt.date(2026, 2, 4))
    row = index_row(output)
    assert row["output_index"] is None
    assert row["basis"].startswith("belum cukup data; s.d. 3 Februari 2026, 2 dari 19 hari kerja")
    page = client_for(output.city.users["opd_admin"]).get("/pemantauan/opd/", PERIOD)
    assert "belum cukup data; s.d. 3 Februari 2026" in page.content.decode()
    header, line = index_csv(output)
    assert header[-1] == "Keterangan bulan berjalan"
    assert line[0] == "2026-02" and line[1] == "" and line[2].startswith("belum cukup data")


def test_running_month_with_enough_days_shows_the_index_and_its_basis(output, monkeypatch):
    """Seen on Tue 10 Feb: 6 of 19 working days have passed."""
    seen_on(monkeypatch, dt.date(2026, 2, 10))
    row = index_row(output)
    assert row["output_index"] == pytest.approx(500.0)
    assert row["basis"].startswith("s.d. 9 Februari 2026, 6 dari 19 hari kerja")


def test_past_month_index_has_no_basis(output, monkeypatch):
    seen_on(monkeypatch, dt.date(2026, 3, 2))
    row = index_row(output)
    assert row["output_index"] == pytest.approx(500.0) and row["basis"] == ""
    assert index_csv(output)[1][:3] == ["2026-02", "500.0", ""]


def test_setting_moves_the_dashboard_threshold(output, monkeypatch, settings):
    settings.HIBRIDA_MIN_WORKING_DAYS_FOR_SCORE = 2
    seen_on(monkeypatch, dt.date(2026, 2, 4))
    assert index_row(output)["output_index"] == pytest.approx(500.0)
