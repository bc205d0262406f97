"""Paths across apps through their real services and selectors (no stand-ins, no patching of
another app): a check-in changes the atasan's team page, the city dashboard, the Inspektorat
worksheet and a report; roster leave and duty change presence and activity; BKPSDM's calendar
moves the roster and the validation deadline. Expected values are worked out by hand."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from hibrida.activity import services as activity
from hibrida.activity.models import ReportStatus
from hibrida.audit import selectors as audit_selectors
from hibrida.audit import services as audit
from hibrida.audit.models import AuditEvent
from hibrida.meetings import services as meetings
from hibrida.meetings.models import SpotCheck
from hibrida.monitoring import services as monitoring
from hibrida.monitoring.selectors.city import city_dashboard
from hibrida.monitoring.selectors.filters import Filters
from hibrida.monitoring.selectors.team import team_today
from hibrida.org import services as org
from hibrida.policy import services as policy
from hibrida.policy.engine import eligibility
from hibrida.presence import services as presence
from hibrida.presence.models import CheckIn
from hibrida.presence.schemas import CheckInIn
from hibrida.roster import services as roster
from hibrida.roster.models import DayOverride
from tests.factories import make_user, office_for, publish_manual

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
OFFICE = (-6.2355, 106.9925)
# Monday 2 – Friday 6 February 2026: no national holiday (Imlek is 17 February).
MON, TUE, FRI = dt.date(2026, 2, 2), dt.date(2026, 2, 3), dt.date(2026, 2, 6)
ACTIVITY = {
    "description": "Menyusun draf telaahan staf",
    "output": "Draf telaahan",
    "quantity": "1",
    "unit": "dokumen",
    "minutes": 240,
}

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=JAKARTA)


def check_in(user, day, hour, minute, kind="in", where=OFFICE):
    """A check-in posted by ``user``'s phone at that moment, through the presence service."""
    moment = at(day, hour, minute)
    with time_machine.travel(moment, tick=False):
        payload = CheckInIn(
            uuid=uuid.uuid4(),
            kind=kind,
            device_time=moment,
            sent_at=moment,
            latitude=where[0],
            longitude=where[1],
            accuracy_m=10.0,
            device_id=f"hp-{user.pk}",
        )
        return presence.record_check_in(actor=user, payload=payload).result


def write_report(user, day, submit_at: dt.datetime):
    with time_machine.travel(submit_at, tick=False):
        report = activity.start_report(actor=user, day=day)
        activity.add_activity(actor=user, report=report, data=ACTIVITY)
        return activity.submit_report(actor=user, report=report)


@pytest.fixture
def office(city):
    return office_for(city.opd_a, lat=OFFICE[0], lon=OFFICE[1], radius=100)


@pytest.fixture
def staff2_user(city):
    return make_user(city.staff2)


# --- presence → monitoring ---------------------------------------------------------------


def test_check_ins_and_a_report_show_on_the_atasans_team_page(city, office, staff2_user):
    """Staf Satu checks in 07:25 (on time, start 07:30) and sends a report; Staf Dua checks in
    07:45 (15 min late). Kabid's team is the two staff: 2 expected, 2 present, 1 on time,
    1 report sent."""
    asn = city.users["asn"]
    check_in(asn, TUE, 7, 25)
    check_in(staff2_user, TUE, 7, 45)
    write_report(asn, TUE, at(TUE, 16, 30))

    with time_machine.travel(at(TUE, 17, 0), tick=False):
        page = team_today(city.users["atasan"])

    assert page["day"] == TUE and page["working_day"] is True
    rows = {r["name"]: r for r in page["rows"]}
    assert set(rows) == {"Staf Satu", "Staf Dua"}
    assert (rows["Staf Satu"]["check_in"], rows["Staf Satu"]["check_in_status"]) == (
        "07:25",
        "VALID",
    )
    assert rows["Staf Dua"]["check_in"] == "07:45"
    assert rows["Staf Satu"]["mode"] == "WFO"  # nothing published: the city default
    assert rows["Staf Satu"]["report_status"] == ReportStatus.SUBMITTED
    assert rows["Staf Dua"]["report_status"] == ""
    total = page["total"]
    assert (total["counts"].expected, total["counts"].present_valid) == (2, 2)
    assert (total["counts"].checked_in, total["counts"].on_time) == (2, 1)
    assert total["attendance_compliance"] == 1.0
    assert total["on_time_rate"] == 0.5
    assert total["submission_rate"] == 0.5
    assert page["pending_validation"] == 1  # Staf Satu's report waits for Kabid


def test_city_dashboard_counts_check_ins_and_roster_leave(city, office, staff2_user):
    """OPD A (4 staff): Staf Dua on leave (roster), Staf Satu in at 07:25, Kabid at 07:50;
    OPD B (1 staff): no check-in. Expected person-days 3 + 1 = 4, present 2, on time 1.
    OPD A ranks first (2/3), OPD B second (0/1)."""
    roster.record_absence(
        actor=city.users["atasan"], employee=city.staff2, kind="cuti", start=TUE, end=TUE
    )
    check_in(city.users["asn"], TUE, 7, 25)
    check_in(city.users["atasan"], TUE, 7, 50)

    with time_machine.travel(at(TUE, 18, 0), tick=False):
        monitoring.refresh_daily_summary(actor=city.users["bkpsdm"], start=TUE, end=TUE)
        board = city_dashboard(city.users["bkpsdm"], Filters(start=TUE, end=TUE))

    counts = board["total"]["counts"]
    assert (counts.planned, counts.expected) == (5, 4)
    assert (counts.present_valid, counts.checked_in, counts.on_time) == (2, 2, 1)
    assert board["total"]["attendance_compliance"] == 0.5
    ranking = [(r["name"], r["rank"], r["attendance_compliance"]) for r in board["opds"]]
    assert ranking == [(str(city.opd_a), 1, 2 / 3), (str(city.opd_b), 2, 0.0)]


# --- presence and activity → the Inspektorat worksheet -----------------------------------


def test_inspektorat_worksheet_shows_the_days_check_ins_and_report(city, office):
    """A one-day audit of OPD A with nothing published samples every working person-day (4);
    Staf Satu's worksheet shows the 07:25 check-in, the 16:10 check-out and the report."""
    asn = city.users["asn"]
    check_in(asn, TUE, 7, 25)
    check_in(asn, TUE, 16, 10, kind="out")
    write_report(asn, TUE, at(TUE, 16, 20))
    auditor = city.users["inspektorat"]

    with time_machine.travel(at(FRI, 9, 0), tick=False):
        plan = audit.create_plan(
            actor=auditor,
            title="Audit WFH Februari",
            period_start=TUE,
            period_end=TUE,
            opds=[city.opd_a],
            sample_size=4,
        )
        plan = audit.draw_sample(actor=auditor, plan=plan, seed=7)
        items = list(audit_selectors.sample_items(auditor, plan))
        mine = next(i for i in items if i.employee_id == city.staff1.pk)
        sheet = audit_selectors.worksheet(auditor, mine)

    assert plan.candidate_count == 4
    assert sorted(i.employee_id for i in items) == sorted(
        e.pk for e in (city.kepala, city.kabid, city.staff1, city.staff2)
    )
    assert sheet["schedule"] is None  # nothing published that week
    attendance = dict(sheet["attendance"])
    # Tuesday 07:30–16:00 with a 60-minute break: 16:10 − 07:25 = 525 min − 60 = 465.
    assert attendance["Masuk pertama"] == "07:25"
    assert attendance["Pulang terakhir"] == "16:10"
    assert attendance["Menit kerja"] == 465
    assert attendance["Terlambat (menit)"] == 0
    assert [(p["time"], p["kind"], p["result"]) for p in sheet["points"]] == [
        ("07.25 WIB", "in", "VALID"),
        ("16.10 WIB", "out", "VALID"),
    ]
    assert sheet["trail"]["report"].status == ReportStatus.SUBMITTED
    assert [a.description for a in sheet["trail"]["activities"]] == [ACTIVITY["description"]]


def test_audit_without_a_published_schedule_ignores_a_leave_entry(city, office):
    """Rule: only a published schedule narrows the audit to WFH days. One leave entry (a roster
    overlay, not a schedule) leaves the other 3 × 2 working person-days as candidates, plus
    Staf Dua's other day: 4 × 2 − 1 = 7."""
    roster.record_absence(
        actor=city.users["atasan"], employee=city.staff2, kind="cuti", start=MON, end=MON
    )
    auditor = city.users["inspektorat"]
    with time_machine.travel(at(FRI, 9, 0), tick=False):
        plan = audit.create_plan(
            actor=auditor,
            title="Audit dua hari",
            period_start=MON,
            period_end=TUE,
            opds=[city.opd_a],
            sample_size=2,
        )
        plan = audit.draw_sample(actor=auditor, plan=plan, seed=3)
    assert plan.candidate_count == 7


# --- policy, roster and presence → activity ----------------------------------------------


def test_report_deadline_and_validation_due_follow_the_city_calendar(city, office):
    """BKPSDM records Monday 9 Feb as a local day off. Staf Satu's Friday report sent on
    Saturday 00:30 is late (deadline Friday 23:59); the atasan has 3 working days from Saturday:
    not Mon 9 (off) → Tue 10, Wed 11, Thu 12. Attendance comes from the check-ins."""
    with time_machine.travel(at(FRI, 8, 0), tick=False):
        policy.add_calendar_day(
            actor=city.users["bkpsdm"],
            date=dt.date(2026, 2, 9),
            kind="libur_daerah",
            name="Hari Jadi Kota (uji)",
        )
    asn = city.users["asn"]
    check_in(asn, FRI, 7, 20)
    check_in(asn, FRI, 16, 45, kind="out")

    report = write_report(asn, FRI, at(dt.date(2026, 2, 7), 0, 30))

    assert report.is_late is True
    assert report.validation_due == dt.date(2026, 2, 12)
    assert report.validator_id == city.kabid.pk
    assert report.work_mode == "WFO"
    # Friday 07:30–16:30 with 90 minutes' break: 16:45 − 07:20 = 565 − 90 = 475 minutes.
    assert report.attendance["check_in"] == "07:20"
    assert report.attendance["check_out"] == "16:45"
    assert report.attendance["worked_minutes"] == 475


def test_report_sent_before_midnight_is_on_time(city, office):
    """The same Friday report sent at 23:59 is not late (the deadline is the end of 23:59)."""
    report = write_report(city.users["asn"], FRI, at(FRI, 23, 59))
    assert report.is_late is False
    # From Friday: Mon 9, Tue 10, Wed 11 (nothing recorded off in this test).
    assert report.validation_due == dt.date(2026, 2, 11)


def test_no_report_is_asked_on_a_day_of_roster_leave(city, office):
    roster.record_absence(
        actor=city.users["atasan"], employee=city.staff1, kind="cuti", start=TUE, end=TUE
    )
    with time_machine.travel(at(TUE, 16), tick=False), pytest.raises(ValidationError) as err:
        activity.start_report(actor=city.users["asn"], day=TUE)
    assert err.value.message_dict == {
        "day": ["Anda tercatat cuti pada 03-02-2026; laporan tidak diperlukan."]
    }


# --- roster → presence ---------------------------------------------------------------------


def test_roster_leave_and_duty_change_the_check_in_verdict(city, office, staff2_user):
    """On leave a check-in at the office is FLAGGED not_scheduled; on dinas luar 20 km away it
    is VALID (duty expects no place); on an ordinary day 2 km away it is outside the fence."""
    atasan = city.users["atasan"]
    roster.record_absence(actor=atasan, employee=city.staff1, kind="cuti", start=TUE, end=TUE)
    roster.record_absence(actor=atasan, employee=city.staff2, kind="dinas_luar", start=TUE, end=TUE)
    on_leave = check_in(city.users["asn"], TUE, 7, 20)
    on_duty = check_in(staff2_user, TUE, 7, 20, where=(OFFICE[0] - 0.18, OFFICE[1]))
    far = check_in(
        city.users["asn"], dt.date(2026, 2, 4), 7, 20, where=(OFFICE[0] - 0.018, OFFICE[1])
    )

    def codes(result):
        return result["status"], [r["code"] for r in result["reasons"]]

    assert codes(on_leave) == ("FLAGGED", ["not_scheduled"])
    assert codes(on_duty) == ("VALID", [])
    assert codes(far) == ("FLAGGED", ["outside_fence"])
    assert CheckIn.objects.filter(expected_mode="LEAVE").count() == 1
    assert CheckIn.objects.filter(expected_mode="DUTY").count() == 1


# --- policy → roster ----------------------------------------------------------------------


def test_leave_over_a_city_day_off_counts_only_working_days(city):
    """Leave Mon 2 – Fri 6 Feb with Wednesday 4 Feb recorded off by BKPSDM: 4 working days."""
    policy.add_calendar_day(
        actor=city.users["bkpsdm"], date=dt.date(2026, 2, 4), kind="cuti_bersama", name="Uji"
    )
    absence = roster.record_absence(
        actor=city.users["atasan"], employee=city.staff1, kind="cuti", start=MON, end=FRI
    )
    assert sorted(DayOverride.objects.filter(absence=absence).values_list("day", flat=True)) == [
        MON,
        TUE,
        dt.date(2026, 2, 5),
        FRI,
    ]
    event = AuditEvent.objects.get(action="absence.recorded")
    assert event.after["working_days"] == 4


# --- roster → meetings ---------------------------------------------------------------------


def test_spot_checks_are_drawn_from_the_published_wfh_days(city):
    """Only Kabid's WFH staff on Tuesday are candidates: with Staf Satu WFH and Staf Dua WFO
    the one call proposed is to Staf Satu; Wednesday (both WFO) proposes nobody."""
    publish_manual(city.opd_a, dt.date(2026, 2, 1), {city.staff1: {TUE: "WFH"}, city.staff2: {}})

    tuesday = meetings.propose_spot_checks(day=TUE, secret="uji", now=at(TUE, 8))
    wednesday = meetings.propose_spot_checks(day=dt.date(2026, 2, 4), secret="uji")

    assert tuesday["proposed"] == 1  # one WFH candidate: ceil(share × 1) = 1
    calls = list(SpotCheck.objects.filter(day=TUE).values_list("atasan_id", "employee_id"))
    assert calls == [(city.kabid.pk, city.staff1.pk)]
    assert wednesday["proposed"] == 0


# --- org → policy ---------------------------------------------------------------------------


def test_a_position_marked_on_site_makes_its_holder_ineligible_for_wfh(city):
    """OPD B's counter position requires presence (org): the policy engine refuses WFH with
    that reason, while OPD A's analyst is not refused for the position."""
    allowed_b, reasons_b = eligibility(city.other, TUE)
    assert allowed_b is False
    assert any("loket pelayanan" in r for r in reasons_b)
    _allowed_a, reasons_a = eligibility(city.staff1, TUE)
    assert not any("loket" in r for r in reasons_a)


# --- org → audit log ----------------------------------------------------------------------


def test_an_org_write_is_chained_into_the_audit_log(city):
    """Issuing an API token (org service) appends one event that the chain check accepts."""
    before = AuditEvent.objects.count()
    org.issue_api_token(actor=city.users["asn"], user=city.users["asn"], name="hp kantor")
    assert AuditEvent.objects.count() == before + 1
    check = audit_selectors.chain_check(city.users["inspektorat"])
    assert check["ok"] is True
