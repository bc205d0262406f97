"""Parse and validate a roster problem (JSON). Pure module: no Django import.

Every rejection is a :class:`ProblemError` naming the offending field with an Indonesian message,
raised before any solving starts. The optional fields are listed in docs/architecture.md,
"The roster solver".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from .modes import WorkMode

WFH, WFO, LEAVE, DUTY = WorkMode.WFH, WorkMode.WFO, WorkMode.LEAVE, WorkMode.DUTY
STATES = (WFH, WFO, LEAVE, DUTY)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WEEKDAYS = {
    **{name: i for i, name in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])},
    **{
        name: i
        for i, name in enumerate(
            ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        )
    },
    **{
        name: i
        for i, name in enumerate(["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"])
    },
    "jum'at": 4,
    "ahad": 6,
}


class ProblemError(ValueError):
    """Invalid roster problem: ``field`` names the offending value, ``message`` says why."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Unit:
    id: str
    min_onsite_share: Fraction = Fraction(0)
    min_onsite_count: int = 0
    wfh_share: Fraction | None = None


@dataclass(frozen=True)
class Employee:
    id: str
    unit: str
    eligible: bool = True
    wfh_target: int = 0
    max_wfh_per_week: int | None = None
    leave: frozenset[date] = frozenset()
    duty: frozenset[date] = frozenset()
    prefer_weekdays: frozenset[int] = frozenset()
    prefer_dates: frozenset[date] = frozenset()
    avoid_weekdays: frozenset[int] = frozenset()
    avoid_dates: frozenset[date] = frozenset()
    carry_shortfall: int = 0
    published: dict[date, str] | None = None
    ineligible_reason: str | None = None

    def preference(self, day: date) -> int:
        """+1 when the employee asked for WFH on ``day``, -1 when they asked to avoid it."""
        score = 0
        if day in self.prefer_dates or day.weekday() in self.prefer_weekdays:
            score += 1
        if day in self.avoid_dates or day.weekday() in self.avoid_weekdays:
            score -= 1
        return score

    def state_off(self, day: date) -> str | None:
        """LEAVE or DUTY when the employee is away that day (leave wins), else None."""
        if day in self.leave:
            return LEAVE
        if day in self.duty:
            return DUTY
        return None


@dataclass(frozen=True)
class Problem:
    days: tuple[date, ...]
    units: dict[str, Unit]
    employees: tuple[Employee, ...]
    fixed_wfh_weekday: int | None = None
    allowed_weekdays: frozenset[int] | None = None
    blackout: frozenset[date] = field(default_factory=frozenset)

    def wfh_day_allowed(self, day: date) -> bool:
        """Whether the city/OPD rules allow WFH at all on ``day`` (before personal limits)."""
        if day in self.blackout:
            return False
        if self.fixed_wfh_weekday is not None and day.weekday() != self.fixed_wfh_weekday:
            return False
        return self.allowed_weekdays is None or day.weekday() in self.allowed_weekdays


def parse_problem(data: Any) -> Problem:
    """Validate the problem dict and return a :class:`Problem`; raise ProblemError otherwise."""
    if isinstance(data, Problem):
        return data
    if not isinstance(data, dict):
        raise ProblemError("problem", "harus berupa objek JSON")

    days = _date_list(data.get("days"), "days", unique=True, required=True)
    blackout = frozenset(_date_list(data.get("blackout"), "blackout"))
    fixed = data.get("fixed_wfh_weekday")
    fixed_wd = None if fixed is None else _weekday(fixed, "fixed_wfh_weekday")
    allowed_raw = data.get("allowed_weekdays")
    allowed = None
    if allowed_raw is not None:
        allowed = frozenset(
            _weekday(v, f"allowed_weekdays[{i}]")
            for i, v in enumerate(_list(allowed_raw, "allowed_weekdays"))
        )

    units: dict[str, Unit] = {}
    for i, raw in enumerate(_list(data.get("units"), "units", required=True)):
        unit = _unit(raw, f"units[{i}]")
        if unit.id in units:
            raise ProblemError(f"units[{i}].id", f"id unit ganda: {unit.id!r}")
        units[unit.id] = unit

    employees: list[Employee] = []
    seen: set[str] = set()
    for i, raw in enumerate(_list(data.get("employees"), "employees", required=True)):
        emp = _employee(raw, f"employees[{i}]", units)
        if emp.id in seen:
            raise ProblemError(f"employees[{i}].id", f"id pegawai ganda: {emp.id!r}")
        seen.add(emp.id)
        employees.append(emp)

    return Problem(
        days=tuple(sorted(days)),
        units=units,
        employees=tuple(employees),
        fixed_wfh_weekday=fixed_wd,
        allowed_weekdays=allowed,
        blackout=blackout,
    )


def _unit(raw: Any, where: str) -> Unit:
    if not isinstance(raw, dict):
        raise ProblemError(where, "harus berupa objek")
    uid = _ident(raw.get("id"), f"{where}.id")
    wfh_share = raw.get("wfh_share")
    return Unit(
        id=uid,
        min_onsite_share=_share(raw.get("min_onsite_share", 0), f"{where}.min_onsite_share"),
        min_onsite_count=_count(raw.get("min_onsite_count", 0), f"{where}.min_onsite_count"),
        wfh_share=None if wfh_share is None else _share(wfh_share, f"{where}.wfh_share"),
    )


def _employee(raw: Any, where: str, units: dict[str, Unit]) -> Employee:
    if not isinstance(raw, dict):
        raise ProblemError(where, "harus berupa objek")
    eid = _ident(raw.get("id"), f"{where}.id")
    unit = raw.get("unit")
    if not isinstance(unit, str | int) or isinstance(unit, bool) or str(unit) not in units:
        raise ProblemError(f"{where}.unit", f"unit tidak dikenal: {unit!r}")
    eligible = raw.get("eligible", True)
    if not isinstance(eligible, bool):
        raise ProblemError(f"{where}.eligible", "harus true atau false")
    max_week = raw.get("max_wfh_per_week")
    prefer = _day_prefs(raw.get("prefer_wfh"), f"{where}.prefer_wfh")
    avoid = _day_prefs(raw.get("avoid_wfh"), f"{where}.avoid_wfh")
    reason = raw.get("ineligible_reason")
    if reason is not None and not isinstance(reason, str):
        raise ProblemError(f"{where}.ineligible_reason", "harus berupa teks")
    return Employee(
        id=eid,
        unit=str(unit),
        eligible=eligible,
        wfh_target=_count(raw.get("wfh_target", 0), f"{where}.wfh_target"),
        max_wfh_per_week=None
        if max_week is None
        else _count(max_week, f"{where}.max_wfh_per_week"),
        leave=frozenset(_date_list(raw.get("leave"), f"{where}.leave")),
        duty=frozenset(_date_list(raw.get("duty"), f"{where}.duty")),
        prefer_weekdays=prefer[0],
        prefer_dates=prefer[1],
        avoid_weekdays=avoid[0],
        avoid_dates=avoid[1],
        carry_shortfall=_count(raw.get("carry_shortfall", 0), f"{where}.carry_shortfall"),
        published=_published(raw.get("published"), f"{where}.published"),
        ineligible_reason=reason,
    )


def _list(value: Any, where: str, *, required: bool = False) -> list[Any]:
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise ProblemError(where, "harus berupa daftar (list)")
    return value


def _ident(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int) or str(value).strip() == "":
        raise ProblemError(where, "id wajib diisi (teks atau angka)")
    return str(value)


def _date(value: Any, where: str) -> date:
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ProblemError(where, f"tanggal tidak valid: {value!r} (gunakan format YYYY-MM-DD)")


def _date_list(
    value: Any, where: str, *, unique: bool = False, required: bool = False
) -> list[date]:
    result: list[date] = []
    seen: set[date] = set()
    for i, raw in enumerate(_list(value, where, required=required)):
        day = _date(raw, f"{where}[{i}]")
        if unique and day in seen:
            raise ProblemError(f"{where}[{i}]", f"tanggal ganda: {raw}")
        seen.add(day)
        result.append(day)
    return result


def _count(value: Any, where: str) -> int:
    number: int
    if isinstance(value, float):
        if not value.is_integer():
            raise ProblemError(where, "harus bilangan bulat")
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raise ProblemError(where, "harus bilangan bulat")
    if number < 0:
        raise ProblemError(where, "tidak boleh negatif")
    return number


def _share(value: Any, where: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProblemError(where, "harus berupa angka antara 0 dan 1")
    if isinstance(value, float) and not math.isfinite(value):
        raise ProblemError(where, "harus berupa angka antara 0 dan 1")
    # Through str() so 0.3 means exactly 3/10: ceil(0.3 × 10) must be 3, not 4.
    share = Fraction(str(value))
    if not 0 <= share <= 1:
        raise ProblemError(where, "harus antara 0 dan 1")
    return share


def _weekday(value: Any, where: str) -> int:
    if isinstance(value, str) and value.strip().lower() in _WEEKDAYS:
        return _WEEKDAYS[value.strip().lower()]
    raise ProblemError(where, f"nama hari tidak dikenal: {value!r} (contoh: 'mon' atau 'senin')")


def _day_prefs(value: Any, where: str) -> tuple[frozenset[int], frozenset[date]]:
    weekdays: set[int] = set()
    dates: set[date] = set()
    for i, raw in enumerate(_list(value, where)):
        if isinstance(raw, str) and _ISO_DATE.match(raw):
            dates.add(_date(raw, f"{where}[{i}]"))
        else:
            weekdays.add(_weekday(raw, f"{where}[{i}]"))
    return frozenset(weekdays), frozenset(dates)


def _published(value: Any, where: str) -> dict[date, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ProblemError(where, "harus berupa objek {tanggal: status}")
    result: dict[date, str] = {}
    for key, state in value.items():
        day = _date(key, f"{where}[{key}]")
        if state not in STATES:
            raise ProblemError(
                f"{where}[{key}]", f"status tidak dikenal: {state!r} (WFH, WFO, LEAVE, DUTY)"
            )
        result[day] = state
    return result


def onsite_requirement(unit: Unit, not_on_leave: int, available: int) -> int:
    """Staff the unit must have on site: count or share rule, capped by who can be there.

    ``not_on_leave`` is the base of the share (staff at work that day, dinas luar included);
    ``available`` are those who could physically be on site (not on leave, not on duty).
    """
    need = max(unit.min_onsite_count, math.ceil(unit.min_onsite_share * not_on_leave))
    return min(available, need)


def wfh_capacity(unit: Unit, not_on_leave: int, available: int) -> int:
    """Most staff of the unit that may be WFH on a day (coverage and the 50:50 share)."""
    cap = available - onsite_requirement(unit, not_on_leave, available)
    if unit.wfh_share is not None:
        cap = min(cap, math.floor(unit.wfh_share * not_on_leave))
    return max(cap, 0)
