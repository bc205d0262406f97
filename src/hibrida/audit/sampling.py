"""Risk-weighted random sampling for audits, reproducible from a stored seed. Pure.

Efraimidis–Spirakis sampling without replacement with weight ``1 + risk score``; the method is
described in docs/architecture.md, "The audit chain".
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

BASE_WEIGHT = 1.0


@dataclass(frozen=True)
class Candidate:
    key: tuple[int, str]  # (employee_id, day ISO string): sortable, so the draw is reproducible
    risk: float


def weight_of(risk: float) -> float:
    """Sampling weight of a candidate with ``risk`` points (negative risk counts as 0)."""
    return BASE_WEIGHT + max(0.0, float(risk))


def draw_sample(candidates: Iterable[Candidate], size: int, seed: int) -> list[Candidate]:
    """``size`` candidates (or all, if fewer) drawn with probability rising with risk.

    Returns them in draw order (highest key first). A key given twice is one candidate with
    the higher risk, so the result never depends on input order.
    """
    unique: dict[tuple[int, str], Candidate] = {}
    for c in candidates:
        if c.key not in unique or c.risk > unique[c.key].risk:
            unique[c.key] = c
    pool = sorted(unique.values(), key=lambda c: c.key)
    if size <= 0 or not pool:
        return []
    rng = random.Random(seed)
    keyed = []
    for c in pool:
        u = rng.random()
        # u is in [0, 1); 0 would give key 0 for everyone with u=0, harmless but keep it > 0.
        u = u if u > 0 else 1e-300
        keyed.append((u ** (1.0 / weight_of(c.risk)), c.key, c))
    keyed.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [c for _k, _key, c in keyed[:size]]
