"""Assembling audit evidence from the records: candidates with risk scores, worksheets.

Internal to the audit app and not scoped: services and selectors check the viewer first.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from hibrida.org.models import Employee

from . import integration
from .risk import NONE_IN_PERIOD, DayEvidence, RiskScore, score_day
from .sampling import Candidate


def scope_employee_ids(opd_ids: list[int]) -> list[int]:
    return list(
        Employee.objects.filter(opd_id__in=opd_ids, is_active=True)
        .order_by("id")
        .values_list("id", flat=True)
    )


def score_employee_days(
    employee_ids: list[int],
    days: list[dt.date],
    start: dt.date,
    end: dt.date,
    pairs: list[tuple[int, dt.date]] | None = None,
) -> dict[tuple[int, dt.date], RiskScore]:
    """Risk score of every (employee, day) pair (or only ``pairs``), from whatever exists."""
    summary = integration.attendance_summary(employee_ids, start, end)
    reports = integration.report_facts(employee_ids, start, end)
    spot = integration.spot_checks_not_reached(employee_ids, start, end)
    homes = integration.home_location_changes(employee_ids, start, end)
    supervisors = dict(
        Employee.objects.filter(pk__in=employee_ids).values_list("id", "supervisor_id")
    )
    if pairs is None:
        pairs = [(emp, day) for emp in employee_ids for day in days]
    reporters = {emp for emp, _d in reports["reports"]} if reports is not None else set()
    out = {}
    for key in pairs:
        emp, day = key
        sup = supervisors.get(emp)
        rate = reports["atasan_rates"].get(sup) if reports is not None and sup else None
        report = reports["reports"].get(key) if reports is not None else None
        ev = DayEvidence(
            flag_count=(integration.flag_count(summary.get(key)) if summary is not None else None),
            report_status=_report_status(report, reports is not None, emp in reporters),
            approval_seconds=report["approval_seconds"] if report else None,
            atasan_approval_rate=rate[0] if rate else None,
            atasan_validated=rate[1] if rate else None,
            spot_checks_not_reached=spot.get(key, 0) if spot is not None else None,
            home_location_changes=homes.get(key, 0) if homes is not None else None,
        )
        out[key] = score_day(ev)
    return out


def _report_status(report: dict | None, available: bool, reported_in_period: bool) -> str | None:
    if not available:
        return None
    if report is not None:
        return report["report_status"]
    return "missing" if reported_in_period else NONE_IN_PERIOD


def non_reporters(plan) -> list[int]:
    """In-scope employees with no daily report at all in the plan's period (None: unknown)."""
    employee_ids = scope_employee_ids(list(plan.opds.values_list("id", flat=True)))
    facts = integration.report_facts(employee_ids, plan.period_start, plan.period_end)
    if facts is None:
        return []
    reporters = {emp for emp, _d in facts["reports"]}
    return [e for e in employee_ids if e not in reporters]


def plan_candidates(plan) -> tuple[list[Candidate], dict, str]:
    """The plan's candidates (employee-days in scope) with scores, and the basis used.

    Only employees of the plan's OPDs and only days inside its period are ever candidates; with
    a published schedule only their WFH days count (audits target WFH), otherwise (no roster,
    or nothing published for the scope and period) every working day does.
    """
    opd_ids = list(plan.opds.values_list("id", flat=True))
    employee_ids = scope_employee_ids(opd_ids)
    days = [
        d
        for d in integration.working_days(plan.period_start, plan.period_end)
        if plan.period_start <= d <= plan.period_end
    ]
    modes = integration.planned_modes(employee_ids, plan.period_start, plan.period_end)
    if modes:
        pairs = [(e, d) for e in employee_ids for d in days if modes.get((e, d)) == "WFH"]
        basis = "hari WFH menurut jadwal rotasi yang diterbitkan"
    else:
        pairs = [(e, d) for e in employee_ids for d in days]
        basis = "semua hari kerja (jadwal rotasi belum tersedia untuk lingkup dan periode ini)"
    scores = score_employee_days(employee_ids, days, plan.period_start, plan.period_end, pairs)
    candidates = [Candidate((e, d.isoformat()), scores[(e, d)].total) for e, d in pairs]
    return candidates, scores, basis


def digest(candidates: list[Candidate]) -> str:
    """SHA-256 of the scored candidate list, independent of order."""
    h = hashlib.sha256()
    for c in sorted(candidates, key=lambda c: c.key):
        h.update(f"{c.key[0]}|{c.key[1]}|{c.risk:.2f}\n".encode())
    return h.hexdigest()
