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
from hibrida.presence.selectors import (
    DayHoursUs,
    MonthAttendance,
    month_attendance,
    week_index,
)
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

    25,000 ASN × 20 days: employees sharing the same hours each day form one group; the
    database measures every employee-day against its group's hours
    (``presence.selectors.month_attendance``), so Python sees one row per employee and only
    the days that cost something (or whose hours depend on the arrival).
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
    skipped = _excused(start, until, ids) | _corrected(start, until, ids)
    reported = (
        _reported(start, until, ids)
        if any(t.missing_report_percent is not None for _, t in table_of.values())
        else None
    )
    resolver = HourResolver(placement, start, until, placement=placement)
    days = [
        _Day(
            day,
            (day - start).days,
            day.isoformat(),
            table_id,
            table,
            resolver.is_ramadan(day),
            week_index(start, (day - start).days),
        )
        for day, (table_id, table) in sorted(table_of.items())
    ]
    month = _Month(resolver, start, days, reported)
    groups = {emp: month.group_of(emp, place) for emp, place in placement.items()}
    skipped_no = {(emp, (day - start).days) for emp, day in skipped if emp in placement}
    tolerance = min((t.tolerance_minutes for _, t in table_of.values()), default=0)
    facts = month_attendance(
        start,
        until,
        {emp: g.number for emp, g in groups.items()},
        {(g.number, n): h for g in month.groups.values() for n, h in g.us.items()},
        skipped_no,
        tolerance=tolerance,
        every_day=reported is not None,
        every_employee=employee_ids is None,
    )
    skip_of: dict[int, set[int]] = defaultdict(set)
    for emp, day_no in skipped_no:
        skip_of[emp].add(day_no)
    return {
        emp: month.line(emp, groups[emp], facts.get(emp, _NOTHING), skip_of.get(emp, set()))
        for emp in placement
    }


@dataclass(frozen=True)
class _Day:
    day: dt.date
    number: int  # days since the start
    iso: str
    table_id: int
    table: tiers.Table
    ramadan: bool
    week: int  # presence.selectors.week_index


_NOTHING = MonthAttendance()


@dataclass
class _Group:
    """Employees owing the same hours every day of the month (usually one per OPD)."""

    number: int
    # Per day number: the hours, or the policy when they depend on the arrival.
    fixed: dict[int, _DayHours]
    dynamic: dict[int, worktime.HourPolicy]
    us: dict[int, DayHoursUs]
    required: dict[int, int]  # per week: the minutes the fixed days owe
    all_days: int  # bit mask of the days with a table


class _Month:
    """The reads of one recap shared by its 25,000 lines: the days, the hour groups."""

    def __init__(
        self,
        resolver: HourResolver,
        start: dt.date,
        days: list[_Day],
        reported: set[tuple[int, dt.date]] | None,
    ) -> None:
        self.resolver = resolver
        self.start = start
        self.days = days
        self.by_number = {d.number: d for d in days}
        self.weeks = {d.week for d in days}
        self.reported = reported
        self.hours_of: dict[tuple[int, dt.date, int | None], _DayHours] = {}
        self.cost_of: dict[tuple, tuple[_Cost, ...]] = {}
        monday = start - dt.timedelta(days=start.weekday())
        self.mondays = {
            d.week: (monday + dt.timedelta(weeks=d.week)).isoformat() for d in self.days
        }
        self.groups: dict[tuple, _Group] = {}
        self.of_place: dict[tuple[int, int, int], _Group] = {}

    def group_of(self, emp: int, place: tuple[int, int, int]) -> _Group:
        found = self.of_place.get(place)
        if found is not None:
            return found
        fixed: dict[int, _DayHours] = {}
        dynamic: dict[int, worktime.HourPolicy] = {}
        for d in self.days:
            # The policy depends on the employee only through the placement.
            policy = self.resolver.policy(emp, d.day)
            if worktime.arrival_matters(policy, ramadan=d.ramadan):
                dynamic[d.number] = policy
            else:
                fixed[d.number] = self.hours(policy, d, None)
        signature = (
            tuple((n, h.hours) for n, h in fixed.items()),
            tuple((n, id(p)) for n, p in dynamic.items()),
        )
        found = self.groups.get(signature)
        if found is None:
            required: dict[int, int] = defaultdict(int)
            for n, h in fixed.items():
                required[self.by_number[n].week] += h.required
            us = {n: DayHoursUs(h.start, h.end, h.hours.break_minutes) for n, h in fixed.items()}
            for n, policy in dynamic.items():
                hours = self.hours(policy, self.by_number[n], None).hours
                us[n] = DayHoursUs(None, None, hours.break_minutes)
            found = self.groups[signature] = _Group(
                len(self.groups),
                fixed,
                dynamic,
                us,
                dict(required),
                sum(1 << d.number for d in self.days),
            )
        self.of_place[place] = found
        return found

    def hours(self, policy: worktime.HourPolicy, d: _Day, minute: int | None) -> _DayHours:
        found = self.hours_of.get((id(policy), d.day, minute))
        if found is None:
            hours = worktime.day_hours_at(policy, d.day, ramadan=d.ramadan, first_in_minute=minute)
            found = self.hours_of[(id(policy), d.day, minute)] = _DayHours(
                hours,
                worktime.required_minutes(hours),
                f"(jam kerja {hours.start:%H.%M}–{hours.end:%H.%M})",
                worktime.time_us(hours.start),
                worktime.time_us(hours.end),
            )
        return found

    def dynamic_hours(self, group: _Group, d: _Day, first_in: int | None) -> _DayHours:
        minute = None if first_in is None else first_in % worktime.DAY_US // worktime.MINUTE_US
        return self.hours(group.dynamic[d.number], d, minute)

    def line(self, emp: int, group: _Group, fact: MonthAttendance, skip: set[int]) -> Line:
        line = Line(emp)
        weeks, required = self.owed(group, skip)
        # (day number, deductions, record) in day order, as the explanation lists them.
        found: list[tuple[int, tuple[_Cost, ...], str]] = []
        missing = group.all_days & ~fact.present
        for n in skip:
            missing &= ~(1 << n)
        for n in _bits(missing):
            d = self.by_number[n]
            if n in group.dynamic:
                required[d.week] = (
                    required.get(d.week, 0) + self.dynamic_hours(group, d, None).required
                )
            line.absent_dates.append(d.iso)
            found.append((n, self.costs(d, tiers.ABSENT, 0, 0, False, False, False), ABSENT))
        for n, first_in, last_out, late, early in fact.days:
            d = self.by_number[n]
            if n in group.dynamic:
                day_hours = self.dynamic_hours(group, d, first_in)
                required[d.week] = required.get(d.week, 0) + day_hours.required
                late, early, _worked = worktime.late_early_us(
                    first_in,
                    last_out,
                    day_hours.start,
                    day_hours.end,
                    day_hours.hours.break_minutes,
                )
            else:
                day_hours = group.fixed[n]
            table = d.table
            report_missing = self.reported is not None and (emp, d.day) not in self.reported
            if not (
                first_in is None
                or last_out is None
                or late > table.tolerance_minutes
                or early > table.tolerance_minutes
                or (report_missing and table.missing_report_percent is not None)
            ):
                continue  # nothing to deduct (the same test as day_deductions)
            costs = self.costs(
                d, tiers.PRESENT, late, early, first_in is None, last_out is None, report_missing
            )
            record = f"masuk {_hhmm(first_in)}, pulang {_hhmm(last_out)} {day_hours.text}"
            found.append((n, costs, record))
        found.sort(key=lambda item: item[0])
        by_code = line.by_code
        items = line.items
        for n, costs, record in found:
            d = self.by_number[n]
            for code, tier, minutes, percent, text in costs:
                by_code[code] += percent
                items.append(
                    {
                        "day": d.iso,
                        "code": code,
                        "tier": tier,
                        "minutes": minutes,
                        "percent": text,
                        "record": record,
                        "table": d.table_id,
                    }
                )
        line.weeks = [
            {
                "week": self.mondays[w],
                "worked": fact.worked.get(w, 0),
                "required": required.get(w, 0),
            }
            for w in sorted(weeks)
        ]
        return line

    def owed(self, group: _Group, skip: set[int]) -> tuple[set[int], dict[int, int]]:
        """The weeks with a day to work, and the minutes their fixed-hour days owe."""
        required = dict(group.required)
        if not skip:
            return self.weeks, required
        weeks = set()
        for d in self.days:
            if d.number not in skip:
                weeks.add(d.week)
            elif d.number in group.fixed:
                required[d.week] -= group.fixed[d.number].required
        return weeks, required

    def costs(
        self,
        d: _Day,
        status: str,
        late: int,
        early: int,
        missing_in: bool,
        missing_out: bool,
        report_missing: bool,
    ) -> tuple[_Cost, ...]:
        """``tiers.day_deductions`` of a day, computed once per distinct fact and table."""
        key = (d.table_id, status, late, early, missing_in, missing_out, report_missing)
        found = self.cost_of.get(key)
        if found is None:
            fact = tiers.DayFact(
                d.day,
                status,
                late_minutes=late,
                early_minutes=early,
                missing_in=missing_in,
                missing_out=missing_out,
                report_missing=report_missing,
            )
            found = self.cost_of[key] = tuple(
                (x.code, x.tier, x.minutes, x.percent, str(x.percent.quantize(CENT)))
                for x in tiers.day_deductions(fact, d.table)
            )
        return found


# (code, tier, minutes, percent, percent as text) of one deduction.
_Cost = tuple[str, int, int, Decimal, str]
ABSENT = "tidak ada presensi"
_HHMM = [f"{m // 60:02d}.{m % 60:02d}" for m in range(24 * 60)]


def _hhmm(micros: int | None) -> str:
    if micros is None:
        return "—"
    return _HHMM[micros % worktime.DAY_US // worktime.MINUTE_US]


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


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
