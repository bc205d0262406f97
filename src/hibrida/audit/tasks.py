"""Background jobs of the audit app (eager unless REDIS_URL is set)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import publication, services


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
