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
