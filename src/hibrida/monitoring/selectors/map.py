"""The check-in map: anonymous markers on a ~100 m grid, counts per status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, FloatField, Func, Max, Q, QuerySet
from django.db.models.sql.compiler import SQLCompiler

from hibrida.org import access
from hibrida.org.models import User
from hibrida.presence.models import (
    CheckIn,
    Verdict,
)

from .. import smallcells
from .filters import Filters
from .scope import (
    can_see_people,
)

MAX_MARKERS = 500


class _Cell(Func):
    """A coordinate rounded to 3 decimals (~100 m), as a float."""

    template = "ROUND(%(expressions)s, 3)"
    output_field = FloatField()

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, Sequence[Any]]:
        # round(double precision, int) does not exist: round the numeric, hand back a float.
        return self.as_sql(
            compiler,
            connection,
            template="CAST(ROUND(CAST(%(expressions)s AS numeric), 3) AS double precision)",
            **extra_context,
        )


def _scoped(viewer: User, f: Filters | None) -> QuerySet[CheckIn] | None:
    """Check-ins ("in") the viewer may see on the map, narrowed by the filters; None: none."""
    scope = access.scope_for(viewer)
    qs = CheckIn.objects.filter(kind="in")
    if access.can_view_city_aggregates(viewer):
        pass
    elif scope.admin_opd_ids:
        qs = qs.filter(employee__opd_id__in=scope.admin_opd_ids)
    elif scope.subordinate_ids:
        qs = qs.filter(employee_id__in=scope.subordinate_ids)
    else:
        return None
    if f is not None:
        if f.opd_id:
            qs = qs.filter(employee__opd_id=f.opd_id)
        if f.unit_id:
            qs = qs.filter(employee__unit_id=f.unit_id)
        if f.mode:
            qs = qs.filter(expected_mode=f.mode)
    return qs


def map_day(viewer: User, f: Filters, today: dt.date) -> dt.date:
    """The day the map shows: the last day of the period up to today that has check-ins.

    Today alone left the map empty whenever the period lies in the past (or nobody has checked
    in yet this morning); without any check-in in the period, the period's last day up to today.
    """
    last = min(f.end, today)
    qs = _scoped(viewer, f)
    if qs is None or last < f.start:
        return last
    found = qs.filter(work_date__range=(f.start, last)).aggregate(day=Max("work_date"))["day"]
    return found or last


def checkin_map(viewer: User, day: dt.date, f: Filters | None = None) -> list[dict]:
    """Markers of ``day``'s check-ins ("in"), grouped on a ~100 m grid, counts per status.

    Anonymous on purpose: a marker is a place and a count, never a name, so the map needs no
    location-view logging; for a viewer without person access (Diskominfostandi) a marker of
    fewer than ten check-ins is left out.
    """
    qs = _scoped(viewer, f)
    if qs is None:
        return []
    qs = qs.filter(work_date=day)
    # Grouped in the database: a city morning is ~12,000 check-ins, the map needs ~hundreds.
    # One row per cell with the statuses counted side by side, as floats: decoding a numeric
    # per value and folding status rows here cost a third as much as the query itself.
    # (lat, lon, valid, flagged, rejected)
    rows: Iterable[tuple[float, float, int, int, int]] = (
        qs.annotate(lat=_Cell("latitude"), lon=_Cell("longitude"))
        .values("lat", "lon")
        .annotate(
            valid=Count("id", filter=Q(status=Verdict.VALID)),
            flagged=Count("id", filter=Q(status=Verdict.FLAGGED)),
            rejected=Count("id", filter=Q(status=Verdict.REJECTED)),
        )
        .order_by()
        .values_list("lat", "lon", "valid", "flagged", "rejected")
    )
    if not can_see_people(viewer):
        # A cell of a few check-ins is someone's home on a WFH day: the minimum cell size.
        rows = [r for r in rows if r[2] + r[3] + r[4] >= smallcells.MIN_GROUP]
    # Busiest first, ties broken by place so the cut at MAX_MARKERS is the same on every call;
    # cut before building the dicts.
    top = sorted(rows, key=lambda r: (-(r[2] + r[3] + r[4]), r[0], r[1]))[:MAX_MARKERS]
    return [
        {
            "lat": lat,
            "lon": lon,
            "VALID": valid,
            "FLAGGED": flagged,
            "REJECTED": rejected,
            "total": valid + flagged + rejected,
        }
        for lat, lon, valid, flagged, rejected in top
    ]
