"""From policy, eligibility, leave and duty to solver problems, and back to schedule rows.

Coverage is counted per unit (a one-person unit with its nearest ancestor, :func:`coverage_pools`);
units whose problem-level settings differ go into separate problems.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import ValidationError

from hibrida import bounds
from hibrida.org.models import Employee
from hibrida.policy.calendar import working_days
from hibrida.policy.engine import Eligibility, PolicyBook, Staff, bulk_eligibility, load_staff
from hibrida.policy.rules import EffectivePolicy, weekday_code

from .models import (
    CODE_MODES,
    MODE_CODES,
    NO_WORK,
    Absence,
    AbsenceKind,
    Schedule,
    ScheduleRow,
    ScheduleStatus,
    WfhPreference,
)
from .modes import WorkMode


def parse_month(value) -> dt.date:
    """The first day of the month given as a date or "YYYY-MM"; field error otherwise."""
    if isinstance(value, dt.date):
        month = value.replace(day=1)
    else:
        try:
            year, mon = str(value).strip().split("-")[:2]
            month = dt.date(int(year), int(mon), 1)
        except (ValueError, TypeError):
            raise ValidationError(
                {"month": "Bulan harus berformat YYYY-MM, mis. 2025-12."}
            ) from None
    if not bounds.in_range(month):
        raise ValidationError({"month": bounds.DATE_RANGE_MESSAGE})
    return month


def month_end(month: dt.date) -> dt.date:
    nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


@lru_cache(maxsize=64)
def month_dates(month: dt.date) -> tuple[dt.date, ...]:
    """Every calendar day of ``month``."""
    return tuple(month.replace(day=d) for d in range(1, month_end(month).day + 1))


def encode_modes(month: dt.date, modes: dict[dt.date, str]) -> str:
    """One letter per calendar day of ``month``; "-" where nothing is planned."""
    return "".join([MODE_CODES.get(modes.get(d, ""), NO_WORK) for d in month_dates(month)])


def decode_modes(month: dt.date, text: str) -> dict[dt.date, str]:
    return {
        d: CODE_MODES[c] for d, c in zip(month_dates(month), text, strict=False) if c in CODE_MODES
    }


@dataclass
class Person:
    employee: Staff
    policy: EffectivePolicy
    eligibility: Eligibility
    leave: set[dt.date] = field(default_factory=set)
    duty: set[dt.date] = field(default_factory=set)
    field_days: set[dt.date] = field(default_factory=set)
    target: int = 0
    max_per_week: int = 0
    carry: int = 0

    @property
    def in_problem_eligible(self) -> bool:
        return self.eligibility.eligible


@dataclass
class Plan:
    """Everything needed to solve a month and to store the result."""

    month: dt.date
    days: list[dt.date]
    people: dict[int, Person]
    problems: list[dict]
    phase: str = ""
    pattern: str = ""


def _weeks(days: list[dt.date]) -> dict[tuple[int, int], list[dt.date]]:
    weeks: dict[tuple[int, int], list[dt.date]] = defaultdict(list)
    for d in days:
        weeks[d.isocalendar()[:2]].append(d)
    return weeks


def coverage_pools(sizes: Mapping[int, int], parents: Mapping[int, int | None]) -> dict[int, int]:
    """The unit whose coverage each unit counts in: itself, or for a unit of one person
    (a kepala bidang alone in "Bidang X", whose staff sit in its seksi) the nearest ancestor.

    Without this, anyone alone in a unit must always be on site and can never work from
    home; pooled with the leadership of the OPD they take turns like everyone else.
    """
    pools: dict[int, int] = {}
    for unit_id in sizes:
        current = unit_id
        seen = {current}
        while sizes.get(current, 0) < 2:
            parent = parents.get(current)
            if parent is None or parent in seen:
                break
            current = parent
            seen.add(current)
        pools[unit_id] = current
    return pools


def wfh_target(policy: EffectivePolicy, free_days: list[dt.date]) -> tuple[int, int]:
    """(target WFH days in the month, weekly cap) for a person free on ``free_days``.

    ``free_days`` are the working days the person is at work and WFH is allowed on
    (weekday rules, fixed weekday and blackout already applied).
    """
    if not policy.wfh_planned:
        return 0, 0
    weeks = _weeks(free_days)
    if policy.pattern == "fixed_weekday":
        return len(free_days), 1
    if policy.pattern == "rotation":
        # The rotation share sets the weekly rhythm (50:50 → up to 3 days in a week); the
        # programme replaces the usual weekly cap for its duration.
        cap = max(1, math.ceil(policy.wfh_share * 5))
        target = math.floor(policy.wfh_share * len(free_days))
        return min(target, sum(min(cap, len(w)) for w in weeks.values())), cap
    quota = min(policy.wfh_days_per_week, policy.max_wfh_per_week)
    return sum(min(quota, len(w)) for w in weeks.values()), quota


def _wfh_days_allowed(policy: EffectivePolicy, days: list[dt.date]) -> list[dt.date]:
    blackout = set(policy.blackout_dates)
    out = []
    for d in days:
        code = weekday_code(d)
        if d in blackout or code not in policy.allowed_weekdays:
            continue
        if policy.pattern == "fixed_weekday" and code != policy.fixed_weekday:
            continue
        out.append(d)
    return out


def absences(employee_ids: list[int] | None, start: dt.date, end: dt.date, opd_ids=None):
    """(leave days, duty days) per employee between ``start`` and ``end``."""
    qs = Absence.objects.filter(start__lte=end, end__gte=start)
    if opd_ids is not None:
        qs = qs.filter(employee__opd_id__in=opd_ids)
    elif employee_ids is not None:
        qs = qs.filter(employee_id__in=employee_ids)
    leave: dict[int, set] = defaultdict(set)
    duty: dict[int, set] = defaultdict(set)
    for a in qs:
        d = max(a.start, start)
        while d <= min(a.end, end):
            (leave if a.kind == AbsenceKind.LEAVE else duty)[a.employee_id].add(d)
            d += dt.timedelta(days=1)
    return leave, duty


def published_shortfalls(opd_ids, month: dt.date) -> dict[int, int]:
    """{employee id: cumulative WFH shortfall} after the published schedules of ``month``:
    what they carried into it plus what they fell short in it (eligible staff only)."""
    rows = ScheduleRow.objects.filter(
        schedule__opd_id__in=opd_ids,
        schedule__month=month,
        schedule__status=ScheduleStatus.PUBLISHED,
        eligible=True,
    ).values_list("employee_id", "wfh_target", "wfh_days", "carry_shortfall")
    out = {emp: carry + max(0, target - got) for emp, target, got, carry in rows}
    return {emp: v for emp, v in out.items() if v}


def published_employees(opd_ids, month: dt.date) -> list[int]:
    return list(
        ScheduleRow.objects.filter(
            schedule__opd_id__in=opd_ids,
            schedule__month=month,
            schedule__status=ScheduleStatus.PUBLISHED,
        ).values_list("employee_id", flat=True)
    )


# Solver stage: gathers each OPD's staff, policy and absences into one problem.
def build_plan(opd_ids: list[int], month: dt.date, *, book: PolicyBook | None = None) -> Plan:  # noqa: C901, PLR0915
    """Solver problems for the OPDs' active staff in ``month`` (see module docstring)."""
    from .selectors import planned_modes

    book = book or PolicyBook.load()
    start, end = month, month_end(month)
    days = working_days(start, end)
    if not days:
        raise ValidationError({"month": "Bulan ini tidak memiliki hari kerja."})
    first = days[0]
    employees = load_staff(Employee.objects.filter(opd_id__in=opd_ids))
    if not employees:
        raise ValidationError({"opd": "OPD ini belum memiliki pegawai aktif."})
    day_set = set(days)
    iso = {d: d.isoformat() for d in days}
    eligibility = bulk_eligibility(employees, first, book)
    leave, duty = absences(None, start, end, opd_ids=opd_ids)
    preferences = {
        emp: (prefer, avoid)
        for emp, prefer, avoid in WfhPreference.objects.filter(
            employee__opd_id__in=opd_ids
        ).values_list("employee_id", "prefer_weekdays", "avoid_weekdays")
    }
    carried = published_shortfalls(opd_ids, (month - dt.timedelta(days=1)).replace(day=1))
    told_ids = published_employees(opd_ids, month)
    told: dict[int, dict[str, str]] = defaultdict(dict)
    if told_ids:
        # What staff were told (published version + overlay), passed for stability; the
        # solver's contract has no FIELD, which is a kind of duty away from the office.
        for (emp_id, d), mode in planned_modes(told_ids, start, end).items():
            if d in day_set:
                told[emp_id][iso[d]] = WorkMode.DUTY if mode == WorkMode.FIELD else mode

    people: dict[int, Person] = {}
    unit_members: dict[int, list[Person]] = defaultdict(list)
    for e in employees:
        policy = book.for_employee(e, first)
        person = Person(e, policy, eligibility[e.pk])
        person.leave = {d for d in leave.get(e.pk, ()) if d in day_set}
        person.duty = {d for d in duty.get(e.pk, ()) if d in day_set} - person.leave
        people[e.pk] = person
        unit_members[e.unit_id].append(person)
    pools = coverage_pools({u: len(m) for u, m in unit_members.items()}, book.unit_parents)
    pool_members: dict[int, list[Person]] = defaultdict(list)
    for unit_id, members in unit_members.items():
        pool_members[pools[unit_id]].extend(members)

    groups: dict[tuple, dict] = {}
    phase = pattern = ""
    for unit_id, members in pool_members.items():
        head = members[0].employee
        unit_policy = book.effective(
            opd_class=head.opd.opd_class,
            opd_id=head.opd_id,
            unit_id=unit_id,
            position_id=None,
            day=first,
        )
        phase, pattern = phase or unit_policy.phase, pattern or unit_policy.pattern
        allowed_days = _wfh_days_allowed(unit_policy, days)
        blackout = sorted(d.isoformat() for d in unit_policy.blackout_dates if d in day_set)
        fixed = unit_policy.fixed_weekday if unit_policy.pattern == "fixed_weekday" else None
        key = (fixed, tuple(unit_policy.allowed_weekdays), tuple(blackout))
        problem = groups.setdefault(
            key,
            {
                "days": [d.isoformat() for d in days],
                "units": [],
                "employees": [],
                "fixed_wfh_weekday": fixed,
                "allowed_weekdays": list(unit_policy.allowed_weekdays),
                "blackout": blackout,
            },
        )
        unit = {
            "id": str(unit_id),
            "min_onsite_share": unit_policy.min_onsite_share,
            "min_onsite_count": unit_policy.min_onsite_count,
        }
        if unit_policy.pattern == "rotation":
            unit["wfh_share"] = unit_policy.wfh_share
        problem["units"].append(unit)
        field_index = 0
        # Policies are shared objects (PolicyBook caches them), so the days a policy allows
        # in this pool are worked out once per policy, not once per person.
        allowed_by_policy: dict[int, list[dt.date]] = {}
        for person in members:
            e = person.employee
            if e.position.field_work and unit_policy.field_rotation:
                # Field staff rotate: half of them in the field on any day, staggered.
                work = [d for d in days if d not in person.leave and d not in person.duty]
                person.field_days = {d for i, d in enumerate(work) if (i + field_index) % 2 == 0}
                field_index += 1
            own_allowed = allowed_by_policy.get(id(person.policy))
            if own_allowed is None:
                own_allowed = _wfh_days_allowed(person.policy, allowed_days)
                allowed_by_policy[id(person.policy)] = own_allowed
            free = [
                d
                for d in own_allowed
                if d not in person.leave and d not in person.duty and d not in person.field_days
            ]
            if person.eligibility.eligible:
                person.target, person.max_per_week = wfh_target(person.policy, free)
            row = {
                "id": str(e.pk),
                "unit": str(unit_id),
                "eligible": person.eligibility.eligible,
                "wfh_target": person.target,
                "max_wfh_per_week": person.max_per_week,
                "leave": sorted(iso[d] for d in person.leave),
                "duty": sorted(iso[d] for d in person.duty | person.field_days),
            }
            if not person.eligibility.eligible:
                row["ineligible_reason"] = person.eligibility.primary_reason
            if carried.get(e.pk) and person.eligibility.eligible:
                person.carry = carried[e.pk]
                row["carry_shortfall"] = person.carry
            if told.get(e.pk):
                row["published"] = told[e.pk]
            if e.pk in preferences:
                prefer, avoid = preferences[e.pk]
                if prefer:
                    row["prefer_wfh"] = prefer
                if avoid:
                    row["avoid_wfh"] = avoid
            problem["employees"].append(row)
    return Plan(month, days, people, list(groups.values()), phase, pattern)


def merged_modes(plan: Plan, assignments: dict[str, dict[str, str]]) -> dict[int, dict]:
    """Per employee {day: mode} with field days shown as FIELD."""
    out: dict[int, dict] = {}
    iso = [(d, d.isoformat()) for d in plan.days]
    for emp_id, person in plan.people.items():
        got = assignments.get(str(emp_id), {})
        modes = {}
        for d, key in iso:
            mode = got.get(key, WorkMode.WFO)
            if mode == WorkMode.DUTY and d in person.field_days and d not in person.duty:
                mode = WorkMode.FIELD
            modes[d] = mode
        out[emp_id] = modes
    return out


def fairness_rows(plan: Plan, modes: dict[int, dict]) -> list[dict]:
    rows = []
    for emp_id, person in plan.people.items():
        e = person.employee
        rows.append(
            {
                "unit": f"{e.unit.name} ({e.unit.code})",
                "opd": e.opd.short_name,
                "opd_class": e.opd.opd_class,
                "eligible": person.eligibility.eligible,
                "reason": person.eligibility.primary_reason,
                "modes": [modes[emp_id][d] for d in plan.days],
            }
        )
    return rows


def new_version(opd_id: int, month: dt.date) -> int:
    last = (
        Schedule.objects.filter(opd_id=opd_id, month=month)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return (last or 0) + 1
