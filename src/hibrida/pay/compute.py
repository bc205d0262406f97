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
from hibrida.presence.selectors import attendance_offsets
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


def _hhmm(micros: int | None) -> str:
    if micros is None:
        return "—"
    minute = micros % worktime.DAY_US // worktime.MINUTE_US
    return f"{minute // 60:02d}.{minute % 60:02d}"


@dataclass(frozen=True)
class _DayHours:
    """One day's hours with what the loop needs of them, computed once per distinct hours."""

    hours: worktime.Hours
    required: int
    text: str
    start: int  # microseconds since midnight
    end: int


def compute(
    start: dt.date, until: dt.date, employee_ids: list[int] | None = None
) -> dict[int, Line]:
    """One :class:`Line` per active ASN (or per id given) for the working days in range.

    25,000 ASN × 20 days: stamps come as integers (``attendance_offsets``), hours are looked up
    once per (placement, day), and the tiers are applied only on days that cost something.
    """
    employees = Employee.objects.filter(is_active=True)
    if employee_ids is not None:
        employees = employees.filter(pk__in=employee_ids)
    placement = {
        pk: (opd, unit, pos)
        for pk, opd, unit, pos in employees.values_list("id", "opd_id", "unit_id", "position_id")
    }
    table_of = tables_by_day(working_days(start, until))
    ids = None if employee_ids is None else list(placement)
    bounds = attendance_offsets(start, until, ids)
    corrected = _corrected(start, until, ids)
    excused = _excused(start, until, ids)
    reported = (
        _reported(start, until, ids)
        if any(t.missing_report_percent is not None for _, t in table_of.values())
        else None
    )
    resolver = HourResolver(placement, start, until, placement=placement)
    # (day, days since start, ISO day, Monday, table id, table, ramadan) per day with a table.
    days = [
        (
            day,
            (day - start).days,
            day.isoformat(),
            day - dt.timedelta(days=day.weekday()),
            table_id,
            table,
            resolver.is_ramadan(day),
        )
        for day, (table_id, table) in sorted(table_of.items())
    ]
    month = _Month(resolver, bounds, excused | corrected, reported)
    return {emp: month.line(emp, place, days) for emp, place in placement.items()}


class _Month:
    """The bulk reads of one recap and the caches its 25,000 × 20 employee-days share."""

    def __init__(
        self,
        resolver: HourResolver,
        bounds: dict[tuple[int, int], tuple[int | None, int | None]],
        skipped: set[tuple[int, dt.date]],
        reported: set[tuple[int, dt.date]] | None,
    ) -> None:
        self.resolver = resolver
        self.bounds = bounds
        self.skipped = skipped  # leave, dinas luar, approved corrections: never deducted
        self.reported = reported
        self.policies: dict[tuple[tuple[int, int, int], dt.date], worktime.HourPolicy] = {}
        self.hours_of: dict[tuple[int, dt.date, int | None], _DayHours] = {}
        self.percent_text: dict[Decimal, str] = {}
        # Per placement, per day: the hours when they do not depend on the arrival.
        self.fixed: dict[tuple[int, int, int], dict[dt.date, _DayHours]] = {}

    def hours(
        self,
        emp: int,
        place: tuple[int, int, int],
        day: dt.date,
        ramadan: bool,
        first_in: int | None,
    ) -> _DayHours:
        # The policy depends on the employee only through the placement.
        policy = self.policies.get((place, day))
        if policy is None:
            policy = self.policies[(place, day)] = self.resolver.policy(emp, day)
        minute = None
        matters = worktime.arrival_matters(policy, ramadan=ramadan)
        if first_in is not None and matters:
            minute = first_in % worktime.DAY_US // worktime.MINUTE_US
        found = self.hours_of.get((id(policy), day, minute))
        if found is None:
            hours = worktime.day_hours_at(policy, day, ramadan=ramadan, first_in_minute=minute)
            found = self.hours_of[(id(policy), day, minute)] = _DayHours(
                hours,
                worktime.required_minutes(hours),
                f"(jam kerja {hours.start:%H.%M}–{hours.end:%H.%M})",
                worktime.time_us(hours.start),
                worktime.time_us(hours.end),
            )
        if not matters:
            self.fixed.setdefault(place, {})[day] = found
        return found

    def line(self, emp: int, place: tuple[int, int, int], days: list[tuple]) -> Line:
        line = Line(emp)
        weeks: dict[dt.date, list[int]] = {}
        reported = self.reported
        fixed = self.fixed.setdefault(place, {})
        for day, day_no, iso, monday, table_id, table, ramadan in days:
            key = (emp, day)
            if key in self.skipped:
                continue
            found = self.bounds.get((emp, day_no))
            first_in, last_out = found if found is not None else (None, None)
            day_hours = fixed.get(day) or self.hours(emp, place, day, ramadan, first_in)
            week = weeks.get(monday)
            if week is None:
                week = weeks[monday] = [0, 0]
            week[1] += day_hours.required
            if found is None:
                fact = tiers.DayFact(day, tiers.ABSENT)
                line.absent_dates.append(iso)
                record = "tidak ada presensi"
            else:
                late, early, worked = worktime.late_early_us(
                    first_in,
                    last_out,
                    day_hours.start,
                    day_hours.end,
                    day_hours.hours.break_minutes,
                )
                week[0] += worked
                report_missing = reported is not None and key not in reported
                if not (
                    first_in is None
                    or last_out is None
                    or late > table.tolerance_minutes
                    or early > table.tolerance_minutes
                    or (report_missing and table.missing_report_percent is not None)
                ):
                    continue  # most days: nothing to deduct (the same test as day_deductions)
                fact = tiers.DayFact(
                    day,
                    tiers.PRESENT,
                    late_minutes=late,
                    early_minutes=early,
                    missing_in=first_in is None,
                    missing_out=last_out is None,
                    report_missing=report_missing,
                )
                record = f"masuk {_hhmm(first_in)}, pulang {_hhmm(last_out)} {day_hours.text}"
            self.add(line, tiers.day_deductions(fact, table), iso, record, table_id)
        line.weeks = [
            {"week": w.isoformat(), "worked": v[0], "required": v[1]}
            for w, v in sorted(weeks.items())
        ]
        return line

    def add(
        self, line: Line, deductions: list[tiers.Deduction], iso: str, record: str, table_id: int
    ) -> None:
        for d in deductions:
            line.by_code[d.code] += d.percent
            text = self.percent_text.get(d.percent)
            if text is None:
                text = self.percent_text[d.percent] = str(d.percent.quantize(CENT))
            line.items.append(
                {
                    "day": iso,
                    "code": d.code,
                    "tier": d.tier,
                    "minutes": d.minutes,
                    "percent": text,
                    "record": record,
                    "table": table_id,
                }
            )


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
