"""The roster plan and presence facts a daily report records, read from those apps.

A day without a published plan is office work (WFO), the city's default; attendance is copied
into the report as JSON-safe text (times as HH:MM in Asia/Jakarta). Faults in the roster or
presence propagate: a report must not be filed on a guessed plan.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hibrida.presence.selectors import day_attendance
from hibrida.roster.modes import WorkMode
from hibrida.roster.selectors import planned_mode

DEFAULT_MODE = WorkMode.WFO


def _employee_id(employee) -> int:
    return employee if isinstance(employee, int) else employee.pk


def work_mode(employee, day: dt.date) -> str:
    """The planned mode of ``employee`` on ``day``: WFO, WFH, FIELD, LEAVE or DUTY."""
    return planned_mode(_employee_id(employee), day) or DEFAULT_MODE


def _clock(value) -> str | None:
    if not isinstance(value, dt.datetime):
        return None
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%H:%M")


def attendance_record(summary: dict | None) -> dict | None:
    """A JSON-safe copy of a presence day summary: times as HH:MM (Asia/Jakarta)."""
    if not summary:
        return None
    out: dict[str, object] = {
        "check_in": _clock(summary.get("first_in")),
        "check_out": _clock(summary.get("last_out")),
    }
    for key, value in summary.items():
        if isinstance(value, bool | int | float | str) or value is None:
            out[key] = value
    return out


def attendance(employee, day: dt.date) -> dict | None:
    """Attendance of ``employee`` on ``day`` from presence (check-in/out), or None."""
    return attendance_record(day_attendance(_employee_id(employee), day))
