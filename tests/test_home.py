"""Beranda "Hari ini": per role, hand-counted from a small OPD on Wednesday 4 February 2026."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hibrida import home
from hibrida.activity.models import DailyReport
from hibrida.audit.models import AuditPlan, Finding
from hibrida.meetings.models import Meeting, MeetingOccurrence, SpotCheck
from hibrida.monitoring import services as monitoring
from hibrida.presence.models import CheckIn, CorrectionRequest, HomeLocation
from hibrida.roster.models import ChangeRequest

from .conftest import client_for
from .factories import EmployeeFactory, UnitFactory, office_for, publish_manual

JKT = ZoneInfo("Asia/Jakarta")
TODAY = dt.date(2026, 2, 4)  # a Wednesday, no holiday
MON, TUE, THU, FRI = (dt.date(2026, 2, d) for d in (2, 3, 5, 6))
NOW = dt.datetime(2026, 2, 4, 10, 30, tzinfo=JKT)


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    h, m = map(int, hhmm.split(":"))
    return dt.datetime(day.year, day.month, day.day, h, m, tzinfo=JKT)


def _check_in(emp, kind: str, hhmm: str, status: str, mode: str) -> None:
    at = _at(TODAY, hhmm)
    CheckIn.objects.create(
        client_uuid=uuid.uuid4(),
        employee=emp,
        kind=kind,
        device_time=at,
        received_at=at,
        work_date=TODAY,
        latitude=-6.2355,
        longitude=106.9925,
        accuracy_m=10,
        device_id="hp",
        expected_mode=mode,
        status=status,
        reasons=[] if status == "VALID" else ["outside_fence"],
    )


def _report(emp, day, status, validator, due, submitted_hhmm="16:30"):
    DailyReport.objects.create(
        employee=emp,
        day=day,
        status=status,
        work_mode="WFO",
        submitted_at=_at(day, submitted_hhmm),
        validator=validator,
        validation_due=due,
    )


@pytest.fixture
def day(city, time_machine):
    time_machine.move_to(NOW, tick=False)
    return build_day(city)


def build_day(c):
    """OPD A on 4 Feb 2026, 10:30 WIB.

    Bidang A: kepala (WFO, in 07:20), kabid (WFO, no check-in), staff1 = asn (WFH today and
    Friday, in 07:21), staff2 (leave). Seksi Dua, under kabid: staff3 (WFO, nothing), staff4
    (WFO, in 07:40 flagged), staff5 (WFO, nothing). OPD B: other (no schedule: WFO, nothing).
    """
    seksi = UnitFactory(opd=c.opd_a, name="Seksi Dua")
    pos = c.staff1.position
    c.staff3 = EmployeeFactory(unit=seksi, position=pos, supervisor=c.kabid, name="Staf Tiga")
    c.staff4 = EmployeeFactory(unit=seksi, position=pos, supervisor=c.kabid, name="Staf Empat")
    c.staff5 = EmployeeFactory(unit=seksi, position=pos, supervisor=c.kabid, name="Staf Lima")
    office_for(c.opd_a)
    HomeLocation.objects.create(
        employee=c.staff1, latitude=-6.25, longitude=106.98, radius_m=100, status="approved"
    )
    month = TODAY.replace(day=1)
    publish_manual(
        c.opd_a,
        month,
        {
            c.kepala: {},
            c.kabid: {},
            c.staff1: {TODAY: "WFH", FRI: "WFH"},
            c.staff2: {TODAY: "LEAVE"},
            c.staff3: {},
            c.staff4: {},
            c.staff5: {},
        },
    )
    _check_in(c.kepala, "in", "07:20", "VALID", "WFO")
    _check_in(c.staff1, "in", "07:21", "VALID", "WFH")
    _check_in(c.staff4, "in", "07:40", "FLAGGED", "WFO")
    # Waiting for kabid: staff1's Monday (due Tuesday: overdue), staff3's Tuesday (due Friday).
    _report(c.staff1, MON, "submitted", c.kabid, TUE)
    _report(c.staff3, TUE, "submitted", c.kabid, FRI)
    _report(c.staff4, TUE, "approved", c.kabid, FRI)
    # staff1 asked to move a WFH day (pending); staff3 asked for a correction (pending).
    ChangeRequest.objects.create(
        kind="move", requester=c.staff1, day=FRI, other_day=THU, status="pending"
    )
    CorrectionRequest.objects.create(
        employee=c.staff3,
        work_date=TUE,
        kind="forgot_in",
        time_in=dt.time(7, 30),
        reason="Lupa presensi",
        status="pending",
    )
    SpotCheck.objects.create(
        day=TODAY,
        atasan=c.kabid,
        employee=c.staff1,
        call_url="https://rapat.example/a",
        proposed_at=_at(TODAY, "07:00"),
    )
    SpotCheck.objects.create(
        day=TODAY,
        atasan=c.kabid,
        employee=c.staff4,
        call_url="https://rapat.example/b",
        proposed_at=_at(TODAY, "07:00"),
        status="reached",
    )
    meeting = Meeting.objects.create(
        title="Rapat koordinasi internal DinasA",
        organiser_opd=c.opd_a,
        weekdays=[2, 3],
        start_time=dt.time(13, 30),
        duration_minutes=60,
        start_date=month,
        end_date=dt.date(2026, 2, 28),
        video_url="https://rapat.example/r",
    )
    other = Meeting.objects.create(
        title="Rapat kota",
        organiser_opd=c.opd_b,
        weekdays=[2],
        start_time=dt.time(13, 0),
        start_date=month,
        end_date=dt.date(2026, 2, 28),
        video_url="https://rapat.example/k",
    )
    other.invited_opds.set([c.opd_a])
    for series, when, status in (
        (meeting, _at(TODAY, "08:00"), "held"),  # already over
        (other, _at(TODAY, "13:00"), "cancelled"),
        (meeting, _at(THU, "13:30"), "scheduled"),
        (meeting, _at(FRI, "13:30"), "scheduled"),
    ):
        MeetingOccurrence.objects.create(
            meeting=series,
            date=timezone.localdate(when),
            starts_at=when,
            ends_at=when + dt.timedelta(hours=1),
            status=status,
        )
    plan = AuditPlan.objects.create(
        title="Audit", period_start=MON, period_end=FRI, sample_size=1, status="sampled"
    )
    for title, due, status in (
        ("Lewat batas", TUE, "open"),
        ("Segera", TODAY + dt.timedelta(days=3), "in_progress"),
        ("Nanti", TODAY + dt.timedelta(days=30), "open"),
        ("Selesai", TUE, "closed"),
    ):
        Finding.objects.create(
            plan=plan,
            opd=c.opd_a,
            title=title,
            condition="k",
            severity="low",
            recommendation="r",
            due_date=due,
            status=status,
        )
    monitoring.refresh_daily_summary(actor=None, start=TODAY, end=TODAY)
    return c


def _section(user, key):
    return dict(home.today_sections(user)["sections"])[key]


def test_asn_sees_mode_place_check_in_report_week_meeting_and_requests(day):
    """Rule: the ASN's day: WFH at the registered home, in at 07.21 WIB, no check-out yet,
    report not written (deadline 23.59 WIB), WFH Wed and Fri, next meeting Thursday 13.30
    (today's are over or cancelled), one own pending request."""
    s = _section(day.users["asn"], "asn")
    assert s["mode"] == "WFH"
    assert s["mode_label"] == "WFH (kerja dari rumah)"
    assert s["places"] == ["Rumah terdaftar"]
    assert (s["check_in"], s["check_out"], s["flagged"]) == ("07.21 WIB", "", 0)
    assert (s["report_state"], s["deadline"]) == ("Belum ditulis", "23.59 WIB")
    assert s["wfh_days"] == ["Rabu 4/2", "Jumat 6/2"]
    assert s["meeting_when"] == "Kamis 5/2, 13.30 WIB"
    assert (s["requests"], s["swaps"], s["corrections"], s["pending_total"]) == (1, 0, 0, 1)
    assert set(dict(home.today_sections(day.users["asn"])["sections"])) == {"asn"}


def test_atasan_sees_team_groups_with_names_inbox_requests_and_spot_checks(day):
    """Rule: team today by group with names; the oldest waiting report is staff1's Monday,
    past its validation date; one correction waiting; one spot check still to make."""
    sections = dict(home.today_sections(day.users["atasan"])["sections"])
    assert set(sections) == {"asn", "atasan"}  # an atasan is an ASN too
    s = sections["atasan"]
    groups = {g["key"]: (g["count"], g["names"]) for g in s["groups"]}
    assert groups == {
        "wfo": (3, ["Staf Empat", "Staf Lima", "Staf Tiga"]),
        "wfh": (1, ["Staf Satu"]),
        "field": (0, []),
        "leave": (1, ["Staf Dua"]),
        "missing": (2, ["Staf Lima", "Staf Tiga"]),
        "flagged": (1, ["Staf Empat"]),
    }
    assert s["size"] == 5
    assert (s["inbox"], s["oldest"].employee.name, s["oldest_day"]) == (2, "Staf Satu", "Senin 2/2")
    assert s["oldest_overdue"] is True
    assert s["requests"] == 2  # staff1's move and staff3's correction
    assert s["spot_checks"] == 1


def test_opd_admin_sees_own_opd_today_with_units_under_coverage(day):
    """Rule: OPD A: 7 planned, 6 expected (staff2 on leave), 1 WFH, 3 checked in (kepala,
    staff1, staff4), 1 flagged; Seksi Dua has 1 of 3 checked in (< half), Bidang A 2 of 3;
    one report past its validation date."""
    s = _section(day.users["opd_admin"], "opd")
    assert (s["planned"], s["expected"], s["wfh"], s["wfo"], s["leave"]) == (7, 6, 1, 5, 1)
    assert (s["checked_in"], s["flagged"]) == (3, 1)
    assert s["under"]["names"] == ["Seksi Dua"]
    assert s["late_validations"] == 1
    assert "city" not in dict(home.today_sections(day.users["opd_admin"])["sections"])


def test_bkpsdm_sees_the_city_and_inspektorat_also_the_findings(day):
    """Rule: the city adds OPD B (1 expected, none in: under half); Inspektorat sees 3 open
    findings, one overdue (due Tuesday), one due within 14 days; the closed one not at all."""
    city = _section(day.users["bkpsdm"], "city")
    assert (city["expected"], city["checked_in"]) == (7, 3)
    assert city["under"]["names"] == ["DinasB"]
    assert city["late_validations"] == 1
    sections = dict(home.today_sections(day.users["inspektorat"])["sections"])
    assert set(sections) == {"city", "audit"}
    audit = sections["audit"]
    assert (audit["open"], audit["overdue"], audit["due_soon"]) == (3, 1, 1)
    assert audit["next_due"].title == "Lewat batas"


def test_coverage_is_not_judged_before_nine(day, time_machine):
    """Rule: at 08:00 nobody is counted under coverage yet; the card says when it starts."""
    time_machine.move_to(_at(TODAY, "08:00"), tick=False)
    s = _section(day.users["opd_admin"], "opd")
    assert s["assess"] is False and s["under"]["count"] == 0


def test_home_page_links_every_figure_and_shows_no_codes(day):
    """Rule: the page shows the WIB times and Indonesian labels, each card links to its page,
    and no internal code (WFH alone is the label's own word) reaches the page."""
    html = client_for(day.users["atasan"]).get("/").content.decode()
    for text in (
        "Belum presensi masuk",
        "Staf Lima, Staf Tiga",
        "Terlama: Staf Satu, Senin 2/2",
        'href="/laporan/validasi/"',
        'href="/meetings/uji-petik/"'.replace("meetings", "rapat"),
        'href="/pemantauan/tim/"',
    ):
        assert text in html
    for code in ("FLAGGED", "outside_fence", "LEAVE", "submitted"):
        assert code not in html
    asn = client_for(day.users["asn"]).get("/").content.decode()
    assert "Masuk 07.21 WIB" in asn
    assert 'href="/laporan/tulis/2026-02-04/"' in asn
