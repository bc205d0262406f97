"""Background jobs of the audit app (eager unless REDIS_URL is set)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="audit.tasks.anchor_yesterday")
def anchor_yesterday() -> dict:
    """After midnight (Asia/Jakarta): store yesterday's chain head as its daily anchor."""
    day = timezone.localdate() - dt.timedelta(days=1)
    anchor = services.anchor_day(day=day)
    return {"day": anchor.day.isoformat(), "last_seq": anchor.last_seq}
