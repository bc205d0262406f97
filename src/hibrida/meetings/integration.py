"""Reads from apps built alongside this one (roster, policy), imported lazily.

Each function imports inside its body and returns empty data (or ``None`` for "unknown") when
the other app is not there yet, so meetings and spot checks keep working on their own.
"""

from __future__ import annotations

import datetime as dt
import logging

log = logging.getLogger(__name__)


def planned_modes(
    employee_ids: list[int], start: dt.date, end: dt.date
) -> dict[tuple[int, dt.date], str] | None:
    """Published modes per (employee, day), or ``None`` when no roster app is available."""
    try:
        from hibrida.roster.selectors import planned_modes as roster_planned_modes
    except ImportError:
        return None
    try:
        return dict(roster_planned_modes(list(employee_ids), start, end))
    except Exception:  # a half-built neighbour must not take the meetings page down
        log.exception("roster.planned_modes failed")
        return None


def is_working_day(day: dt.date) -> bool:
    """The city's calendar when available, else Monday–Friday."""
    try:
        from hibrida.policy.calendar import is_working_day as policy_is_working_day
    except ImportError:
        return day.weekday() < 5
    try:
        return bool(policy_is_working_day(day))
    except Exception:
        log.exception("policy.is_working_day failed")
        return day.weekday() < 5


def wfh_employee_ids(employee_ids: list[int], day: dt.date) -> set[int] | None:
    """Who among ``employee_ids`` is planned to work from home on ``day`` (None: unknown)."""
    modes = planned_modes(employee_ids, day, day)
    if modes is None:
        return None
    return {emp for (emp, d), mode in modes.items() if d == day and mode == "WFH"}


def wfh_opd_ids(opd_ids: list[int], start: dt.date, end: dt.date) -> set[int] | None:
    """OPDs with at least one planned WFH day in [start, end] (None: nothing published).

    One bulk read of the schedule (about 0.7 s for the whole 12,000-ASN city on SQLite).
    Probing OPD by OPD with early exit was measured slower (1.0–1.5 s): each
    ``planned_modes`` call has a fixed cost that the early exits do not repay.
    """
    from hibrida.org.models import Employee

    rows = list(
        Employee.objects.filter(opd_id__in=opd_ids, is_active=True).values_list("id", "opd_id")
    )
    modes = planned_modes([r[0] for r in rows], start, end)
    if not modes:  # nothing published for the week: unknown, not "no WFH anywhere"
        return None
    opd_of = dict(rows)
    return {opd_of[emp] for (emp, _d), mode in modes.items() if mode == "WFH" and emp in opd_of}
