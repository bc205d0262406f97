"""Monte Carlo timing: 10,000 draws for the whole city (44 OPDs), one scenario and all six.

Pure model, no database: the 44 OPDs are built from the demo reference list with staff in
proportion to their reference weights (12,000 ASN). Run:

    .venv/bin/python benchmarks/efficiency_montecarlo.py
"""

from __future__ import annotations

import time

from hibrida.demo import reference as ref
from hibrida.efficiency.inputs import parse_input
from hibrida.efficiency.model import simulate

EMPLOYEES = 12_000


def city_opds() -> list[dict]:
    entries = [(code, klass, weight) for code, _s, _n, _k, klass, _c, _r, _xy, weight in ref.OPDS]
    for kec, _xy, _kel in ref.KECAMATAN:
        entries.append((f"KEC-{kec.upper().replace(' ', '')}", ref.AT, ref.KECAMATAN_WEIGHT))
    total = sum(w for _c, _k, w in entries)
    return [
        {"code": code, "opd_class": klass, "staff": max(12, round(EMPLOYEES * w / total))}
        for code, klass, w in entries
    ]


def main() -> None:
    opds = city_opds()
    for scenarios in (["rotasi_50_50"], None):
        data = {"opds": opds, "monte_carlo": {"draws": 10_000, "seed": 2026}}
        if scenarios:
            data["scenarios"] = scenarios
        sim = parse_input(data)
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            result = simulate(sim)
            best = min(best, time.perf_counter() - start)
        label = scenarios[0] if scenarios else f"semua {len(result['scenarios'])} skenario"
        rotation = next(s for s in result["scenarios"] if s["key"] == "rotasi_50_50")
        rng = rotation["totals"]["yearly_range"]
        print(
            f"{len(opds)} OPD, {sim.draws:,} undian, {label}: {best:.3f} dtk "
            f"(terbaik dari 5; rotasi 50:50, hemat/tahun P5/P50/P95 = {rng['p5']:,}/{rng['p50']:,}/"
            f"{rng['p95']:,})"
        )


if __name__ == "__main__":
    main()
