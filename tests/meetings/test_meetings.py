"""Coordination meetings: series, check-in window, confirmation, weekly compliance, access."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from hibrida.audit.models import AuditEvent
from hibrida.meetings import selectors, services
from hibrida.meetings.models import AttendanceStatus, MeetingAttendance, OccurrenceStatus
from hibrida.policy.calendar import is_working_day
from tests.conftest import client_for
from tests.factories import make_user, publish_manual

MONDAY = dt.date(2026, 3, 2)


def make_meeting(city, actor=None, **kw):
    args = dict(
        actor=actor or city.users["opd_admin"],
        title="Rakor mingguan",
        organiser_opd=city.opd_a,
        weekdays=[0, 3],
        start_time=dt.time(9, 0),
        start_date=MONDAY,
        end_date=MONDAY + dt.timedelta(days=27),
    )
    args.update(kw)
    return services.create_meeting(**args)


def test_rule_weekly_rule_creates_occurrences_and_a_jitsi_room(city, settings):
    """Rule: Mon+Thu for four weeks gives a sitting on each of those days that is a working
    day (holidays skipped); no pasted link → a Jitsi room on the configured base URL with a
    random name; one audit event per series."""
    settings.HIBRIDA_MEETING_BASE_URL = "https://meet.example.go.id/"
    before = AuditEvent.objects.count()
    meeting = make_meeting(city)
    dates = list(meeting.occurrences.values_list("date", flat=True))
    expected = [
        MONDAY + dt.timedelta(days=i)
        for i in range(28)
        if (MONDAY + dt.timedelta(days=i)).weekday() in (0, 3)
        and is_working_day(MONDAY + dt.timedelta(days=i))
    ]
    assert dates == expected and len(expected) >= 6
    assert meeting.video_url.startswith("https://meet.example.go.id/Hibrida-")
    assert make_meeting(city).video_url != meeting.video_url
    assert AuditEvent.objects.count() == before + 2


def test_rule_bad_series_is_refused_with_field_messages(city):
    with pytest.raises(ValidationError) as err:
        make_meeting(
            city, title="", weekdays=[], end_date=MONDAY - dt.timedelta(days=1), video_url="ftp://x"
        )
    assert {"title", "weekdays", "end_date", "video_url"} <= set(err.value.message_dict)


def test_rule_inspektorat_and_other_opd_cannot_organise(city):
    with pytest.raises(PermissionDenied):
        make_meeting(city, actor=city.users["inspektorat"])
    other_admin = make_user(None, "opd_admin", city.opd_b)
    with pytest.raises(ValidationError) as err:
        make_meeting(city, actor=other_admin)
    assert "organiser_opd" in err.value.message_dict


def test_rule_self_check_in_only_during_window_and_only_when_invited(city):
    meeting = make_meeting(city)
    occ = meeting.occurrences.first()
    asn = city.users["asn"]
    with pytest.raises(ValidationError):
        services.check_in(actor=asn, occurrence=occ, now=occ.starts_at - dt.timedelta(hours=1))
    att = services.check_in(actor=asn, occurrence=occ, now=occ.starts_at + dt.timedelta(minutes=5))
    again = services.check_in(
        actor=asn, occurrence=occ, now=occ.starts_at + dt.timedelta(minutes=6)
    )
    assert att.pk == again.pk and att.status == AttendanceStatus.CHECKED_IN
    outsider = make_user(city.other)
    with pytest.raises(ValidationError):
        services.check_in(actor=outsider, occurrence=occ, now=occ.starts_at)


def test_rule_only_organiser_confirms(city):
    occ = make_meeting(city).occurrences.first()
    att = services.check_in(actor=city.users["asn"], occurrence=occ, now=occ.starts_at)
    with pytest.raises(PermissionDenied):
        services.confirm_attendance(actor=city.users["asn"], attendance=att, accept=True)
    att = services.confirm_attendance(actor=city.users["opd_admin"], attendance=att, accept=True)
    assert att.status == AttendanceStatus.CONFIRMED


def _attend(occ, employee, status=AttendanceStatus.CONFIRMED):
    MeetingAttendance.objects.create(
        occurrence=occ, employee=employee, checked_in_at=occ.starts_at, status=status
    )


def test_rule_compliance_counts_meetings_held_or_joined_per_iso_week(city):
    """Rule: an OPD with WFH complies with ≥ 2 distinct meetings held (organised, minutes
    recorded) or joined (attendance not rejected) in the ISO week; counts are exact."""
    meeting = make_meeting(city)  # organised by OPD A, Mon + Thu
    week1 = list(meeting.occurrences.filter(date__lt=MONDAY + dt.timedelta(days=7)))
    assert len(week1) == 2
    # Week 1: OPD A holds one sitting (minutes) — not yet compliant.
    week1[0].status = OccurrenceStatus.HELD
    week1[0].save()
    rows = {r["opd"].pk: r for r in selectors.meeting_compliance(city.users["bkpsdm"], MONDAY)}
    assert rows[city.opd_a.pk]["meetings"] == 1 and not rows[city.opd_a.pk]["compliant"]
    # OPD B joins the second sitting; OPD A's own staff also join it (counted once).
    _attend(week1[1], city.other)
    _attend(week1[1], city.staff1)
    _attend(week1[0], city.staff2)  # same sitting as the held one: still one
    rows = {r["opd"].pk: r for r in selectors.meeting_compliance(city.users["bkpsdm"], MONDAY)}
    assert rows[city.opd_a.pk]["meetings"] == 2 and rows[city.opd_a.pk]["compliant"]
    # OPD B is frontline (no WFH without a roster): counted, not assessed.
    assert rows[city.opd_b.pk]["meetings"] == 1 and not rows[city.opd_b.pk]["has_wfh"]
    assert rows[city.opd_b.pk]["compliant"]
    # A rejected attendance does not count; another week counts separately.
    week2 = selectors.meeting_compliance(city.users["bkpsdm"], MONDAY + dt.timedelta(days=7))
    assert {r["opd"].pk: r["meetings"] for r in week2}[city.opd_a.pk] == 0


def test_rule_compliance_uses_the_roster_when_there_is_one(city):
    """Rule: with a published schedule, only OPDs with a WFH day that week are assessed."""
    publish_manual(city.opd_b, MONDAY.replace(day=1), {city.other: {MONDAY: "WFH"}})
    rows = {r["opd"].pk: r for r in selectors.meeting_compliance(city.users["bkpsdm"], MONDAY)}
    assert rows[city.opd_b.pk]["has_wfh"] and not rows[city.opd_b.pk]["compliant"]
    assert not rows[city.opd_a.pk]["has_wfh"]


def test_rule_opd_admin_sees_only_own_opd_compliance_and_meetings(city):
    meeting = make_meeting(city)
    other_admin = make_user(None, "opd_admin", city.opd_b)
    rows = selectors.meeting_compliance(other_admin, MONDAY)
    assert [r["opd"].pk for r in rows] == [city.opd_b.pk]
    response = client_for(other_admin).get(f"/rapat/{meeting.pk}/")
    assert response.status_code == 404


def test_rule_index_page_warns_about_non_compliant_opds(city):
    make_meeting(city)
    response = client_for(city.users["opd_admin"]).get(f"/rapat/?minggu={MONDAY}")
    assert response.status_code == 200
    assert "compliance-warnings" in response.content.decode()


# Tuesday 3 February 2026, 07:00 WIB (inside the 00:00–08:00 sitting): a working day
# whatever day the tests run.
TUESDAY_7 = dt.datetime(2026, 2, 3, 7, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))


@time_machine.travel(TUESDAY_7, tick=False)
def test_rule_api_create_and_check_in(city, api_headers):
    from django.test import Client

    client = Client()
    payload = {
        "title": "Rakor API",
        "organiser_opd": city.opd_a.pk,
        "weekdays": [1],
        "start_time": "00:00",
        "duration_minutes": 480,
        "start_date": "2026-02-03",
        "end_date": "2026-02-03",
    }
    r = client.post(
        "/api/v1/meetings/meetings",
        payload,
        content_type="application/json",
        **api_headers(city.users["opd_admin"]),
    )
    assert r.status_code == 201, r.content
    asn = api_headers(city.users["asn"])
    sittings = client.get("/api/v1/meetings/occurrences?start=2026-02-03&end=2026-02-03", **asn)
    [sitting] = sittings.json()
    assert (sitting["meeting_id"], sitting["date"]) == (r.json()["id"], "2026-02-03")
    attended = client.post(f"/api/v1/meetings/occurrences/{sitting['id']}/check-in", **asn)
    assert attended.status_code == 200, attended.content
    bad = client.post(
        "/api/v1/meetings/meetings",
        {**payload, "weekdays": []},
        content_type="application/json",
        **api_headers(city.users["opd_admin"]),
    )
    assert bad.status_code == 422
    assert any(e["field"] == "weekdays" for e in bad.json()["errors"])
    refused = client.post(
        "/api/v1/meetings/meetings",
        payload,
        content_type="application/json",
        **api_headers(city.users["inspektorat"]),
    )
    assert refused.status_code == 403


def test_rule_minutes_by_organiser_mark_the_sitting_held(city):
    occ = make_meeting(city).occurrences.first()  # in the past (March 2026 < today)
    with pytest.raises(PermissionDenied):
        services.record_minutes(actor=city.users["asn"], occurrence=occ, minutes="x")
    with pytest.raises(ValidationError):
        services.record_minutes(actor=city.users["opd_admin"], occurrence=occ, minutes=" ")
    occ = services.record_minutes(
        actor=city.users["opd_admin"], occurrence=occ, minutes="Evaluasi laporan harian."
    )
    assert occ.status == OccurrenceStatus.HELD
    rows = {r["opd"].pk: r for r in selectors.meeting_compliance(city.users["bkpsdm"], occ.date)}
    assert rows[city.opd_a.pk]["meetings"] == 1


def test_rule_attendee_names_reach_the_organiser_side_and_who_may_see_the_person(city):
    """A name with a check-in time is a personal record: Diskominfostandi (aggregates only)
    sees the sitting but no attendee; an ASN sees only themself; the organising OPD all."""
    occ = make_meeting(city).occurrences.first()
    _attend(occ, city.staff1)
    _attend(occ, city.staff2)
    seen = {
        role: [a.employee.name for a in selectors.attendance_list(city.users[role], occ)]
        for role in ("opd_admin", "bkpsdm", "asn", "diskominfo")
    }
    assert seen == {
        "opd_admin": ["Staf Dua", "Staf Satu"],
        "bkpsdm": ["Staf Dua", "Staf Satu"],
        "asn": ["Staf Satu"],
        "diskominfo": [],
    }
    page = client_for(city.users["diskominfo"]).get(f"/rapat/sesi/{occ.pk}/")
    assert page.status_code == 200
    assert "Staf Satu" not in page.content.decode()


def test_a_broken_calendar_fails_the_meeting_instead_of_weekday_sittings(city, monkeypatch):
    """Rule: sittings fall on the city's working days; when the calendar fails, creating the
    series fails and nothing is stored (the old adapter scheduled on Monday–Friday)."""
    from hibrida.meetings.models import Meeting

    def broken(start, end):
        raise RuntimeError("kalender rusak")

    monkeypatch.setattr("hibrida.policy.calendar.days_off", broken)
    with pytest.raises(RuntimeError, match="kalender rusak"):
        make_meeting(city)
    assert not Meeting.objects.exists()
