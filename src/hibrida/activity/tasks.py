"""Scheduled jobs of the e-Activity Report (Celery; eager when REDIS_URL is not set)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from . import notify, services


def _day(day: str | None) -> dt.date:
    return dt.date.fromisoformat(day) if day else services.today()


@shared_task(name="activity.tasks.remind_missing_reports")
def remind_missing_reports(day: str | None = None) -> int:
    """Near the end of the working day: remind ASN whose report is not yet submitted."""
    return notify.remind_missing_reports(on=_day(day))


@shared_task(name="activity.tasks.remind_pending_validations")
def remind_pending_validations(day: str | None = None) -> int:
    """Each morning: remind atasan (and Plt) of reports waiting for validation."""
    return notify.remind_pending_validations(on=_day(day))


@shared_task(name="activity.tasks.escalate_overdue")
def escalate_overdue(day: str | None = None) -> int:
    """Each morning: move reports past their validation deadline to the next atasan."""
    return services.escalate_overdue(actor=None, on=_day(day))
