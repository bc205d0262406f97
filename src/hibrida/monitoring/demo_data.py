"""Demo: fill the dashboard summary from the other apps' demo records (runs last)."""

from __future__ import annotations

import datetime as dt
import time

from . import services

RECENT_WEEKS = 8  # the dashboards open on the last 30 days; any recent period should be full
FAST_DAYS = 7


def seed(ctx) -> dict:
    """Refresh DailySummary for the recent weeks up to ``ctx.today``; returns counts."""
    started = time.perf_counter()
    days = FAST_DAYS - 1 if ctx.fast else RECENT_WEEKS * 7
    start = ctx.today - dt.timedelta(days=days)
    result = services.refresh_daily_summary(actor=None, start=start, end=ctx.today)
    return {**result, "from": start.isoformat(), "seconds": round(time.perf_counter() - started, 1)}
