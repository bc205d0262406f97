"""Reads of the records other apps keep (roster, presence, activity, meetings), for audits.

Every function imports inside its body and returns ``None`` (source unknown) or empty data when
the app is missing or fails, so the risk score and the worksheet work with whatever exists: a
missing source scores 0 with a note instead of breaking the audit. Nothing here is scoped; the
callers (audit selectors/services) check the viewer first.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

log = logging.getLogger(__name__)

Key = tuple[int, dt.date]


def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Working days of the city calendar in [start, end] (fallback Monday–Friday)."""
    try:
        from hibrida.policy.calendar import working_days as policy_working_days

        return list(policy_working_days(start, end))
    except Exception:
        days, day = [], start
        while day <= end:
            if day.weekday() < 5:
                days.append(day)
            day += dt.timedelta(days=1)
        return days


def planned_modes(employee_ids: list[int], start: dt.date, end: dt.date) -> dict[Key, str] | None:
    """Published schedule modes per (employee, day); ``None`` when the roster is unavailable."""
    try:
        from hibrida.roster.selectors import planned_modes as roster_planned_modes

        return dict(roster_planned_modes(list(employee_ids), start, end))
    except Exception:
        return None


def attendance_summary(
    employee_ids: list[int], start: dt.date, end: dt.date
) -> dict[Key, dict] | None:
    """Presence per (employee, day) from the presence app; ``None`` when unavailable."""
    try:
        from hibrida.presence.selectors import attendance_summary as presence_summary

        return dict(presence_summary(list(employee_ids), start, end))
    except Exception:
        return None


def flag_count(day_record: dict | None) -> int:
    """Flagged or rejected check-ins in a presence day summary (0 when there is none)."""
    if not day_record:
        return 0
    if isinstance(day_record.get("flagged"), int):
        return day_record["flagged"] + int(day_record.get("rejected") or 0)
    value = day_record.get("flags") or day_record.get("reasons")
    return len(value) if isinstance(value, list | tuple | set) else 0


def day_attendance(employee_id: int, day: dt.date) -> dict | None:
    try:
        from hibrida.presence.selectors import day_attendance as presence_day

        return presence_day(employee_id, day)
    except Exception:
        return None


def check_in_points(employee_id: int, day: dt.date) -> list[dict]:
    """Check-in fixes of the day as {time, lat, lon, kind, result, reasons} for the map."""
    try:
        from django.utils import timezone

        from hibrida.presence.models import CheckIn

        rows = CheckIn.objects.filter(employee_id=employee_id, work_date=day).order_by(
            "device_time"
        )[:200]
        return [
            {
                "time": timezone.localtime(c.device_time).strftime("%H:%M"),
                "lat": c.latitude,
                "lon": c.longitude,
                "kind": c.kind,
                "result": c.status,
                "place": c.place,
                "distance_m": c.distance_m,
                "reasons": list(c.reasons or []),
            }
            for c in rows
        ]
    except Exception:
        log.exception("presence check-ins unavailable")
        return []


def home_location_changes(
    employee_ids: list[int], start: dt.date, end: dt.date
) -> dict[Key, int] | None:
    """Approved home-location changes in the 30 days up to each day; ``None`` if unavailable.

    The first approved home of an employee is a registration, not a change.
    """
    try:
        from django.utils import timezone

        from hibrida.presence.models import HomeLocation

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
    except Exception:
        log.exception("presence home locations unavailable")
        return None


def report_facts(employee_ids: list[int], start: dt.date, end: dt.date) -> dict | None:
    """Daily-report facts per (employee, day) plus approval rates per validating atasan.

    Returns {"reports": {key: {...}}, "atasan_rates": {employee_id: (rate, n)}} or ``None``.
    """
    try:
        from django.db.models import Count, Q

        from hibrida.activity.models import DailyReport, ReportOpening
    except Exception:
        return None
    try:
        reports: dict[Key, dict] = {}
        rows = DailyReport.objects.filter(
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
        rows = list(rows)
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
            submitted = r["status"] not in ("draft",)
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
    except Exception:
        log.exception("activity reports unavailable")
        return None


def report_trail(employee_id: int, day: dt.date) -> dict | None:
    """The daily report of the day with its activities and validation trail, for worksheets."""
    try:
        from hibrida.activity.models import DailyReport
    except Exception:
        return None
    try:
        report = (
            DailyReport.objects.filter(employee_id=employee_id, day=day)
            .prefetch_related("activities", "events", "openings")
            .first()
        )
        if report is None:
            return {"report": None, "activities": [], "events": []}
        return {
            "report": report,
            "activities": list(report.activities.all()),
            "events": list(report.events.all()),
            "openings": list(report.openings.all()),
        }
    except Exception:
        log.exception("activity report trail unavailable")
        return None


def spot_checks_not_reached(
    employee_ids: list[int], start: dt.date, end: dt.date
) -> dict[Key, int] | None:
    """Spot checks that ended "not reached", per (employee, day)."""
    try:
        from django.db.models import Count

        from hibrida.meetings.models import SpotCheck, SpotCheckOutcome
    except Exception:
        return None
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


def spot_checks_of(employee_id: int, start: dt.date, end: dt.date) -> list:
    try:
        from hibrida.meetings.models import SpotCheck
    except Exception:
        return []
    return list(
        SpotCheck.objects.filter(employee_id=employee_id, day__gte=start, day__lte=end)
        .select_related("atasan")
        .order_by("day")
    )


def log_location_view(*, actor, employee_id: int, context_label: str) -> None:
    """Record, through the presence app, that an auditor saw someone's check-in locations.

    The privacy rule (UU 27/2022) applies to auditors too: every view of another person's
    location leaves a LocationView row and an audit event.
    """
    try:
        from hibrida.presence.services import log_location_view as presence_log
    except ImportError:
        return
    presence_log(actor=actor, employee_ids=[employee_id], context_label=context_label)
