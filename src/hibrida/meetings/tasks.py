"""Background jobs of the meetings app (eager unless REDIS_URL is set)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="meetings.tasks.propose_spot_checks")
def propose_spot_checks(day: str | None = None) -> dict:
    """Each working morning: propose the day's supervision video calls to every atasan."""
    target = dt.date.fromisoformat(day) if day else timezone.localdate()
    return services.propose_spot_checks(day=target)
