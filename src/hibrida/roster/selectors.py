"""Reads of schedules: what is planned for whom, review data, fairness, requests.

``planned_mode`` / ``planned_modes`` are the contract other apps use: the latest published version
with the overlay of approved requests and leave / dinas luar entries.
"""

from __future__ import annotations

import calendar as pycal
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from hibrida.org import access
from hibrida.org.access import Role
from hibrida.org.models import Employee, Opd, OpdClass, User
from hibrida.policy.calendar import days_off

from . import fairness
from .models import (
    CODE_MODES,
    MODE_LABELS,
    Absence,
    ChangeRequest,
    DayOverride,
    RequestStatus,
    Schedule,
    ScheduleRow,
    ScheduleStatus,
)
from .modes import WorkMode
from .planning import decode_modes, month_end

ID_CHUNK = 5000  # stays far below SQLite's limit on query parameters
# One letter per mode in the schedule grid (its legend is under the grid); the label is the
# cell's tooltip.
GRID_LETTERS: dict[str, str] = {
    WorkMode.WFH: "H",
    WorkMode.WFO: "O",
    WorkMode.FIELD: "L",
    WorkMode.LEAVE: "C",
    WorkMode.DUTY: "D",
}


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    out, m = [], start.replace(day=1)
    while m <= end:
        out.append(m)
        m = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def planned_modes(
    employee_ids: Iterable[int] | QuerySet[Employee], start: dt.date, end: dt.date
) -> dict[tuple[int, dt.date], str]:
    """{(employee id, day): "WFO"|"WFH"|"FIELD"|"LEAVE"|"DUTY"} for planned working days.

    One query for the published rows and one for the overlay per 5,000 employees, or one each
    for a queryset of employees (a subquery: a city-wide caller binds no 12,000 parameters).
    Days with no published plan (and no leave/duty entry) are absent from the result.
    """
    if isinstance(employee_ids, QuerySet):
        chunks: list[Any] = [employee_ids.values("pk")]
    else:
        ids = sorted({int(i) for i in employee_ids})
        chunks = [ids[lo : lo + ID_CHUNK] for lo in range(0, len(ids), ID_CHUNK)]
    result: dict[tuple[int, dt.date], str] = {}
    ends: dict[dt.date, dt.date] = {}
    for chunk in chunks:
        # The version in force per (employee, month); its publication time is read only for
        # the few person-months with an overlay entry (a datetime per row costs more).
        version: dict[tuple[int, dt.date], int] = {}
        rows = (
            ScheduleRow.objects.filter(
                employee_id__in=chunk,
                schedule__status=ScheduleStatus.PUBLISHED,
                schedule__month__gte=start.replace(day=1),
                schedule__month__lte=end,
            )
            .order_by("schedule__published_at")
            .values_list("employee_id", "schedule__month", "modes", "schedule_id")
        )
        for emp_id, month, modes, schedule_id in rows:
            version[(emp_id, month)] = schedule_id
            if month not in ends:
                ends[month] = month_end(month)
            # Only the days of the window: a team's day reads one letter of each month.
            first = (max(start, month) - month).days
            last = min((min(end, ends[month]) - month).days, len(modes) - 1)
            for i in range(first, last + 1):
                coded = CODE_MODES.get(modes[i])
                if coded:
                    result[(emp_id, month + dt.timedelta(days=i))] = coded
        overlay = list(
            DayOverride.objects.filter(employee_id__in=chunk, day__gte=start, day__lte=end)
            .order_by("created_at", "pk")
            .values_list("employee_id", "day", "mode", "absence_id", "created_at")
        )
        if not overlay:
            continue
        wanted = {version.get((e, d.replace(day=1))) for e, d, *_ in overlay} - {None}
        published_at = dict(
            Schedule.objects.filter(pk__in=wanted).values_list("pk", "published_at")
        )
        entries: dict[tuple[int, dt.date], list[tuple[str, bool, bool]]] = defaultdict(list)
        for emp_id, day, mode, absence_id, created in overlay:
            pub = published_at.get(version.get((emp_id, day.replace(day=1)), 0))
            entries[(emp_id, day)].append(
                (mode, absence_id is not None, pub is not None and created >= pub)
            )
        for key, items in entries.items():
            planned = apply_overlay(result.get(key), items)
            if planned:
                result[key] = planned
    return result


def apply_overlay(mode: str | None, overlay: Iterable[tuple[str, bool, bool]]) -> str | None:
    """The planned mode of one person-day from the published ``mode`` (None: nothing published)
    and its overlay entries in the order they were made, each (mode, is leave/duty, made after
    the publication of the version in force).

    An approved change counts only when made after that version was published (a re-plan
    already includes earlier ones); leave and duty are facts and win over any plan or change.
    """
    absence = None
    for new, is_absence, after_publication in overlay:
        if is_absence:
            absence = new
        elif after_publication:
            mode = new
    return absence or mode


def planned_mode(employee_id: int, day: dt.date) -> str | None:
    """The planned mode of one employee on one day; None when nothing is published."""
    return planned_modes([employee_id], day, day).get((int(employee_id), day))


# --- schedules for admins -------------------------------------------------------------------


def _schedule_opds(viewer: User) -> QuerySet[Opd]:
    scope = access.scope_for(viewer)
    if scope.city_reader:
        return access.visible_opds(viewer)
    return access.manageable_opds(viewer)


def schedule_list(viewer: User, *, month: dt.date | None = None) -> QuerySet[Schedule]:
    """Schedule versions of the OPDs the viewer administers (city readers: all)."""
    qs = Schedule.objects.filter(opd__in=_schedule_opds(viewer)).select_related("opd")
    if month is not None:
        qs = qs.filter(month=month)
    return qs.exclude(status=ScheduleStatus.DISCARDED)


def get_schedule(viewer: User, pk: int) -> Schedule:
    """One schedule version; another OPD's schedule is 404 for an OPD admin."""
    schedule = schedule_list(viewer).filter(pk=pk).first()
    if schedule is None:
        raise Http404("Jadwal tidak ditemukan.")
    return schedule


def schedule_review(
    viewer: User, schedule: Schedule, *, unit_id: int | None = None
) -> dict[str, Any]:
    """Fairness report, coverage and the per-unit grid of one version."""
    schedule = get_schedule(viewer, schedule.pk)
    days = [dt.date.fromisoformat(d) for d in schedule.days]
    rows = ScheduleRow.objects.filter(schedule=schedule).select_related("employee", "unit")
    units = sorted({(r.unit_id, r.unit.name) for r in rows}, key=lambda x: x[1])
    if unit_id is None and units:
        unit_id = units[0][0]
    grid = []
    for r in rows:
        if r.unit_id != unit_id:
            continue
        modes = decode_modes(schedule.month, r.modes)
        why = schedule.report.get("shortfall_reasons", {}).get(str(r.employee_id), "")
        day_modes = [modes.get(d, "") for d in days]
        cells = [
            (m, GRID_LETTERS.get(m, ""), MODE_LABELS[WorkMode(m)] if m in GRID_LETTERS else "")
            for m in day_modes
        ]
        grid.append({"row": r, "modes": day_modes, "cells": cells, "why": why})
    grid.sort(key=lambda g: g["row"].employee.name)
    today = timezone.localdate()
    return {
        "schedule": schedule,
        "days": days,
        "today": today,
        # The grid's cells carry modes only: today's column is found by its position.
        "today_index": days.index(today) if today in days else None,
        "report": schedule.report,
        "units": units,
        "unit_id": unit_id,
        "grid": grid,
        "can_publish": schedule.status == ScheduleStatus.DRAFT
        and access.can_manage_opd(viewer, schedule.opd_id)
        and not access.scope_for(viewer).read_only,
    }


# --- the employee's own month ---------------------------------------------------------------


def any_published(opd_ids: Iterable[int], start: dt.date, end: dt.date) -> bool:
    """Whether any of ``opd_ids`` has a published schedule for a month of [start, end]."""
    return Schedule.objects.filter(
        opd_id__in=list(opd_ids),
        status=ScheduleStatus.PUBLISHED,
        month__gte=start.replace(day=1),
        month__lte=end,
    ).exists()


def in_force(opd_id: int, month: dt.date) -> Schedule | None:
    return Schedule.objects.filter(
        opd_id=opd_id, month=month, status=ScheduleStatus.PUBLISHED
    ).first()


def my_month(viewer: User, month: dt.date) -> dict[str, Any]:
    """The viewer's own month: calendar weeks with modes, days off, their unit's fairness."""
    scope = access.scope_for(viewer)
    if not scope.employee_id:
        raise Http404("Akun ini tidak terhubung dengan data pegawai.")
    employee = Employee.objects.select_related("opd", "unit").get(pk=scope.employee_id)
    end = month_end(month)
    modes = planned_modes([employee.pk], month, end)
    off = days_off(month, end)
    weeks = []
    today = timezone.localdate()
    for week in pycal.Calendar().monthdatescalendar(month.year, month.month):
        weeks.append(
            [
                {
                    "date": d,
                    "in_month": d.month == month.month,
                    "mode": modes.get((employee.pk, d), ""),
                    "off": off.get(d, ""),
                    "weekend": d.weekday() >= 5,
                    "today": d == today,
                }
                for d in week
            ]
        )
    schedule = in_force(employee.opd_id, month)
    row = (
        ScheduleRow.objects.filter(schedule=schedule, employee=employee).first()
        if schedule
        else None
    )
    unit_key = f"{employee.unit.name} ({employee.unit.code})"
    unit_report = (schedule.report.get("units", {}).get(unit_key) if schedule else None) or None
    counts: dict[str, int] = defaultdict(int)
    for mode in modes.values():
        counts[mode] += 1
    return {
        "employee": employee,
        "month": month,
        "weeks": weeks,
        "schedule": schedule,
        "row": row,
        "unit_report": unit_report,
        "counts": dict(counts),
        "wfh_days": sorted(d for (_, d), m in modes.items() if m == WorkMode.WFH),
    }


def colleague_wfh_days(viewer: User, month: dt.date) -> list[dict[str, Any]]:
    """The month's planned WFH days of the viewer's unit colleagues, to pick a swap partner
    day from: ``[{"pk", "name", "days"}]`` by name; names and days only, nothing else."""
    colleagues = list(access.unit_colleagues(viewer).order_by("name").values_list("pk", "name"))
    modes = planned_modes([pk for pk, _ in colleagues], month, month_end(month))
    days: dict[int, list[dt.date]] = defaultdict(list)
    for (emp_id, day), mode in modes.items():
        if mode == WorkMode.WFH:
            days[emp_id].append(day)
    return [{"pk": pk, "name": name, "days": sorted(days[pk])} for pk, name in colleagues]


def own_request(viewer: User, pk: int) -> ChangeRequest:
    """A request the viewer made; anyone else's is 404 (its existence is not told)."""
    req = ChangeRequest.objects.filter(
        pk=pk, requester_id=access.scope_for(viewer).employee_id
    ).first()
    if req is None:
        raise Http404("Permintaan tidak ditemukan.")
    return req


# --- change requests ------------------------------------------------------------------------


def my_requests(viewer: User) -> QuerySet[ChangeRequest]:
    scope = access.scope_for(viewer)
    return ChangeRequest.objects.filter(requester_id=scope.employee_id).select_related(
        "counterpart"
    )


def swaps_to_answer(viewer: User) -> QuerySet[ChangeRequest]:
    """Pending swaps a colleague asked the viewer to agree to."""
    scope = access.scope_for(viewer)
    return (
        ChangeRequest.objects.filter(
            counterpart_id=scope.employee_id,
            status=RequestStatus.PENDING,
            counterpart_agreed_at__isnull=True,
        )
        .select_related("requester")
        .order_by("created_at")
    )


def requests_to_decide(viewer: User) -> QuerySet[ChangeRequest]:
    """Pending requests of the viewer's subordinates (the atasan's inbox)."""
    return (
        ChangeRequest.objects.filter(
            requester__in=access.supervised_employees(viewer), status=RequestStatus.PENDING
        )
        .select_related("requester", "counterpart")
        .order_by("created_at")
    )


def get_request(viewer: User, pk: int) -> ChangeRequest:
    """A request the viewer made, was asked to swap in, may decide, or whose OPD they
    administer."""
    req = ChangeRequest.objects.select_related("requester", "counterpart").filter(pk=pk).first()
    asked = (
        req is not None
        and req.counterpart_id is not None
        and req.counterpart_id == access.scope_for(viewer).employee_id
    )
    if req is None or not (asked or access.can_view_employee(viewer, req.requester_id)):
        raise Http404("Permintaan tidak ditemukan.")
    return req


# --- fairness for everyone ------------------------------------------------------------------


def _rows_for_month(
    month: dt.date, opd_ids: Iterable[int] | None = None
) -> QuerySet[ScheduleRow, tuple[str, str, int, bool, str, str]]:
    qs = ScheduleRow.objects.filter(
        schedule__month=month, schedule__status=ScheduleStatus.PUBLISHED
    )
    if opd_ids is not None:
        qs = qs.filter(schedule__opd_id__in=opd_ids)
    return qs.values_list(
        "schedule__opd__short_name",
        "schedule__opd__opd_class",
        "unit_id",
        "eligible",
        "reason",
        "modes",
    )


def latest_published_month(today: dt.date | None = None) -> dt.date | None:
    today = today or timezone.localdate()
    return (
        Schedule.objects.filter(status=ScheduleStatus.PUBLISHED, month__lte=today)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )


def month_fairness(month: dt.date, opd_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """The fairness report over the published schedules of ``month`` (one OPD set or city)."""
    rows = []
    days: set[dt.date] = set()
    decoded = []
    for opd, klass, unit_id, eligible, reason, modes in _rows_for_month(month, opd_ids):
        m = decode_modes(month, modes)
        days.update(m)
        decoded.append((opd, klass, unit_id, eligible, reason, m))
    ordered = sorted(days)
    for opd, klass, unit_id, eligible, reason, m in decoded:
        rows.append(
            {
                "unit": str(unit_id),
                "opd": opd,
                "opd_class": klass,
                "eligible": eligible,
                "reason": reason,
                "modes": [m.get(d, "") for d in ordered],
            }
        )
    return fairness.fairness_report(rows, [d.isoformat() for d in ordered])


def city_fairness_summary(month: dt.date | None = None) -> dict[str, Any] | None:
    """Anonymous city aggregates for the public page: no names, no unit-level detail.

    Returns None when no schedule has been published yet.
    """
    month = month or latest_published_month()
    if month is None:
        return None
    report = month_fairness(month)
    if not report["overall"]["staff"]:
        return None
    overall = report["overall"]
    return {
        "month": month.isoformat(),
        "staff": overall["staff"],
        "eligible": overall["eligible"],
        "eligible_share": overall["eligible_share"],
        "wfh_days_per_eligible": overall["wfh_days"],
        "classes": [
            {
                "opd_class": k,
                "label": str(OpdClass(k).label),
                "staff": v["staff"],
                "eligible_share": v["eligible_share"],
                "wfh_days_per_eligible": v["wfh_days"],
            }
            for k, v in report["classes"].items()
        ],
        # Reasons shared by fewer than 5 people are merged so nobody can be singled out.
        "ineligibility_reasons": _anonymise(overall["reasons"]),
        "coverage": report["coverage"],
    }


def _anonymise(reasons: list[tuple[str, int]], minimum: int = 5) -> list[list[str | int]]:
    out: list[list[str | int]] = []
    other = 0
    for reason, count in reasons:
        if count >= minimum:
            out.append([reason, count])
        else:
            other += count
    if other:
        out.append(["Alasan lain (digabung)", other])
    return out


def visible_schedule_viewer(viewer: User) -> bool:
    return access.scope_for(viewer).has(Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT)


def recent_absences(viewer: User) -> QuerySet[Absence]:
    """Leave / dinas luar entries of employees the viewer may see, newest first."""
    return (
        Absence.objects.filter(employee__in=access.visible_employees(viewer))
        .select_related("employee")
        .order_by("-created_at")
    )
