"""Reads of meetings and spot checks, always scoped to the viewer through org/access.py."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hibrida.org import access
from hibrida.org.models import Employee, Opd, OpdClass, User
from hibrida.presence import random_checks
from hibrida.roster.modes import WorkMode
from hibrida.roster.selectors import planned_modes

from .models import (
    AttendanceStatus,
    Meeting,
    MeetingAttendance,
    MeetingOccurrence,
    OccurrenceStatus,
    SpotCheck,
    SpotCheckOutcome,
)

# The city's commitment: each OPD with WFH holds or joins at least two meetings per ISO week.
MIN_MEETINGS_PER_WEEK = 2


def week_start_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def visible_meetings(viewer: User) -> QuerySet[Meeting]:
    """Meetings organised by, or inviting, an OPD/unit the viewer may see."""
    scope = access.scope_for(viewer)
    qs = Meeting.objects.select_related("organiser_opd")
    if scope.city_reader or scope.has(access.Role.DISKOMINFO):
        return qs
    opd_ids = list(access.visible_opds(viewer).values_list("id", flat=True))
    cond = Q(organiser_opd_id__in=opd_ids) | Q(invited_opds__in=opd_ids)
    if scope.employee_id:
        unit_id = Employee.objects.filter(pk=scope.employee_id).values_list("unit_id", flat=True)
        cond |= Q(invited_units__in=list(unit_id))
    return qs.filter(cond).distinct()


def get_meeting(viewer: User, pk: int) -> Meeting:
    meeting = visible_meetings(viewer).filter(pk=pk).first()
    if meeting is None:
        raise Http404("Rapat tidak ditemukan.")
    return meeting


def get_occurrence(viewer: User, pk: int) -> MeetingOccurrence:
    occ = (
        MeetingOccurrence.objects.select_related("meeting", "meeting__organiser_opd")
        .filter(pk=pk, meeting__in=visible_meetings(viewer))
        .first()
    )
    if occ is None:
        raise Http404("Sesi rapat tidak ditemukan.")
    return occ


def get_attendance(viewer: User, pk: int) -> MeetingAttendance:
    att = MeetingAttendance.objects.select_related("occurrence__meeting").filter(pk=pk).first()
    if att is None or not visible_meetings(viewer).filter(pk=att.occurrence.meeting_id).exists():
        raise Http404("Kehadiran tidak ditemukan.")
    return att


def upcoming_occurrences(viewer: User, start: dt.date, end: dt.date) -> QuerySet[MeetingOccurrence]:
    return (
        MeetingOccurrence.objects.filter(
            meeting__in=visible_meetings(viewer), date__gte=start, date__lte=end
        )
        .select_related("meeting", "meeting__organiser_opd")
        .annotate(
            attendees=Count("attendances", filter=~Q(attendances__status=AttendanceStatus.REJECTED))
        )
        .order_by("starts_at")
    )


def attendance_list(viewer: User, occurrence: MeetingOccurrence) -> list[MeetingAttendance]:
    """Attendees of a visible sitting: all of them for the organising side (who confirms
    attendance), otherwise only the people ``viewer`` may see — a name with a check-in time is
    a personal record, so an aggregates-only role sees none."""
    occurrence = get_occurrence(viewer, occurrence.pk)
    meeting = occurrence.meeting
    rows = occurrence.attendances.select_related("employee", "employee__opd")
    organising = meeting.organiser_id == access.scope_for(viewer).user_id or (
        access.can_manage_opd(viewer, meeting.organiser_opd_id)
    )
    if not organising:
        rows = rows.filter(employee__in=access.visible_employees(viewer))
    return list(rows.order_by("employee__name"))


def meeting_compliance(viewer: User, week_start: dt.date) -> list[dict]:
    """Per visible OPD: distinct meetings held or joined in the ISO week and compliance.

    *Held*: a sitting of a meeting the OPD organised that is marked held (minutes recorded).
    *Joined*: a sitting that someone from the OPD attended (check-in not rejected by the
    organiser). Only OPDs with WFH that week are assessed; the others are listed with
    ``has_wfh=False`` and count as compliant. Which OPDs have WFH comes from the published
    schedule; without one, every OPD not in the frontline class is assumed to have WFH
    (``basis`` says which rule applied). ``week_over`` is False while the week still runs.
    """
    week_start = week_start_of(week_start)
    week_end = week_start + dt.timedelta(days=6)
    opds = list(access.visible_opds(viewer).filter(is_active=True).order_by("name"))
    ids = [o.pk for o in opds]
    held = MeetingOccurrence.objects.filter(
        date__gte=week_start,
        date__lte=week_end,
        status=OccurrenceStatus.HELD,
        meeting__organiser_opd_id__in=ids,
    ).values_list("id", "meeting__organiser_opd_id")
    joined = (
        MeetingAttendance.objects.filter(
            occurrence__date__gte=week_start,
            occurrence__date__lte=week_end,
            employee__opd_id__in=ids,
        )
        .exclude(status=AttendanceStatus.REJECTED)
        .exclude(occurrence__status=OccurrenceStatus.CANCELLED)
        .values_list("occurrence_id", "employee__opd_id")
        .distinct()
    )
    per_opd: dict[int, set[int]] = defaultdict(set)
    for occ_id, opd_id in list(held) + list(joined):
        per_opd[opd_id].add(occ_id)
    wfh = wfh_opd_ids(ids, week_start, week_end)
    basis = "jadwal rotasi" if wfh is not None else "kelas OPD (jadwal belum tersedia)"
    # A week still running can be caught up; the page words its warning accordingly.
    week_over = timezone.localdate() > week_end
    rows = []
    for opd in opds:
        has_wfh = (
            (opd.pk in wfh) if wfh is not None else (opd.opd_class != OpdClass.PELAYANAN_LANGSUNG)
        )
        count = len(per_opd.get(opd.pk, ()))
        rows.append(
            {
                "opd": opd,
                "meetings": count,
                "has_wfh": has_wfh,
                "compliant": (count >= MIN_MEETINGS_PER_WEEK) if has_wfh else True,
                "basis": basis,
                "week_over": week_over,
            }
        )
    return rows


def compliance_warnings(viewer: User, week_start: dt.date) -> list[dict]:
    return [r for r in meeting_compliance(viewer, week_start) if not r["compliant"]]


# --- spot checks -------------------------------------------------------------------------


def visible_spot_checks(viewer: User) -> QuerySet[SpotCheck]:
    """Spot checks of employees the viewer may see, plus those the viewer must make.

    An employee never sees their own call before it is recorded: knowing in the morning that
    one will be called today would defeat the unpredictable draw.
    """
    scope = access.scope_for(viewer)
    qs = SpotCheck.objects.select_related("employee", "atasan", "employee__opd")
    if scope.city_reader:
        if scope.employee_id is None:
            return qs
        return qs.exclude(employee_id=scope.employee_id, status=SpotCheckOutcome.PENDING)
    cond = Q(employee__in=access.visible_employees(viewer))
    if scope.employee_id:
        cond |= Q(atasan_id=scope.employee_id)
    qs = qs.filter(cond)
    if scope.employee_id:
        qs = qs.exclude(employee_id=scope.employee_id, status=SpotCheckOutcome.PENDING)
    return qs


def my_spot_checks(viewer: User, day: dt.date) -> QuerySet[SpotCheck]:
    """Calls the viewer (as atasan) is asked to make on ``day``."""
    scope = access.scope_for(viewer)
    if not scope.employee_id:
        return SpotCheck.objects.none()
    return (
        SpotCheck.objects.filter(atasan_id=scope.employee_id, day=day)
        .select_related("employee", "employee__unit")
        .order_by("employee__name")
    )


def with_presence_evidence(viewer: User, calls: Iterable[SpotCheck]) -> list[SpotCheck]:
    """The calls, each with ``presence_evidence``: the employee's random presence checks of
    that day (asked ones only) as the atasan may see them; None for someone not visible."""
    rows = list(calls)
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for sc in rows:
        by_day[sc.day].append(sc.employee_id)
    found = {
        (day, emp): item
        for day, ids in by_day.items()
        for emp, item in random_checks.evidence(viewer, ids, day).items()
    }
    for sc in rows:
        sc.presence_evidence = found.get((sc.day, sc.employee_id))  # type: ignore[attr-defined]
    return rows


def get_spot_check(viewer: User, pk: int) -> SpotCheck:
    sc = visible_spot_checks(viewer).filter(pk=pk).first()
    if sc is None:
        raise Http404("Uji petik tidak ditemukan.")
    return sc


def _missed_q(today: dt.date) -> Q:
    # A call never made by the end of its day is a miss just like a call that did not connect.
    return Q(status=SpotCheckOutcome.NOT_REACHED) | Q(
        status=SpotCheckOutcome.PENDING, day__lt=today
    )


def spot_check_rates(
    viewer: User, start: dt.date, end: dt.date, *, by: str = "opd", today: dt.date | None = None
) -> list[dict]:
    """Per OPD (``by="opd"``) or per atasan (``by="atasan"``): proposed, done, reached, missed.

    ``done_rate`` = calls recorded / proposed; ``reach_rate`` = reached / recorded.
    """
    today = today or timezone.localdate()
    group = "employee__opd_id" if by == "opd" else "atasan_id"
    rows = (
        visible_spot_checks(viewer)
        .filter(day__gte=start, day__lte=end)
        .values(group)
        .annotate(
            proposed=Count("id"),
            reached=Count("id", filter=Q(status=SpotCheckOutcome.REACHED)),
            not_reached=Count("id", filter=Q(status=SpotCheckOutcome.NOT_REACHED)),
            overdue=Count("id", filter=Q(status=SpotCheckOutcome.PENDING, day__lt=today)),
        )
        .order_by(group)
    )
    model = Opd if by == "opd" else Employee
    names = {
        o.pk: str(o) if by == "opd" else o.name
        for o in model.objects.filter(pk__in=[r[group] for r in rows])
    }
    out = []
    for r in rows:
        done = r["reached"] + r["not_reached"]
        out.append(
            {
                "key": r[group],
                "name": names.get(r[group], "-"),
                "proposed": r["proposed"],
                "done": done,
                "reached": r["reached"],
                "not_reached": r["not_reached"],
                "overdue": r["overdue"],
                "missed": r["not_reached"] + r["overdue"],
                "done_rate": done / r["proposed"] if r["proposed"] else None,
                "reach_rate": r["reached"] / done if done else None,
            }
        )
    return out


def missed_spot_checks(
    viewer: User, start: dt.date, end: dt.date, today: dt.date | None = None
) -> QuerySet[SpotCheck]:
    """Calls that did not connect or were never made, within the viewer's scope."""
    today = today or timezone.localdate()
    return (
        visible_spot_checks(viewer)
        .filter(day__gte=start, day__lte=end)
        .filter(_missed_q(today))
        .order_by("-day")
    )


def wfh_employee_ids(employee_ids: list[int], day: dt.date) -> set[int] | None:
    """Who among ``employee_ids`` is planned to work from home on ``day``; None when nothing
    is published for them that day (unknown, not "everyone at the office")."""
    modes = planned_modes(employee_ids, day, day)
    if not modes:
        return None
    return {emp for (emp, d), mode in modes.items() if d == day and mode == WorkMode.WFH}


def wfh_opd_ids(opd_ids: list[int], start: dt.date, end: dt.date) -> set[int] | None:
    """OPDs with at least one planned WFH day in [start, end] (None: nothing published).

    One bulk read of the schedule: probing OPD by OPD with early exit was measured slower,
    as each ``planned_modes`` call has a fixed cost that the early exits do not repay.
    """
    people = Employee.objects.filter(opd_id__in=opd_ids, is_active=True)
    modes = planned_modes(people, start, end)
    if not modes:  # nothing published for the week: unknown, not "no WFH anywhere"
        return None
    opd_of = dict(people.values_list("id", "opd_id"))
    return {
        opd_of[emp] for (emp, _d), mode in modes.items() if mode == WorkMode.WFH and emp in opd_of
    }
