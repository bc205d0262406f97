"""Which working hours apply to an employee on a day, for many employees at once.

The most specific valid :class:`WorkHourPolicy` wins (position, then unit, then OPD); without
one, the OPD's ``WorkingHours`` or the city default. Ramadan dates come from
:class:`RamadanPeriod`. Design: docs/regulations-pay.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from hibrida.org import access
from hibrida.org.models import Employee, User
from hibrida.policy.calendar import DEFAULT_HOURS
from hibrida.policy.models import WorkingHours

from . import worktime
from .models import RamadanPeriod, WorkHourPolicy


def hours_from_json(data: dict) -> dict[int, worktime.Hours]:
    """The ``hours`` column ({"0": {"start": "07:30", "end": "16:00", "break": 60}, …})."""
    return {
        int(day): worktime.Hours(
            dt.time.fromisoformat(v["start"]), dt.time.fromisoformat(v["end"]), int(v["break"])
        )
        for day, v in data.items()
    }


def hours_to_json(hours: dict[int, worktime.Hours]) -> dict[str, dict]:
    return {
        str(day): {
            "start": h.start.strftime("%H:%M"),
            "end": h.end.strftime("%H:%M"),
            "break": h.break_minutes,
        }
        for day, h in sorted(hours.items())
    }


def as_hour_policy(row: WorkHourPolicy) -> worktime.HourPolicy:
    return worktime.HourPolicy(
        kind=row.kind,
        hours=hours_from_json(row.hours),
        window_start=row.window_start,
        window_end=row.window_end,
        daily_minutes=row.daily_minutes,
        direct_service=row.direct_service,
    )


class HourResolver:
    """Loads every rule the employees' days may need in a few queries, then answers per day."""

    def __init__(
        self,
        employee_ids: Iterable[int],
        start: dt.date,
        end: dt.date,
        *,
        placement: dict[int, tuple[int, int, int]] | None = None,
    ) -> None:
        ids = list(employee_ids)
        if placement is None:
            placement = {
                pk: (opd, unit, pos)
                for pk, opd, unit, pos in Employee.objects.filter(pk__in=ids).values_list(
                    "id", "opd_id", "unit_id", "position_id"
                )
            }
        self.placement = placement
        opds = {p[0] for p in placement.values()}
        self._rules: dict[
            tuple[str, int], list[tuple[dt.date, dt.date | None, worktime.HourPolicy]]
        ]
        self._rules = defaultdict(list)
        rows = WorkHourPolicy.objects.filter(opd_id__in=opds, valid_from__lte=end).exclude(
            valid_to__lt=start
        )
        for row in rows.order_by("-valid_from", "-id"):
            if row.position_id:
                key = ("position", row.position_id)
            elif row.unit_id:
                key = ("unit", row.unit_id)
            else:
                key = ("opd", row.opd_id)
            self._rules[key].append((row.valid_from, row.valid_to, as_hour_policy(row)))
        office: dict[int, dict[int, worktime.Hours]] = defaultdict(dict)
        for opd_id, weekday, s, e, b in WorkingHours.objects.filter(opd_id__in=opds).values_list(
            "opd_id", "weekday", "start", "end", "break_minutes"
        ):
            office[opd_id][weekday] = worktime.Hours(s, e, b)
        default = {d: worktime.Hours(*h) for d, h in DEFAULT_HOURS.items()}
        self._office = {
            opd: worktime.HourPolicy(worktime.FIXED, {**default, **office.get(opd, {})})
            for opd in opds
        }
        self._default = worktime.HourPolicy(worktime.FIXED, default)
        self._ramadan = list(
            RamadanPeriod.objects.filter(start__lte=end, end__gte=start).values_list("start", "end")
        )

    def policy(self, employee_id: int, day: dt.date) -> worktime.HourPolicy:
        opd, unit, position = self.placement.get(employee_id, (0, 0, 0))
        for key in (("position", position), ("unit", unit), ("opd", opd)):
            for valid_from, valid_to, rule in self._rules.get(key, ()):
                if valid_from <= day and (valid_to is None or day <= valid_to):
                    return rule
        return self._office.get(opd, self._default)

    def is_ramadan(self, day: dt.date) -> bool:
        return any(s <= day <= e for s, e in self._ramadan)

    def hours(
        self, employee_id: int, day: dt.date, first_in: dt.datetime | None = None
    ) -> worktime.Hours:
        return worktime.day_hours(
            self.policy(employee_id, day), day, ramadan=self.is_ramadan(day), first_in=first_in
        )


def visible_policies(viewer: User) -> list[dict]:
    """The work-hour policies of the OPDs the viewer may see (admin OPD: own; city roles: all)."""
    scope = access.scope_for(viewer)
    opds = access.visible_opds(viewer) if scope.city_reader else access.manageable_opds(viewer)
    rows = WorkHourPolicy.objects.filter(opd__in=opds).select_related("opd", "unit", "position")
    out = []
    for row in rows.order_by("opd__short_name", "unit__name", "position__name", "-valid_from"):
        out.append(
            {
                "row": row,
                "level": row.position.name
                if row.position
                else (row.unit.name if row.unit else "—"),
                "days": [{"day": WEEKDAYS[int(d)], **v} for d, v in sorted(row.hours.items())],
                "can_delete": access.can_manage_opd(viewer, row.opd_id) and not scope.read_only,
            }
        )
    return out


WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat")
