"""Reads of the work policy, always scoped to the viewer through org/access.py."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from hibrida.org import access
from hibrida.org.access import Role
from hibrida.org.models import Employee, OpdClass, Position, User

from . import calendar
from .city_eligibility import opd_eligibility
from .engine import PolicyBook, load_facts, readiness_missing
from .models import (
    CalendarDay,
    DisciplineRecord,
    JobCriteria,
    LegalParameter,
    Level,
    Phase,
    PolicyRule,
    SpecialCircumstance,
    SpecialStatus,
    WfhReadiness,
)
from .rules import JOB_CRITERIA


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
    table = opd_eligibility(day)
    by_reason: Counter[str] = Counter()
    by_class: dict[str, list[int]] = {c: [0, 0] for c in OpdClass.values}
    total = eligible = 0
    # A dict: an OPD reached through two role grants is still counted once.
    for opd_pk, opd_class in dict(opds.values_list("pk", "opd_class")).items():
        row = table.get(opd_pk)
        if row is None:  # no active employee
            continue
        total += row["total"]
        eligible += row["eligible"]
        by_class[opd_class][0] += row["eligible"]
        by_class[opd_class][1] += row["total"]
        by_reason.update(row["by_reason"])
    return {
        "day": day,
        "total": total,
        "eligible": eligible,
        "by_reason": sorted(by_reason.items(), key=lambda item: (-item[1], item[0])),
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


# --- PermenPANRB 4/2025 ---------------------------------------------------------------------


def legal_parameters() -> list[LegalParameter]:
    """Every figure of the flexible-work rules with its source and validity (public rules)."""
    return list(LegalParameter.objects.order_by("key", "-valid_from"))


def job_criteria_rows(viewer: User, opd_id: int | None = None) -> list[dict[str, Any]]:
    """The positions of the OPDs the viewer manages (BKPSDM: the city, narrowed by ``opd_id``)
    with their Pasal 23 checklist; a position never assessed shows every box ticked."""
    scope = access.scope_for(viewer)
    opds = access.visible_opds(viewer) if scope.city_reader else access.manageable_opds(viewer)
    if not (scope.city_reader or scope.admin_opd_ids):
        raise PermissionDenied("Kriteria jabatan dikelola oleh admin OPD dan BKPSDM.")
    if opd_id is not None:
        opds = opds.filter(pk=opd_id)
    positions = list(
        Position.objects.filter(opd__in=opds)
        .select_related("opd")
        .order_by("opd__name", "name")[:2000]
    )
    rows = {r.position_id: r for r in JobCriteria.objects.filter(position__in=positions)}
    out = []
    for p in positions:
        row = rows.get(p.pk)
        out.append(
            {
                "position": p,
                "assessed": row is not None,
                "flags": [
                    (name, text, True if row is None else bool(getattr(row, name)))
                    for name, text in JOB_CRITERIA
                ],
            }
        )
    return out


def get_manageable_position(viewer: User, pk: int) -> Position:
    """A position of an OPD the viewer manages, else 404."""
    position = (
        Position.objects.filter(pk=pk, opd__in=access.manageable_opds(viewer))
        .select_related("opd")
        .first()
    )
    if position is None:
        raise Http404("Jabatan tidak ditemukan.")
    return position


def job_criteria_of(position: Position) -> dict[str, bool]:
    row = JobCriteria.objects.filter(position=position).first()
    return {name: True if row is None else bool(getattr(row, name)) for name, _t in JOB_CRITERIA}


def discipline_records(viewer: User) -> QuerySet[DisciplineRecord]:
    """Discipline records: the city (BKPSDM, Inspektorat), the OPD admin's OPD, else one's own
    (an atasan reads only the eligibility reason, not the record)."""
    scope = access.scope_for(viewer)
    people = (
        Employee.objects.all()
        if scope.city_reader
        else access.manageable_employees(viewer)
        if scope.admin_opd_ids
        else Employee.objects.filter(pk=scope.employee_id or 0)
    )
    return (
        DisciplineRecord.objects.filter(employee__in=people)
        .select_related("employee", "employee__opd", "recorded_by")
        .order_by("-start", "-pk")
    )


def special_inbox(viewer: User) -> QuerySet[SpecialCircumstance]:
    """Pending Pasal 30 applications of the viewer's subordinates."""
    return (
        SpecialCircumstance.objects.filter(
            status=SpecialStatus.PENDING, employee__in=access.supervised_employees(viewer)
        )
        .select_related("employee", "employee__unit")
        .order_by("requested_at")
    )


def my_special(viewer: User) -> QuerySet[SpecialCircumstance]:
    employee_id = access.scope_for(viewer).employee_id
    return SpecialCircumstance.objects.filter(employee_id=employee_id or 0).order_by(
        "-requested_at"
    )


def get_special(viewer: User, pk: int) -> SpecialCircumstance:
    """A Pasal 30 application the viewer may see (own, subordinate's, OPD, city), else 404."""
    row = (
        SpecialCircumstance.objects.filter(pk=pk, employee__in=access.visible_employees(viewer))
        .select_related("employee")
        .first()
    )
    if row is None:
        raise Http404("Permohonan tidak ditemukan.")
    return row
