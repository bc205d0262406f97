"""Background work: the monthly pilot metrics from schedules, presence and daily reports."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import selectors, services


@shared_task
def refresh_pilot_metrics(month: str | None = None) -> int:
    """Compute and store the metrics of ``month`` (ISO date; default: the previous month).

    Returns the number of rows stored (0 when the other apps have no data for that month, in
    which case the synthetic demo rows, if any, stay and the pages keep saying so).
    """
    if month:
        day = dt.date.fromisoformat(month)
    else:
        day = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    values = selectors.monthly_metrics(day)
    if not values:
        return 0
    return services.store_pilot_metrics(actor=None, month=day, values=values)
