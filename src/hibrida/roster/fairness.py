"""Fairness and transparency figures of a schedule (pure: no Django import).

Input rows are plain dicts, one per employee (unit, opd, opd_class, eligible, reason, modes per
working day); the figures are anonymous counts and distributions, never names.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .modes import WorkMode


def gini(values: Sequence[float]) -> float:
    """Gini coefficient of non-negative ``values``: 0 = perfectly equal, →1 = one takes all.

    All zeros (nobody has WFH) counts as equal (0.0).
    """
    n = len(values)
    if n == 0:
        return 0.0
    if any(v < 0 for v in values):
        raise ValueError("gini needs non-negative values")
    total = float(sum(values))
    if total == 0:
        return 0.0
    ordered = sorted(values)
    # Standard closed form over the sorted values: sum((2i - n - 1) x_i) / (n * sum).
    weighted = sum((2 * (i + 1) - n - 1) * x for i, x in enumerate(ordered))
    return max(0.0, min(1.0, weighted / (n * total)))


def distribution(values: Sequence[float]) -> dict[str, float | int]:
    """n, min, max, mean and Gini of ``values`` (zeros when empty)."""
    if not values:
        return {"n": 0, "min": 0, "max": 0, "mean": 0.0, "gini": 0.0}
    return {
        "n": len(values),
        "min": min(values),
        "max": max(values),
        "mean": round(sum(values) / len(values), 2),
        "gini": round(gini(values), 4),
    }


def coverage_by_day(rows: Iterable[Mapping[str, Any]], days: Sequence[str]) -> list[dict[str, Any]]:
    """Per working day: how many are in the office, WFH, in the field, on leave or duty."""
    counts: list[Counter[str]] = [Counter() for _ in days]
    for row in rows:
        # zip stops at the last day: modes past it are not counted.
        for c, mode in zip(counts, row["modes"], strict=False):
            c[mode] += 1
    out = []
    for day, c in zip(days, counts, strict=True):
        present = c[WorkMode.WFO] + c[WorkMode.WFH] + c[WorkMode.FIELD] + c[WorkMode.DUTY]
        out.append(
            {
                "day": day,
                "wfo": c[WorkMode.WFO],
                "wfh": c[WorkMode.WFH],
                "field": c[WorkMode.FIELD],
                "leave": c[WorkMode.LEAVE],
                "duty": c[WorkMode.DUTY],
                "onsite_share": round(c[WorkMode.WFO] / present, 4) if present else 0.0,
            }
        )
    return out


def group_summary(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Fairness of one group (unit, OPD, class or city)."""
    wfh_eligible = [sum(1 for m in r["modes"] if m == WorkMode.WFH) for r in rows if r["eligible"]]
    reasons = Counter(r["reason"] for r in rows if not r["eligible"] and r.get("reason"))
    total = len(rows)
    eligible = len(wfh_eligible)
    return {
        "staff": total,
        "eligible": eligible,
        "eligible_share": round(eligible / total, 4) if total else 0.0,
        "wfh_days": distribution(wfh_eligible),
        "wfh_total": sum(wfh_eligible),
        "reasons": reasons.most_common(),
    }


def fairness_report(rows: Sequence[Mapping[str, Any]], days: Sequence[str]) -> dict[str, Any]:
    """Figures per unit, per OPD, per OPD class and for everything, plus daily coverage."""
    by_unit: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    by_opd: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    by_class: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        by_unit[row["unit"]].append(row)
        by_opd[row["opd"]].append(row)
        by_class[row["opd_class"]].append(row)
    return {
        "days": list(days),
        "overall": group_summary(rows),
        "units": {k: group_summary(v) for k, v in sorted(by_unit.items())},
        "opds": {k: group_summary(v) for k, v in sorted(by_opd.items())},
        "classes": {k: group_summary(v) for k, v in sorted(by_class.items())},
        "coverage": coverage_by_day(rows, days),
        "unit_coverage": {
            k: min((d["onsite_share"] for d in coverage_by_day(v, days)), default=0.0)
            for k, v in sorted(by_unit.items())
        },
    }
