"""The seams to the other apps (roster, policy calendar, presence).

Imported lazily inside each function so that this app works (and its tests run) whether or
not those apps are installed or finished; each function falls back to a documented default
when the other side is missing: work mode "WFO", Monday–Friday working days, no attendance.
"""

from __future__ import annotations

import datetime as dt

FALLBACK_MODE = "WFO"


def _employee_id(employee) -> int:
    return employee if isinstance(employee, int) else employee.pk


def work_mode(employee, day: dt.date) -> str:
    """The planned mode of ``employee`` on ``day``: WFO, WFH, FIELD, LEAVE or DUTY."""
    try:
        from hibrida.roster.selectors import planned_mode
    except ImportError:
        return FALLBACK_MODE
    try:
        mode = planned_mode(_employee_id(employee), day)
    except Exception:  # a half-built roster must not block daily reports
        return FALLBACK_MODE
    return mode or FALLBACK_MODE


def is_working_day(day: dt.date) -> bool:
    """True on a working day of the city calendar (fallback: Monday to Friday)."""
    try:
        from hibrida.policy.calendar import is_working_day as policy_is_working_day
    except ImportError:
        return day.weekday() < 5
    try:
        return bool(policy_is_working_day(day))
    except Exception:
        return day.weekday() < 5


def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Working days from ``start`` to ``end`` inclusive."""
    try:
        from hibrida.policy.calendar import working_days as policy_working_days
    except ImportError:
        policy_working_days = None
    if policy_working_days is not None:
        try:
            return list(policy_working_days(start, end))
        except Exception:
            pass
    days, day = [], start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``day`` (``n`` ≥ 0; 0 returns ``day`` itself)."""
    try:
        from hibrida.policy.calendar import add_working_days as policy_add
    except ImportError:
        policy_add = None
    # Use the calendar's own (bulk) version unless is_working_day was replaced (tests).
    if policy_add is not None and is_working_day.__module__ == __name__:
        try:
            return policy_add(day, n)
        except Exception:
            pass
    current, left = day, n
    # A year of holidays in a row is impossible; the bound only guards a broken calendar.
    for _ in range(366 + n):
        if left <= 0:
            return current
        current += dt.timedelta(days=1)
        if is_working_day(current):
            left -= 1
    return current


def work_modes(employee_ids, start: dt.date, end: dt.date) -> dict[tuple[int, dt.date], str]:
    """Bulk planned modes {(employee id, day): mode}; days without a plan are absent."""
    try:
        from hibrida.roster.selectors import planned_modes
    except ImportError:
        return {}
    try:
        return dict(planned_modes(employee_ids, start, end))
    except Exception:
        return {}


def _clock(value) -> str | None:
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return (
            timezone.localtime(value).strftime("%H:%M")
            if timezone.is_aware(value)
            else (value.strftime("%H:%M"))
        )
    return None


def attendance_record(summary: dict | None) -> dict | None:
    """A JSON-safe copy of a presence day summary: times as HH:MM (Asia/Jakarta)."""
    if not summary:
        return None
    out = {
        "check_in": _clock(summary.get("first_in")),
        "check_out": _clock(summary.get("last_out")),
    }
    for key, value in summary.items():
        if isinstance(value, bool | int | float | str) or value is None:
            out[key] = value
    return out


def attendance(employee, day: dt.date) -> dict | None:
    """Attendance of ``employee`` on ``day`` from presence (check-in/out), or None."""
    try:
        from hibrida.presence.selectors import day_attendance
    except ImportError:
        return None
    try:
        return attendance_record(day_attendance(_employee_id(employee), day))
    except Exception:
        return None


def attendances(employee_ids, start: dt.date, end: dt.date) -> dict[tuple[int, dt.date], dict]:
    """Bulk JSON-safe attendance summaries {(employee id, day): record} (empty if none)."""
    try:
        from hibrida.presence.selectors import attendance_summary
    except ImportError:
        return {}
    try:
        found = attendance_summary(list(employee_ids), start, end)
    except Exception:
        return {}
    return {key: attendance_record(value) for key, value in found.items()}


def attended_employee_ids(start: dt.date, end: dt.date) -> set[int]:
    """Employees with any check-in between ``start`` and ``end`` (demo: align the samples)."""
    try:
        from hibrida.presence.models import CheckIn
    except ImportError:
        return set()
    try:
        return set(
            CheckIn.objects.filter(work_date__range=(start, end))
            .values_list("employee_id", flat=True)
            .distinct()
        )
    except Exception:
        return set()
