"""Adapters to other apps' contracts, imported lazily so presence works before they exist.

The roster app publishes the planned work mode per employee and day; the policy app owns the
working-hours calendar. Both are optional here: without them every working day is WFO with
the city's standard hours (Mon–Thu 07:30–16:00, Fri 07:30–16:30).
"""

from __future__ import annotations

import datetime as dt
import time

_WORKING_DAY_CACHE: dict[dt.date, tuple[float, bool]] = {}
WORKING_DAY_TTL_S = 300.0

DEFAULT_START = dt.time(7, 30)
DEFAULT_END = dt.time(16, 0)
FRIDAY_END = dt.time(16, 30)
DEFAULT_BREAK_MINUTES = 0


def expected_mode(employee, day: dt.date) -> str | None:
    """ "WFO"|"WFH"|"FIELD"|"LEAVE"|"DUTY", or None when the day is not a working day."""
    employee_id = getattr(employee, "pk", employee)
    try:
        from hibrida.roster.selectors import planned_mode
    except ImportError:
        planned_mode = None
    if planned_mode is not None:
        try:
            mode = planned_mode(employee_id, day)
        except Exception:  # noqa: BLE001 - a broken roster must not stop check-ins
            mode = None
        if mode:
            return mode
    return "WFO" if is_working_day(day) else None


def expected_modes(employee_ids, day: dt.date) -> dict[int, str | None]:
    """Bulk :func:`expected_mode` for many employees on one day (two queries, not 2×n)."""
    ids = [int(getattr(e, "pk", e)) for e in employee_ids]
    try:
        from hibrida.roster.selectors import planned_modes
    except ImportError:
        planned_modes = None
    planned: dict = {}
    if planned_modes is not None:
        try:
            planned = planned_modes(ids, day, day)
        except Exception:  # noqa: BLE001 - a broken roster must not stop check-ins
            planned = {}
    elif ids:
        return {i: expected_mode(i, day) for i in ids}
    default = "WFO" if is_working_day(day) else None
    return {i: planned.get((i, day)) or default for i in ids}


def expected_modes_range(employee_ids, start: dt.date, end: dt.date) -> dict:
    """{(employee id, day): mode} for every working day in [start, end] (bulk, for seeding
    and recaps); days off are absent."""
    ids = [int(getattr(e, "pk", e)) for e in employee_ids]
    try:
        from hibrida.roster.selectors import planned_modes
    except ImportError:
        planned_modes = None
    planned: dict = {}
    if planned_modes is not None:
        try:
            planned = planned_modes(ids, start, end)
        except Exception:  # noqa: BLE001
            planned = {}
    out = {}
    day = start
    while day <= end:
        if is_working_day(day):
            for i in ids:
                out[(i, day)] = planned.get((i, day)) or "WFO"
        day += dt.timedelta(days=1)
    return out


def is_working_day(day: dt.date) -> bool:
    """Working day per the policy calendar; Monday–Friday when the calendar is absent.

    Cached per process for a few minutes: the check-in peak asks for the same day each time.
    """
    hit = _WORKING_DAY_CACHE.get(day)
    if hit and time.monotonic() - hit[0] < WORKING_DAY_TTL_S:
        return hit[1]
    value = _is_working_day(day)
    _WORKING_DAY_CACHE[day] = (time.monotonic(), value)
    return value


def clear_cache() -> None:
    _WORKING_DAY_CACHE.clear()


def _is_working_day(day: dt.date) -> bool:
    try:
        from hibrida.policy.calendar import is_working_day as policy_is_working_day
    except ImportError:
        return day.weekday() < 5
    try:
        return bool(policy_is_working_day(day))
    except Exception:  # noqa: BLE001
        return day.weekday() < 5


def office_hours(opd, day: dt.date) -> tuple[dt.time, dt.time, int]:
    """(start, end, break minutes) of ``opd`` on ``day``."""
    try:
        from hibrida.policy.calendar import working_hours
    except ImportError:
        working_hours = None
    if working_hours is not None:
        try:
            start, end, break_minutes = working_hours(opd, day)
            return start, end, int(break_minutes or 0)
        except Exception:  # noqa: BLE001
            pass
    return DEFAULT_START, FRIDAY_END if day.weekday() == 4 else DEFAULT_END, DEFAULT_BREAK_MINUTES
