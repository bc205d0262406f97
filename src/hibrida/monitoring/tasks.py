"""Background refresh of the dashboard summary."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="monitoring.tasks.refresh_daily_summary")
def refresh_daily_summary(start: str | None = None, end: str | None = None) -> dict:
    """Rebuild the summary of [start, end] (ISO dates); default yesterday and today.

    Yesterday is included because late check-ins sync and reports arrive after midnight.
    """
    today = timezone.localdate()
    lo = dt.date.fromisoformat(start) if start else today - dt.timedelta(days=1)
    hi = dt.date.fromisoformat(end) if end else today
    return services.refresh_daily_summary(actor=None, start=lo, end=hi)
