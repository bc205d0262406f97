"""Precision and recall of the check-in anomaly rules on labelled synthetic traces.

    .venv/bin/python benchmarks/anomaly_eval.py [--employees 300] [--days 20] [--seed 2026]

The traces (hibrida/presence/synthetic.py) mix genuine office/home days — with GPS noise,
occasional poor indoor fixes, clock drift and honest offline queues — with injected
mock-location, teleport, replayed-desk, clock-shifted and away-from-fence check-ins. The rules
are the production ones (hibrida/presence/verify.py), run with the history the server keeps.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from hibrida.presence import synthetic  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=300)
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--anomaly-rate", type=float, default=0.12)
    args = parser.parse_args()
    t0 = time.perf_counter()
    traces = synthetic.generate_traces(
        seed=args.seed, employees=args.employees, days=args.days, anomaly_rate=args.anomaly_rate
    )
    counts = synthetic.evaluate(traces)
    labelled = sum(1 for t in traces if t.labels - {"_desk"} or "_desk" in t.labels)
    print(
        f"{len(traces)} check-ins, {args.employees} employees × {args.days} working days, "
        f"seed {args.seed}; {labelled} carry an injected anomaly"
    )
    print(f"{'reason':<22}{'support':>8}{'flagged':>9}{'TP':>7}{'precision':>11}{'recall':>8}")
    for reason, c in counts.items():
        print(
            f"{reason:<22}{c['support']:>8}{c['predicted']:>9}{c['tp']:>7}"
            f"{c['precision']:>11.3f}{c['recall']:>8.3f}"
        )
    print(f"({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
