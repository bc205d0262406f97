"""Reads of the work policy, always scoped to the viewer through org/access.py."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from hibrida.org import access
from hibrida.org.access import Role
from hibrida.org.models import Employee, OpdClass, User

from . import calendar
from .engine import PolicyBook, bulk_eligibility, load_facts, load_staff, readiness_missing
from .models import CalendarDay, Level, Phase, PolicyRule, WfhReadiness


def employee_policy(viewer: User, employee_id: int, day: dt.date | None = None) -> dict:
    """Effective policy, eligibility and readiness of a visible employee (404 otherwise)."""
    employee = access.get_visible_employee(viewer, employee_id)
    day = day or timezone.localdate()
    book = PolicyBook.load()
    policy = book.for_employee(employee, day)
    readiness = WfhReadiness.objects.filter(employee=employee).first()
    facts = load_facts([employee], day)[employee.pk]
    result = book.eligibility(employee, day, readiness, facts)
    return {
        "employee": employee,
        "day": day,
        "policy": policy,
        "rows": policy.rows(),
        "eligible": result.eligible,
        "reasons": list(result.reasons),
        "basis": result.basis,
        "waived": list(result.waived),
        "tmt": facts.tmt,
        "readiness": readiness,
        "readiness_missing": readiness_missing(readiness),
    }


def policy_overview(viewer: User) -> dict:
    """City rule, class defaults, OPD/unit/position overrides the viewer may see, phases."""
    scope = access.scope_for(viewer)
    if not scope.has(Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT):
        raise PermissionDenied("Halaman ini tidak tersedia untuk peran Anda.")
    rules = PolicyRule.objects.select_related("opd", "unit", "unit__opd", "position")
    opd_ids = set(access.visible_opds(viewer).values_list("pk", flat=True))
    overrides = [
        r
        for r in rules.exclude(level__in=[Level.KOTA, Level.KELAS])
        if (
            r.opd_id
            or (r.unit.opd_id if r.unit else None)
            or (r.position.opd_id if r.position else None)
        )
        in opd_ids
    ]
    return {
        "city": rules.filter(level=Level.KOTA).first(),
        "classes": list(rules.filter(level=Level.KELAS)),
        "overrides": overrides,
        "phases": list(Phase.objects.prefetch_related("opds")),
        "can_edit_city": scope.city_writer,
    }


def eligibility_counts(
    viewer: User, *, opd_id: int | None = None, day: dt.date | None = None
) -> dict:
    """Staff eligible for WFH and the counts of ineligible staff by their first reason.

    OPD admins see their own OPD; BKPSDM and Inspektorat the city or any OPD.
    """
    scope = access.scope_for(viewer)
    day = day or timezone.localdate()
    if scope.city_reader:
        opds = access.visible_opds(viewer)
    elif scope.admin_opd_ids:
        opds = access.manageable_opds(viewer)
    else:
        raise PermissionDenied("Jumlah kelayakan hanya untuk admin OPD, BKPSDM, dan Inspektorat.")
    if opd_id is not None:
        opds = opds.filter(pk=opd_id)
        if not opds.exists():
            raise Http404("OPD tidak ditemukan.")
    employees = load_staff(Employee.objects.filter(opd__in=opds))
    results = bulk_eligibility(employees, day)
    by_reason: Counter[str] = Counter()
    by_class: dict[str, list[int]] = {c: [0, 0] for c in OpdClass.values}
    eligible = 0
    for e in employees:
        res = results[e.pk]
        by_class[e.opd.opd_class][1] += 1
        if res.eligible:
            eligible += 1
            by_class[e.opd.opd_class][0] += 1
        else:
            by_reason[res.primary_reason] += 1
    return {
        "day": day,
        "total": len(employees),
        "eligible": eligible,
        "by_reason": by_reason.most_common(),
        "by_class": [
            {
                "opd_class": c,
                "label": OpdClass(c).label,
                "eligible": v[0],
                "total": v[1],
                "share": (v[0] / v[1]) if v[1] else 0.0,
            }
            for c, v in by_class.items()
            if v[1]
        ],
    }


def calendar_overview(viewer: User, year: int) -> dict:
    """Days off of ``year`` (national holidays from the package, editable rows) for display."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    national = {d: n for d, n in calendar.public_holidays(year).items()}
    editable = list(CalendarDay.objects.filter(date__gte=start, date__lte=end))
    days: list[dict[str, Any]] = [
        {"date": d, "name": n, "kind": "libur_nasional", "row": None}
        for d, n in sorted(national.items())
    ]
    days += [{"date": r.date, "name": r.name, "kind": r.kind, "row": r} for r in editable]
    days.sort(key=lambda x: x["date"])
    return {
        "year": year,
        "days": days,
        "working_days": len(calendar.working_days(start, end)),
        "can_edit": access.scope_for(viewer).city_writer,
    }
