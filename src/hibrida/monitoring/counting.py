"""Counting person-days from the other apps' records (read-only, bulk, unscoped).

Shared by the summary refresh (services) and the live per-person tables (selectors); callers
scope the employees first. One month per call: a month of the city is a handful of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable

from django.db import connection
from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from hibrida import sql
from hibrida.activity import performance
from hibrida.activity.models import ActionPlan, Activity, DailyReport, ReportStatus, SkpTarget
from hibrida.activity.selectors import planned_quantity
from hibrida.policy.calendar import DEFAULT_HOURS, working_days
from hibrida.policy.models import WorkingHours
from hibrida.presence.models import ApprovalStatus, CheckIn, CorrectionRequest
from hibrida.presence.selectors import tolerance_minutes
from hibrida.roster.modes import WorkMode
from hibrida.roster.selectors import planned_modes

from . import metrics

BATCH = 5000


def id_in(column: str, ids) -> tuple[str, list]:
    """``column IN ids`` as SQL and its parameters: one array parameter on PostgreSQL, where
    psycopg re-parses a statement with more than 50 parameters on every call."""
    ids = list(ids)
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [ids]
    return f"{column} IN ({', '.join(['%s'] * len(ids)) or 'NULL'})", ids


def month_chunks(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """[start, end] cut at month boundaries."""
    out, cur = [], start
    while cur <= end:
        nxt = (cur.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        out.append((cur, min(end, nxt - dt.timedelta(days=1))))
        cur = nxt
    return out


def hours_lookup():
    """(opd id, weekday) -> start time; one query for every OPD's working hours."""

    own = {
        (opd_id, wd): start
        for opd_id, wd, start in WorkingHours.objects.values_list("opd_id", "weekday", "start")
    }

    def start_of(opd_id: int, day: dt.date) -> dt.time:
        wd = min(day.weekday(), 4)
        return own.get((opd_id, wd)) or DEFAULT_HOURS[wd][0]

    return start_of


def output_scores(
    ids: list[int], start: dt.date, end: dt.date, n_days: int | None = None
) -> dict[int, float]:
    """Daily output score of each non-draft report in [start, end] (one month at most).

    Same formula as the activity app (performance.daily_score); only validated reports count.
    ``n_days`` is the number of working days of the month, when the caller has it.
    """

    # Targets with this month's action plan in one read (the ORM took 3× the query's time).
    where, params = id_in("t.employee_id", ids)
    targets = sql.rows(
        "SELECT t.id, t.employee_id, t.target_quantity, p.planned_quantity"
        f" FROM {sql.table(SkpTarget)} t LEFT JOIN {sql.table(ActionPlan)} p"
        f" ON p.target_id = t.id AND p.month = %s WHERE t.year = %s AND {where}",
        [start.month, start.year, *params],
    )
    if not targets:
        return {}
    if n_days is None:
        month_start = start.replace(day=1)
        month_end = (month_start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        n_days = len(working_days(month_start, month_end - dt.timedelta(days=1)))
    planned: dict[int, dict[int, float]] = defaultdict(dict)
    for t in targets:
        planned[t["employee_id"]][t["id"]] = planned_quantity(
            t["target_quantity"], t["planned_quantity"]
        )
    quantities: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)  # (report, employee)
    for rid, emp, tid, q in (
        Activity.objects.filter(
            report__employee_id__in=list(planned),
            report__day__range=(start, end),
            report__status=ReportStatus.APPROVED,
            target__isnull=False,
        )
        .values("report_id", "report__employee_id", "target_id")
        .annotate(q=Sum("quantity"))
        .values_list("report_id", "report__employee_id", "target_id", "q")
    ):
        quantities[(rid, emp)][tid] = float(q)
    return {
        rid: performance.daily_score(q, planned.get(emp, {}), n_days)
        for (rid, emp), q in quantities.items()
    }


def by_person_day(emp: int, day: dt.date, opd_id: int, unit_id: int, mode: str) -> tuple:
    return (emp, day, opd_id, unit_id, mode)


def report_key(row: tuple) -> tuple[int, dt.date]:
    """(employee, day) of a report row (id, employee_id, day, status, is_late, work_mode)."""
    return (row[1], row[2])


def stamps_of(checkins) -> dict[tuple[int, dt.date], tuple]:
    """Per (employee, day): (first non-rejected "in" time, VALID "in" count, FLAGGED count,
    REJECTED count) from check-in dicts with employee_id, work_date, kind, device_time and
    status, the figures :func:`count_period` reads (for a caller that loaded the records)."""
    out: dict[tuple[int, dt.date], list] = {}
    for c in checkins:
        acc = out.setdefault((c["employee_id"], c["work_date"]), [None, 0, 0, 0])
        status, is_in = c["status"], c["kind"] == "in"
        if is_in and status != "REJECTED" and (acc[0] is None or c["device_time"] < acc[0]):
            acc[0] = c["device_time"]
        acc[1] += is_in and status == "VALID"
        acc[2] += status == "FLAGGED"
        acc[3] += status == "REJECTED"
    return {k: tuple(v) for k, v in out.items()}


def count_period(
    employees: list[tuple[int, int, int]],
    start: dt.date,
    end: dt.date,
    *,
    key: Callable[..., Hashable] = by_person_day,
    mode_filter: str | None = None,
    planned: dict | None = None,
    workdays: set[dt.date] | None = None,
    stamps: dict | None = None,
    reports: dict | None = None,
    corrected: set | None = None,
    month_working_days: int | None = None,
) -> dict:
    """metrics.Counts per ``key(emp, day, opd, unit, mode)`` for ``employees`` [(id, opd, unit)].

    One query per source table for the whole period (per 5,000 employees), output scores month
    by month. ``mode_filter`` keeps only person-days planned in that mode; ``planned`` is the
    caller's ``planned_modes`` of the same people and period when it already has it; likewise
    ``workdays`` (the working days of the period), ``stamps`` (:func:`stamps_of`), ``reports``
    (:func:`report_key`), ``corrected`` ((employee, day) with an approved check-in
    correction) and, for a period within one month, ``month_working_days`` (working days of
    that month) spare the queries the caller has already run.
    """

    ids = [e[0] for e in employees]
    where = {e[0]: (e[1], e[2]) for e in employees}
    if workdays is None:
        workdays = set(working_days(start, end))
    if planned is None:
        planned = planned_modes(ids, start, end)
    tolerance = dt.timedelta(minutes=tolerance_minutes())

    stamps, reports, corrected = _load_sources(ids, start, end, stamps, reports, corrected)
    scores: dict[int, float] = {}
    chunks = month_chunks(start, end)
    assert month_working_days is None or len(chunks) == 1
    for lo, hi in chunks:
        scores.update(output_scores(ids, lo, hi, month_working_days))

    out: dict[Hashable, metrics.Counts] = defaultdict(metrics.Counts)
    limit_of = _on_time_limits(tolerance)
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    for emp in ids:
        opd_id, unit_id = where[emp]
        for day in days:
            mode = planned.get((emp, day)) or (WorkMode.WFO if day in workdays else None)
            if mode is None:
                continue
            if mode_filter and mode != mode_filter:
                continue
            c = out[key(emp, day, opd_id, unit_id, mode)]
            c.planned += 1
            if mode not in metrics.ON_SITE_OR_HOME:
                continue
            c.expected += 1
            c.wfh += mode == WorkMode.WFH
            stamp = stamps.get((emp, day))
            if stamp is not None:
                _count_stamp(c, stamp, limit_of, opd_id, day)
            if (stamp is not None and stamp[1] > 0) or (emp, day) in corrected:
                c.present_valid += 1
            report = reports.get((emp, day))
            if report is not None:
                _count_report(c, report, mode, scores)
    return out


def _on_time_limits(tolerance: dt.timedelta) -> Callable[[int, dt.date], dt.datetime]:
    """(OPD, day) -> the latest on-time check-in, each computed once per call of count_period."""
    tz = timezone.get_current_timezone()
    start_of = hours_lookup()
    limits: dict[tuple[int, dt.date], dt.datetime] = {}

    def limit_of(opd_id: int, day: dt.date) -> dt.datetime:
        limit = limits.get((opd_id, day))
        if limit is None:
            limit = dt.datetime.combine(day, start_of(opd_id, day), tzinfo=tz) + tolerance
            limits[(opd_id, day)] = limit
        return limit

    return limit_of


def _count_stamp(
    c: metrics.Counts,
    stamp: tuple,
    limit_of: Callable[[int, dt.date], dt.datetime],
    opd_id: int,
    day: dt.date,
) -> None:
    first_in, _valid_in, flagged, rejected = stamp
    c.flagged += flagged
    c.rejected += rejected
    c.flagged_days += flagged > 0
    if first_in is not None:
        c.checked_in += 1
        # Aware datetimes compare by instant: no conversion of each stamp needed.
        c.on_time += first_in <= limit_of(opd_id, day)


def _count_report(c: metrics.Counts, report: tuple, mode: str, scores: dict[int, float]) -> None:
    rid, _emp, _day, status, late, _mode = report
    c.reports_submitted += 1
    c.reports_validated += status in (ReportStatus.APPROVED, ReportStatus.REJECTED)
    c.reports_approved += status == ReportStatus.APPROVED
    c.reports_pending += status == ReportStatus.SUBMITTED
    c.reports_late += bool(late)
    # The index compares the planned mode of the day, as the dashboard filters do.
    if mode == WorkMode.WFH:
        c.output_wfh_days += 1
        c.output_wfh_score += scores.get(rid, 0.0)
    elif mode == WorkMode.WFO:
        c.output_wfo_days += 1
        c.output_wfo_score += scores.get(rid, 0.0)


def _load_sources(
    ids: list[int],
    start: dt.date,
    end: dt.date,
    stamps: dict | None,
    reports: dict | None,
    corrected: set | None,
) -> tuple[dict, dict, set]:
    """Check-ins, reports and approved corrections of the period, each fetched (per BATCH
    employees) only when the caller has not passed it already."""
    fetch_stamps, fetch_reports, fetch_corrected = (
        stamps is None,
        reports is None,
        corrected is None,
    )
    stamps = {} if stamps is None else stamps
    reports = {} if reports is None else reports
    corrected = set() if corrected is None else corrected
    for lo in range(0, len(ids), BATCH):
        chunk = ids[lo : lo + BATCH]
        chunk_stamps: Iterable[tuple[int, dt.date, dt.datetime | None, int, int, int]]
        if not fetch_stamps:
            chunk_stamps = ()
        else:
            chunk_stamps = (
                CheckIn.objects.filter(employee_id__in=chunk, work_date__range=(start, end))
                .values("employee_id", "work_date")
                .annotate(
                    first_in=Min("device_time", filter=Q(kind="in") & ~Q(status="REJECTED")),
                    valid_in=Count("id", filter=Q(kind="in", status="VALID")),
                    n_flagged=Count("id", filter=Q(status="FLAGGED")),
                    n_rejected=Count("id", filter=Q(status="REJECTED")),
                )
                .values_list(
                    "employee_id", "work_date", "first_in", "valid_in", "n_flagged", "n_rejected"
                )
            )
        for emp, day, first_in, valid_in, flagged, rejected in chunk_stamps:
            stamps[(emp, day)] = (first_in, valid_in, flagged, rejected)
        if fetch_corrected:
            corrected.update(
                CorrectionRequest.objects.filter(
                    employee_id__in=chunk,
                    work_date__range=(start, end),
                    status=ApprovalStatus.APPROVED,
                    time_in__isnull=False,
                ).values_list("employee_id", "work_date")
            )
        if fetch_reports:
            for row in (
                DailyReport.objects.filter(employee_id__in=chunk, day__range=(start, end))
                .exclude(status=ReportStatus.DRAFT)
                .values_list("id", "employee_id", "day", "status", "is_late", "work_mode")
            ):
                reports[report_key(row)] = row
    return stamps, reports, corrected
