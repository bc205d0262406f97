"""Benchmark of the roster solver on generated cities (prints figures, asserts nothing).

Usage::

    .venv/bin/python benchmarks/roster.py                       # 15,000 and 150,000
    .venv/bin/python benchmarks/roster.py --sizes 15000,150000,1500000
    .venv/bin/python benchmarks/roster.py --sizes 150000 --workers 2

A city of N employees is cut into units of 5–80 staff (triangular, mean 37.5, so 15,000
employees make about 400 units) over 20 working days (5–30 January 2026). About 15% of units are
front-line (nobody eligible); elsewhere ~82% of staff are eligible, so ~70% overall. Targets are
4 WFH days (1 a week, ``max_wfh_per_week`` 1); units need 50–75% of present staff on site (at
least 1–3); ~12% of staff take 1–5 days of leave, ~5% have dinas luar days, some state day
preferences. Each size runs in a fresh child process so its peak RSS (``ru_maxrss``) is its own,
including the generated problem and the full solution dict.

Scaling out with Celery
-----------------------
Units are independent, so a larger city is solved as a fan-out::

    from celery import chord, group
    parts = solver.split_problem(problem)            # one problem dict per unit (or per batch)
    chord(group(solve_unit.s(part) for part in parts))(merge_and_store.s(run_id))

where ``solve_unit`` is a ``shared_task`` calling ``solver.solve(part)`` and ``merge_and_store``
calls ``solver.merge_solutions(results)`` and saves the draft. Batching ~100 units per task keeps
the broker traffic small (each unit solves in about a millisecond, so per-task overhead would
dominate single-unit tasks); the chord callback runs once every part is done, and status stays
OPTIMAL only if every part is. ``--workers N`` below imitates that locally with a process pool
over ``split_problem`` batches.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta

DEFAULT_SIZES = "15000,150000"
SKIP_NOTE_SIZE = 1_500_000


def working_days(n: int, start: date = date(2026, 1, 5)) -> list[str]:
    days, d = [], start
    while len(days) < n:
        if d.weekday() < 5:
            days.append(d.isoformat())
        d += timedelta(days=1)
    return days


def generate_city(employees: int, seed: int = 2026) -> dict:
    """A deterministic city problem of ``employees`` staff (see the module docstring)."""
    rng = random.Random(seed)
    days = working_days(20)
    units, staff = [], []
    made = 0
    while made < employees:
        size = min(employees - made, max(5, round(rng.triangular(5, 80, 27.5))))
        uid = f"U{len(units):06d}"
        frontline = rng.random() < 0.15
        units.append(
            {
                "id": uid,
                "min_onsite_share": rng.choice([0.5, 0.5, 0.6, 0.75]),
                "min_onsite_count": rng.randint(1, 3),
            }
        )
        for _ in range(size):
            emp = {
                "id": f"E{made:07d}",
                "unit": uid,
                "eligible": (not frontline) and rng.random() < 0.82,
                "wfh_target": 4,
                "max_wfh_per_week": 1,
            }
            if not emp["eligible"]:
                emp["wfh_target"] = 0
                emp["ineligible_reason"] = "Jabatan memerlukan kehadiran: loket pelayanan"
            if rng.random() < 0.12:
                start = rng.randrange(len(days))
                emp["leave"] = days[start : start + rng.randint(1, 5)]
            if rng.random() < 0.05:
                emp["duty"] = rng.sample(days, rng.randint(1, 3))
            if rng.random() < 0.3:
                emp["prefer_wfh"] = [rng.choice(["mon", "tue", "wed", "thu", "fri"])]
            if rng.random() < 0.1:
                emp["avoid_wfh"] = [rng.choice(["mon", "fri"])]
            staff.append(emp)
            made += 1
    return {"days": days, "units": units, "employees": staff, "fixed_wfh_weekday": None}


def _solve_batch(part: dict) -> dict:
    from hibrida.roster.solver import solve

    return solve(part, time_limit_s=3600)


def run_one(size: int, workers: int) -> dict:
    """Generate and solve one size in this process; return the figures."""
    from hibrida.roster.solver import merge_solutions, solve, split_problem

    t0 = time.perf_counter()
    problem = generate_city(size)
    generated = time.perf_counter() - t0
    t1, c1 = time.perf_counter(), time.process_time()
    if workers > 1:
        parts = split_problem(problem)
        batch = max(1, len(parts) // (workers * 4))
        batches = []
        for k in range(0, len(parts), batch):
            chunk = parts[k : k + batch]
            merged = {key: v for key, v in chunk[0].items() if key not in ("units", "employees")}
            merged["units"] = [u for p in chunk for u in p["units"]]
            merged["employees"] = [e for p in chunk for e in p["employees"]]
            batches.append(merged)
        with ProcessPoolExecutor(workers) as pool:
            solution = merge_solutions(list(pool.map(_solve_batch, batches)))
    else:
        solution = solve(problem, time_limit_s=3600)
    wall = time.perf_counter() - t1
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - c1 + children.ru_utime + children.ru_stime
    per_unit = [u["solve_seconds"] for u in solution["units"].values()]
    optimal_units = sum(1 for u in solution["units"].values() if u["status"] == "OPTIMAL")
    return {
        "employees": size,
        "units": len(problem["units"]),
        "eligible": sum(1 for e in problem["employees"] if e["eligible"]),
        "generate_s": round(generated, 2),
        "solve_wall_s": round(wall, 3),
        "solve_cpu_s": round(cpu, 3),
        "status": solution["status"],
        "optimal_units": optimal_units,
        "gap": 0
        if solution["status"] == "OPTIMAL"
        else solution["max_shortfall"] - solution["bound"],
        "max_shortfall": solution["max_shortfall"],
        "total_shortfall": solution["total_shortfall"],
        "unit_ms_mean": round(1000 * sum(per_unit) / len(per_unit), 3),
        "unit_ms_max": round(1000 * max(per_unit), 3),
        "wall_ms_per_unit": round(1000 * wall / len(problem["units"]), 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worker_peak_rss_mb": round(children.ru_maxrss / 1024, 1),
        "workers": workers,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="comma-separated city sizes")
    parser.add_argument("--workers", type=int, default=1, help="processes (Celery stand-in)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.workers)))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"roster benchmark: 20 working days, workers={args.workers}")
    header = (
        f"{'employees':>10} {'units':>6} {'solve s':>8} {'cpu s':>7} {'ms/unit':>8} "
        f"{'unit ms max':>11} "
        f"{'status':>8} {'gap':>4} {'max sf':>6} {'total sf':>8} {'peak RSS MB':>11} "
        f"{'worker RSS MB':>13}"
    )
    print(header)
    rows = []
    for size in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--workers", str(args.workers)],
            check=True,
            capture_output=True,
            text=True,
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"{row['employees']:>10} {row['units']:>6} {row['solve_wall_s']:>8} "
            f"{row['solve_cpu_s']:>7} "
            f"{row['wall_ms_per_unit']:>8} {row['unit_ms_max']:>11} {row['status']:>8} "
            f"{row['gap']:>4} {row['max_shortfall']:>6} {row['total_shortfall']:>8} "
            f"{row['peak_rss_mb']:>11} {row['worker_peak_rss_mb']:>13}",
            flush=True,
        )
    if rows and SKIP_NOTE_SIZE not in sizes:
        last = rows[-1]
        scale = SKIP_NOTE_SIZE / last["employees"]
        rss = last["peak_rss_mb"] * scale
        if len(rows) > 1:  # memory has a fixed base: extrapolate the slope, not the ratio
            first = rows[0]
            slope = (last["peak_rss_mb"] - first["peak_rss_mb"]) / (
                last["employees"] - first["employees"]
            )
            rss = last["peak_rss_mb"] + slope * (SKIP_NOTE_SIZE - last["employees"])
        print(
            f"{SKIP_NOTE_SIZE} skipped (pass --sizes ...,{SKIP_NOTE_SIZE}); linear extrapolation "
            f"from {last['employees']}: ~{last['solve_wall_s'] * scale:.0f} s solve "
            f"(~{last['solve_cpu_s'] * scale:.0f} s CPU), ~{last['units'] * scale:.0f} units, "
            f"~{rss / 1024:.1f} GB peak RSS of the main process (fan out with --workers or "
            "Celery, see the module docstring)"
        )
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        print(
            f"linearity: {b['units'] / a['units']:.1f}x units -> "
            f"{b['solve_wall_s'] / a['solve_wall_s']:.1f}x solve wall time, "
            f"{b['solve_cpu_s'] / a['solve_cpu_s']:.1f}x solve CPU time (this box is shared: "
            "CPU time is the steadier figure)"
        )


if __name__ == "__main__":
    main()
