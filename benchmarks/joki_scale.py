"""Speed of the joki rules at city scale on synthetic traces (no database).

    .venv/bin/python benchmarks/joki_scale.py [--employees 25000] [--days 5] [--seed 2026]

A week of a city of 25,000 ASN is what the weekly job feeds the rules; prints the wall and CPU
time of generating the traces and of each rule.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from hibrida.presence import joki, synthetic  # noqa: E402


def timed(label: str, fn):
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<22}{wall:>8.2f} s wall{cpu:>8.2f} s CPU")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=25_000)
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    traces = timed(
        "generate traces",
        lambda: synthetic.generate_joki_traces(
            seed=args.seed, employees=args.employees, days=args.days
        ),
    )
    print(f"{len(traces.events)} check-ins, {args.employees} ASN × {args.days} working days")
    events, params = traces.events, joki.Params()
    hits = {
        joki.SHARED_DEVICE: timed("shared_device", lambda: joki.shared_device(events, params)),
        joki.COLOCATED_BURST: timed(
            "colocated_burst", lambda: joki.colocated_burst(events, params)
        ),
        joki.IDENTICAL_SEQUENCE: timed(
            "identical_sequence", lambda: joki.identical_sequence(events, params)
        ),
        joki.LOST_DEVICE: timed(
            "lost_device", lambda: joki.lost_device(events, traces.reports, params)
        ),
    }
    print("findings: " + ", ".join(f"{k} {len(v)}" for k, v in hits.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
