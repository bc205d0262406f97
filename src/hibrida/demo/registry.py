"""Demo data of each app, run after the city exists. An app adds ``<app>/demo_data.py``
with ``seed(ctx: DemoContext) -> dict`` and lists itself in ``APPS`` (in dependency order).
The history window every app fills is decided here (``DemoContext.history_*``)."""

from __future__ import annotations

import datetime as dt
import importlib
import random
import resource
import time
from dataclasses import dataclass, field

APPS = [
    "policy",
    "roster",
    "presence",
    "activity",
    "meetings",
    "efficiency",
    "audit",
    "monitoring",
    "pay",  # last: draws nothing from ctx.rng, reads presence and roster
]

PILOT = (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
RECENT_WEEKS = 8
FAST_DAYS = 7


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


@dataclass
class DemoContext:
    seed: int
    rng: random.Random
    today: dt.date
    accounts: list[dict] = field(default_factory=list)
    fast: bool = False  # tests ask for a small slice of history
    # The moment the demo is loaded: today's check-ins and meetings stop here.
    now: dt.datetime | None = None

    def history_ranges(self) -> list[tuple[dt.date, dt.date]]:
        """Date ranges (inclusive, up to today) with history: the pilot and the recent weeks."""
        recent = (self.today - dt.timedelta(weeks=RECENT_WEEKS), self.today)
        if self.fast:
            return [(self.today - dt.timedelta(days=FAST_DAYS), self.today)]
        ranges = sorted([(PILOT[0], min(PILOT[1], self.today)), recent])
        merged = [ranges[0]]
        for start, end in ranges[1:]:
            if start <= merged[-1][1] + dt.timedelta(days=1):
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged

    def history_months(self) -> list[dt.date]:
        """First days of every month touched by ``history_ranges``, in order."""
        months: set[dt.date] = set()
        for start, end in self.history_ranges():
            month = _month_start(start)
            while month <= end:
                months.add(month)
                month = _next_month(month)
        return sorted(months)

    def in_history(self, day: dt.date) -> bool:
        return any(start <= day <= end for start, end in self.history_ranges())


def seed_apps(ctx: DemoContext, log=print) -> None:
    for app in APPS:
        try:
            module = importlib.import_module(f"hibrida.{app}.demo_data")
        except ModuleNotFoundError as err:
            if err.name == f"hibrida.{app}.demo_data":
                continue
            raise
        wall, cpu, workers = time.perf_counter(), time.process_time(), children_cpu()
        result = module.seed(ctx)
        # CPU next to wall: on a shared machine only the CPU time compares between runs. The
        # workers' CPU (demo.parallel) is apart: it ran next to this process, not after it.
        workers = children_cpu() - workers
        log(
            f"  {app}: {result} [{time.perf_counter() - wall:.1f} dtk, "
            f"CPU {time.process_time() - cpu:.1f} dtk"
            + (f" + pekerja {workers:.1f} dtk]" if workers >= 0.05 else "]")
        )


def children_cpu() -> float:
    """CPU seconds of this process's finished child processes (the parallel workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
