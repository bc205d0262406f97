"""The seams to the other apps (policy, roster, presence, activity).

Each function imports the other app inside the function and returns ``None`` when that app or
function is missing or fails, so the efficiency pages degrade to "data belum tersedia" (or to
the demo's synthetic PilotMetric table) instead of breaking. The shapes returned here are the
contract the efficiency app relies on; wiring a real source means adapting only this file.

Return shapes (opd ids are ``Opd.pk``; months are the first day of the month):
- ``eligibility_by_opd()`` → {opd_id: {"total": int, "eligible": int, "by_reason": {reason: n}}}
- ``planned_offsite_share(start, end)`` → {opd_id: share of person-days planned WFH, 0–1}
- ``fairness_by_opd()`` → {opd_id: {"staff": eligible staff, "gini": float,
  "mean_wfh_days": float, "min_wfh_days": int, "max_wfh_days": int}}
- ``monthly_metrics(month)`` → {(opd_id, metric): (value, staff measured)} with the metric
  keys of :class:`hibrida.efficiency.models.Metric` (stored by tasks.refresh_pilot_metrics).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict

log = logging.getLogger(__name__)


def _unavailable(what: str, err: Exception) -> None:
    log.info("efficiency: %s unavailable (%s: %s)", what, err.__class__.__name__, err)


def policy_configured() -> bool:
    """True once the city has policy rules and readiness records: before that the engine
    finds nobody eligible, which says nothing about the positions."""
    try:
        from hibrida.policy.models import PolicyRule, WfhReadiness

        return PolicyRule.objects.exists() and WfhReadiness.objects.exists()
    except Exception as err:
        _unavailable("policy models", err)
        return False


def eligibility_by_opd(
    day: dt.date | None = None, opd_ids: set[int] | None = None
) -> dict[int, dict] | None:
    """WFH eligibility per OPD from the policy engine (reasons as the engine words them)."""
    try:
        from django.utils import timezone

        from hibrida.org.models import Employee
        from hibrida.policy.engine import bulk_eligibility

        qs = Employee.objects.filter(is_active=True).select_related("opd", "unit", "position")
        if opd_ids is not None:
            qs = qs.filter(opd_id__in=opd_ids)
        employees = list(qs)
        results = bulk_eligibility(employees, day or timezone.localdate())
    except Exception as err:  # policy app missing or half-built
        _unavailable("policy eligibility", err)
        return None
    out: dict[int, dict] = defaultdict(lambda: {"total": 0, "eligible": 0, "by_reason": Counter()})
    for e in employees:
        row = out[e.opd_id]
        row["total"] += 1
        res = results.get(e.pk)
        if res is not None and res.eligible:
            row["eligible"] += 1
        elif res is not None:
            row["by_reason"][res.primary_reason or "tidak layak"] += 1
    return {k: {**v, "by_reason": dict(v["by_reason"])} for k, v in out.items()}


def planned_offsite_share(
    start: dt.date, end: dt.date, opd_ids: set[int] | None = None
) -> dict[int, float] | None:
    """Share of planned person-days WFH per OPD from published schedules (WFO/WFH/FIELD)."""
    try:
        from hibrida.org.models import Employee
        from hibrida.roster.selectors import planned_modes

        qs = Employee.objects.filter(is_active=True)
        if opd_ids is not None:
            qs = qs.filter(opd_id__in=opd_ids)
        opd_of = dict(qs.values_list("id", "opd_id"))
        modes = planned_modes(opd_of.keys(), start, end)
    except Exception as err:
        _unavailable("roster planned_modes", err)
        return None
    counts: dict[int, Counter] = defaultdict(Counter)
    for (employee_id, _day), mode in modes.items():
        counts[opd_of.get(employee_id)][mode] += 1
    out = {}
    for opd_id, c in counts.items():
        # Leave and official duty are not working-place choices; only planned days count.
        days = c.get("WFO", 0) + c.get("WFH", 0) + c.get("FIELD", 0)
        if opd_id is not None and days:
            out[opd_id] = c.get("WFH", 0) / days
    return out or None


def fairness_by_opd(month: dt.date | None = None) -> dict[int, dict] | None:
    """Fairness of WFH days among eligible staff per OPD, from the latest published month."""
    try:
        from hibrida.org.models import Opd
        from hibrida.roster.selectors import latest_published_month, month_fairness

        month = month or latest_published_month()
        if month is None:
            return None
        report = month_fairness(month)
        by_name = dict(Opd.objects.values_list("short_name", "id"))
    except Exception as err:
        _unavailable("roster month_fairness", err)
        return None
    out = {}
    for name, group in report.get("opds", {}).items():
        if name in by_name:
            days = group["wfh_days"]
            out[by_name[name]] = {
                "staff": group["eligible"],
                "gini": days["gini"],
                "mean_wfh_days": days["mean"],
                "min_wfh_days": days["min"],
                "max_wfh_days": days["max"],
            }
    return out or None


def monthly_metrics(month: dt.date) -> dict[tuple[int, str], tuple[float, int]] | None:
    """Real pilot metrics per OPD for one month, from schedules, presence and daily reports.

    {(opd_id, metric): (value, staff measured)} for attendance_compliance, on_time_rate,
    attendance_wfh/wfo, wfh_share, report_submission, report_approval (percentages). Heavy for
    the whole city: run it from the monthly task (tasks.refresh_pilot_metrics), not per page.
    """
    import calendar

    start = month.replace(day=1)
    end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    try:
        from django.utils import timezone

        # Days still ahead have a plan but no attendance yet: they are not measured.
        end = min(end, timezone.localdate() - dt.timedelta(days=1))
        if end < start:
            return None

        from hibrida.org.models import Employee
        from hibrida.presence.selectors import attendance_summary
        from hibrida.roster.selectors import planned_modes

        opd_of = dict(Employee.objects.filter(is_active=True).values_list("id", "opd_id"))
        planned = planned_modes(opd_of.keys(), start, end)
        attended = attendance_summary(opd_of.keys(), start, end)
    except Exception as err:
        _unavailable("roster/presence monthly metrics", err)
        return None
    if not planned:
        return None
    reports: dict[tuple[int, dt.date], str] = {}
    try:
        from hibrida.activity.models import DailyReport

        for emp, day, status in DailyReport.objects.filter(
            day__gte=start, day__lte=end
        ).values_list("employee_id", "day", "status"):
            reports[(emp, day)] = status
    except Exception as err:
        _unavailable("activity daily reports", err)
    c: dict[int, Counter] = defaultdict(Counter)
    people: dict[int, set] = defaultdict(set)
    for (emp, day), mode in planned.items():
        opd = opd_of.get(emp)
        if opd is None or mode in ("LEAVE", "DUTY"):
            continue
        people[opd].add(emp)
        row = c[opd]
        row["days"] += 1
        row[f"days_{mode}"] += 1
        summary = attended.get((emp, day))
        if summary and not summary.get("missing_in"):
            row["present"] += 1
            row[f"present_{mode}"] += 1
            row["on_time"] += int(not summary.get("late_minutes"))
        status = reports.get((emp, day))
        if status and status != "draft":
            row["submitted"] += 1
            row["approved"] += int(status == "approved")
    out: dict[tuple[int, str], tuple[float, int]] = {}
    for opd, row in c.items():
        n = len(people[opd])
        out[(opd, "attendance_compliance")] = (100 * row["present"] / row["days"], n)
        out[(opd, "wfh_share")] = (100 * row["days_WFH"] / row["days"], n)
        if row["present"]:
            out[(opd, "on_time_rate")] = (100 * row["on_time"] / row["present"], n)
        for mode, metric in (("WFH", "attendance_wfh"), ("WFO", "attendance_wfo")):
            if row[f"days_{mode}"]:
                out[(opd, metric)] = (100 * row[f"present_{mode}"] / row[f"days_{mode}"], n)
        if reports:
            out[(opd, "report_submission")] = (100 * row["submitted"] / row["days"], n)
            if row["submitted"]:
                out[(opd, "report_approval")] = (100 * row["approved"] / row["submitted"], n)
    return out or None
