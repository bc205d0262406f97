"""Beranda "Hari ini": one section per role of the viewer, every figure read through the
owning app's selector (scoped by hibrida.org.access) and linked to the page behind it.
Sits above the apps, like views.py; see docs/architecture.md, "Home page"."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from hibrida.activity import selectors as activity
from hibrida.activity.models import ReportStatus
from hibrida.activity.services import deadline_for
from hibrida.audit import selectors as audit
from hibrida.audit.models import FindingStatus
from hibrida.meetings import selectors as meetings
from hibrida.meetings.models import OccurrenceStatus, SpotCheckOutcome
from hibrida.monitoring import selectors as monitoring
from hibrida.org import access
from hibrida.org.access import Role
from hibrida.org.models import User
from hibrida.presence import selectors as presence
from hibrida.presence.models import ApprovalStatus
from hibrida.roster import selectors as roster
from hibrida.roster.models import MODE_LABELS, RequestStatus
from hibrida.roster.modes import WorkMode
from hibrida.roster.services import MONTHS_ID

MEETING_HORIZON_DAYS = 14
FOLLOW_UP_HORIZON_DAYS = 14
NAMES_SHOWN = 6
# Before this hour the share of a unit already checked in says nothing about coverage.
COVERAGE_FROM = dt.time(9, 0)
COVERAGE_SHARE = 0.5
DAY_NAMES = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
# The team's groups, in the order the page lists them.
TEAM_GROUPS = [
    ("wfo", "WFO di kantor"),
    ("wfh", "WFH (kerja dari rumah)"),
    ("field", "Tugas lapangan / dinas luar"),
    ("leave", "Cuti"),
    ("missing", "Belum presensi masuk"),
    ("flagged", "Presensi ditandai"),
]


def wib(moment: dt.datetime | None) -> str:
    """``07.12 WIB`` (Indonesian time notation) in Asia/Jakarta."""
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%H.%M") + " WIB"


def long_date(day: dt.date) -> str:
    return f"{DAY_NAMES[day.weekday()]}, {day.day} {MONTHS_ID[day.month]} {day.year}"


def short_date(day: dt.date) -> str:
    return f"{DAY_NAMES[day.weekday()]} {day.day}/{day.month}"


def _names(people: list[str]) -> dict:
    return {"names": people[:NAMES_SHOWN], "more": max(0, len(people) - NAMES_SHOWN)}


def today_sections(user: User, now: dt.datetime | None = None) -> dict:
    """Everything the home page shows for ``user`` at ``now`` (default: the current moment)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    scope = access.scope_for(user)
    out: dict = {"today": today, "today_label": long_date(today), "sections": []}
    if scope.employee_id:
        out["sections"].append(("asn", asn_section(user, today, now)))
    if scope.subordinate_ids:
        out["sections"].append(("atasan", atasan_section(user, today)))
    if scope.has(Role.BKPSDM, Role.INSPEKTORAT):
        out["sections"].append(("city", opd_section(user, today, now, opd_id=None)))
    for opd_id in sorted(scope.admin_opd_ids):
        out["sections"].append(("opd", opd_section(user, today, now, opd_id=opd_id)))
    if scope.has(Role.INSPEKTORAT):
        out["sections"].append(("audit", audit_section(user, today)))
    return out


def asn_section(user: User, today: dt.date, now: dt.datetime) -> dict:
    employee_id = access.scope_for(user).employee_id
    assert employee_id is not None
    plan = presence.today_plan(user)
    attendance = plan["attendance"] or {}
    mode = plan["mode"] if plan["working_day"] else ""
    report = activity.visible_reports(user).filter(employee_id=employee_id, day=today).first()
    monday = today - dt.timedelta(days=today.weekday())
    week = [monday + dt.timedelta(days=i) for i in range(5)]
    modes = roster.planned_modes([employee_id], week[0], week[-1])
    wfh_days = [d for d in week if modes.get((employee_id, d)) == WorkMode.WFH]
    meeting = (
        meetings.upcoming_occurrences(user, today, today + dt.timedelta(days=MEETING_HORIZON_DAYS))
        .filter(starts_at__gte=now)
        .exclude(status=OccurrenceStatus.CANCELLED)
        .first()
    )
    requests = roster.my_requests(user).filter(status=RequestStatus.PENDING).count()
    swaps = roster.swaps_to_answer(user).count()
    corrections = presence.my_corrections(user).filter(status=ApprovalStatus.PENDING).count()
    deadline = deadline_for(today)
    if report is None:
        report_state = "Belum ditulis" if plan["working_day"] else "Tidak perlu (hari libur)"
    else:
        report_state = str(ReportStatus(report.status).label)
    return {
        "working_day": plan["working_day"],
        "mode": mode,
        "mode_label": str(MODE_LABELS[WorkMode(mode)]) if mode else "Hari libur",
        "places": [p["name"] for p in plan["places"]],
        "check_in": wib(attendance.get("first_in")),
        "check_out": wib(attendance.get("last_out")),
        "flagged": attendance.get("flagged", 0),
        "report_state": report_state,
        "report_done": report is not None
        and report.status != ReportStatus.DRAFT
        and report.status != ReportStatus.RETURNED,
        "deadline": wib(deadline),
        "report_url": reverse("activity:write", args=[today.isoformat()]),
        "wfh_days": [short_date(d) for d in wfh_days],
        "meeting": meeting,
        "meeting_when": (
            f"{short_date(meeting.date)}, {wib(meeting.starts_at)}" if meeting is not None else ""
        ),
        "requests": requests,
        "swaps": swaps,
        "corrections": corrections,
        "pending_total": requests + swaps + corrections,
    }


def _team_group(row: dict) -> list[str]:
    """The groups one team row counts in (a flagged WFH day is in both)."""
    mode = row["mode"]
    groups = []
    if mode == WorkMode.LEAVE:
        return ["leave"]
    if mode in (WorkMode.FIELD, WorkMode.DUTY):
        groups.append("field")
    elif mode == WorkMode.WFH:
        groups.append("wfh")
    elif mode == WorkMode.WFO:
        groups.append("wfo")
    if mode in (WorkMode.WFO, WorkMode.WFH, WorkMode.FIELD) and not row["check_in"]:
        groups.append("missing")
    if row["check_in_status"] in ("FLAGGED", "REJECTED") or row["flags"]:
        groups.append("flagged")
    return groups


def atasan_section(user: User, today: dt.date) -> dict:
    team = monitoring.team_today(user, today)
    members: dict[str, list[str]] = {key: [] for key, _ in TEAM_GROUPS}
    for row in team["rows"]:
        for group in _team_group(row):
            members[group].append(row["name"])
    inbox = activity.inbox(user)
    oldest = inbox.order_by("submitted_at", "day").first()
    spot_checks = meetings.my_spot_checks(user, today).filter(status=SpotCheckOutcome.PENDING)
    return {
        "working_day": team["working_day"],
        "size": len(team["rows"]),
        "groups": [
            {"key": key, "label": label, "count": len(members[key]), **_names(members[key])}
            for key, label in TEAM_GROUPS
        ],
        "inbox": inbox.count(),
        "oldest": oldest,
        "oldest_day": short_date(oldest.day) if oldest is not None else "",
        "oldest_overdue": oldest is not None
        and oldest.validation_due is not None
        and oldest.validation_due < today,
        "requests": team["pending_requests_total"],
        "spot_checks": spot_checks.count(),
    }


def opd_section(user: User, today: dt.date, now: dt.datetime, *, opd_id: int | None) -> dict:
    """Today in one OPD (an OPD admin's) or the city (BKPSDM, Inspektorat)."""
    filters = monitoring.Filters(start=today, end=today, opd_id=opd_id)
    if opd_id is None:
        data = monitoring.city_dashboard(user, filters)
        groups, name, page = data["opds"], "Kota Bekasi", "monitoring:city"
    else:
        data = monitoring.opd_dashboard(user, filters)
        groups, name, page = data["units"], str(data["opd"]), "monitoring:opd"
    url = f"{reverse(page)}?{urlencode(filters.as_query())}"
    counts = data["total"]["counts"]
    assess = timezone.localtime(now).time() >= COVERAGE_FROM
    under = [
        g["name"]
        for g in groups
        if assess
        and g.get("counts") is not None
        and g["counts"].expected
        and g["counts"].checked_in < COVERAGE_SHARE * g["counts"].expected
    ]
    late = activity.visible_reports(user).filter(
        status=ReportStatus.SUBMITTED, validation_due__lt=today
    )
    if opd_id is not None:
        late = late.filter(employee__opd_id=opd_id)
    return {
        "name": name,
        "url": url,
        "planned": counts.planned,
        "expected": counts.expected,
        "wfh": counts.wfh,
        "wfo": counts.expected - counts.wfh,
        "leave": counts.planned - counts.expected,
        "checked_in": counts.checked_in,
        "flagged": counts.flagged_days,
        "refreshed": wib(data["refreshed_at"]),
        "assess": assess,
        "coverage_from": COVERAGE_FROM.strftime("%H.%M"),
        "under": {"count": len(under), **_names(sorted(under))},
        "late_validations": late.count(),
        "group_label": "OPD" if opd_id is None else "Unit",
    }


def audit_section(user: User, today: dt.date) -> dict:
    open_findings = audit.findings(user).exclude(status=FindingStatus.CLOSED)
    due = open_findings.filter(
        due_date__lte=today + dt.timedelta(days=FOLLOW_UP_HORIZON_DAYS)
    ).order_by("due_date")
    return {
        "open": open_findings.count(),
        "overdue": due.filter(due_date__lt=today).count(),
        "due_soon": due.filter(due_date__gte=today).count(),
        "next_due": due.first(),
        "horizon": FOLLOW_UP_HORIZON_DAYS,
    }
