"""Reads of e-Presensi. Viewer-facing reads are scoped through hibrida.org.access.

``day_attendance`` and ``attendance_summary`` are the contract for other apps (activity,
monitoring, efficiency): they take employee ids the caller has already scoped.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from hibrida import sql
from hibrida.org import access
from hibrida.org.models import Employee, User
from hibrida.roster.modes import WorkMode

from . import context, hours, labels, passkeys, selfies, services, verify, worktime
from .models import (
    ApprovalStatus,
    CheckIn,
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
    staff = list(people.select_related("unit").order_by("unit__name", "name")[:2000])
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


def pending_reviews(viewer: User, *, days: int = 31) -> QuerySet[CheckIn]:
    """FLAGGED check-ins of the viewer's subordinates (transitively) not yet decided, over
    the last ``days`` days, oldest first: the atasan's confirmation inbox."""
    since = timezone.localdate() - dt.timedelta(days=days)
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
    query, rejected stamps left out, an "out" not after the "in" is not a departure (as in
    ``worktime.summarise_day``). Callers pass ``employee_ids`` already scoped, or None for all.
    """
    tz = timezone.get_current_timezone()
    qs = CheckIn.objects.filter(work_date__gte=start, work_date__lte=end).exclude(
        status=verify.REJECTED
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
            GROUP BY {emp_c}, {day_c}
        ) grouped
    """
    params: sql.Params = {
        "start": start,
        "end": end,
        "rejected": verify.REJECTED,
        "ids": ids,
        "tz": timezone.get_current_timezone_name(),
    }
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return {(e, n): (fi, lo) for e, n, fi, lo in cursor.fetchall()}


def _micros(delta: dt.timedelta) -> int:
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
