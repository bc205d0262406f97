"""Effective policy and WFH eligibility for employees (reads; callers scope the employee).

``effective_policy(employee, day)`` and ``eligibility(employee, day)`` answer for one person;
:class:`PolicyBook` loads every rule and phase once so the roster builder can answer for a
whole city (12,000 people) without a query per person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import QuerySet
from django.utils import timezone

from hibrida.org.models import Employee, Opd, OpdClass, Position, Unit

from .models import (
    DisciplineRecord,
    JobCriteria,
    LegalParameter,
    Level,
    Phase,
    PhaseStatus,
    PolicyRule,
    SpecialCircumstance,
    SpecialStatus,
    WfhReadiness,
)
from .rules import (
    DISCIPLINE_REASONS,
    JOB_CRITERIA,
    PARAMETER_DEFAULTS,
    SPECIAL_BASIS,
    EffectivePolicy,
    job_criteria_reasons,
    resolve,
    staff_reasons,
    tmt_from_nip,
)

RULE_FIELDS = (
    "wfh_allowed",
    "pattern",
    "fixed_weekday",
    "wfh_days_per_week",
    "max_wfh_per_week",
    "allowed_weekdays",
    "min_onsite_share",
    "min_onsite_count",
    "wfh_share",
    "blackout_dates",
    "field_rotation",
)
PHASE_FIELDS = ("pattern", "fixed_weekday", "wfh_days_per_week", "wfh_share")
SOURCE_LABELS = {
    Level.KOTA: "kota",
    Level.KELAS: "kelas OPD",
    Level.OPD: "OPD",
    Level.UNIT: "unit",
    Level.JABATAN: "jabatan",
}

READINESS_REASONS = {
    "connectivity": "Kesiapan WFH: uji konektivitas belum dicatat",
    "device": "Kesiapan WFH: perangkat dinas belum didaftarkan",
    "security": "Kesiapan WFH: pernyataan keamanan data belum disetujui",
}
FIELD_WORK_REASON = "Tugas lapangan: bekerja di lapangan secara bergilir, bukan WFH"


def _rule_values(rule: PolicyRule) -> dict[str, Any]:
    return {name: getattr(rule, name) for name in RULE_FIELDS}


def readiness_missing(readiness: WfhReadiness | None) -> list[str]:
    """Codes of the readiness conditions not yet met ("connectivity", "device", "security")."""
    if readiness is None:
        return ["connectivity", "device", "security"]
    missing = []
    if readiness.connectivity_checked_at is None:
        missing.append("connectivity")
    if readiness.device_registered_at is None:
        missing.append("device")
    if readiness.security_accepted_at is None:
        missing.append("security")
    return missing


class Placed(Protocol):
    """What the policy lookups read of a person: an Employee, or a light :class:`Staff`."""

    @property
    def pk(self) -> int: ...
    @property
    def opd_id(self) -> int: ...
    @property
    def unit_id(self) -> int: ...
    @property
    def position_id(self) -> int: ...
    @property
    def opd(self) -> Opd: ...
    @property
    def unit(self) -> Unit: ...
    @property
    def position(self) -> Position: ...


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...]
    # Why an ASN is eligible despite ``waived`` reasons (an approved Pasal 30 application).
    basis: str = ""
    waived: tuple[str, ...] = ()

    @property
    def primary_reason(self) -> str:
        return self.reasons[0] if self.reasons else ""


class PolicyBook:
    """Every policy rule, phase and unit parent, loaded once (a handful of queries)."""

    def __init__(
        self,
        rules: list[PolicyRule],
        phases: list[Phase],
        unit_parents: Mapping[int, int | None],
        parameters: Sequence[LegalParameter] = (),
    ):
        self.parameters = sorted(parameters, key=lambda p: p.valid_from)
        self.city: PolicyRule | None = None
        self.by_class: dict[str, PolicyRule] = {}
        # Keyed by the rule's target id, which the schema lets be NULL: no constraint ties the
        # target to the level.
        self.by_opd: dict[int | None, PolicyRule] = {}
        self.by_unit: dict[int | None, PolicyRule] = {}
        self.by_position: dict[int | None, PolicyRule] = {}
        for rule in rules:
            if rule.level == Level.KOTA:
                self.city = rule
            elif rule.level == Level.KELAS:
                self.by_class[rule.opd_class] = rule
            elif rule.level == Level.OPD:
                self.by_opd[rule.opd_id] = rule
            elif rule.level == Level.UNIT:
                self.by_unit[rule.unit_id] = rule
            elif rule.level == Level.JABATAN:
                self.by_position[rule.position_id] = rule
        self.phases = [(p, frozenset(o.pk for o in p.opds.all())) for p in phases]
        self.unit_parents = unit_parents
        self._cache: dict[tuple[str, int, int, int | None, int | None, int], EffectivePolicy] = {}

    @classmethod
    def load(cls) -> PolicyBook:
        rules = list(PolicyRule.objects.all())
        phases = list(Phase.objects.filter(status=PhaseStatus.ACTIVE).prefetch_related("opds"))
        parents = dict(Unit.objects.values_list("id", "parent_id"))
        return cls(rules, phases, parents, list(LegalParameter.objects.all()))

    def parameter(self, key: str, day: dt.date) -> tuple[int, str]:
        """(value, legal source) of a legal parameter in force on ``day``; the latest-starting
        row covering the day wins, a day no row covers gets the default of ``policy.rules``."""
        found = None
        for row in self.parameters:
            ended = row.valid_to is not None and row.valid_to < day
            if row.key == key and row.valid_from <= day and not ended:
                found = row
        if found is None:
            return PARAMETER_DEFAULTS[key]
        return found.value, found.legal_source

    def phase_for(self, opd_id: int, day: dt.date) -> Phase | None:
        """The active phase covering ``day`` for the OPD (the latest-starting one wins)."""
        found = None
        for phase, opd_ids in self.phases:
            covers = phase.start <= day <= phase.end and (not opd_ids or opd_id in opd_ids)
            if covers and (found is None or phase.start >= found.start):
                found = phase
        return found

    def _unit_chain(self, unit_id: int) -> list[int]:
        chain: list[int] = []
        current: int | None = unit_id
        while current is not None and current not in chain and len(chain) < 20:
            chain.append(current)
            current = self.unit_parents.get(current)
        return list(reversed(chain))

    def effective(
        self,
        *,
        opd_class: str,
        opd_id: int,
        unit_id: int,
        position_id: int | None,
        day: dt.date,
    ) -> EffectivePolicy:
        """The effective policy for a person placed so, on ``day``."""
        phase = self.phase_for(opd_id, day)
        cap = self.parameter("max_location_days_per_week", day)
        key = (opd_class, opd_id, unit_id, position_id, phase.pk if phase else None, cap[0])
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        # The national layer sits above kota: its cap is the system default of the weekly
        # maximum, and resolve() cuts any layer that sets more.
        layers: list[tuple[str, dict[str, Any]]] = [(cap[1], {"max_wfh_per_week": cap[0]})]
        if self.city is not None:
            layers.append((SOURCE_LABELS[Level.KOTA], _rule_values(self.city)))
        if opd_class in self.by_class:
            layers.append((SOURCE_LABELS[Level.KELAS], _rule_values(self.by_class[opd_class])))
        if opd_id in self.by_opd:
            layers.append((SOURCE_LABELS[Level.OPD], _rule_values(self.by_opd[opd_id])))
        for uid in self._unit_chain(unit_id):
            if uid in self.by_unit:
                layers.append((SOURCE_LABELS[Level.UNIT], _rule_values(self.by_unit[uid])))
        if position_id in self.by_position:
            layers.append(
                (SOURCE_LABELS[Level.JABATAN], _rule_values(self.by_position[position_id]))
            )
        if phase is not None:
            layers.append(
                (f"fase {phase.name}", {name: getattr(phase, name) for name in PHASE_FIELDS})
            )
        policy = resolve(layers, phase=phase.name if phase else "", national_cap=cap)
        self._cache[key] = policy
        return policy

    def for_employee(self, employee: Placed, day: dt.date) -> EffectivePolicy:
        return self.effective(
            opd_class=employee.opd.opd_class,
            opd_id=employee.opd_id,
            unit_id=employee.unit_id,
            position_id=employee.position_id,
            day=day,
        )

    def eligibility(
        self, employee: Placed, day: dt.date, readiness: WfhReadiness | None, facts: StaffFacts
    ) -> Eligibility:
        """Whether ``employee`` may take WFH on ``day``, with every reason why not."""
        reasons = self._reasons(employee, day, readiness, facts)
        # Pasal 30 answers a person's circumstances, not a disciplinary sanction or process
        # (Pasal 25): those still bar flexible work while they are in force.
        barred = [r for r in reasons if r in DISCIPLINE_REASONS.values()]
        if reasons and not barred and facts.special_until is not None:
            return Eligibility(True, (), SPECIAL_BASIS.format(facts.special_until), tuple(reasons))
        return Eligibility(not reasons, tuple(reasons))

    def _reasons(
        self, employee: Placed, day: dt.date, readiness: WfhReadiness | None, facts: StaffFacts
    ) -> list[str]:
        policy = self.for_employee(employee, day)
        reasons: list[str] = []
        if not policy.wfh_allowed:
            reasons.append(_not_allowed_reason(policy.sources.get("wfh_allowed", ""), employee))
        position = employee.position
        if position.requires_presence:
            reasons.append(
                "Jabatan memerlukan kehadiran: "
                + (position.presence_reason or position.name).strip()
            )
        reasons.extend(job_criteria_reasons(facts.job_criteria))
        if position.field_work:
            reasons.append(FIELD_WORK_REASON)
        reasons.extend(
            staff_reasons(
                day=day,
                discipline_kinds=facts.discipline_kinds,
                tmt=facts.tmt,
                new_employee_months=self.parameter("new_employee_months", day)[0],
            )
        )
        reasons.extend(READINESS_REASONS[code] for code in readiness_missing(readiness))
        return reasons


@dataclass(frozen=True)
class StaffFacts:
    """What the national criteria read of one person on one day (PermenPANRB 4/2025)."""

    job_criteria: Mapping[str, bool] | None = None  # Pasal 23 checklist of the position
    discipline_kinds: tuple[str, ...] = ()  # Pasal 25: sanctions / processes in force
    tmt: dt.date | None = None  # Pasal 25: start of service
    special_until: dt.date | None = None  # Pasal 30: approved application in force


def _criteria_flags(row: JobCriteria) -> dict[str, bool]:
    return {name: bool(getattr(row, name)) for name, _text in JOB_CRITERIA}


def load_facts(employees: Sequence[Placed], day: dt.date) -> dict[int, StaffFacts]:
    """The :class:`StaffFacts` of ``employees`` on ``day`` in four queries."""
    ids = [e.pk for e in employees]
    people = Employee.objects.all()
    if len(ids) <= 500:
        people = people.filter(pk__in=ids)
    else:
        # Filter by OPD, not by thousands of ids (SQLite caps the number of query parameters).
        people = people.filter(opd_id__in={e.opd_id for e in employees})
    numbers = {
        pk: (nip, kind, tmt)
        for pk, nip, kind, tmt in people.values_list("pk", "nip", "asn_type", "tmt")
    }
    criteria = {
        row.position_id: _criteria_flags(row)
        for row in JobCriteria.objects.filter(position_id__in={e.position_id for e in employees})
    }
    discipline: dict[int, list[str]] = {}
    for emp, kind in DisciplineRecord.objects.filter(
        employee__in=people, start__lte=day, end__gte=day
    ).values_list("employee_id", "kind"):
        discipline.setdefault(emp, []).append(kind)
    special: dict[int, dt.date] = {}
    for emp, end, decided in SpecialCircumstance.objects.filter(
        employee__in=people, status=SpecialStatus.APPROVED, end__gte=day
    ).values_list("employee_id", "end", "decided_at"):
        # In force from the day the atasan approved it (in WIB) to its end date.
        if decided is not None and timezone.localtime(decided).date() <= day:
            special[emp] = max(end, special.get(emp, end))
    out = {}
    for e in employees:
        nip, kind, tmt = numbers.get(e.pk, ("", "", None))
        out[e.pk] = StaffFacts(
            job_criteria=criteria.get(e.position_id),
            discipline_kinds=tuple(discipline.get(e.pk, ())),
            # The recorded appointment date first: a NI PPPK gives only the year.
            tmt=tmt or tmt_from_nip(nip, kind),
            special_until=special.get(e.pk),
        )
    return out


@dataclass(frozen=True)
class Staff:
    """A light stand-in for an Employee with its OPD, unit and position shared between people:
    loading 12,000 full model instances with three joins costs seconds, this costs little."""

    pk: int
    name: str
    opd_id: int
    unit_id: int
    position_id: int
    opd: Opd
    unit: Unit
    position: Position

    @property
    def id(self) -> int:
        return self.pk


def load_staff(employees: QuerySet[Employee]) -> list[Staff]:
    """The active employees of ``employees`` as :class:`Staff`, ordered by unit then id."""
    rows = list(
        employees.filter(is_active=True)
        .order_by("unit_id", "pk")
        .values_list("pk", "name", "opd_id", "unit_id", "position_id")
    )
    opds = {o.pk: o for o in Opd.objects.filter(pk__in={r[2] for r in rows})}
    units = {u.pk: u for u in Unit.objects.filter(opd_id__in=opds)}
    positions = {p.pk: p for p in Position.objects.filter(opd_id__in=opds)}
    return [Staff(pk, name, o, u, p, opds[o], units[u], positions[p]) for pk, name, o, u, p in rows]


def _not_allowed_reason(source: str, employee: Placed) -> str:
    if source == SOURCE_LABELS[Level.KELAS]:
        label = OpdClass(employee.opd.opd_class).label
        return f"Kelas OPD {str(label).lower()}: WFO penuh"
    if source == SOURCE_LABELS[Level.OPD]:
        return f"OPD {employee.opd}: WFO penuh"
    if source == SOURCE_LABELS[Level.UNIT]:
        return f"Unit memerlukan kehadiran: {employee.unit.name}"
    if source == SOURCE_LABELS[Level.JABATAN]:
        return f"Jabatan tidak diizinkan WFH: {employee.position.name}"
    return "Kebijakan kota: WFH tidak diizinkan"


def _with_relations(employee: Employee | int) -> Employee:
    if isinstance(employee, int):
        return Employee.objects.select_related("opd", "unit", "position").get(pk=employee)
    return employee


def effective_policy(employee: Employee | int, day: dt.date) -> EffectivePolicy:
    """The policy in force for ``employee`` on ``day``, each value with its source."""
    return PolicyBook.load().for_employee(_with_relations(employee), day)


def eligibility(employee: Employee | int, day: dt.date) -> tuple[bool, list[str]]:
    """(may take WFH, reasons in Indonesian why not) for ``employee`` on ``day``."""
    employee = _with_relations(employee)
    readiness = WfhReadiness.objects.filter(employee_id=employee.pk).first()
    facts = load_facts([employee], day)[employee.pk]
    result = PolicyBook.load().eligibility(employee, day, readiness, facts)
    return result.eligible, list(result.reasons)


def bulk_eligibility(
    employees: Sequence[Placed], day: dt.date, book: PolicyBook | None = None
) -> dict[int, Eligibility]:
    """Eligibility of many employees (with opd/unit/position loaded) in a few queries."""
    book = book or PolicyBook.load()
    qs = WfhReadiness.objects.all()
    if len(employees) <= 500:
        qs = qs.filter(employee_id__in=[e.pk for e in employees])
    else:
        # Filter by OPD, not by thousands of ids (SQLite caps the number of query parameters).
        qs = qs.filter(employee__opd_id__in={e.opd_id for e in employees})
    readiness = {r.employee_id: r for r in qs}
    facts = load_facts(employees, day)
    return {e.pk: book.eligibility(e, day, readiness.get(e.pk), facts[e.pk]) for e in employees}
