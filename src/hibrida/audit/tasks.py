"""Background jobs of the audit app (eager unless REDIS_URL is set)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import joki, publication, services


@shared_task(name="audit.tasks.anchor_yesterday")
def anchor_yesterday() -> dict:
    """After midnight (Asia/Jakarta): store yesterday's chain head as its daily anchor, then
    time-stamp it (HIBRIDA_TSA_URL) and send it to the Inspektorat (HIBRIDA_ANCHOR_EMAILS)."""
    day = timezone.localdate() - dt.timedelta(days=1)
    anchor = services.anchor_day(day=day)
    return {
        "day": anchor.day.isoformat(),
        "last_seq": anchor.last_seq,
        "timestamped": publication.timestamp_pending(),
        "sent": publication.send_pending(),
    }


@shared_task(name="audit.tasks.scan_joki_last_week")
def scan_joki_last_week() -> dict:
    """Monday night: the joki rules over last week's check-ins (Monday–Sunday, Asia/Jakarta),
    before the privacy job coarsens their coordinates."""
    today = timezone.localdate()
    start = today - dt.timedelta(days=today.weekday() + 7)
    created = joki.scan(start=start, end=start + dt.timedelta(days=6))
    return {"start": start.isoformat(), "new": created}
