"""Assembling audit evidence from the records: candidates with risk scores, worksheets.

Reads the other apps' records (roster, presence, activity, spot checks) directly: a fault in
any of them fails the audit rather than scoring a source 0. Internal to the audit app and not
scoped: services and selectors check the viewer first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone

from hibrida.activity.models import DailyReport, ReportOpening
from hibrida.meetings.models import SpotCheck, SpotCheckOutcome
from hibrida.org.models import Employee
from hibrida.policy.calendar import working_days
from hibrida.presence import labels as presence_labels
from hibrida.presence.models import CheckIn, HomeLocation
from hibrida.presence.selectors import attendance_summary
from hibrida.roster.modes import WorkMode
from hibrida.roster.selectors import any_published, planned_modes

from .models import JokiFinding
from .risk import NONE_IN_PERIOD, DayEvidence, RiskScore, score_day
from .sampling import Candidate


def scope_employee_ids(opd_ids: list[int]) -> list[int]:
    return list(
        Employee.objects.filter(opd_id__in=opd_ids, is_active=True)
        .order_by("id")
        .values_list("id", flat=True)
    )


def score_employee_days(
    employee_ids: list[int],
    days: list[dt.date],
    start: dt.date,
    end: dt.date,
    pairs: list[tuple[int, dt.date]] | None = None,
) -> dict[tuple[int, dt.date], RiskScore]:
    """Risk score of every (employee, day) pair (or only ``pairs``) from the records."""
    summary = attendance_summary(employee_ids, start, end)
    reports = report_facts(employee_ids, start, end)
    spot = spot_checks_not_reached(employee_ids, start, end)
    homes = home_location_changes(employee_ids, start, end)
    joki = joki_suspect_days(employee_ids, start, end)
    supervisors = dict(
        Employee.objects.filter(pk__in=employee_ids).values_list("id", "supervisor_id")
    )
    if pairs is None:
        pairs = [(emp, day) for emp in employee_ids for day in days]
    reporters = {emp for emp, _d in reports["reports"]}
    out = {}
    for key in pairs:
        emp, day = key
        sup = supervisors.get(emp)
        rate = reports["atasan_rates"].get(sup) if sup else None
        report = reports["reports"].get(key)
        ev = DayEvidence(
            flag_count=flag_count(summary.get(key)),
            report_status=_report_status(report, emp in reporters),
            approval_seconds=report["approval_seconds"] if report else None,
            atasan_approval_rate=rate[0] if rate else None,
            atasan_validated=rate[1] if rate else None,
            spot_checks_not_reached=spot.get(key, 0),
            home_location_changes=homes.get(key, 0),
            joki_findings=joki.get(key, 0),
        )
        out[key] = score_day(ev)
    return out


def joki_suspect_days(
    employee_ids: list[int], start: dt.date, end: dt.date
) -> dict[tuple[int, dt.date], int]:
    """How many joki findings hold a check-in of each (employee, day) doubtful."""
    wanted = set(employee_ids)
    out: dict[tuple[int, dt.date], int] = defaultdict(int)
    rows = JokiFinding.objects.filter(
        first_at__date__lte=end + dt.timedelta(days=1),
        last_at__date__gte=start - dt.timedelta(days=1),
    ).values_list("suspect_days", flat=True)
    for pairs in rows:
        for emp, day in {(int(e), dt.date.fromisoformat(d)) for e, d in pairs}:
            if emp in wanted and start <= day <= end:
                out[(emp, day)] += 1
    return out


def _report_status(report: dict | None, reported_in_period: bool) -> str:
    if report is not None:
        return report["report_status"]
    return "missing" if reported_in_period else NONE_IN_PERIOD


def non_reporters(plan) -> list[int]:
    """In-scope employees with no daily report at all in the plan's period."""
    employee_ids = scope_employee_ids(list(plan.opds.values_list("id", flat=True)))
    facts = report_facts(employee_ids, plan.period_start, plan.period_end)
    reporters = {emp for emp, _d in facts["reports"]}
    return [e for e in employee_ids if e not in reporters]


def plan_candidates(plan) -> tuple[list[Candidate], dict, str]:
    """The plan's candidates (employee-days in scope) with scores, and the basis used.

    Only employees of the plan's OPDs and only days inside its period are ever candidates; with
    a published schedule only their WFH days count (audits target WFH), otherwise (nothing
    published for the scope and period) every working day not on leave does.
    """
    opd_ids = list(plan.opds.values_list("id", flat=True))
    employee_ids = scope_employee_ids(opd_ids)
    days = [
        d
        for d in working_days(plan.period_start, plan.period_end)
        if plan.period_start <= d <= plan.period_end
    ]
    modes = planned_modes(employee_ids, plan.period_start, plan.period_end)
    # Leave entries overlay the roster without any schedule: only a published one narrows.
    if any_published(opd_ids, plan.period_start, plan.period_end):
        pairs = [(e, d) for e in employee_ids for d in days if modes.get((e, d)) == WorkMode.WFH]
        basis = "hari WFH menurut jadwal rotasi yang diterbitkan"
    else:
        pairs = [(e, d) for e in employee_ids for d in days if modes.get((e, d)) != WorkMode.LEAVE]
        basis = "semua hari kerja (jadwal rotasi belum tersedia untuk lingkup dan periode ini)"
    scores = score_employee_days(employee_ids, days, plan.period_start, plan.period_end, pairs)
    candidates = [Candidate((e, d.isoformat()), scores[(e, d)].total) for e, d in pairs]
    return candidates, scores, basis


def digest(candidates: list[Candidate]) -> str:
    """SHA-256 of the scored candidate list, independent of order."""
    h = hashlib.sha256()
    for c in sorted(candidates, key=lambda c: c.key):
        h.update(f"{c.key[0]}|{c.key[1]}|{c.risk:.2f}\n".encode())
    return h.hexdigest()


# --- the other apps' records, per (employee, day) ------------------------------------------

Key = tuple[int, dt.date]


def flag_count(day_record: dict | None) -> int:
    """Flagged or rejected check-ins in a presence day summary (0 when there is none)."""
    if not day_record:
        return 0
    return int(day_record.get("flagged") or 0) + int(day_record.get("rejected") or 0)


def check_in_points(employee_id: int, day: dt.date) -> list[dict]:
    """Check-in fixes of the day as {time, lat, lon, kind, result, reasons} for the map."""
    rows = CheckIn.objects.filter(employee_id=employee_id, work_date=day).order_by("device_time")
    return [
        {
            "time": presence_labels.wib_time(c.device_time) + " WIB",
            "lat": c.latitude,
            "lon": c.longitude,
            "kind": c.kind,
            "result": c.status,
            "place": c.place,
            "distance_m": c.distance_m,
            "reasons": list(c.reasons or []),
            "text": " · ".join(
                [
                    presence_labels.kind_label(c.kind),
                    presence_labels.status_label(c.status),
                    *(presence_labels.reason(r)["label"] for r in c.reasons or []),
                ]
            ),
        }
        for c in rows[:200]
    ]


def home_location_changes(employee_ids: list[int], start: dt.date, end: dt.date) -> dict[Key, int]:
    """Approved home-location changes in the 30 days up to each working day.

    The first approved home of an employee is a registration, not a change.
    """
    rows = (
        HomeLocation.objects.filter(
            employee_id__in=employee_ids,
            status__in=["approved", "superseded"],
            decided_at__isnull=False,
        )
        .order_by("employee_id", "decided_at")
        .values_list("employee_id", "decided_at")
    )
    moves: dict[int, list[dt.date]] = defaultdict(list)
    seen: set[int] = set()
    for emp, when in rows:
        if emp in seen:
            moves[emp].append(timezone.localtime(when).date())
        seen.add(emp)
    out: dict[Key, int] = {}
    days = working_days(start, end)
    for emp, changed in moves.items():
        for day in days:
            n = sum(1 for d in changed if day - dt.timedelta(days=30) <= d <= day)
            if n:
                out[(emp, day)] = n
    return out


def report_facts(employee_ids: list[int], start: dt.date, end: dt.date) -> dict:
    """Daily-report facts per (employee, day) plus approval rates per validating atasan:
    {"reports": {key: {...}}, "atasan_rates": {employee_id: (rate, n)}}."""
    reports: dict[Key, dict] = {}
    rows = list(
        DailyReport.objects.filter(
            employee_id__in=employee_ids, day__gte=start, day__lte=end
        ).values(
            "id",
            "employee_id",
            "day",
            "status",
            "is_late",
            "submitted_at",
            "decided_at",
            "decided_by_id",
        )
    )
    openings: dict[tuple[int, int], dt.datetime] = {}
    ids = [r["id"] for r in rows if r["decided_by_id"]]
    for i in range(0, len(ids), 5000):
        for rep, user, at in ReportOpening.objects.filter(
            report_id__in=ids[i : i + 5000]
        ).values_list("report_id", "user_id", "opened_at"):
            openings[(rep, user)] = at
    for r in rows:
        seconds = None
        if r["status"] == "approved" and r["decided_at"]:
            opened = openings.get((r["id"], r["decided_by_id"]))
            if opened is not None:
                seconds = max(0.0, (r["decided_at"] - opened).total_seconds())
        submitted = r["status"] != "draft"
        reports[(r["employee_id"], r["day"])] = {
            "status": r["status"],
            "report_status": (
                "missing" if not submitted else ("late" if r["is_late"] else "on_time")
            ),
            "approval_seconds": seconds,
        }
    rates: dict[int, tuple[float, int]] = {}
    validated = (
        DailyReport.objects.filter(
            day__gte=start,
            day__lte=end,
            status__in=["approved", "returned", "rejected"],
            decided_by__employee__isnull=False,
        )
        .values("decided_by__employee_id")
        .annotate(n=Count("id"), ok=Count("id", filter=Q(status="approved")))
    )
    for row in validated:
        rates[row["decided_by__employee_id"]] = (row["ok"] / row["n"], row["n"])
    return {"reports": reports, "atasan_rates": rates}


def report_trail(employee_id: int, day: dt.date) -> dict:
    """The daily report of the day with its activities and validation trail, for worksheets."""
    report = (
        DailyReport.objects.filter(employee_id=employee_id, day=day)
        .prefetch_related("activities", "events", "openings")
        .first()
    )
    if report is None:
        return {"report": None, "activities": [], "events": [], "openings": []}
    return {
        "report": report,
        "activities": list(report.activities.all()),
        "events": list(report.events.all()),
        "openings": list(report.openings.all()),
    }


def spot_checks_not_reached(
    employee_ids: list[int], start: dt.date, end: dt.date
) -> dict[Key, int]:
    """Spot checks that ended "not reached", per (employee, day)."""
    rows = (
        SpotCheck.objects.filter(
            employee_id__in=employee_ids,
            day__gte=start,
            day__lte=end,
            status=SpotCheckOutcome.NOT_REACHED,
        )
        .values("employee_id", "day")
        .annotate(n=Count("id"))
    )
    return {(r["employee_id"], r["day"]): r["n"] for r in rows}


def spot_checks_of(employee_id: int, start: dt.date, end: dt.date) -> list[SpotCheck]:
    return list(
        SpotCheck.objects.filter(employee_id=employee_id, day__gte=start, day__lte=end)
        .select_related("atasan")
        .order_by("day")
    )
