"""Working time of one employee-day from check-ins. Pure: no Django import.

Lateness (TL, terlambat) and early departure (PSW, pulang sebelum waktunya) are graded in the
BKN-style tiers: 1–30 min → 1, 31–60 → 2, 61–90 → 3, more than 90 (or no record) → 4.
A tolerance (minutes) forgives small lateness entirely; beyond it the full lateness counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass

TIER_BOUNDS = (30, 60, 90)


@dataclass(frozen=True)
class Hours:
    start: dt.time
    end: dt.time
    break_minutes: int = 0


@dataclass(frozen=True)
class Stamp:
    kind: str  # in | out
    at: dt.datetime  # local time (Asia/Jakarta)
    status: str = "VALID"


@dataclass(frozen=True)
class DaySummary:
    day: dt.date
    first_in: dt.datetime | None
    last_out: dt.datetime | None
    worked_minutes: int
    late_minutes: int
    late_tier: str
    early_minutes: int
    early_tier: str
    missing_in: bool
    missing_out: bool
    flagged: int
    rejected: int
    corrected: bool

    def as_dict(self) -> dict:
        return asdict(self)


def tier(prefix: str, minutes: int, tolerance: int = 0) -> str:
    """ "" when within tolerance, else e.g. "TL2"."""
    if minutes <= tolerance or minutes <= 0:
        return ""
    for i, bound in enumerate(TIER_BOUNDS, start=1):
        if minutes <= bound:
            return f"{prefix}{i}"
    return f"{prefix}4"


def summarise_day(
    day: dt.date,
    stamps: Iterable[Stamp],
    hours: Hours,
    *,
    tolerance_minutes: int = 0,
    corrected_in: dt.datetime | None = None,
    corrected_out: dt.datetime | None = None,
) -> DaySummary:
    """First in, last out, minutes and tiers; rejected stamps do not count as presence."""
    stamps = list(stamps)
    counted = [s for s in stamps if s.status != "REJECTED"]
    ins = [s.at for s in counted if s.kind == "in"]
    outs = [s.at for s in counted if s.kind == "out"]
    first_in = min(ins) if ins else None
    last_out = max(outs) if outs else None
    corrected = False
    if corrected_in is not None:
        first_in, corrected = corrected_in, True
    if corrected_out is not None:
        last_out, corrected = corrected_out, True
    if first_in and last_out and last_out <= first_in:
        last_out = None  # an "out" before the "in" is not a departure
    tz = first_in.tzinfo if first_in else (last_out.tzinfo if last_out else None)
    start = dt.datetime.combine(day, hours.start, tzinfo=tz)
    end = dt.datetime.combine(day, hours.end, tzinfo=tz)
    late = 0 if first_in is None else max(0, _minutes(first_in - start))
    early = 0 if last_out is None else max(0, _minutes(end - last_out))
    worked = 0
    if first_in and last_out:
        worked = max(0, _minutes(last_out - first_in) - hours.break_minutes)
    return DaySummary(
        day=day,
        first_in=first_in,
        last_out=last_out,
        worked_minutes=worked,
        late_minutes=late,
        late_tier="TL4" if first_in is None else tier("TL", late, tolerance_minutes),
        early_minutes=early,
        early_tier="PSW4" if last_out is None else tier("PSW", early, tolerance_minutes),
        missing_in=first_in is None,
        missing_out=last_out is None,
        flagged=sum(1 for s in stamps if s.status == "FLAGGED"),
        rejected=sum(1 for s in stamps if s.status == "REJECTED"),
        corrected=corrected,
    )


def _minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 60)


# --- Work-hour policies (Perpres 21/2023; PermenPANRB 4/2025 Pasal 17), docs/regulations-pay.md

FIXED = "fixed"
DYNAMIC = "dynamic"
SHIFT = "shift"
KINDS = (FIXED, DYNAMIC, SHIFT)
FRIDAY = 4

# Perpres 21/2023 Pasal 3 ayat (4): in Ramadan 32 h 30 min a week from 08.00; Monday–Thursday
# 6 h 30 min after a 30-minute break, Friday 6 h 30 min after the 60-minute Friday break.
RAMADAN_HOURS = {
    **{d: Hours(dt.time(8, 0), dt.time(15, 0), 30) for d in range(4)},
    FRIDAY: Hours(dt.time(8, 0), dt.time(15, 30), 60),
}


# The hours carry only the break's length, not its place on the clock: 12.00 on Monday to
# Thursday, 11.30 on Friday so that the 90-minute Friday break covers the Friday prayer and
# ends at 13.00 like the others.
REST_START = dt.time(12, 0)
FRIDAY_REST_START = dt.time(11, 30)


def rest_span(day: dt.date, hours: Hours) -> tuple[dt.time, dt.time] | None:
    """The break of ``hours`` on ``day`` as clock times, None without one.

    At :data:`REST_START` (Friday :data:`FRIDAY_REST_START`) when it fits inside the hours;
    otherwise (a night shift, a late dynamic start) in the middle of the hours, where a person
    working them would take it.
    """
    if hours.break_minutes <= 0:
        return None
    length = dt.timedelta(minutes=hours.break_minutes)
    start = dt.datetime.combine(day, hours.start)
    end = dt.datetime.combine(day, hours.end)
    if end - start <= length:
        return hours.start, hours.end
    begin = dt.datetime.combine(day, FRIDAY_REST_START if day.weekday() == FRIDAY else REST_START)
    if not (start <= begin and begin + length <= end):
        begin = start + dt.timedelta(minutes=int((end - start - length).total_seconds()) // 120)
    return begin.time(), (begin + length).time()


@dataclass(frozen=True)
class HourPolicy:
    """The working hours an employee owes on a day, by kind.

    fixed: ``hours`` per weekday (0–4). dynamic: start anywhere in [window_start, window_end],
    then ``daily_minutes`` of work plus that weekday's break. shift: ``hours`` per weekday are
    the shift of that weekday. ``direct_service`` units keep their hours in Ramadan.
    """

    kind: str
    hours: dict[int, Hours]
    window_start: dt.time | None = None
    window_end: dt.time | None = None
    daily_minutes: int = 0
    direct_service: bool = False


def required_minutes(hours: Hours) -> int:
    """Minutes of work a day owes: its span minus the break."""
    span = _minutes(
        dt.datetime.combine(dt.date.min, hours.end) - dt.datetime.combine(dt.date.min, hours.start)
    )
    return max(0, span - hours.break_minutes)


def day_hours(
    policy: HourPolicy, day: dt.date, *, ramadan: bool, first_in: dt.datetime | None = None
) -> Hours:
    """The hours owed on ``day``; for a dynamic policy they start at the check-in.

    A dynamic day starts at the first check-in clamped to the window: before the window the
    employee is early (not credited), after it late by the minutes past ``window_end``.
    """
    minute = None if first_in is None else first_in.hour * 60 + first_in.minute
    return day_hours_at(policy, day, ramadan=ramadan, first_in_minute=minute)


def arrival_matters(policy: HourPolicy, *, ramadan: bool) -> bool:
    """Whether :func:`day_hours_at` depends on the arrival (bulk callers cache the rest)."""
    if ramadan and not policy.direct_service:
        return False
    return (
        policy.kind == DYNAMIC and policy.window_start is not None and policy.window_end is not None
    )


def day_hours_at(
    policy: HourPolicy, day: dt.date, *, ramadan: bool, first_in_minute: int | None = None
) -> Hours:
    """:func:`day_hours` with the arrival as a local minute of the day (0–1439)."""
    weekday = min(day.weekday(), FRIDAY)
    if ramadan and not policy.direct_service:
        return RAMADAN_HOURS[weekday]
    base = policy.hours.get(weekday) or policy.hours[min(policy.hours)]
    if policy.kind != DYNAMIC or policy.window_start is None or policy.window_end is None:
        return base
    start = policy.window_end
    if first_in_minute is not None:
        local = dt.time(first_in_minute // 60, first_in_minute % 60)
        start = min(max(local, policy.window_start), policy.window_end)
    end_at = dt.datetime.combine(day, start) + dt.timedelta(
        minutes=policy.daily_minutes + base.break_minutes
    )
    end = end_at.time() if end_at.date() == day else dt.time(23, 59)
    return Hours(start, end, base.break_minutes)


@dataclass(frozen=True)
class WeekCheck:
    week: dt.date  # the Monday
    worked_minutes: int
    required_minutes: int

    @property
    def met(self) -> bool:
        return self.worked_minutes >= self.required_minutes


def weekly_check(days: Iterable[tuple[dt.date, int, int]]) -> list[WeekCheck]:
    """Per ISO week: worked vs owed minutes from (day, worked, owed) of its working days.

    Owed minutes follow each day's own policy, so a week with a holiday or leave owes less than
    37.5 hours (Perpres 21/2023 counts the hours of the days that are worked).
    """
    weeks: dict[dt.date, list[int]] = {}
    for day, worked, owed in days:
        monday = day - dt.timedelta(days=day.weekday())
        acc = weeks.setdefault(monday, [0, 0])
        acc[0] += worked
        acc[1] += owed
    return [WeekCheck(w, v[0], v[1]) for w, v in sorted(weeks.items())]


def first_in_of(
    stamps: Iterable[Stamp], corrected_in: dt.datetime | None = None
) -> dt.datetime | None:
    """The arrival :func:`summarise_day` will use (a dynamic day's hours start there)."""
    if corrected_in is not None:
        return corrected_in
    ins = [s.at for s in stamps if s.kind == "in" and s.status != "REJECTED"]
    return min(ins) if ins else None


def late_early(
    day: dt.date, first_in: dt.datetime | None, last_out: dt.datetime | None, hours: Hours
) -> tuple[int, int, int]:
    """(late minutes, early minutes, worked minutes) exactly as :func:`summarise_day` counts
    them, for bulk callers that already have the first arrival and last departure."""
    tz = first_in.tzinfo if first_in else (last_out.tzinfo if last_out else None)
    late = early = worked = 0
    if first_in is not None:
        late = max(0, _minutes(first_in - dt.datetime.combine(day, hours.start, tzinfo=tz)))
    if last_out is not None:
        early = max(0, _minutes(dt.datetime.combine(day, hours.end, tzinfo=tz) - last_out))
    if first_in is not None and last_out is not None:
        worked = max(0, _minutes(last_out - first_in) - hours.break_minutes)
    return late, early, worked


MINUTE_US = 60_000_000
DAY_US = 24 * 60 * MINUTE_US


def time_us(value: dt.time) -> int:
    """A wall-clock time as microseconds since local midnight."""
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


def late_early_us(
    first_in: int | None, last_out: int | None, start: int, end: int, break_minutes: int
) -> tuple[int, int, int]:
    """:func:`late_early` with the stamps and the hours' ``start`` and ``end`` as microseconds
    since the day's local midnight (:func:`time_us`; the bulk recap reads stamps so from the
    database, no datetime per row). Floor division by a minute in integers counts exactly as
    ``timedelta.total_seconds() // 60`` does."""
    late = early = worked = 0
    if first_in is not None:
        late = max(0, (first_in - start) // MINUTE_US)
        if last_out is not None:
            worked = max(0, (last_out - first_in) // MINUTE_US - break_minutes)
    if last_out is not None:
        early = max(0, (end - last_out) // MINUTE_US)
    return late, early, worked
