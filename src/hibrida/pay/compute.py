"""The monthly TPP computation for many ASN at once: a few bulk reads, then pure arithmetic.

Reads presence (first in / last out, approved corrections), roster (leave, dinas luar), the
calendar (holidays) and activity (submitted daily reports); applies ``tiers``. No writes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from hibrida.activity.models import DailyReport
from hibrida.org.models import Employee
from hibrida.policy.calendar import working_days
from hibrida.presence import worktime
from hibrida.presence.hours import HourResolver
from hibrida.presence.models import ApprovalStatus, CorrectionRequest
from hibrida.presence.selectors import attendance_bounds
from hibrida.roster.models import Absence, AbsenceKind

from . import tiers
from .models import TierTable

ZERO = Decimal(0)
CENT = Decimal("0.01")


def parse_tiers(data: list) -> tuple[tiers.Tier, ...]:
    return tuple(tiers.Tier(None if b is None else int(b), Decimal(str(p))) for b, p in data)


def as_table(row: TierTable) -> tiers.Table:
    return tiers.Table(
        tl=parse_tiers(row.tl_tiers),
        psw=parse_tiers(row.psw_tiers),
        absent_percent=row.absent_percent,
        missing_report_percent=row.missing_report_percent,
        tolerance_minutes=int(getattr(settings, "HIBRIDA_PRESENCE_TOLERANCE_MIN", 0)),
    )


def tables_by_day(days: list[dt.date]) -> dict[dt.date, tuple[int, tiers.Table]]:
    """The table in force each day (the newest start wins when two overlap)."""
    if not days:
        return {}
    rows = list(
        TierTable.objects.filter(valid_from__lte=days[-1])
        .exclude(valid_to__lt=days[0])
        .order_by("-valid_from", "-id")
    )
    parsed = {row.pk: as_table(row) for row in rows}
    out = {}
    for day in days:
        for row in rows:
            if row.valid_from <= day and (row.valid_to is None or day <= row.valid_to):
                out[day] = (row.pk, parsed[row.pk])
                break
    return out


@dataclass
class Line:
    employee_id: int
    items: list[dict] = field(default_factory=list)
    weeks: list[dict] = field(default_factory=list)
    absent_dates: list[str] = field(default_factory=list)
    by_code: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))

    @property
    def percent(self) -> Decimal:
        return min(tiers.HUNDRED, max(ZERO, sum(self.by_code.values(), ZERO)))


def _hhmm(value: dt.datetime | None) -> str:
    return value.strftime("%H.%M") if value else "—"


def compute(
    start: dt.date, until: dt.date, employee_ids: list[int] | None = None
) -> dict[int, Line]:
    """One :class:`Line` per active ASN (or per id given) for the working days in range."""
    employees = Employee.objects.filter(is_active=True)
    if employee_ids is not None:
        employees = employees.filter(pk__in=employee_ids)
    placement = {
        pk: (opd, unit, pos)
        for pk, opd, unit, pos in employees.values_list("id", "opd_id", "unit_id", "position_id")
    }
    days = working_days(start, until)
    table_of = tables_by_day(days)
    ids = None if employee_ids is None else list(placement)
    bounds = attendance_bounds(start, until, ids)
    corrected = _corrected(start, until, ids)
    excused = _excused(start, until, ids)
    reported = (
        _reported(start, until, ids)
        if any(t.missing_report_percent is not None for _, t in table_of.values())
        else None
    )
    resolver = HourResolver(placement, start, until, placement=placement)
    owed: dict[worktime.Hours, int] = {}
    lines: dict[int, Line] = {}
    for emp in placement:
        line = Line(emp)
        week_rows = []
        for day in days:
            if day not in table_of:
                continue
            table_id, table = table_of[day]
            key = (emp, day)
            if key in excused or key in corrected:
                continue
            found = bounds.get(key)
            first_in, last_out = found if found is not None else (None, None)
            hours = resolver.hours(emp, day, first_in)
            if hours not in owed:
                owed[hours] = worktime.required_minutes(hours)
            if found is None:
                fact = tiers.DayFact(day, tiers.ABSENT)
                line.absent_dates.append(day.isoformat())
                week_rows.append((day, 0, owed[hours]))
            else:
                late, early, worked = worktime.late_early(day, first_in, last_out, hours)
                week_rows.append((day, worked, owed[hours]))
                fact = tiers.DayFact(
                    day,
                    tiers.PRESENT,
                    late_minutes=late,
                    early_minutes=early,
                    missing_in=first_in is None,
                    missing_out=last_out is None,
                    report_missing=reported is not None and key not in reported,
                )
            deductions = tiers.day_deductions(fact, table)
            if not deductions:
                continue  # most days: no record text to build
            record = (
                "tidak ada presensi"
                if found is None
                else f"masuk {_hhmm(first_in)}, pulang {_hhmm(last_out)} "
                f"(jam kerja {hours.start:%H.%M}–{hours.end:%H.%M})"
            )
            for d in deductions:
                line.by_code[d.code] += d.percent
                line.items.append(
                    {
                        "day": d.day.isoformat(),
                        "code": d.code,
                        "tier": d.tier,
                        "minutes": d.minutes,
                        "percent": str(d.percent.quantize(CENT)),
                        "record": record,
                        "table": table_id,
                    }
                )
        line.weeks = [
            {"week": w.week.isoformat(), "worked": w.worked_minutes, "required": w.required_minutes}
            for w in worktime.weekly_check(week_rows)
        ]
        lines[emp] = line
    return lines


def _corrected(start: dt.date, until: dt.date, ids: list[int] | None) -> set[tuple[int, dt.date]]:
    qs = CorrectionRequest.objects.filter(
        work_date__gte=start, work_date__lte=until, status=ApprovalStatus.APPROVED
    )
    if ids is not None:
        qs = qs.filter(employee_id__in=ids)
    return set(qs.values_list("employee_id", "work_date"))


def _excused(start: dt.date, until: dt.date, ids: list[int] | None) -> set[tuple[int, dt.date]]:
    """Days of recorded leave (cuti) and dinas luar: never deducted."""
    qs = Absence.objects.filter(
        start__lte=until, end__gte=start, kind__in=[AbsenceKind.LEAVE, AbsenceKind.DUTY]
    )
    if ids is not None:
        qs = qs.filter(employee_id__in=ids)
    out = set()
    for emp, a, b in qs.values_list("employee_id", "start", "end"):
        day = max(a, start)
        while day <= min(b, until):
            out.add((emp, day))
            day += dt.timedelta(days=1)
    return out


def _reported(start: dt.date, until: dt.date, ids: list[int] | None) -> set[tuple[int, dt.date]]:
    qs = DailyReport.objects.filter(day__gte=start, day__lte=until, submitted_at__isnull=False)
    if ids is not None:
        qs = qs.filter(employee_id__in=ids)
    return set(qs.values_list("employee_id", "day"))
