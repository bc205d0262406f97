"""Demo: fill the dashboard summary from the other apps' demo records (runs last)."""

from __future__ import annotations

import datetime as dt
import time

from . import services

DAYS = 31  # the city and OPD dashboards open on the last 30 days
FAST_DAYS = 7


def seed(ctx) -> dict:
    """Refresh DailySummary for the last month up to ``ctx.today``; returns counts."""
    started = time.perf_counter()
    start = ctx.today - dt.timedelta(days=(FAST_DAYS if ctx.fast else DAYS) - 1)
    result = services.refresh_daily_summary(actor=None, start=start, end=ctx.today)
    return {**result, "from": start.isoformat(), "seconds": round(time.perf_counter() - started, 1)}
