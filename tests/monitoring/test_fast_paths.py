"""The hand-written fast paths of the dashboards give what the ORM forms they replace give."""

from __future__ import annotations

import pytest

from hibrida.activity.models import DailyReport, ReportStatus
from hibrida.monitoring import counting, metrics, selectors, services
from hibrida.monitoring.selectors import scope, team
from hibrida.presence.models import (
    ApprovalStatus,
    CheckIn,
    CorrectionRequest,
    DeviceReset,
    HomeLocation,
)
from hibrida.roster.models import ChangeRequest, RequestStatus
from tests.factories import OpdFactory

from .conftest import WEEK

pytestmark = pytest.mark.django_db


def test_dashboard_opd_lookup_follows_dashboard_opds_for_every_role(week):
    """Rule: the one-row OPD lookup allows exactly the OPDs dashboard_opds allows, per role."""
    c = week.city
    OpdFactory(short_name="Tutup", name="Dinas Tutup", is_active=False)
    for role, user in c.users.items():
        allowed = selectors.dashboard_opds(user)
        for opd in type(c.opd_a).objects.all():
            found = scope._dashboard_opd(user, opd.pk)
            expected = allowed.filter(pk=opd.pk).first()
            assert found == expected, (role, opd)
            if found is not None:
                assert (str(found), found.is_active) == (str(expected), expected.is_active)
        assert scope._dashboard_opd(user, None) == selectors.opd_choices(user).first(), role


def test_unit_names_and_ranking_come_with_the_sums(week):
    """Rule: unit rows carry their unit's name and the ranking only active OPDs' names."""
    c = week.city
    bkpsdm = c.users["bkpsdm"]
    data = selectors.city_dashboard(bkpsdm, selectors.Filters(WEEK[0], WEEK[-1], c.opd_a.pk))
    assert [r["name"] for r in data["units"]] == ["Bidang A"]
    assert [r["name"] for r in data["opds"]] == ["DinasA"]
    c.opd_b.is_active = False
    c.opd_b.save()
    city = selectors.city_dashboard(bkpsdm, selectors.Filters(WEEK[0], WEEK[-1]))
    assert [r["name"] for r in city["opds"]] == ["DinasA"]


def test_team_figures_from_loaded_records_equal_a_fresh_count(week):
    """Rule: the team card counted from the page's own check-ins and reports equals
    count_period reading the records itself, on every day of the week."""
    c = week.city
    team = [c.staff1, c.staff2]
    for day in WEEK:
        data = selectors.team_today(c.users["atasan"], day)
        fresh = counting.count_period(
            [(e.pk, e.opd_id, e.unit_id) for e in team], day, day, key=lambda *_: "team"
        ).get("team")
        assert data["total"]["counts"] == fresh, day


def test_stamps_of_matches_the_database_aggregate(week):
    """Rule: stamps_of folds check-ins like the SQL aggregate count_period runs."""
    rows = CheckIn.objects.values("employee_id", "work_date", "kind", "device_time", "status")
    stamps = counting.stamps_of(rows)
    for (emp, day), (first_in, valid, flagged, rejected) in stamps.items():
        mine = [r for r in rows if (r["employee_id"], r["work_date"]) == (emp, day)]
        ins = [r["device_time"] for r in mine if r["kind"] == "in" and r["status"] != "REJECTED"]
        assert first_in == (min(ins) if ins else None)
        assert valid == sum(r["kind"] == "in" and r["status"] == "VALID" for r in mine)
        assert flagged == sum(r["status"] == "FLAGGED" for r in mine)
        assert rejected == sum(r["status"] == "REJECTED" for r in mine)


def test_pending_counts_in_one_query_equal_the_orm_counts(week):
    """Rule: the team page's pending counts are the ORM counts of the same filters."""
    c = week.city
    DailyReport.objects.filter(employee=c.staff1).update(
        validator=c.kabid, status=ReportStatus.SUBMITTED
    )
    ids = [c.staff1.pk, c.staff2.pk]
    got = team._pending_counts(c.kabid.pk, ids)
    assert got == (
        DailyReport.objects.filter(status=ReportStatus.SUBMITTED, validator=c.kabid).count(),
        ChangeRequest.objects.filter(status=RequestStatus.PENDING, requester_id__in=ids).count(),
        CorrectionRequest.objects.filter(
            status=ApprovalStatus.PENDING, employee_id__in=ids
        ).count(),
        HomeLocation.objects.filter(status=ApprovalStatus.PENDING, employee_id__in=ids).count(),
        DeviceReset.objects.filter(status=ApprovalStatus.PENDING, employee_id__in=ids).count(),
    )
    assert got[0] > 0
    assert team._pending_counts(c.kabid.pk, []) == (got[0], 0, 0, 0, 0)


def test_map_cells_count_each_status_once(week):
    """Rule: every "in" check-in of the day lands in exactly one cell, under its status."""
    day = WEEK[1]
    cells = selectors.checkin_map(week.city.users["bkpsdm"], day)
    ins = CheckIn.objects.filter(work_date=day, kind="in")
    assert sum(cell["total"] for cell in cells) == ins.count()
    for status in ("VALID", "FLAGGED", "REJECTED"):
        assert sum(cell[status] for cell in cells) == ins.filter(status=status).count()
    assert all(isinstance(cell["lat"], float) for cell in cells)


def test_page_variant_has_the_same_figures_as_the_api_variant(week):
    """Rule: summing only metrics.FIGURE_COUNTS (pages, exports) changes no figure, no shown
    count, no ranking, against the API's every-count variant."""
    c = week.city
    services.refresh_daily_summary(start=WEEK[0], end=WEEK[-1])
    cases = [
        (selectors.city_dashboard, c.users["bkpsdm"], {}),
        (selectors.city_dashboard, c.users["bkpsdm"], {"opd_id": c.opd_a.pk}),
        (selectors.opd_dashboard, c.users["opd_admin"], {}),
        (selectors.opd_dashboard, c.users["opd_admin"], {"mode": "WFH"}),
    ]
    shown = [*metrics.FIGURES, "key", "name", "rank"]
    for fn, user, extra in cases:
        full = fn(user, selectors.Filters(WEEK[0], WEEK[-1], **extra))
        page = fn(user, selectors.Filters(WEEK[0], WEEK[-1], **extra), all_counts=False)
        for table in ("opds", "units", "trend", "index_trend"):
            rows = [{k: r.get(k) for k in shown} for r in full.get(table, [])]
            assert rows == [{k: r.get(k) for k in shown} for r in page.get(table, [])], table
        for name in metrics.FIGURE_COUNTS:
            assert getattr(page["total"]["counts"], name) == getattr(full["total"]["counts"], name)
        assert full["total"]["counts"].expected > 0
