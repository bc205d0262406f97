"""Reads of e-Presensi. Viewer-facing reads are scoped through hibrida.org.access.

``day_attendance`` and ``attendance_summary`` are the contract for other apps (activity,
monitoring, efficiency): they take employee ids the caller has already scoped.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from hibrida import sql
from hibrida.org import access
from hibrida.org.models import Employee, Opd, User
from hibrida.roster.modes import WorkMode

from . import context, hours, labels, passkeys, selfies, services, verify, worktime
from .models import (
    ApprovalStatus,
    CheckIn,
    CheckInReview,
    CorrectionRequest,
    Device,
    DeviceReset,
    FaceReference,
    FieldReport,
    HomeLocation,
    Passkey,
    PasskeyStatus,
    ReviewStatus,
    Verdict,
)


def tolerance_minutes() -> int:
    return int(getattr(settings, "HIBRIDA_PRESENCE_TOLERANCE_MIN", 0))


# The atasan's decision on a flagged check-in replaces its verdict in working time.
REVIEWED_STATUS: dict[str | None, str] = {
    ReviewStatus.ACCEPTED: Verdict.VALID,
    ReviewStatus.REJECTED: Verdict.REJECTED,
}


def attendance_summary(
    employee_ids: Iterable[int], start: dt.date, end: dt.date
) -> dict[tuple[int, dt.date], dict]:
    """Working-time summary per (employee id, day) for days with a check-in or correction.

    Bulk: three queries whatever the number of employees. Days without any record are
    absent from the result (the caller decides whether that day was a working day).
    """
    employee_ids = list(employee_ids)
    tz = timezone.get_current_timezone()
    stamps: dict[tuple[int, dt.date], list] = defaultdict(list)
    for emp, day, kind, when, status, review in CheckIn.objects.filter(
        employee_id__in=employee_ids, work_date__gte=start, work_date__lte=end
    ).values_list("employee_id", "work_date", "kind", "device_time", "status", "review__status"):
        status = REVIEWED_STATUS.get(review, status)
        stamps[(emp, day)].append(worktime.Stamp(kind, when.astimezone(tz), status))
    corrections = {}
    for c in CorrectionRequest.objects.filter(
        employee_id__in=employee_ids,
        work_date__gte=start,
        work_date__lte=end,
        status=ApprovalStatus.APPROVED,
    ).order_by("decided_at"):
        corrections[(c.employee_id, c.work_date)] = c
    resolver = hours.HourResolver(employee_ids, start, end)
    tolerance = tolerance_minutes()
    out = {}
    for key in set(stamps) | set(corrections):
        emp, day = key
        corr = corrections.get(key)
        c_in = c_out = None
        if corr is not None:
            if corr.time_in:
                c_in = dt.datetime.combine(day, corr.time_in, tzinfo=tz)
            if corr.time_out:
                c_out = dt.datetime.combine(day, corr.time_out, tzinfo=tz)
        day_stamps = stamps.get(key, [])
        summary = worktime.summarise_day(
            day,
            day_stamps,
            resolver.hours(emp, day, worktime.first_in_of(day_stamps, c_in)),
            tolerance_minutes=tolerance,
            corrected_in=c_in,
            corrected_out=c_out,
        )
        out[key] = summary.as_dict()
    return out


def day_attendance(employee_id: int, day: dt.date) -> dict | None:
    """One employee-day summary (see :func:`attendance_summary`), or None without records."""
    return attendance_summary([employee_id], day, day).get((employee_id, day))


def attendance_day_for(viewer: User, employee_id: int, day: dt.date) -> dict:
    """Scoped: 404 when ``viewer`` may not see the employee."""
    employee = access.get_visible_employee(viewer, employee_id)
    summary = day_attendance(employee.pk, day)
    return {"employee_id": employee.pk, "day": day, "summary": summary}


def my_recent_check_ins(viewer: User, days: int = 30) -> list[dict]:
    scope = access.scope_for(viewer)
    if scope.employee_id is None:
        return []
    since = timezone.localdate() - dt.timedelta(days=days)
    return list(
        CheckIn.objects.filter(employee_id=scope.employee_id, work_date__gte=since)
        .order_by("-device_time")
        .values(*services.RESULT_FIELDS)[:200]
    )


def today_plan(viewer: User) -> dict:
    """What the check-in page shows: today's mode and the places to be at."""
    scope = access.scope_for(viewer)
    if scope.employee_id is None:
        raise Http404("Akun ini tidak terhubung dengan pegawai.")
    day = timezone.localdate()
    places = context.load_places([scope.employee_id], day).get(scope.employee_id)
    mode = (places.expected_mode if places else None) or WorkMode.WFO
    kind = verify.MODE_PLACE.get(mode)
    return {
        "day": day.isoformat(),
        "mode": mode,
        "working_day": context.is_working_day(day),
        "places": [
            {
                "kind": p.kind,
                "name": p.name,
                "latitude": p.latitude,
                "longitude": p.longitude,
                "radius_m": p.radius_m,
                "polygon": [list(pt) for pt in p.polygon],
            }
            for p in (places.places if places else ())
            if p.kind == kind
        ],
        "attendance": day_attendance(scope.employee_id, day),
    }


def team_locations(viewer: User) -> list[dict]:
    """Latest check-in or field ping today of each subordinate (atasan only; log the view)."""
    ids = list(access.supervised_employees(viewer).values_list("id", flat=True))
    if not ids:
        return []
    day = timezone.localdate()
    tz = timezone.get_current_timezone()
    names = dict(Employee.objects.filter(pk__in=ids).values_list("id", "name"))
    latest: dict[int, dict] = {}
    for c in CheckIn.objects.filter(employee_id__in=ids, work_date=day).values(
        "employee_id", "latitude", "longitude", "device_time", "status", "kind", "expected_mode"
    ):
        cur = latest.get(c["employee_id"])
        if cur is None or c["device_time"] > cur["at"]:
            latest[c["employee_id"]] = {
                "employee_id": c["employee_id"],
                "name": names.get(c["employee_id"], ""),
                "latitude": c["latitude"],
                "longitude": c["longitude"],
                "at": c["device_time"],
                "source": _("presensi %(kind)s") % {"kind": labels.kind_label(c["kind"]).lower()},
                "status": labels.status_label(c["status"]),
                "mode": labels.mode_label(c["expected_mode"]),
                "note": "",
            }
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    for r in FieldReport.objects.filter(employee_id__in=ids, at__gte=start).values(
        "employee_id", "latitude", "longitude", "at", "note"
    ):
        cur = latest.get(r["employee_id"])
        if cur is None or r["at"] > cur["at"]:
            latest[r["employee_id"]] = {
                "employee_id": r["employee_id"],
                "name": names.get(r["employee_id"], ""),
                "latitude": r["latitude"],
                "longitude": r["longitude"],
                "at": r["at"],
                "source": _("laporan lapangan"),
                "status": "",
                "mode": labels.mode_label(WorkMode.FIELD),
                "note": r["note"],
            }
    out = sorted(latest.values(), key=lambda x: x["name"])
    for item in out:
        item["at"] = item["at"].astimezone(tz).strftime("%H:%M")
    return out


def monthly_recap(
    viewer: User, year: int, month: int, *, opd_id: int | None = None, unit_id: int | None = None
) -> list[dict]:
    """Per visible employee: present days and TL/PSW tier counts in the month."""
    start = dt.date(year, month, 1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    people = access.visible_employees(viewer).filter(is_active=True)
    if opd_id:
        people = people.filter(opd_id=opd_id)
    if unit_id:
        people = people.filter(unit_id=unit_id)
    staff = list(people.select_related("unit").order_by("unit__name", "name"))
    summary = attendance_summary([p.pk for p in staff], start, end)
    by_emp: dict[int, list[dict]] = defaultdict(list)
    for (emp, _day), s in summary.items():
        by_emp[emp].append(s)
    working_days = sum(
        1
        for i in range((end - start).days + 1)
        if context.is_working_day(start + dt.timedelta(days=i))
    )
    rows = []
    for p in staff:
        days = by_emp.get(p.pk, [])
        row = {
            "employee_id": p.pk,
            "nip": p.nip,
            "name": p.name,
            "unit": p.unit.name,
            "working_days": working_days,
            "present_days": sum(1 for d in days if not d["missing_in"]),
            "worked_minutes": sum(d["worked_minutes"] for d in days),
            "missing_out": sum(1 for d in days if d["missing_out"] and not d["missing_in"]),
            "flagged": sum(d["flagged"] for d in days),
        }
        for prefix in ("TL", "PSW"):
            for i in range(1, 5):
                code = f"{prefix}{i}"
                key = "late_tier" if prefix == "TL" else "early_tier"
                row[code] = sum(1 for d in days if d[key] == code and not d["missing_in"])
        rows.append(row)
    return rows


def recap_opds(viewer: User) -> list[Opd]:
    """The OPDs of the active employees ``viewer`` may see, by name: a recap covers one of
    them at a time when there are several (the city has 12,000 ASN)."""
    opd_ids = access.visible_employees(viewer).filter(is_active=True).values("opd_id")
    return list(Opd.objects.filter(pk__in=opd_ids).order_by("name"))


def unit_totals(rows: list[dict]) -> list[dict]:
    """The recap summed per unit."""
    totals: dict[str, dict] = {}
    for r in rows:
        t = totals.setdefault(r["unit"], {"unit": r["unit"], "employees": 0})
        t["employees"] += 1
        for k, v in r.items():
            if k in {"employee_id", "nip", "name", "unit", "working_days"}:
                continue
            t[k] = t.get(k, 0) + v
    return list(totals.values())


# The requests an atasan or OPD admin decides (both have ``employee`` and ``requested_at``).
_Pending = TypeVar("_Pending", HomeLocation, DeviceReset, Passkey, FaceReference)


def pending_corrections(viewer: User) -> QuerySet[CorrectionRequest]:
    """Correction requests awaiting this atasan's decision."""
    return (
        CorrectionRequest.objects.filter(
            status=ApprovalStatus.PENDING, employee__in=access.supervised_employees(viewer)
        )
        .select_related("employee")
        .order_by("requested_at")
    )


def _pending_for(viewer: User, model: type[_Pending]) -> QuerySet[_Pending]:
    """Pending ``model`` requests (with ``employee``) this atasan or OPD admin may decide:
    their subordinates', their OPD's; every one for a city writer."""
    scope = access.scope_for(viewer)
    who = Q(employee_id__in=scope.subordinate_ids)
    if scope.admin_opd_ids:
        who |= Q(employee__opd_id__in=scope.admin_opd_ids)
    if scope.city_writer:
        who = Q()
    return (
        model.objects.filter(who, status=ApprovalStatus.PENDING)
        .select_related("employee")
        .order_by("requested_at")
    )


def pending_homes(viewer: User) -> QuerySet[HomeLocation]:
    """Home-location requests this atasan or OPD admin may decide."""
    return _pending_for(viewer, HomeLocation)


def pending_device_resets(viewer: User) -> QuerySet[DeviceReset]:
    """Device-reset requests this atasan or OPD admin may decide."""
    return _pending_for(viewer, DeviceReset)


def my_devices(viewer: User) -> QuerySet[Device]:
    employee_id = access.scope_for(viewer).employee_id
    if employee_id is None:  # a login that is no employee has none
        return Device.objects.none()
    return Device.objects.filter(employee_id=employee_id).order_by("-registered_at")


def my_device_resets(viewer: User) -> QuerySet[DeviceReset]:
    employee_id = access.scope_for(viewer).employee_id
    if employee_id is None:  # a login that is no employee has none
        return DeviceReset.objects.none()
    return DeviceReset.objects.filter(employee_id=employee_id)


def my_homes(viewer: User) -> QuerySet[HomeLocation]:
    employee_id = access.scope_for(viewer).employee_id
    if employee_id is None:  # a login that is no employee has none
        return HomeLocation.objects.none()
    return HomeLocation.objects.filter(employee_id=employee_id)


def my_corrections(viewer: User) -> QuerySet[CorrectionRequest]:
    employee_id = access.scope_for(viewer).employee_id
    if employee_id is None:  # a login that is no employee has none
        return CorrectionRequest.objects.none()
    return CorrectionRequest.objects.filter(employee_id=employee_id)


def own_location_history(viewer: User) -> QuerySet[CheckIn]:
    """Every stored location of the viewer themself (the data-subject download)."""
    employee_id = access.scope_for(viewer).employee_id
    if employee_id is None:  # a login that is no employee has none
        return CheckIn.objects.none()
    return CheckIn.objects.filter(employee_id=employee_id).order_by("device_time")


def review_window_start(today: dt.date) -> dt.date:
    """The first day of the previous month: a TPP month cannot be made final while one of
    its flagged check-ins is undecided, so the inbox must still show the previous month."""
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def pending_reviews(viewer: User) -> QuerySet[CheckIn]:
    """FLAGGED check-ins of the viewer's subordinates (transitively) not yet decided, since
    :func:`review_window_start`, oldest first: the atasan's confirmation inbox."""
    since = review_window_start(timezone.localdate())
    return (
        CheckIn.objects.filter(
            employee__in=access.supervised_employees(viewer),
            work_date__gte=since,
            status=Verdict.FLAGGED,
        )
        .exclude(review__status__in=[ReviewStatus.ACCEPTED, ReviewStatus.REJECTED])
        .select_related("employee", "selfie")
        .order_by("device_time", "id")
    )


def reviewable_check_in(viewer: User, check_in_id: int) -> CheckIn:
    """One flagged check-in the viewer supervises (404 otherwise, not revealing others)."""
    return get_object_or_404(
        CheckIn.objects.filter(
            employee__in=access.supervised_employees(viewer), status=Verdict.FLAGGED
        ),
        pk=check_in_id,
    )


def passkey_state(viewer: User) -> dict:
    """The check-in page's passkey part: the OPD's mode and the approved credential ids."""
    employee_id = access.scope_for(viewer).employee_id
    if employee_id is None:
        return {"mode": "off", "credential_ids": []}
    return {
        "mode": passkeys.mode_for(employee_id),
        "credential_ids": list(
            Passkey.objects.filter(
                employee_id=employee_id, status=PasskeyStatus.APPROVED
            ).values_list("credential_id", flat=True)
        ),
    }


def my_passkeys(viewer: User) -> QuerySet[Passkey]:
    employee_id = access.scope_for(viewer).employee_id
    if employee_id is None:  # a login that is no employee has none
        return Passkey.objects.none()
    return Passkey.objects.filter(employee_id=employee_id)


def pending_faces(viewer: User) -> QuerySet[FaceReference]:
    """Face reference photos waiting for the viewer's decision (atasan or OPD admin)."""
    return _pending_for(viewer, FaceReference)


def my_faces(viewer: User) -> QuerySet[FaceReference]:
    employee_id = access.scope_for(viewer).employee_id
    if employee_id is None:  # a login that is no employee has none
        return FaceReference.objects.none()
    return FaceReference.objects.filter(employee_id=employee_id)


# Who runs the optional layers (sets them per OPD, enrols faces): they keep the pages in the
# sub-menu whatever their own OPD chose.
LAYER_ADMINS = frozenset({access.Role.OPD_ADMIN, access.Role.BKPSDM})


def menu_layers(viewer: User) -> dict[str, bool]:
    """Which optional presence layers the viewer's sub-menu offers: the selfie reference and
    the random checks only where the ASN's OPD switched the layer on, always for the OPD admin
    and BKPSDM, and the random checks also for an atasan with a subordinate taking part. The
    pages themselves stay reachable and explain that the layer is off."""
    scope = access.scope_for(viewer)
    if scope.has(*LAYER_ADMINS):
        return {"selfie": True, "random_checks": True}
    selfie = checks = False
    if scope.employee_id is not None:
        own = (
            Employee.objects.filter(pk=scope.employee_id)
            .values_list("opd__selfie_policy__enabled", "opd__presence_check_policy__enabled")
            .first()
        )
        selfie, checks = (bool(own[0]), bool(own[1])) if own else (False, False)
    if not checks and scope.subordinate_ids:
        checks = (
            access.supervised_employees(viewer)
            .filter(opd__presence_check_policy__enabled=True)
            .exists()
        )
    return {"selfie": selfie, "random_checks": checks}


def selfie_state(viewer: User) -> dict:
    """The check-in page's selfie part: whether the OPD asks for frames."""
    employee_id = access.scope_for(viewer).employee_id
    return {"enabled": employee_id is not None and selfies.enabled_for(employee_id)}


def selfie_policies(viewer: User) -> list[dict]:
    """Every OPD the viewer may see with its selfie setting (off when none was recorded)."""
    rows = (
        access.visible_opds(viewer)
        .order_by("name")
        .values("id", "name", "selfie_policy__enabled", "selfie_policy__dpia_reference")
    )
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "enabled": bool(r["selfie_policy__enabled"]),
            "dpia_reference": r["selfie_policy__dpia_reference"] or "",
        }
        for r in rows
    ]


def pending_passkeys(viewer: User) -> QuerySet[Passkey]:
    """Passkeys waiting for the viewer's decision (atasan or OPD admin of the employee)."""
    return _pending_for(viewer, Passkey)


def checkin_counts(day: dt.date) -> dict[str, int]:
    """City-wide counts by status for a day (aggregate, no personal data)."""
    rows = CheckIn.objects.filter(work_date=day).values("status").annotate(n=Count("id"))
    return {r["status"]: r["n"] for r in rows}


def attendance_bounds(
    start: dt.date, end: dt.date, employee_ids: Iterable[int] | None = None
) -> dict[tuple[int, dt.date], tuple[dt.datetime | None, dt.datetime | None]]:
    """(first in, last out) in local time per (employee, day) with a counted check-in.

    The bulk form of :func:`attendance_summary` for the whole city (the TPP recap): one grouped
    query, rejected stamps left out (also a flagged one the atasan rejected: ``REVIEWED_STATUS``),
    an "out" not after the "in" is not a departure (as in ``worktime.summarise_day``). Callers
    pass ``employee_ids`` already scoped, or None for all.
    """
    tz = timezone.get_current_timezone()
    qs = (
        CheckIn.objects.filter(work_date__gte=start, work_date__lte=end)
        .exclude(status=verify.REJECTED)
        .exclude(status=Verdict.FLAGGED, review__status=ReviewStatus.REJECTED)
    )
    if employee_ids is not None:
        qs = qs.filter(employee_id__in=list(employee_ids))
    rows = (
        qs.values("employee_id", "work_date")
        .annotate(
            first_in=Min("device_time", filter=Q(kind="in")),
            last_out=Max("device_time", filter=Q(kind="out")),
        )
        .values_list("employee_id", "work_date", "first_in", "last_out")
        .order_by()
    )
    out: dict[tuple[int, dt.date], tuple[dt.datetime | None, dt.datetime | None]] = {}
    for emp, day, first_in, last_out in rows.iterator(chunk_size=20000):
        if first_in is not None:
            first_in = first_in.astimezone(tz)
        if last_out is not None:
            last_out = last_out.astimezone(tz)
            if first_in is not None and last_out <= first_in:
                last_out = None
        out[(emp, day)] = (first_in, last_out)
    return out


def attendance_offsets(
    start: dt.date, end: dt.date, employee_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], tuple[int | None, int | None]]:
    """:func:`attendance_bounds` as integers, for 25,000 ASN a month (the TPP recap).

    Keyed by (employee, days since ``start``); first in and last out in microseconds since the
    local midnight of the work date (``worktime.late_early_us``). PostgreSQL computes them in
    the grouped query (a datetime per row was a third of the recap's time); other engines
    convert :func:`attendance_bounds`, with the same wall-clock arithmetic.
    """
    ids = None if employee_ids is None else list(employee_ids)
    if connection.vendor != "postgresql":
        tz = timezone.get_current_timezone()
        out: dict[tuple[int, int], tuple[int | None, int | None]] = {}
        for (emp, day), (first_in, last_out) in attendance_bounds(start, end, ids).items():
            midnight = dt.datetime.combine(day, dt.time(), tzinfo=tz)
            out[(emp, (day - start).days)] = (
                None if first_in is None else _micros(first_in - midnight),
                None if last_out is None else _micros(last_out - midnight),
            )
        return out
    emp_c, day_c, at_c = (sql.column(CheckIn, f) for f in ("employee", "work_date", "device_time"))
    only = "" if ids is None else f"AND {emp_c} = ANY(%(ids)s)"
    # A flagged check-in the atasan rejected counts as no record (``REVIEWED_STATUS``); the
    # few decided reviews make a hashed sub-plan, not a join of every check-in.
    rejected_by_atasan = (
        f"SELECT {sql.column(CheckInReview, 'check_in')} FROM {sql.table(CheckInReview)} "
        "WHERE status = %(review_rejected)s"
    )
    statement = f"""
        SELECT emp, day - %(start)s AS day_no,
            {sql.pg_local_offset_us("first_in", "day")} AS first_in,
            CASE WHEN first_in IS NULL OR last_out > first_in
                THEN {sql.pg_local_offset_us("last_out", "day")} END AS last_out
        FROM (
            SELECT {emp_c} AS emp, {day_c} AS day,
                min({at_c}) FILTER (WHERE kind = 'in') AS first_in,
                max({at_c}) FILTER (WHERE kind = 'out') AS last_out
            FROM {sql.table(CheckIn)}
            WHERE {day_c} BETWEEN %(start)s AND %(end)s AND status <> %(rejected)s {only}
                AND {sql.column(CheckIn, "id")} NOT IN ({rejected_by_atasan})
            GROUP BY {emp_c}, {day_c}
        ) grouped
    """
    params: sql.Params = {
        "start": start,
        "end": end,
        "rejected": verify.REJECTED,
        "review_rejected": ReviewStatus.REJECTED,
        "ids": ids,
        "tz": timezone.get_current_timezone_name(),
    }
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return {(e, n): (fi, lo) for e, n, fi, lo in cursor.fetchall()}


def _micros(delta: dt.timedelta) -> int:
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


@dataclass(frozen=True)
class DayHoursUs:
    """A day's hours as :func:`worktime.late_early_us` takes them; ``start``/``end`` None when
    they depend on the arrival (a dynamic policy): the caller measures such days itself."""

    start: int | None
    end: int | None
    break_minutes: int


@dataclass
class MonthAttendance:
    """One employee's month measured against given hours (:func:`month_attendance`)."""

    present: int = 0  # bit n set: a counted record on day n (days since the start)
    worked: dict[int, int] = field(default_factory=dict)  # minutes per week index
    # (day, first in, last out, late, early) of the days the caller must look at: late or
    # early beyond the tolerance, a stamp missing, hours depending on the arrival, or every
    # present day when ``every_day``. late and early are 0 on arrival-dependent days.
    days: list[tuple[int, int | None, int | None, int, int]] = field(default_factory=list)


def week_index(start: dt.date, day_no: int) -> int:
    """The ISO week of day ``day_no`` counted from the week of ``start`` (0, 1, …)."""
    return (day_no + start.weekday()) // 7


def month_attendance(
    start: dt.date,
    end: dt.date,
    groups: dict[int, int],
    hours: dict[tuple[int, int], DayHoursUs],
    skipped: set[tuple[int, int]],
    *,
    tolerance: int,
    every_day: bool,
    every_employee: bool = False,
) -> dict[int, MonthAttendance]:
    """Per employee in ``groups`` (employee → hours group): the month against ``hours``
    ((group, day number) → hours; a day without an entry is not measured), days in ``skipped``
    ((employee, day number): leave, dinas luar, corrections) left out.

    For the TPP recap of 25,000 ASN: PostgreSQL measures every employee-day in the grouped
    query and sends one row per employee (Python then sees only the days that cost something);
    other engines derive the same from :func:`attendance_offsets`. ``every_employee``: the
    groups hold every active employee (no id filter, a plain scan of the month). Lateness as
    ``worktime.late_early_us`` counts it (the values are clamped at 0, so SQL's truncating
    integer division agrees with Python's floor division).
    """
    midnights = _fixed_offset_midnights(start, end)
    if connection.vendor != "postgresql" or midnights is None or end - start > dt.timedelta(31):
        return _month_attendance_py(
            start, end, groups, hours, skipped, tolerance=tolerance, every_day=every_day
        )
    emp_c, day_c, at_c, id_c = (
        sql.column(CheckIn, f) for f in ("employee", "work_date", "device_time", "id")
    )
    review_c = sql.column(CheckInReview, "check_in")
    only = "" if every_employee else f"AND {emp_c} = ANY(%(emps)s::int[])"
    n_weeks = week_index(start, (end - start).days) + 1
    weeks = ", ".join(
        f"coalesce(sum(worked) FILTER (WHERE week = {w}), 0)::int" for w in range(n_weeks)
    )
    # OFFSET 0 keeps each level a plan node of its own: flattened, every aggregate below
    # re-evaluated the lookups and the minute arithmetic (three times the whole query).
    # Lookups by array subscript, not joins: the rows stay in the grouping's order (no sort
    # before the per-employee aggregate). No NULL in these arrays (-1 instead): a subscript
    # into an array with NULLs walks its null bitmap.
    grp_of = [-1] * (max(groups, default=0) + 1)
    for emp, grp in groups.items():
        grp_of[emp] = grp
    slots = (max((g for g, _ in hours), default=0) + 1) * 32
    h_start, h_end, h_break = [-1] * slots, [-1] * slots, [-1] * slots
    for (grp, day_no), h in hours.items():
        i = grp * 32 + day_no
        h_start[i] = -1 if h.start is None else h.start
        h_end[i] = -1 if h.end is None else h.end
        h_break[i] = h.break_minutes
    # The stamp's offset from the local midnight of its work date: its epoch minus that
    # midnight's (float8: exact to the microsecond after rounding for dates before 2200;
    # a numeric epoch or a time-zone conversion per row was a third of the query).
    midnight = f"(%(midnights)s::float8[])[{day_c} - %(start)s + 1]"
    offset = f"round((date_part('epoch', {at_c}) - {midnight}) * 1e6)::bigint"
    statement = f"""
        SELECT emp, bit_or(1::bigint << day_no) AS present, {weeks},
            array_agg(day_no) FILTER (WHERE look) AS days,
            array_agg(fi) FILTER (WHERE look) AS fis,
            array_agg(lo) FILTER (WHERE look) AS los,
            array_agg(late) FILTER (WHERE look) AS lates,
            array_agg(early) FILTER (WHERE look) AS earlies
        FROM (
            SELECT emp, day_no, fi, lo, (day_no + %(weekday)s) / 7 AS week, late, early,
                CASE WHEN fi IS NULL OR lo IS NULL THEN 0
                    ELSE greatest(0, (lo - fi) / 60000000 - brk) END AS worked,
                %(every_day)s OR s < 0 OR fi IS NULL OR lo IS NULL
                    OR late > %(tolerance)s OR early > %(tolerance)s AS look
            FROM (
                SELECT emp, day_no, fi, lo, s, brk,
                    CASE WHEN s < 0 OR fi IS NULL THEN 0
                        ELSE greatest(0, (fi - s) / 60000000) END AS late,
                    CASE WHEN e < 0 OR lo IS NULL THEN 0
                        ELSE greatest(0, (e - lo) / 60000000) END AS early
                FROM (
                    SELECT emp, day_no, fi, lo,
                        (%(h_start)s::bigint[])[slot] AS s, (%(h_end)s::bigint[])[slot] AS e,
                        (%(h_break)s::int[])[slot] AS brk
                    FROM (
                        SELECT emp, day_no, fi,
                            CASE WHEN fi IS NULL OR lo > fi THEN lo END AS lo,
                            coalesce((%(grp_of)s::int[])[emp + 1], -1) * 32 + day_no + 1 AS slot
                        FROM (
                            SELECT {emp_c} AS emp, {day_c} - %(start)s AS day_no,
                                min({offset}) FILTER (WHERE kind = 'in') AS fi,
                                max({offset}) FILTER (WHERE kind = 'out') AS lo
                            FROM {sql.table(CheckIn)}
                            WHERE {day_c} BETWEEN %(start)s AND %(end)s
                                AND status <> %(rejected)s {only}
                                AND {id_c} NOT IN (
                                    SELECT {review_c} FROM {sql.table(CheckInReview)}
                                    WHERE status = %(review_rejected)s)
                            GROUP BY {emp_c}, {day_c}
                        ) grouped
                        WHERE NOT (emp::bigint * 32 + day_no = ANY(%(skipped)s::bigint[]))
                    ) placed
                    WHERE slot > 0
                    OFFSET 0
                ) hours
                WHERE brk >= 0
                OFFSET 0
            ) measured
            OFFSET 0
        ) looked
        GROUP BY emp
    """
    params: sql.Params = {
        "grp_of": grp_of,
        "h_start": h_start,
        "h_end": h_end,
        "h_break": h_break,
        "emps": list(groups),
        "skipped": [emp * 32 + day_no for emp, day_no in skipped],
        "midnights": midnights,
        "start": start,
        "end": end,
        "weekday": start.weekday(),
        "rejected": verify.REJECTED,
        "review_rejected": ReviewStatus.REJECTED,
        "every_day": every_day,
        "tolerance": tolerance,
    }
    out: dict[int, MonthAttendance] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        # One large read: compiling it (JIT) cost more than it saved, and its sorts spill to
        # disk at the default work_mem. Both settings end with this transaction.
        cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'")
        cursor.execute(statement, params)
        for row in cursor.fetchall():
            days, fis, los, lates, earlies = row[-5:]
            out[row[0]] = MonthAttendance(
                row[1],
                {w: m for w, m in enumerate(row[2:-5]) if m},
                # One aggregate node fills the arrays in the same (unspecified) row order.
                sorted(zip(days, fis, los, lates, earlies, strict=True)) if days else [],
            )
    return out


def _fixed_offset_midnights(start: dt.date, end: dt.date) -> list[float] | None:
    """The epoch of each day's local midnight, or None when the zone's UTC offset changes
    in the range (a DST zone): then a stamp's wall-clock offset is not epoch − midnight."""
    tz = timezone.get_current_timezone()
    days = (end - start).days + 1
    midnights = [
        dt.datetime.combine(start + dt.timedelta(days=n), dt.time(), tzinfo=tz)
        for n in range(days + 1)
    ]
    if len({m.utcoffset() for m in midnights}) > 1:
        return None
    return [m.timestamp() for m in midnights[:-1]]


def _month_attendance_py(
    start: dt.date,
    end: dt.date,
    groups: dict[int, int],
    hours: dict[tuple[int, int], DayHoursUs],
    skipped: set[tuple[int, int]],
    *,
    tolerance: int,
    every_day: bool,
) -> dict[int, MonthAttendance]:
    out: dict[int, MonthAttendance] = {}
    found = attendance_offsets(start, end, list(groups))
    for (emp, day_no), (first_in, last_out) in sorted(found.items()):
        day = hours.get((groups[emp], day_no))
        if day is None or (emp, day_no) in skipped:
            continue
        month = out.get(emp)
        if month is None:
            month = out[emp] = MonthAttendance()
        month.present |= 1 << day_no
        late, early, worked = worktime.late_early_us(
            first_in,
            last_out,
            0 if day.start is None else day.start,
            0 if day.end is None else day.end,
            day.break_minutes,
        )
        if day.start is None:
            late = early = 0
        week = week_index(start, day_no)
        month.worked[week] = month.worked.get(week, 0) + worked
        if (
            every_day
            or day.start is None
            or first_in is None
            or last_out is None
            or late > tolerance
            or early > tolerance
        ):
            month.days.append((day_no, first_in, last_out, late, early))
    for month in out.values():
        month.worked = {w: m for w, m in month.worked.items() if m}
    return out
