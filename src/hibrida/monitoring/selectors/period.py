"""Whether a dashboard period holds data, and the nearest period of the same length that does."""

from __future__ import annotations

from dataclasses import replace

from django.db.models import Max, Min

from hibrida.org.models import User

from ..models import OpdDailySummary
from .filters import Filters
from .scope import dashboard_opds


def nearest_with_data(viewer: User, f: Filters, opd_id: int | None = None) -> dict:
    """``{"empty": bool, "nearest": Filters | None}`` for the OPDs the viewer may see.

    A period is empty when no summary day in it has a person planned to work. The nearest
    period keeps the length and the other filters and ends on the last day with data before
    the period (or starts on the first day with data after it), whichever is closer.
    """
    rows = OpdDailySummary.objects.filter(
        opd_id__in=dashboard_opds(viewer).values("id"), planned__gt=0
    )
    scoped_opd = opd_id or f.opd_id
    if scoped_opd:
        rows = rows.filter(opd_id=scoped_opd)
    if rows.filter(day__range=(f.start, f.end)).exists():
        return {"empty": False, "nearest": None}
    before = rows.filter(day__lt=f.start).aggregate(d=Max("day"))["d"]
    after = rows.filter(day__gt=f.end).aggregate(d=Min("day"))["d"]
    length = f.end - f.start
    nearest = None
    if before is not None and (after is None or f.start - before <= after - f.end):
        nearest = replace(f, start=before - length, end=before)
    elif after is not None:
        nearest = replace(f, start=after, end=after + length)
    return {"empty": True, "nearest": nearest}
