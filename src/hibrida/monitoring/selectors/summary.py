"""Sums over the pre-aggregated summaries, and the one-row OPD/unit reads joined to them.

Shared by the OPD and city dashboards; hand-written SQL through hibrida.sql, because the
ORM's compilation cost more than the queries at city scale.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from operator import add
from typing import Any, TypeVar

from django.db import connection
from django.db.models import BooleanField, Model

from hibrida import sql
from hibrida.org.models import Opd, Unit

from .. import metrics
from ..models import DailySummary, OpdDailySummary
from .filters import Filters

MAX_PEOPLE = 500

_M = TypeVar("_M", bound=Model)
# A one-row select read with the sums: (model, where, params, order).
Head = tuple[type[Model], str, list[Any], str]


def _where(f: Filters, opd_ids: list[int] | None) -> tuple[str, list[object]]:
    """SQL conditions on the summary for the filters (opd_ids None: every OPD)."""
    conds = ["day BETWEEN %s AND %s"]
    params: list[object] = [f.start, f.end]
    if opd_ids is not None:
        conds.append(f"opd_id IN ({', '.join(['%s'] * len(opd_ids)) or 'NULL'})")
        params += list(opd_ids)
    if f.unit_id:
        conds.append("unit_id = %s")
        params.append(f.unit_id)
    if f.mode:
        conds.append("mode = %s")
        params.append(f.mode)
    return " AND ".join(conds), params


def _figure_row(key: object, name: str, counts: metrics.Counts, **extra: object) -> dict:
    return {"key": key, "name": name, "counts": counts, **metrics.figures(counts), **extra}


@dataclass
class Aggregate:
    groups: dict  # group key -> Counts
    buckets: dict  # day or first of month -> Counts
    monthly: bool
    refreshed_at: dt.datetime | None
    names: dict = field(default_factory=dict)  # group key -> name, when asked
    heads: list = field(default_factory=list)  # the rows asked with ``heads`` (or None)

    def trend(self) -> list[dict]:
        fmt = "%Y-%m" if self.monthly else "%Y-%m-%d"
        return [
            _figure_row(k.isoformat(), k.strftime(fmt), self.buckets[k])
            for k in sorted(self.buckets)
        ]

    def months(self) -> list[dict]:
        # Counts.add, not dataclasses.astuple: astuple deep-copies every field (~1 ms a page).
        per: dict[dt.date, metrics.Counts] = defaultdict(metrics.Counts)
        for k, c in self.buckets.items():
            per[k.replace(day=1)].add(c)
        return [_figure_row(k.isoformat(), k.strftime("%Y-%m"), per[k]) for k in sorted(per)]


def _make(values: Sequence[Any], names: tuple[str, ...] = metrics.COUNT_FIELDS) -> metrics.Counts:
    if names is metrics.COUNT_FIELDS:
        return metrics.Counts(*values)
    counts = metrics.Counts()
    counts.__dict__.update(zip(names, values, strict=True))
    return counts


# One hand-written query and the folding of its rows; apart, the SQL and its reading would drift.
def _aggregate(  # noqa: C901, PLR0915
    f: Filters,
    opd_ids: list[int] | None,
    group: str,
    *,
    names: bool = False,
    counts: tuple[str, ...] = metrics.COUNT_FIELDS,
    heads: Sequence[Head] = (),
) -> Aggregate:
    """One query on the summary: sums per group and per period (day, or month beyond 62
    days); PostgreSQL sums both with GROUPING SETS, SQLite per (group, period) folded here.
    ``names`` also returns each group's display name, joined to the sums in the same round
    trip: the units of the one OPD in ``opd_ids``, or the active OPDs (None: inactive).
    ``counts`` names the counts to sum (the others stay 0). ``heads`` are one-row selects
    ((model, where, params, order)) read in the same round trip, returned as instances (or None) in
    ``Aggregate.heads``; without a row for the first one, nothing is returned at all.

    Hand-written SQL on this app's own table: the ORM's compilation and per-value converters
    cost more than the query itself at city scale.
    """
    assert group in ("opd_id", "unit_id")
    assert not names or group == "opd_id" or (opd_ids is not None and len(opd_ids) == 1)
    monthly = (f.end - f.start).days > 62
    if not monthly:
        bucket = "day"
    elif connection.vendor == "postgresql":
        bucket = "CAST(date_trunc('month', day) AS date)"
    else:
        bucket = "strftime('%%Y-%%m-01', day)"
    where, params = _where(f, opd_ids)
    # Without an OPD or unit, the per-OPD rollup holds the same sums in ~5× fewer rows.
    rollup = group == "opd_id" and not f.unit_id
    table = sql.table(OpdDailySummary if rollup else DailySummary)
    postgres = connection.vendor == "postgresql"
    sums = ", ".join(f"SUM({c}) AS {c}" for c in counts)
    if postgres:
        # One pass, both groupings summed by the database (GROUPING: 1 = per group row).
        statement = (
            f"SELECT {group} AS k, {bucket} AS b, {sums},"
            f" CAST(MAX(refreshed_at) AS TEXT) AS refreshed, GROUPING({group}, {bucket}) AS g"
            f" FROM {table} WHERE {where} GROUP BY GROUPING SETS (({group}), ({bucket}))"
        )
    else:
        statement = (
            f"SELECT {group} AS k, {bucket} AS b, {sums},"
            f" CAST(MAX(refreshed_at) AS TEXT) AS refreshed, 0 AS g"
            f" FROM {table} WHERE {where} GROUP BY {group}, {bucket}"
        )
    if names and group == "unit_id":
        assert opd_ids is not None  # asserted above: unit names are asked within one OPD
        statement = (
            f"SELECT s.*, n.name AS group_name FROM ({statement}) s"
            f" LEFT JOIN {sql.table(Unit)} n ON n.id = s.k AND n.opd_id = %s"
        )
        params = [*params, opd_ids[0]]
    elif names:
        statement = (
            f"SELECT s.*, COALESCE(NULLIF(n.short_name, ''), n.name) AS group_name"
            f" FROM ({statement}) s LEFT JOIN {sql.table(Opd)} n ON n.id = s.k AND n.is_active"
        )
    if heads:
        # The sums joined to the heads' single rows (the page's OPD, and unit), each head's
        # columns prefixed so they keep their names next to the sums.
        first, *rest = (
            f"({_select_one(model, where, order, prefix=f'h{i}_')}) h{i}"
            for i, (model, where, _params, order) in enumerate(heads)
        )
        statement = (
            f"SELECT {', '.join(f'h{i}.*' for i in range(len(heads)))}, s.* FROM {first}"
            f"{''.join(f' LEFT JOIN {head} ON 1 = 1' for head in rest)}"
            f" LEFT JOIN ({statement}) s ON 1 = 1"
        )
        params = [*(p for _model, _where, hp, _order in heads for p in hp), *params]
    rows = sql.rows(statement, params)
    found_heads = [
        _instance(model, rows[0], prefix=f"h{i}_") if rows else None
        for i, (model, *_rest) in enumerate(heads)
    ]
    if heads:
        # Without summary rows the heads come back once with NULL sums.
        rows = [r for r in rows if r["k"] is not None or r["b"] is not None]
    groups: dict = {}
    buckets: dict = {}
    found: dict = {}
    latest = ""
    if postgres:
        for row in rows:
            values = [row[c] for c in counts]
            if row["g"] == 1:
                groups[row["k"]] = values
                if names:
                    found[row["k"]] = row["group_name"]
            else:
                buckets[_as_date(row["b"])] = values
            latest = max(latest, row["refreshed"] or "")
    else:
        for row in rows:
            values = [row[c] for c in counts]
            for key, into in ((row["k"], groups), (_as_date(row["b"]), buckets)):
                acc = into.get(key)
                into[key] = values if acc is None else list(map(add, acc, values))
            if names:
                found[row["k"]] = row["group_name"]
            latest = max(latest, row["refreshed"] or "")
    return Aggregate(
        {k: _make(v, counts) for k, v in groups.items()},
        {k: _make(v, counts) for k, v in buckets.items()},
        monthly,
        _as_datetime(latest),
        found,
        found_heads,
    )


def _as_datetime(text: str) -> dt.datetime | None:
    if not text:
        return None
    value = dt.datetime.fromisoformat(text)
    # SQLite keeps naive UTC text; PostgreSQL gives the offset.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def _fetch_one(model: type[_M], where: str, params: list[Any], order: str = "") -> _M | None:
    """The first ``model`` row matching ``where`` as an instance, or None.

    Hand-written: every dashboard call looks up its OPD (and unit), and compiling that one-row
    query through the ORM (~0.5 ms) cost half as much as the 30-day summary query itself.
    """
    row = sql.one(_select_one(model, where, order), params)
    return None if row is None else _instance(model, row)


def _select_one(model: type[Model], where: str, order: str = "", prefix: str = "") -> str:
    """One row of ``model``'s concrete columns, each named ``prefix`` + its column."""
    quote = connection.ops.quote_name
    columns = ", ".join(
        f"{quote(f.column)} AS {quote(prefix + f.column)}" for f in model._meta.concrete_fields
    )
    return f"SELECT {columns} FROM {sql.table(model)} WHERE {where}{order} LIMIT 1"


def _instance(model: type[_M], row: Mapping[str, Any], prefix: str = "") -> _M | None:
    """A ``model`` instance from a row naming its concrete columns (as :func:`_select_one`),
    or None when the row has no primary key (a LEFT JOIN that found nothing)."""
    fields = model._meta.concrete_fields
    if row[prefix + model._meta.pk.column] is None:
        return None
    # SQLite hands booleans back as 0/1; the ORM would have converted them.
    values = [row[prefix + f.column] for f in fields]
    values = [
        bool(v) if v is not None and isinstance(f, BooleanField) else v
        for f, v in zip(fields, values, strict=True)
    ]
    return model.from_db(connection.alias, [f.attname for f in fields], values)
