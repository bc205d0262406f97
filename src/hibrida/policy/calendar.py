"""The city's working-day calendar and office hours (called by roster, presence, activity).

Working days are Monday–Friday in Asia/Jakarta minus national holidays (``holidays`` package)
and minus the cuti bersama and local days off BKPSDM records as :class:`CalendarDay` rows,
since those change every year by decree.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

# Default office hours: 37.5 hours a week. Friday's longer break covers the Friday prayer.
DEFAULT_HOURS: dict[int, tuple[dt.time, dt.time, int]] = {
    0: (dt.time(7, 30), dt.time(16, 0), 60),
    1: (dt.time(7, 30), dt.time(16, 0), 60),
    2: (dt.time(7, 30), dt.time(16, 0), 60),
    3: (dt.time(7, 30), dt.time(16, 0), 60),
    4: (dt.time(7, 30), dt.time(16, 30), 90),
}


@lru_cache(maxsize=32)
def public_holidays(year: int) -> dict[dt.date, str]:
    """National public holidays of ``year`` with Indonesian names."""
    return dict(holidays.country_holidays("ID", years=year, language="id").items())


def package_cuti_bersama(year: int) -> dict[dt.date, str]:
    """Cuti bersama as the ``holidays`` package knows them (used to seed editable rows)."""
    found = holidays.country_holidays("ID", years=year, categories=("government",), language="id")
    return dict(found.items())


def _local_days_off(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    from .models import CalendarDay

    return dict(
        CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "name")
    )


def days_off(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """Every weekday between ``start`` and ``end`` (inclusive) that is not worked, with why."""
    out: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        for day, name in public_holidays(year).items():
            if start <= day <= end and day.weekday() < 5:
                out[day] = name
    for day, name in _local_days_off(start, end).items():
        if day.weekday() < 5:
            out.setdefault(day, name)
    return dict(sorted(out.items()))


def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """The working days from ``start`` to ``end`` inclusive, in order (one query)."""
    if end < start:
        return []
    off = days_off(start, end)
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5 and day not in off:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def is_working_day(day: dt.date) -> bool:
    """True when ``day`` is a working day for the city's offices."""
    return bool(working_days(day, day))


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The working day ``n`` working days after ``day`` (``n`` may be 0 or negative)."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    span = dt.timedelta(days=max(14, remaining * 2 + 14))
    current = day
    if remaining == 0:
        return day
    while True:
        lo, hi = (current, current + span) if step > 0 else (current - span, current)
        candidates = [d for d in working_days(lo, hi) if (d > current if step > 0 else d < current)]
        if step < 0:
            candidates.reverse()
        if len(candidates) >= remaining:
            return candidates[remaining - 1]
        remaining -= len(candidates)
        current = hi if step > 0 else lo


def working_hours(opd, day: dt.date) -> tuple[dt.time, dt.time, int]:
    """(start, end, break minutes) of ``opd`` (an Opd, its id, or None) on ``day``.

    Weekends and days off still get the weekday's nominal hours; ask :func:`is_working_day`
    first. Saturday/Sunday fall back to Friday's hours.
    """
    from .models import WorkingHours

    weekday = min(day.weekday(), 4)
    opd_id = getattr(opd, "pk", opd)
    if opd_id:
        row = (
            WorkingHours.objects.filter(opd_id=opd_id, weekday=weekday)
            .values_list("start", "end", "break_minutes")
            .first()
        )
        if row:
            return row[0], row[1], row[2]
    return DEFAULT_HOURS[weekday]


def weekly_hours(opd) -> float:
    """Nominal working hours a week of ``opd`` (37.5 by default)."""
    total = 0.0
    monday = dt.date(2024, 1, 1)
    for offset in range(5):
        start, end, pause = working_hours(opd, monday + dt.timedelta(days=offset))
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute) - pause
        total += minutes / 60
    return total
