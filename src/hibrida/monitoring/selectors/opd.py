"""The OPD dashboard: figures, coverage by unit, trend, output index, people of a unit.

The unit and person rows and the small-cell protection are shared with the city drill-down.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from hibrida import sql
from hibrida.activity import selectors as activity_selectors
from hibrida.org import access
from hibrida.org.models import Employee, Opd, Unit, User

from .. import metrics, smallcells
from ..models import PersonDailySummary
from .filters import Filters
from .scope import (
    _opd_units,
    can_see_people,
)
from .summary import (
    MAX_PEOPLE,
    Aggregate,
    _figure_row,
    _make,
    _where,
)


def person_rows(viewer: User, f: Filters, unit: Unit) -> list[dict]:
    """Per-person figures over the period for the active people of ``unit``, summed from the
    person rows of the summary (so they add up to the unit's row), in one statement.

    Scoped again through access.visible_employees_where; empty for a viewer who may not see
    people.
    """
    if not can_see_people(viewer):
        return []
    scope_sql, scope_params = access.visible_employees_where(viewer, "e")
    sums = ", ".join(f"SUM({c}) AS {c}" for c in metrics.COUNT_FIELDS)
    mode = " AND mode = %s" if f.mode else ""
    employees = sql.table(Employee)
    statement = (
        f"SELECT e.id, e.name, e.nip, u.name AS unit_name, s.* FROM {employees} e"
        f" JOIN {sql.table(Unit)} u ON u.id = e.unit_id"
        f" LEFT JOIN (SELECT employee_id, {sums} FROM {sql.table(PersonDailySummary)}"
        f" WHERE employee_id IN (SELECT id FROM {employees} WHERE unit_id = %s)"
        f" AND day BETWEEN %s AND %s{mode} GROUP BY employee_id) s ON s.employee_id = e.id"
        f" WHERE e.unit_id = %s AND e.is_active AND {scope_sql} ORDER BY e.name, e.id LIMIT %s"
    )
    params = [unit.pk, f.start, f.end, *([f.mode] if f.mode else []), unit.pk]
    rows = sql.rows(statement, [*params, *scope_params, MAX_PEOPLE])
    return [
        _figure_row(
            r["id"],
            r["name"],
            metrics.Counts()
            if r["employee_id"] is None
            else _make([r[c] for c in metrics.COUNT_FIELDS]),
            nip=r["nip"],
            unit=r["unit_name"],
        )
        for r in rows
    ]


def _protect_small_cells(
    out: dict,
    f: Filters,
    opd_ids: list[int] | None,
    group: str,
    rows: str,
    also: tuple[str, ...] = (),
) -> None:
    """For a viewer without person access: hide the rows of ``out[rows]`` about fewer than
    ten people (with their complement), and the total, trend and ``also`` tables when the
    whole selection is that small."""
    people, everyone = smallcells.people_counts(*_where(f, opd_ids), group)
    smallcells.protect_rows(out[rows], people)
    if smallcells.small(everyone):
        for key in ("trend", "index_trend", *also):
            for row in out.get(key, []):
                smallcells.hide(row)
        smallcells.hide(out["total"])


def _counts(all_counts: bool) -> tuple[str, ...]:
    return metrics.COUNT_FIELDS if all_counts else metrics.FIGURE_COUNTS


def _unit_rows(agg: Aggregate, opd: Opd) -> list[dict]:
    """One row per unit of the aggregate (asked with ``names=True``), by name."""
    names = agg.names
    rows = [_figure_row(pk, names.get(pk) or "-", c) for pk, c in agg.groups.items()]
    return sorted(rows, key=lambda r: r["name"])


def _month_to_date(row: dict) -> dict:
    """The output index of a running month, as the activity recap scores it: on the working
    days so far, and "belum cukup data" until enough of them have passed."""
    month = dt.date.fromisoformat(row["key"])
    period = activity_selectors.scoring_period(month.year, month.month)
    if period.complete:
        return row
    basis = activity_selectors.period_basis(period)
    if not period.enough:
        row["output_index"] = None
        basis = gettext("belum cukup data") + "; " + basis
    row["basis"] = basis
    return row


def opd_dashboard(viewer: User, f: Filters, *, all_counts: bool = True) -> dict:
    """One OPD: figures, coverage by unit, trend, output index by month, people of a unit.

    An OPD admin sees their own OPD only (another OPD is 404); BKPSDM and Inspektorat may pick
    any OPD; Diskominfostandi gets the aggregates without people. ``all_counts`` as in
    :func:`city_dashboard` (the person rows always carry every count).
    """
    scope = access.scope_for(viewer)
    if not (scope.admin_opd_ids or access.can_view_city_aggregates(viewer)):
        raise PermissionDenied("Dasbor OPD hanya untuk admin OPD dan pengguna tingkat kota.")
    opd, unit, agg = _opd_units(viewer, f, f.opd_id, _counts(all_counts))
    units = _unit_rows(agg, opd)
    # Per calendar month inside the period: a few days of WFH are too noisy to compare.
    index_trend = [
        _month_to_date(
            {"key": r["key"], "name": r["name"], "output_index": r["output_index"], "basis": ""}
        )
        for r in agg.months()
    ]
    out = {
        "filters": f,
        "opd": opd,
        "unit": unit,
        "total": _figure_row(opd.pk, str(opd), metrics.Counts.total(r["counts"] for r in units)),
        "units": units,
        "trend": agg.trend(),
        "index_trend": index_trend,
        "people": person_rows(viewer, f, unit) if unit else [],
        "people_hidden": not can_see_people(viewer),
        "refreshed_at": agg.refreshed_at,
    }
    if not can_see_people(viewer):
        _protect_small_cells(out, f, [opd.pk], "unit_id", "units")
    return out
