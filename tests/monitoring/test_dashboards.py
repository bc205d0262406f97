"""Dashboard figures equal hand counts; scope never leaks across OPDs or to Diskominfostandi."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from openpyxl import load_workbook

from hibrida.monitoring import metrics, selectors, services
from hibrida.monitoring.models import DailySummary, PersonDailySummary
from hibrida.monitoring.selectors import team
from hibrida.presence.models import CheckIn
from tests.conftest import client_for

from .conftest import WEEK, hand_count

pytestmark = pytest.mark.django_db

PERIOD = {"dari": WEEK[0].isoformat(), "sampai": WEEK[-1].isoformat()}


def filters(**extra):
    return selectors.Filters(start=WEEK[0], end=WEEK[-1], **extra)


def assert_counts_match(counts: metrics.Counts, expected: dict) -> None:
    for name, value in expected.items():
        assert getattr(counts, name) == value, name


def test_opd_figures_equal_hand_count(week):
    """Rule: every OPD figure is the defined ratio of person-day counts of the records."""
    c = week.city
    data = selectors.opd_dashboard(c.users["opd_admin"], filters(opd_id=c.opd_a.pk))
    people = {c.kepala.pk, c.kabid.pk, c.staff1.pk, c.staff2.pk}
    hand = hand_count(week, people)
    assert hand["expected"] == 19  # 4 × 5 days minus one day of leave
    assert_counts_match(data["total"]["counts"], hand)
    assert data["total"]["attendance_compliance"] == hand["present_valid"] / hand["expected"]
    assert data["total"]["on_time_rate"] == hand["on_time"] / hand["checked_in"]
    assert data["total"]["submission_rate"] == hand["reports_submitted"] / hand["expected"]
    assert data["total"]["validation_rate"] == (
        hand["reports_validated"] / hand["reports_submitted"]
    )
    assert data["total"]["wfh_share"] == 3 / 19


def test_mode_filter_counts_only_that_planned_mode(week):
    """Rule: the work-mode filter keeps only person-days planned in that mode."""
    c = week.city
    data = selectors.opd_dashboard(c.users["bkpsdm"], filters(opd_id=c.opd_a.pk, mode="WFH"))
    hand = hand_count(week, {c.kepala.pk, c.kabid.pk, c.staff1.pk, c.staff2.pk}, mode="WFH")
    assert hand["expected"] == 3
    assert_counts_match(data["total"]["counts"], hand)


def test_city_ranks_opds_and_totals_add_up(week):
    """Rule: the city total is the sum of OPDs; ranking is by attendance compliance."""
    c = week.city
    data = selectors.city_dashboard(c.users["inspektorat"], filters())
    everyone = {c.kepala.pk, c.kabid.pk, c.staff1.pk, c.staff2.pk, c.other.pk}
    assert_counts_match(data["total"]["counts"], hand_count(week, everyone))
    ranking = [(r["key"], r["rank"]) for r in data["opds"]]
    # OPD B checked in validly every day (5/5); OPD A did not.
    assert ranking[0] == (c.opd_b.pk, 1)
    assert ranking[1][0] == c.opd_a.pk
    assert data["opds"][0]["attendance_compliance"] == 1.0


def test_drill_down_to_people_for_city_reader(week):
    """Rule: BKPSDM drills OPD → unit → person; person figures match the hand count."""
    c = week.city
    f = filters(opd_id=c.opd_a.pk, unit_id=c.staff1.unit_id)
    data = selectors.city_dashboard(c.users["bkpsdm"], f)
    assert [u["key"] for u in data["units"]] == [c.staff1.unit_id]
    by_person = {r["key"]: r for r in data["people"]}
    assert set(by_person) == {c.kepala.pk, c.kabid.pk, c.staff1.pk, c.staff2.pk}
    assert_counts_match(by_person[c.kabid.pk]["counts"], hand_count(week, {c.kabid.pk}))
    assert_counts_match(by_person[c.staff2.pk]["counts"], hand_count(week, {c.staff2.pk}))


def test_people_add_up_to_their_unit_under_every_mode_filter(week):
    """Rule: the person rows split the unit's row by person, with or without a mode filter."""
    c = week.city
    for mode in (None, "WFO", "WFH"):
        f = filters(opd_id=c.opd_a.pk, unit_id=c.staff1.unit_id, mode=mode)
        data = selectors.opd_dashboard(c.users["opd_admin"], f)
        (unit,) = data["units"]
        assert metrics.Counts.total(p["counts"] for p in data["people"]) == unit["counts"]
        staff1 = next(p for p in data["people"] if p["key"] == c.staff1.pk)
        assert_counts_match(staff1["counts"], hand_count(week, {c.staff1.pk}, mode=mode))


def test_refresh_of_one_opd_leaves_the_others_rows(week):
    """Rule: an OPD's refresh rewrites its own person and unit rows and no one else's."""
    c = week.city

    def rows():
        return sorted(
            PersonDailySummary.objects.values_list("employee_id", "day", "mode", "present_valid")
        )

    before = rows()
    assert {e for e, *_ in before} == {
        c.kepala.pk,
        c.kabid.pk,
        c.staff1.pk,
        c.staff2.pk,
        c.other.pk,
    }
    CheckIn.objects.filter(employee=c.other).delete()
    services.refresh_daily_summary(actor=None, start=WEEK[0], end=WEEK[-1], opd_ids=[c.opd_a.pk])
    assert rows() == before  # OPD B's check-ins are gone, but B was not refreshed
    services.refresh_daily_summary(actor=None, start=WEEK[0], end=WEEK[-1], opd_ids=[c.opd_b.pk])
    after = rows()
    assert [r for r in after if r[0] != c.other.pk] == [r for r in before if r[0] != c.other.pk]
    assert {r[3] for r in after if r[0] == c.other.pk} == {0}
    b = selectors.city_dashboard(c.users["bkpsdm"], filters())
    assert next(r for r in b["opds"] if r["key"] == c.opd_b.pk)["counts"].present_valid == 0


def test_diskominfo_sees_aggregates_but_no_person_rows(week):
    """Rule: Diskominfostandi sees city aggregates only, never person rows (page or export)."""
    c = week.city
    user = c.users["diskominfo"]
    data = selectors.city_dashboard(user, filters(opd_id=c.opd_a.pk, unit_id=c.staff1.unit_id))
    assert data["total"]["hidden"]  # four people: below the minimum cell
    assert data["people"] == [] and data["people_hidden"]
    client = client_for(user)
    query = {**PERIOD, "opd": c.opd_a.pk, "unit": c.staff1.unit_id}
    page = client.get("/pemantauan/kota/", query)
    assert page.status_code == 200
    assert c.staff1.name not in page.content.decode()
    assert 'data-testid="people-hidden"' in page.content.decode()
    export = client.get("/pemantauan/ekspor/city/person.csv", query)
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[1:] == []


def test_team_today_lists_subordinates_with_status(week):
    """Rule: the atasan's team page shows plan, check-in status, flags and report status."""
    c = week.city
    data = selectors.team_today(c.users["atasan"], WEEK[2])
    rows = {r["key"]: r for r in data["rows"]}
    assert set(rows) == {c.staff1.pk, c.staff2.pk}  # not the kepala, not the atasan self
    assert rows[c.staff2.pk]["mode"] == "LEAVE"
    assert rows[c.staff1.pk]["check_in_status"] == "FLAGGED"
    assert rows[c.staff1.pk]["flags"] == "di luar geofence"
    assert data["total"]["counts"].expected == 1  # staff2 is on leave
    mon = selectors.team_today(c.users["atasan"], WEEK[0])
    assert {r["key"]: r["report_status"] for r in mon["rows"]}[c.staff2.pk] == "draft"
    assert mon["pending_validation"] == 0  # no validator was set on the reports


def test_opd_admin_cannot_reach_other_opd_anywhere(week):
    """Rule: an OPD admin never sees another OPD: selector, page, fragment, CSV and XLSX."""
    c = week.city
    admin = c.users["opd_admin"]
    with pytest.raises(Http404):
        selectors.opd_dashboard(admin, filters(opd_id=c.opd_b.pk))
    with pytest.raises(PermissionDenied):
        selectors.city_dashboard(admin, filters())
    client = client_for(admin)
    query = {**PERIOD, "opd": c.opd_b.pk}
    for url in (
        "/pemantauan/opd/",
        "/pemantauan/opd/figur/",
        "/pemantauan/ekspor/opd/index.csv",
        "/pemantauan/ekspor/opd/unit.csv",
        "/pemantauan/ekspor/opd/unit.xlsx",
        "/pemantauan/ekspor/opd/person.csv",
    ):
        assert client.get(url, query).status_code == 404, url
    for url in ("/pemantauan/kota/", "/pemantauan/kota/figur/", "/pemantauan/ekspor/city/opd.csv"):
        assert client.get(url, PERIOD).status_code == 403, url
    # Their own OPD by default: nothing of OPD B in page, fragment or files.
    for url in ("/pemantauan/opd/", "/pemantauan/opd/figur/"):
        body = client.get(url, PERIOD).content.decode()
        assert "Bidang B" not in body and "DinasB" not in body and c.other.name not in body
    unit_csv = client.get("/pemantauan/ekspor/opd/unit.csv", PERIOD).content.decode("utf-8-sig")
    assert "Bidang A" in unit_csv and "Bidang B" not in unit_csv
    book = load_workbook(io.BytesIO(client.get("/pemantauan/ekspor/opd/unit.xlsx", PERIOD).content))
    cells = [str(v) for row in book.active.iter_rows(values_only=True) for v in row if v]
    assert any("Bidang A" in v for v in cells) and not any("Bidang B" in v for v in cells)
    # Person rows drilled from another OPD's unit are refused too.
    query = {**PERIOD, "opd": c.opd_a.pk, "unit": c.other.unit_id}
    assert client.get("/pemantauan/ekspor/opd/person.csv", query).status_code == 404


def test_opd_admin_person_export_matches_page_scope(week):
    """Rule: the export is built by the page's selector: same rows, same figures."""
    c = week.city
    client = client_for(c.users["opd_admin"])
    query = {**PERIOD, "unit": c.staff1.unit_id}
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/pemantauan/ekspor/opd/person.csv", query).content.decode("utf-8-sig")
            )
        )
    )
    names = {r[1] for r in rows[1:]}
    assert names == {c.kepala.name, c.kabid.name, c.staff1.name, c.staff2.name}
    kabid = next(r for r in rows[1:] if r[1] == c.kabid.name)
    hand = hand_count(week, {c.kabid.pk})
    assert int(kabid[3]) == hand["expected"]
    assert int(kabid[4]) == hand["present_valid"]


def test_roles_without_dashboard_are_refused(week):
    """Rule: plain ASN get 403 on every dashboard; atasan only the team page."""
    c = week.city
    asn = client_for(c.users["asn"])
    for url in ("/pemantauan/tim/", "/pemantauan/opd/", "/pemantauan/kota/"):
        assert asn.get(url).status_code == 403, url
    atasan = client_for(c.users["atasan"])
    assert atasan.get("/pemantauan/tim/").status_code == 200
    assert atasan.get("/pemantauan/tim/figur/").status_code == 200
    assert atasan.get("/pemantauan/ekspor/team/team.xlsx").status_code == 200
    assert atasan.get("/pemantauan/kota/").status_code == 403


def test_pages_render_definitions_and_missing_data_dash(city):
    """Rule: without any data the figures show "—" with "data belum tersedia"."""
    body = client_for(city.users["bkpsdm"]).get("/pemantauan/kota/").content.decode()
    assert "data belum tersedia" in body
    assert metrics.DEFINITIONS["attendance_compliance"][:40] in body
    assert "—" in body


def test_bad_filters_give_field_messages_not_errors(week):
    """Rule: bad filter input is reported in Indonesian and falls back, never a 500."""
    client = client_for(week.city.users["bkpsdm"])
    response = client.get("/pemantauan/kota/", {"dari": "kemarin", "mode": "LIBUR", "opd": "x"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "YYYY-MM-DD" in body and "Mode kerja tidak dikenal" in body


def test_refresh_is_idempotent_and_audited(week):
    """Rule: refreshing again rewrites the same rows (no double counting) and is audited."""
    from hibrida.audit.models import AuditEvent

    before = sorted(DailySummary.objects.values_list("day", "unit_id", "mode", "expected"))
    services.refresh_daily_summary(actor=week.city.users["bkpsdm"], start=WEEK[0], end=WEEK[-1])
    after = sorted(DailySummary.objects.values_list("day", "unit_id", "mode", "expected"))
    assert before == after
    assert AuditEvent.objects.filter(action="monitoring.summary_refreshed").count() == 2


def test_refresh_refused_for_inspektorat_and_other_opd(week):
    """Rule: Inspektorat changes nothing; an OPD admin refreshes only their own OPD."""
    c = week.city
    with pytest.raises(PermissionDenied):
        services.refresh_daily_summary(actor=c.users["inspektorat"], start=WEEK[0], end=WEEK[-1])
    with pytest.raises(PermissionDenied):
        services.refresh_daily_summary(
            actor=c.users["opd_admin"], start=WEEK[0], end=WEEK[-1], opd_ids=[c.opd_b.pk]
        )
    services.refresh_daily_summary(
        actor=c.users["opd_admin"], start=WEEK[0], end=WEEK[-1], opd_ids=[c.opd_a.pk]
    )


def test_celery_task_refreshes_given_period(week):
    """Rule: the beat task rebuilds the summary for the days it is given."""
    from hibrida.monitoring.tasks import refresh_daily_summary

    DailySummary.objects.all().delete()
    result = refresh_daily_summary.delay(WEEK[0].isoformat(), WEEK[-1].isoformat()).get()
    assert result["person_days"] == 25  # 5 people × 5 working days, leave included
    assert DailySummary.objects.exists()


def test_map_markers_are_anonymous_and_scoped(week):
    """Rule: map markers carry places and counts only; an OPD admin gets only their OPD;
    Diskominfo (no person access) gets no marker of fewer than ten check-ins."""
    c = week.city
    city_markers = selectors.checkin_map(c.users["bkpsdm"], WEEK[0])
    assert sum(m["total"] for m in city_markers) == 4  # kepala, kabid, staff1 + OPD B
    assert selectors.checkin_map(c.users["diskominfo"], WEEK[0]) == []
    keys = {"lat", "lon", "VALID", "FLAGGED", "REJECTED", "total"}
    assert all(set(m) == keys for m in city_markers)
    own = selectors.checkin_map(c.users["opd_admin"], WEEK[0])
    assert sum(m["total"] for m in own) == 3  # OPD A only


def test_demo_seed_refreshes_recent_days(week):
    """Rule: the demo hook fills the summary for the days before ctx.today (fast slice)."""
    import random

    from hibrida.demo.registry import DemoContext
    from hibrida.monitoring import demo_data

    DailySummary.objects.all().delete()
    ctx = DemoContext(seed=1, rng=random.Random(1), today=WEEK[-1], fast=True)
    result = demo_data.seed(ctx)
    assert result["person_days"] == 25
    assert set(DailySummary.objects.values_list("day", flat=True)) == set(WEEK)


def test_approved_correction_counts_as_present(week):
    """Rule: an approved correction with a time in makes the day present (compliance)."""
    import datetime as dt

    from hibrida.presence.models import CorrectionRequest

    c = week.city
    CorrectionRequest.objects.create(
        employee=c.kabid,
        work_date=WEEK[4],
        kind="forgot_in",
        time_in=dt.time(7, 20),
        reason="GPS mati",
        status="approved",
    )
    services.refresh_daily_summary(actor=None, start=WEEK[0], end=WEEK[-1])
    data = selectors.opd_dashboard(c.users["opd_admin"], filters(opd_id=c.opd_a.pk))
    hand = hand_count(week, {c.kepala.pk, c.kabid.pk, c.staff1.pk, c.staff2.pk})
    assert data["total"]["counts"].present_valid == hand["present_valid"] + 1


def _meeting_and_spot_checks(c):
    import datetime as dt

    from django.utils import timezone as tz

    from hibrida.meetings.models import Meeting, MeetingOccurrence, SpotCheck

    meeting = Meeting.objects.create(
        title="Rakor A",
        organiser_opd=c.opd_a,
        weekdays=[0],
        start_time=dt.time(9),
        start_date=WEEK[0],
        end_date=WEEK[-1],
        video_url="https://meet.jit.si/rakor-a",
    )
    start = dt.datetime.combine(WEEK[0], dt.time(9), tzinfo=tz.get_current_timezone())
    MeetingOccurrence.objects.create(
        meeting=meeting,
        date=WEEK[0],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        status="held",
    )
    for atasan, employee in ((c.kabid, c.staff1), (c.kepala, c.other)):
        SpotCheck.objects.create(
            day=WEEK[1],
            atasan=atasan,
            employee=employee,
            call_url="https://meet.jit.si/x",
            proposed_at=start,
        )


def test_oversight_panel_warns_and_stays_in_scope(week):
    """Rule: an OPD with WFH and fewer than two meetings gets a warning; an OPD admin sees
    only their OPD's meetings and spot checks (another OPD's is 404)."""
    c = week.city
    _meeting_and_spot_checks(c)
    admin = client_for(c.users["opd_admin"])
    body = admin.get("/pemantauan/pengawasan/", PERIOD).content.decode()
    assert 'data-testid="meeting-warnings"' in body and "DinasA" in body
    assert "DinasB" not in body
    data = selectors.oversight(c.users["opd_admin"], filters())
    assert [r["key"] for r in data["spot_checks"]] == [c.opd_a.pk]
    assert data["spot_checks"][0]["missed"] == 1  # never made, day is over
    assert admin.get("/pemantauan/pengawasan/", {**PERIOD, "opd": c.opd_b.pk}).status_code == 404
    city = selectors.oversight(c.users["bkpsdm"], filters())
    assert {r["key"] for r in city["meetings"]} >= {c.opd_a.pk, c.opd_b.pk}
    assert client_for(c.users["asn"]).get("/pemantauan/pengawasan/").status_code == 403


def test_oversight_exports_follow_scope(week):
    """Rule: meeting and spot-check exports use the panel's selector: own OPD only."""
    c = week.city
    _meeting_and_spot_checks(c)
    admin = client_for(c.users["opd_admin"])
    text = admin.get("/pemantauan/ekspor/opd/meetings.csv", PERIOD).content.decode("utf-8-sig")
    assert "DinasA" in text and "DinasB" not in text
    spots = admin.get("/pemantauan/ekspor/opd/spotchecks.xlsx", PERIOD)
    cells = [
        str(v)
        for row in load_workbook(io.BytesIO(spots.content)).active.iter_rows(values_only=True)
        for v in row
        if v is not None
    ]
    assert "DinasA" in cells and "DinasB" not in cells
    assert admin.get("/pemantauan/ekspor/city/meetings.csv", PERIOD).status_code == 403


def test_meeting_compliance_matches_meetings_app(week):
    """Rule: the dashboard's fast compliance equals hibrida.meetings' own definition."""
    from hibrida.meetings.selectors import meeting_compliance

    c = week.city
    _meeting_and_spot_checks(c)
    theirs = {
        r["opd"].pk: (r["meetings"], r["has_wfh"], r["compliant"])
        for r in meeting_compliance(c.users["bkpsdm"], WEEK[0])
    }
    ours = {
        r["key"]: (r["meetings"], r["has_wfh"], r["compliant"])
        for r in selectors.meeting_compliance({c.opd_a.pk, c.opd_b.pk}, WEEK[0])
    }
    assert ours == theirs
    assert ours[c.opd_a.pk] == (1, True, False)


def test_long_period_trend_is_monthly_with_same_totals(week):
    """Rule: beyond 62 days the trend is per month; the figures do not change."""
    import datetime as dt

    c = week.city
    long = selectors.Filters(start=WEEK[0] - dt.timedelta(days=80), end=WEEK[-1])
    for viewer, fn in (
        ("bkpsdm", selectors.city_dashboard),
        ("opd_admin", selectors.opd_dashboard),
    ):
        short = fn(c.users[viewer], filters())
        data = fn(c.users[viewer], long)
        assert [r["name"] for r in data["trend"]] == ["2026-02"]
        assert data["total"]["counts"] == short["total"]["counts"]
        assert data["trend"][0]["counts"] == short["total"]["counts"]


def test_output_index_from_validated_activities(week):
    """Rule: the output index uses validated daily output scores per WFH vs WFO person-day."""
    from decimal import Decimal

    from hibrida.activity.models import Activity, DailyReport, SkpTarget

    c = week.city
    target = SkpTarget.objects.create(
        employee=c.staff1,
        year=2026,
        title="Kajian",
        indicator="dokumen",
        target_quantity=Decimal("120"),
        unit="dokumen",
    )
    # staff1: approved WFH report on Thursday (WEEK[3]); add an approved WFO report Friday.
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
    data = selectors.opd_dashboard(
        c.users["opd_admin"], filters(opd_id=c.opd_a.pk, unit_id=c.staff1.unit_id)
    )
    person = next(r for r in data["people"] if r["key"] == c.staff1.pk)
    # WFH days reported: Tue (returned, score 0) + Thu (2 units); WFO: Fri (1 unit).
    assert person["counts"].output_wfh_days == 2 and person["counts"].output_wfo_days == 1
    assert person["output_index"] == pytest.approx(100 * (2 / 2) / 1)
    assert data["index_trend"][0]["output_index"] is not None
    csv_text = (
        client_for(c.users["opd_admin"])
        .get("/pemantauan/ekspor/opd/index.csv", PERIOD)
        .content.decode("utf-8-sig")
    )
    assert "2026-02" in csv_text


def _overlay_scenario(c):
    """Changes to the published week of the team (staff1, staff2): one approved after
    publication, one made before it, leave that beats a later change; a correction."""
    import datetime as dt

    from django.utils import timezone

    from hibrida.presence.models import CorrectionRequest
    from hibrida.roster.models import Absence, DayOverride

    now = timezone.now()
    DayOverride.objects.create(employee=c.staff1, day=WEEK[0], mode="WFH")
    early = DayOverride.objects.create(employee=c.staff1, day=WEEK[4], mode="WFH")
    DayOverride.objects.filter(pk=early.pk).update(created_at=now - dt.timedelta(days=500))
    leave = Absence.objects.create(employee=c.staff2, kind="cuti", start=WEEK[1], end=WEEK[1])
    DayOverride.objects.create(employee=c.staff2, day=WEEK[1], mode="LEAVE", absence=leave)
    DayOverride.objects.create(employee=c.staff2, day=WEEK[1], mode="WFH")
    CorrectionRequest.objects.create(
        employee=c.staff2,
        work_date=WEEK[4],
        kind="forgot_in",
        time_in=dt.time(7, 20),
        reason="GPS mati",
        status="approved",
    )


def test_team_today_applies_overlay_and_corrections(week):
    """Rule: the team page shows the plan with roster's overlay (changes after publication,
    leave first) and counts an approved correction as present, on either database."""
    c = week.city
    _overlay_scenario(c)

    def team(day):
        data = selectors.team_today(c.users["atasan"], day)
        return {r["key"]: r["mode"] for r in data["rows"]}, data["total"]["counts"]

    modes, _ = team(WEEK[0])
    assert modes[c.staff1.pk] == "WFH"  # approved after the version was published
    modes, _ = team(WEEK[1])
    assert modes[c.staff2.pk] == "LEAVE"  # leave wins over a later change
    modes, counts = team(WEEK[4])
    assert modes[c.staff1.pk] == "WFO"  # made before publication: already in the plan
    assert (counts.expected, counts.present_valid) == (2, 1)  # staff2's correction


def test_team_day_single_statement_equals_app_reads(week):
    """Rule: on PostgreSQL the one-statement team read returns what the apps' reads return."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the one-statement team read is PostgreSQL's: runs in the PostgreSQL pass")
    c = week.city
    _overlay_scenario(c)
    atasan = c.users["atasan"]
    for day in WEEK:
        fast = team._team_day_postgres(atasan, day)
        slow = team._team_day(atasan, day)
        assert fast[0] == slow[0]  # people, in page order
        assert fast[1] == slow[1]  # planned modes
        key = lambda ci: (ci["employee_id"], ci["device_time"])  # noqa: E731
        assert sorted(fast[2], key=key) == sorted(slow[2], key=key)
        assert sorted(fast[3]) == sorted(slow[3]) and fast[4] == slow[4]


def test_opd_page_without_summary_rows_still_names_its_opd(week):
    """Rule: a period with no records shows the OPD with empty figures, not a 404, whether the
    OPD is the admin's own (default) or picked by a city reader; another OPD stays 404."""
    import datetime as dt

    c = week.city
    empty = selectors.Filters(
        start=WEEK[0] - dt.timedelta(days=60), end=WEEK[0] - dt.timedelta(days=31)
    )
    for user, opd_id in ((c.users["opd_admin"], None), (c.users["bkpsdm"], c.opd_a.pk)):
        data = selectors.opd_dashboard(user, selectors.Filters(empty.start, empty.end, opd_id))
        assert data["opd"] == c.opd_a and str(data["opd"]) == str(c.opd_a)
        assert data["units"] == [] and data["total"]["counts"].expected == 0
        assert data["total"]["attendance_compliance"] is None
    with pytest.raises(Http404):
        selectors.opd_dashboard(
            c.users["opd_admin"], selectors.Filters(empty.start, empty.end, c.opd_b.pk)
        )
    drill = selectors.city_dashboard(c.users["bkpsdm"], filters(opd_id=c.opd_a.pk))
    assert drill["opd"] == c.opd_a and drill["opds"][0]["key"] == c.opd_a.pk
    unit = selectors.city_dashboard(
        c.users["bkpsdm"], filters(opd_id=c.opd_a.pk, unit_id=c.staff1.unit_id)
    )
    assert unit["unit"] == c.staff1.unit and unit["unit"].name == c.staff1.unit.name
    for opd_id in (c.opd_a.pk, None):  # another OPD's unit, or a unit without its OPD
        with pytest.raises(Http404):
            selectors.city_dashboard(
                c.users["bkpsdm"], filters(opd_id=opd_id, unit_id=c.other.unit_id)
            )


def test_team_page_counts_what_waits_for_the_atasan(week):
    """Rule: the team page counts reports waiting for this atasan and the team's pending
    schedule, correction, home-location and phone-reset requests; decided ones and others' are
    not counted."""
    from hibrida.activity.models import DailyReport
    from hibrida.presence.models import CorrectionRequest, DeviceReset, HomeLocation
    from hibrida.roster.models import ChangeRequest

    c = week.city
    DailyReport.objects.filter(employee=c.staff1).update(validator=c.kabid, status="submitted")
    DailyReport.objects.filter(employee=c.kepala).update(validator=c.kepala, status="submitted")
    for status in ("pending", "approved"):
        ChangeRequest.objects.create(
            kind="swap", requester=c.staff1, day=WEEK[1], other_day=WEEK[2], status=status
        )
        CorrectionRequest.objects.create(
            employee=c.staff2, work_date=WEEK[0], kind="forgot_in", reason="x", status=status
        )
        HomeLocation.objects.create(
            employee=c.staff2, latitude=-6.2, longitude=107.0, status=status
        )
        DeviceReset.objects.create(employee=c.staff1, reason="HP baru", status=status)
    ChangeRequest.objects.create(  # the kepala is not in the kabid's team
        kind="swap", requester=c.kepala, day=WEEK[1], other_day=WEEK[2], status="pending"
    )
    data = selectors.team_today(c.users["atasan"], WEEK[0])
    assert data["pending_validation"] == 2  # staff1's two reports; the kepala's are not theirs
    assert data["pending_requests"] == {"jadwal": 1, "koreksi": 1, "rumah": 1, "perangkat": 1}
    assert data["pending_requests_total"] == 4


def test_team_file_rows_carry_the_labels_the_page_shows_not_codes(week):
    """Rule: the team export says "Cuti" and "Ditandai", never LEAVE or FLAGGED."""
    from hibrida.monitoring import tables

    c = week.city
    data = selectors.team_today(c.users["atasan"], WEEK[2])
    _title, headers, rows = tables.matrix("team", data["rows"])
    by_nip = {row[0]: dict(zip(headers, row, strict=True)) for row in rows}
    assert by_nip[c.staff2.nip]["Mode terjadwal"] == "Cuti"
    assert by_nip[c.staff1.nip]["Status presensi"] == "Ditandai"
    assert by_nip[c.staff1.nip]["Tanda"] == "di luar geofence"
    flat = {str(v) for row in rows for v in row}
    assert not flat & {"LEAVE", "FLAGGED", "WFO", "WFH", "outside_fence"}
