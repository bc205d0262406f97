"""The city dashboard: city figures, the OPD ranking and the drill-down to units and people."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from hibrida.org import access
from hibrida.org.models import User

from .. import metrics
from .filters import Filters
from .opd import _counts, _protect_small_cells, _unit_rows, person_rows
from .scope import (
    _opd_units,
    _visible_unit,
    can_see_people,
)
from .summary import (
    _aggregate,
    _figure_row,
)


def city_dashboard(viewer: User, f: Filters, *, all_counts: bool = True) -> dict:
    """City figures, OPD ranking and drill-down (OPD → units → people within access).

    ``all_counts=False`` (the page, fragment and exports) sums only the counts the figures and
    tables show (metrics.FIGURE_COUNTS; the others stay 0); the API returns every count.
    """
    if not access.can_view_city_aggregates(viewer):
        raise PermissionDenied("Dasbor kota hanya untuk BKPSDM, Inspektorat dan Diskominfostandi.")
    if f.opd_id is None:
        opd, unit = None, _visible_unit(None, f.unit_id)  # a unit needs its OPD: 404
        agg = _aggregate(f, None, "opd_id", names=True, counts=_counts(all_counts))
        opds = {pk: name for pk, name in agg.names.items() if name is not None}
    else:
        # A drill-down ranks the one OPD it loads: no need to read every OPD's name.
        opd, unit, agg = _opd_units(viewer, f, f.opd_id, _counts(all_counts))
        opds = {opd.pk: str(opd)} if opd.is_active else {}
    total = metrics.Counts.total(agg.groups.values())
    per_opd = agg.groups if opd is None else {opd.pk: total}
    ranking = metrics.rank(
        [_figure_row(pk, opds[pk], c) for pk, c in per_opd.items() if pk in opds]
    )
    out = {
        "filters": f,
        "opd": opd,
        "unit": unit,
        "total": _figure_row(None, "Kota Bekasi", total),
        "opds": ranking,
        "trend": agg.trend(),
        "units": _unit_rows(agg, opd) if opd is not None else [],
        "people": [],
        "people_hidden": not can_see_people(viewer),
        "refreshed_at": agg.refreshed_at,
    }
    if unit is not None:
        out["people"] = person_rows(viewer, f, unit)
    if not can_see_people(viewer):
        if opd is None:
            _protect_small_cells(out, f, None, "opd_id", "opds")
        else:
            _protect_small_cells(out, f, [opd.pk], "unit_id", "units", also=("opds",))
    return out
