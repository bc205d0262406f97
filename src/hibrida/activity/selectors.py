"""Reads of the e-Activity Report, always scoped to the viewer through org/access.py."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext

from hibrida.org import access
from hibrida.org.models import Employee, User
from hibrida.policy.calendar import working_days
from hibrida.roster.modes import WorkMode
from hibrida.roster.selectors import planned_modes
from hibrida.roster.services import MONTHS_ID

from . import performance
from .models import (
    ActionPlan,
    Activity,
    DailyReport,
    Delegation,
    Notification,
    ReportOpening,
    ReportStatus,
    SkpTarget,
)
from .services import acting_for, today


def visible_reports(viewer: User) -> QuerySet[DailyReport]:
    """Reports ``viewer`` may read: of visible employees, plus those they validate as Plt."""
    visible = access.visible_employees(viewer).values("id")
    condition = Q(employee_id__in=visible)
    validating = acting_for(viewer)
    if validating:
        condition |= Q(validator_id__in=validating)
    return DailyReport.objects.filter(condition).select_related(
        "employee", "employee__unit", "validator"
    )


def get_report(viewer: User, pk: int) -> DailyReport:
    """One report, or 404 when the viewer may not see it (existence is not revealed)."""
    report = visible_reports(viewer).filter(pk=pk).first()
    if report is None:
        raise Http404("Laporan tidak ditemukan.")
    return report


def get_activity(viewer: User, pk: int) -> Activity:
    activity = Activity.objects.select_related("report").filter(pk=pk).first()
    if activity is None or not visible_reports(viewer).filter(pk=activity.report_id).exists():
        raise Http404("Kegiatan tidak ditemukan.")
    return activity


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class MonthRow:
    day: dt.date
    report: DailyReport | None
    planned_mode: str | None = None

    @property
    def on_leave(self) -> bool:
        return self.report is None and self.planned_mode == WorkMode.LEAVE


def my_month(viewer: User, year: int, month: int) -> list[MonthRow]:
    """The viewer's working days of the month up to today, each with its report or None."""
    employee_id = access.scope_for(viewer).employee_id
    if not employee_id:
        return []
    start, end = month_bounds(year, month)
    end = min(end, today())
    reports = {
        r.day: r
        for r in DailyReport.objects.filter(
            employee_id=employee_id, day__range=(start, end)
        ).annotate(n_activities=Count("activities"))
    }
    days = working_days(start, end) if start <= end else []
    for day in reports:
        if day not in days:
            days.append(day)
    planned = planned_modes([employee_id], start, end)
    return [
        MonthRow(d, reports.get(d), planned.get((employee_id, d)))
        for d in sorted(days, reverse=True)
    ]


def employee_month(
    viewer: User, employee: Employee, year: int, month: int
) -> QuerySet[DailyReport]:
    """The reports of one visible employee in a month, newest first."""
    start, end = month_bounds(year, month)
    return (
        visible_reports(viewer)
        .filter(employee=employee, day__range=(start, end))
        .annotate(n_activities=Count("activities"), total_minutes=Sum("activities__minutes"))
        .order_by("-day")
    )


def inbox(viewer: User) -> QuerySet[DailyReport]:
    """Reports waiting for the viewer's decision (as atasan, next atasan or Plt)."""
    validating = acting_for(viewer)
    # No employee record validates nothing (acting_for is empty then too).
    if not validating or viewer.employee_id is None or access.scope_for(viewer).read_only:
        return DailyReport.objects.none()
    return (
        DailyReport.objects.filter(status=ReportStatus.SUBMITTED, validator_id__in=validating)
        .exclude(employee_id=viewer.employee_id)
        .select_related("employee", "employee__unit", "validator")
        .annotate(
            n_activities=Count("activities"),
            total_minutes=Sum("activities__minutes"),
            opened=Exists(ReportOpening.objects.filter(report=OuterRef("pk"), user=viewer)),
        )
        .order_by("validation_due", "day")
    )


def team_reports(viewer: User, day: dt.date) -> QuerySet[Employee]:
    """The viewer's subordinates with their report status on ``day`` (atasan overview)."""
    return (
        access.supervised_employees(viewer)
        .filter(is_active=True)
        .annotate(
            report_status=Exists(DailyReport.objects.filter(employee=OuterRef("pk"), day=day))
        )
        .order_by("name")
    )


def delegations_for(viewer: User) -> QuerySet[Delegation]:
    """Plt delegations the viewer gave or holds."""
    employee_id = access.scope_for(viewer).employee_id
    if not employee_id:
        return Delegation.objects.none()
    return Delegation.objects.filter(
        Q(principal_id=employee_id) | Q(delegate_id=employee_id)
    ).select_related("principal", "delegate")


def unread_notifications(viewer: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=viewer, read_at__isnull=True)[:10]


def targets_for(viewer: User, employee: Employee, year: int) -> QuerySet[SkpTarget]:
    """SKP targets of ``employee`` (which must be visible to the viewer) for ``year``."""
    if not access.can_view_employee(viewer, employee):
        raise Http404("Pegawai tidak ditemukan.")
    return (
        SkpTarget.objects.filter(employee=employee, year=year)
        .select_related("parent")
        .prefetch_related("action_plans")
    )


def get_target(viewer: User, pk: int) -> SkpTarget:
    """One SKP target, or 404 when the viewer may not see its employee."""
    target = SkpTarget.objects.select_related("employee").filter(pk=pk).first()
    if target is None or not access.can_view_employee(viewer, target.employee):
        raise Http404("Target tidak ditemukan.")
    return target


# --- performance -----------------------------------------------------------------------------


def min_working_days_for_score() -> int:
    return int(getattr(settings, "HIBRIDA_MIN_WORKING_DAYS_FOR_SCORE", 5))


def scoring_period(
    year: int, month: int, month_days: list[dt.date] | None = None
) -> performance.ScoringPeriod:
    """The part of the month its output scores are computed on, as of today."""
    start, end = month_bounds(year, month)
    if month_days is None:
        month_days = working_days(start, end)
    return performance.scoring_period(start, end, month_days, today(), min_working_days_for_score())


def period_basis(period: performance.ScoringPeriod) -> str:
    """ "s.d. 9 Februari 2026, 6 dari 19 hari kerja" for a running month, "" for a past one."""
    if period.complete:
        return ""
    through = period.through
    if through is None:
        return gettext("belum ada hari kerja yang lewat (0 dari %(total)d hari kerja)") % {
            "total": period.in_month
        }
    upto = f"{through.day} {MONTHS_ID[through.month]} {through.year}"
    return gettext(
        "s.d. %(upto)s, %(counted)d dari %(total)d hari kerja (minimal %(minimum)d untuk skor "
        "dan predikat)"
    ) % {
        "upto": upto,
        "counted": period.counted,
        "total": period.in_month,
        "minimum": period.minimum,
    }


@dataclass
class MonthData:
    year: int
    month: int
    working_days: int
    period: performance.ScoringPeriod
    planned: dict[int, dict[int, float]] = field(default_factory=dict)  # employee -> target -> P
    titles: dict[int, str] = field(default_factory=dict)
    days: list[performance.DayOutput] = field(default_factory=list)


def planned_quantity(target_quantity: float | Decimal, plan: float | Decimal | None) -> float:
    """The month's planned quantity: the action plan's, else the yearly target / 12."""
    return float(plan) if plan is not None else float(target_quantity) / 12.0


def month_data(employee_ids: Iterable[int], year: int, month: int) -> MonthData:
    """Plans and reported days of ``employee_ids`` for one month (unscoped: callers scope)."""
    start, end = month_bounds(year, month)
    month_days = working_days(start, end)
    data = MonthData(year, month, len(month_days), scoring_period(year, month, month_days))
    plans = {
        (p["target_id"]): p["planned_quantity"]
        for p in ActionPlan.objects.filter(
            target__employee_id__in=employee_ids, target__year=year, month=month
        ).values("target_id", "planned_quantity")
    }
    for t in SkpTarget.objects.filter(employee_id__in=employee_ids, year=year).values(
        "id", "employee_id", "target_quantity", "title"
    ):
        data.planned.setdefault(t["employee_id"], {})[t["id"]] = planned_quantity(
            t["target_quantity"], plans.get(t["id"])
        )
        data.titles[t["id"]] = t["title"]
    quantities: dict[int, dict[int, float]] = defaultdict(dict)
    for row in (
        Activity.objects.filter(
            report__employee_id__in=employee_ids,
            report__day__range=(start, end),
            target__isnull=False,
        )
        .values("report_id", "target_id")
        .annotate(q=Sum("quantity"))
    ):
        quantities[row["report_id"]][row["target_id"]] = float(row["q"])
    for r in (
        DailyReport.objects.filter(employee_id__in=employee_ids, day__range=(start, end))
        .exclude(status=ReportStatus.DRAFT)
        .values("id", "employee_id", "day", "work_mode", "status")
    ):
        data.days.append(
            performance.DayOutput(
                employee=r["employee_id"],
                day=r["day"],
                mode=r["work_mode"],
                validated=r["status"] == ReportStatus.APPROVED,
                quantities=quantities.get(r["id"], {}),
            )
        )
    return data


def day_score(data: MonthData, day: performance.DayOutput) -> float:
    return performance.daily_score(
        day.quantities, data.planned.get(day.employee, {}), data.working_days
    )


def person_days(data: MonthData) -> list[performance.PersonDay]:
    return [performance.PersonDay(d.mode, d.validated, day_score(data, d)) for d in data.days]


def employee_performance(viewer: User, employee: Employee, year: int, month: int) -> dict:
    """Realisation, daily and monthly scores, index and predicate of one employee's month."""
    if not access.can_view_employee(viewer, employee):
        raise Http404("Pegawai tidak ditemukan.")
    data = month_data([employee.pk], year, month)
    planned = data.planned.get(employee.pk, {})
    mine = [d for d in data.days if d.employee == employee.pk]
    real = performance.period_realisation(planned, mine, data.period)
    score = performance.period_score(planned, mine, data.period)
    daily = sorted(
        ((d.day, d.mode, d.validated, day_score(data, d) if d.validated else 0.0) for d in mine),
        reverse=True,
    )
    return {
        "employee": employee,
        "year": year,
        "month": month,
        "working_days": data.working_days,
        "scoring": data.period,
        "basis": period_basis(data.period),
        "realisation": [(data.titles[t], planned[t], r) for t, r in real.items()],
        "daily": daily,
        "score": score,
        "predicate": performance.predicate(score),
        "index": performance.productivity_index(person_days(data)),
    }


def scoped_group(
    viewer: User, *, unit_id: int | None = None, opd_id: int | None = None
) -> QuerySet[Employee]:
    """Employees of a unit/OPD visible to the viewer (or the viewer's team by default)."""
    qs = access.visible_employees(viewer).filter(is_active=True)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    elif opd_id:
        qs = qs.filter(opd_id=opd_id)
    else:
        scope = access.scope_for(viewer)
        if not (scope.subordinate_ids or scope.employee_id):
            return qs.none()
        qs = qs.filter(id__in={*scope.subordinate_ids, scope.employee_id})
    return qs.select_related("unit", "position")


@dataclass
class RecapRow:
    employee: Employee
    reported: int
    approved: int
    late: int
    returned_or_rejected: int
    missing: int
    score: float | None
    predicate: str | None


def group_recap(viewer: User, employees: Iterable[Employee], year: int, month: int) -> dict:
    """Monthly recap per employee of a scoped group, with the group's productivity index."""
    employees = list(employees)
    ids = [e.pk for e in employees]
    data = month_data(ids, year, month)
    start, end = month_bounds(year, month)
    due_days = len(working_days(start, min(end, today()))) if start <= today() else 0
    stats = {
        row["employee_id"]: row
        for row in DailyReport.objects.filter(employee_id__in=ids, day__range=(start, end))
        .exclude(status=ReportStatus.DRAFT)
        .values("employee_id")
        .annotate(
            reported=Count("id"),
            approved=Count("id", filter=Q(status=ReportStatus.APPROVED)),
            late=Count("id", filter=Q(is_late=True)),
            bad=Count("id", filter=Q(status__in=[ReportStatus.RETURNED, ReportStatus.REJECTED])),
        )
    }
    by_employee: dict[int, list] = defaultdict(list)
    for d in data.days:
        by_employee[d.employee].append(d)
    rows = []
    for e in employees:
        s = stats.get(e.pk, {})
        score = performance.period_score(data.planned.get(e.pk, {}), by_employee[e.pk], data.period)
        rows.append(
            RecapRow(
                e,
                s.get("reported", 0),
                s.get("approved", 0),
                s.get("late", 0),
                s.get("bad", 0),
                max(0, due_days - s.get("reported", 0)),
                score,
                performance.predicate(score),
            )
        )
    return {
        "rows": rows,
        "index": performance.productivity_index(person_days(data)),
        "working_days": data.working_days,
        "scoring": data.period,
        "basis": period_basis(data.period),
    }


def export_rows(viewer: User, employees: Iterable[Employee], year: int, month: int) -> list[dict]:
    """Activity-level rows of approved reports for the e-Kinerja/Epkin/Lapkin export."""
    ids = [e.pk for e in employees]
    start, end = month_bounds(year, month)
    qs = (
        Activity.objects.filter(
            report__employee_id__in=ids,
            report__day__range=(start, end),
            report__status=ReportStatus.APPROVED,
        )
        .select_related("report__employee", "report__validator", "target")
        .order_by("report__employee__nip", "report__day", "id")
    )
    allowed = set(access.visible_employees(viewer).filter(id__in=ids).values_list("id", flat=True))
    return [
        {"activity": a, "report": a.report, "employee": a.report.employee}
        for a in qs
        if a.report.employee_id in allowed
    ]
