"""The atasan's team page: live, one row per subordinate, with the waiting requests.

PostgreSQL reads the day in one statement (the page is polled by every atasan); SQLite
through each app's own reads. A test keeps both equal.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from hibrida import sql
from hibrida.activity.models import DailyReport, ReportStatus
from hibrida.org import access
from hibrida.org.models import Employee, Unit, User
from hibrida.policy.calendar import working_days
from hibrida.presence import labels as presence_labels
from hibrida.presence.models import (
    ApprovalStatus,
    CheckIn,
    CorrectionRequest,
    DeviceReset,
    HomeLocation,
)
from hibrida.roster.models import (
    CODE_MODES,
    ChangeRequest,
    DayOverride,
    RequestStatus,
    Schedule,
    ScheduleRow,
    ScheduleStatus,
)
from hibrida.roster.modes import WorkMode
from hibrida.roster.selectors import apply_overlay, planned_modes

from .. import counting, metrics
from .summary import (
    MAX_PEOPLE,
    _as_datetime,
    _figure_row,
)


def team_today(viewer: User, day: dt.date | None = None) -> dict:
    """The atasan's team on ``day`` (default today): live, one row per subordinate."""
    scope = access.scope_for(viewer)
    if not scope.subordinate_ids:
        raise PermissionDenied("Halaman ini untuk atasan yang memiliki bawahan.")
    day = day or timezone.localdate()
    read = _team_day_postgres if connection.vendor == "postgresql" else _team_day
    people, plan, checkins, report_rows, corrected = read(viewer, day)
    ids = [p["id"] for p in people]
    month = day.replace(day=1)
    # One calendar read for the day and the month (output scores divide by its working days).
    month_days = working_days(
        month, (month + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    )
    working = day in month_days
    stamps: dict[int, list] = defaultdict(list)
    for c in checkins:
        stamps[c["employee_id"]].append(c)
    reports = {r[1]: r[3] for r in report_rows}
    labels = dict(ReportStatus.choices)
    counts = counting.count_period(
        [(p["id"], p["opd_id"], p["unit_id"]) for p in people],
        day,
        day,
        key=lambda *_: "team",
        planned=plan,
        workdays={day} if working else set(),
        stamps=counting.stamps_of(checkins),
        reports={counting.report_key(r): r for r in report_rows if r[3] != ReportStatus.DRAFT},
        corrected=corrected,
        month_working_days=len(month_days),
    ).get("team", metrics.Counts())
    tz = timezone.get_current_timezone()
    rows = []
    for p in people:
        mode = plan.get((p["id"], day)) or (WorkMode.WFO if working else "")
        mine = stamps.get(p["id"], [])
        first_in = next((s for s in mine if s["kind"] == "in"), None)
        last_out = next((s for s in reversed(mine) if s["kind"] == "out"), None)
        reasons = sorted({r for s in mine if s["status"] != "VALID" for r in (s["reasons"] or [])})
        status = reports.get(p["id"])
        rows.append(
            {
                "key": p["id"],
                "name": p["name"],
                "nip": p["nip"],
                "unit": p["unit__name"],
                "mode": mode,
                "mode_label": presence_labels.mode_label(mode) if mode else "",
                "check_in": first_in["device_time"].astimezone(tz).strftime("%H:%M")
                if first_in
                else "",
                "check_in_status": first_in["status"] if first_in else "",
                "check_in_status_label": (
                    presence_labels.status_label(first_in["status"]) if first_in else ""
                ),
                "check_out": last_out["device_time"].astimezone(tz).strftime("%H:%M")
                if last_out
                else "",
                "flags": ", ".join(presence_labels.reason(str(r))["label"] for r in reasons),
                "report": labels.get(status, "Belum ada") if status else "Belum ada",
                "report_status": status or "",
            }
        )
    pending_validation, *pending = _pending_counts(scope.employee_id, ids)
    pending_requests = dict(zip(("jadwal", "koreksi", "rumah", "perangkat"), pending, strict=True))
    return {
        "day": day,
        "working_day": working,
        "rows": rows,
        "total": _figure_row(None, "Tim", counts),
        "pending_validation": pending_validation,
        "pending_requests": pending_requests,
        "pending_requests_total": sum(pending_requests.values()),
    }


TEAM_FIELDS = ("id", "name", "nip", "opd_id", "unit_id", "unit__name")


CHECKIN_FIELDS = ("employee_id", "work_date", "kind", "device_time", "status", "reasons")


REPORT_FIELDS = ("id", "employee_id", "day", "status", "is_late", "work_mode")


def _team_day(viewer: User, day: dt.date) -> tuple[list[dict], dict, list[dict], list[tuple], set]:
    """(people, planned modes, check-ins, reports, approved corrections) of ``viewer``'s team on
    ``day``, through each app's own reads."""
    people = list(
        access.supervised_employees(viewer)
        .filter(is_active=True)
        .order_by("unit__name", "name", "id")
        .values(*TEAM_FIELDS)[:MAX_PEOPLE]
    )
    ids = [p["id"] for p in people]
    checkins = list(
        CheckIn.objects.filter(employee_id__in=ids, work_date=day)
        .order_by("device_time")
        .values(*CHECKIN_FIELDS)
    )
    # One read of the day's reports serves the rows and the team figures (drafts: rows only).
    reports = list(
        DailyReport.objects.filter(employee_id__in=ids, day=day).values_list(*REPORT_FIELDS)
    )
    corrected = set(
        CorrectionRequest.objects.filter(
            employee_id__in=ids,
            work_date=day,
            status=ApprovalStatus.APPROVED,
            time_in__isnull=False,
        ).values_list("employee_id", "work_date")
    )
    return people, planned_modes(ids, day, day), checkins, reports, corrected


def _team_day_postgres(
    viewer: User, day: dt.date
) -> tuple[list[dict], dict, list[dict], list[tuple], set]:
    """:func:`_team_day` in one statement: the page is live, polled by every atasan, and the
    eight reads it replaces cost more in round trips than in work.

    The planned mode follows roster's contract (latest published version of the month, then
    ``roster.selectors.apply_overlay``); the check-ins and the overlay come back as JSON arrays.
    """
    ids = sorted(access.scope_for(viewer).subordinate_ids)
    tables = {m.__name__: sql.table(m) for m in (CheckIn, CorrectionRequest, DailyReport)}
    statement = (
        "SELECT e.id, e.name, e.nip, e.opd_id, e.unit_id, u.name AS unit_name,"
        " substr(r.modes, %s, 1) AS code,"
        " (SELECT json_agg(json_build_array(o.mode, o.absence_id IS NOT NULL,"
        " COALESCE(o.created_at >= r.published_at, FALSE)) ORDER BY o.created_at, o.id)"
        f" FROM {sql.table(DayOverride)} o WHERE o.employee_id = e.id AND o.day = %s) AS overlay,"
        " d.id AS report_id, d.status, d.is_late, d.work_mode,"
        f" EXISTS (SELECT 1 FROM {tables['CorrectionRequest']} c WHERE c.employee_id = e.id"
        " AND c.work_date = %s AND c.status = %s AND c.time_in IS NOT NULL) AS corrected,"
        " (SELECT json_agg(json_build_array(c.kind, c.device_time, c.status, c.reasons)"
        f" ORDER BY c.device_time) FROM {tables['CheckIn']} c WHERE c.employee_id = e.id"
        " AND c.work_date = %s) AS checkins"
        f" FROM {sql.table(Employee)} e JOIN {sql.table(Unit)} u ON u.id = e.unit_id"
        " LEFT JOIN LATERAL (SELECT sr.modes, sc.published_at"
        f" FROM {sql.table(ScheduleRow)} sr JOIN {sql.table(Schedule)} sc"
        " ON sc.id = sr.schedule_id WHERE sr.employee_id = e.id AND sc.status = %s"
        " AND sc.month = %s ORDER BY sc.published_at DESC LIMIT 1) r ON TRUE"
        f" LEFT JOIN {tables['DailyReport']} d ON d.employee_id = e.id AND d.day = %s"
        " WHERE e.id = ANY(%s) AND e.is_active ORDER BY u.name, e.name, e.id LIMIT %s"
    )
    params = [
        day.day,
        day,
        day,
        ApprovalStatus.APPROVED.value,
        day,
        ScheduleStatus.PUBLISHED.value,
        day.replace(day=1),
        day,
        ids,
        MAX_PEOPLE,
    ]
    people, plan, checkins, reports, corrected = [], {}, [], [], set()
    for r in sql.rows(statement, params):
        pk = r["id"]
        people.append(
            dict(
                zip(
                    TEAM_FIELDS,
                    (pk, r["name"], r["nip"], r["opd_id"], r["unit_id"], r["unit_name"]),
                    strict=True,
                )
            )
        )
        planned = apply_overlay(CODE_MODES.get(r["code"] or ""), r["overlay"] or ())
        if planned:
            plan[(pk, day)] = planned
        if r["report_id"] is not None:
            reports.append((r["report_id"], pk, day, r["status"], r["is_late"], r["work_mode"]))
        if r["corrected"]:
            corrected.add((pk, day))
        for kind, at, state, reasons in r["checkins"] or ():
            checkins.append(
                dict(
                    zip(
                        CHECKIN_FIELDS,
                        (pk, day, kind, _as_datetime(at), state, reasons),
                        strict=True,
                    )
                )
            )
    return people, plan, checkins, reports, corrected


def _pending_counts(validator_id: int | None, ids: list[int]) -> tuple[int, ...]:
    """Reports waiting for ``validator_id`` (None, a login that is no employee: none); pending
    schedule changes, check-in corrections, home locations and phone resets of ``ids``: one
    round trip instead of five."""
    counted = [
        (DailyReport, ReportStatus.SUBMITTED, "validator_id = %s", [validator_id]),
        (ChangeRequest, RequestStatus.PENDING, *counting.id_in("requester_id", ids)),
        (CorrectionRequest, ApprovalStatus.PENDING, *counting.id_in("employee_id", ids)),
        (HomeLocation, ApprovalStatus.PENDING, *counting.id_in("employee_id", ids)),
        (DeviceReset, ApprovalStatus.PENDING, *counting.id_in("employee_id", ids)),
    ]
    counts = ", ".join(
        f"(SELECT COUNT(*) FROM {sql.table(model)} WHERE status = %s AND {cond}) AS n{i}"
        for i, (model, _status, cond, _params) in enumerate(counted)
    )
    params = [p for _model, status, _cond, ps in counted for p in (status.value, *ps)]
    row = sql.one(f"SELECT {counts}", params)
    assert row is not None  # a select of aggregates alone always has its one row
    return tuple(row[f"n{i}"] for i in range(len(counted)))
