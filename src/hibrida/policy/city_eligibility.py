"""The city's WFH eligibility counted per OPD, cached for the day until a write to an input.

The policy page, plan-vs-realised costs, the public table and the city simulation all count
the engine's answers for every active employee (about half a second of CPU for 12,000). The
key is the day plus the last audit event among :data:`ELIGIBILITY_INPUT_ACTIONS`: check-ins,
reports and logins leave it alone, a readiness record or a new rule moves it. Callers scope
the result by filtering OPDs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from hibrida.audit.log import last_seq
from hibrida.org.models import Employee

from .engine import bulk_eligibility, load_staff

# Audit actions of the writes that can change someone's eligibility: the person and their
# placement (OPD class, unit tree, position), rules and phases, the national parameters and
# job criteria, discipline, Pasal 30 decisions, readiness, and a demo load. Exact names, so
# that ``IN`` uses the index on ``action``; tests/policy/test_city_eligibility.py fails when
# a service writes a new action under one of these prefixes that is missing here.
ELIGIBILITY_INPUT_ACTIONS = (
    "opd.created",
    "opd.updated",
    "unit.created",
    "unit.updated",
    "position.created",
    "position.updated",
    "employee.created",
    "employee.updated",
    "employee.imported",
    "employee.import_updated",
    "policy_rule.created",
    "policy_rule.updated",
    "phase.created",
    "phase.updated",
    "legal_parameter.added",
    "legal_parameter.ended",
    "job_criteria.set",
    "discipline.recorded",
    "special_circumstance.applied",
    "special_circumstance.approved",
    "special_circumstance.rejected",
    "wfh_readiness.connectivity",
    "wfh_readiness.device",
    "wfh_readiness.security",
    "demo.city_generated",
    "demo.policy_seeded",
    "demo.absences_seeded",
    "demo.activity_seeded",
    "demo.efficiency_seeded",
    "demo.meetings_seeded",
    "demo.spot_checks_seeded",
)
CACHE_SECONDS = 24 * 3600  # the key changes with the day anyway


def eligibility_inputs_seq() -> int:
    """Sequence number of the last audit event in :data:`ELIGIBILITY_INPUT_ACTIONS` (0: none)."""
    return last_seq(ELIGIBILITY_INPUT_ACTIONS)


def _count(day: dt.date) -> dict[int, dict[str, Any]]:
    staff = load_staff(Employee.objects.all())
    results = bulk_eligibility(staff, day)
    out: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"total": 0, "eligible": 0, "by_reason": Counter()}
    )
    for e in staff:
        row = out[e.opd_id]
        row["total"] += 1
        res = results[e.pk]
        if res.eligible:
            row["eligible"] += 1
        else:
            row["by_reason"][res.primary_reason or "tidak layak"] += 1
    return {k: {**v, "by_reason": dict(v["by_reason"])} for k, v in out.items()}


def opd_eligibility(day: dt.date) -> dict[int, dict[str, Any]]:
    """``{opd_id: {"total", "eligible", "by_reason": {first reason: n}}}`` of every active
    employee on ``day`` (unscoped: callers keep only the OPDs the viewer may see)."""
    from django.core.cache import cache

    # The key is read before the count: a write landing during the count moves the key, so
    # the next reader recounts instead of trusting a count that may have missed it.
    key = f"policy:opd_eligibility:{eligibility_inputs_seq()}:{day.isoformat()}"
    value: dict[int, dict[str, Any]] | None = cache.get(key)
    if value is None:
        value = _count(day)
        cache.set(key, value, CACHE_SECONDS)
    return value
