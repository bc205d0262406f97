"""Dashboard reads, always scoped to the viewer through hibrida.org.access.

OPD and city figures come from the pre-aggregated summaries, the team page from today's live
records; page, htmx fragment, API and export call the same function, so their scope is identical.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from operator import add

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import BooleanField, Count, FloatField, Func, Q, Sum
from django.http import Http404
from django.utils import timezone

from hibrida import bounds
from hibrida.activity.models import DailyReport, ReportStatus
from hibrida.org import access
from hibrida.org.models import Employee, Opd, Unit
from hibrida.policy.calendar import working_days
from hibrida.presence.models import (
    ApprovalStatus,
    CheckIn,
    CorrectionRequest,
    DeviceReset,
    HomeLocation,
    Verdict,
)
from hibrida.roster.models import (
    CODE_MODES,
    ChangeRequest,
    DayOverride,
    RequestStatus,
    Schedule,
    ScheduleRow,
    ScheduleStatus,
)
from hibrida.roster.selectors import apply_overlay, planned_modes

from . import counting, metrics, smallcells
from .models import DailySummary, OpdDailySummary, PersonDailySummary

MAX_PERIOD_DAYS = 366
MAX_PEOPLE = 500
MAX_MARKERS = 500


@dataclass(frozen=True)
class Filters:
    """Dashboard filters; ``start``/``end`` inclusive, ``mode`` a planned mode or None."""

    start: dt.date
    end: dt.date
    opd_id: int | None = None
    unit_id: int | None = None
    mode: str | None = None

    def as_query(self) -> dict[str, str]:
        q = {"dari": self.start.isoformat(), "sampai": self.end.isoformat()}
        if self.opd_id:
            q["opd"] = str(self.opd_id)
        if self.unit_id:
            q["unit"] = str(self.unit_id)
        if self.mode:
            q["mode"] = self.mode
        return q


def default_filters(today: dt.date | None = None) -> Filters:
    today = today or timezone.localdate()
    return Filters(start=today - dt.timedelta(days=29), end=today)


def parse_filters(params, today: dt.date | None = None) -> tuple[Filters, dict[str, str]]:
    """Filters from query parameters (dari, sampai, opd, unit, mode) and field errors.

    Bad values fall back to the default with an Indonesian message, never a 500.
    """
    base = default_filters(today)
    errors: dict[str, str] = {}

    def date_of(name: str, default: dt.date) -> dt.date:
        raw = (params.get(name) or "").strip()
        if not raw:
            return default
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            errors[name] = "Tanggal harus berformat YYYY-MM-DD."
            return default
        if not bounds.in_range(day):
            errors[name] = bounds.DATE_RANGE_MESSAGE
            return default
        return day

    def int_of(name: str) -> int | None:
        raw = (params.get(name) or "").strip()
        if not raw:
            return None
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= bounds.MAX_ID):
            errors[name] = "Pilihan tidak sah."
            return None
        return int(raw)

    start, end = date_of("dari", base.start), date_of("sampai", base.end)
    if end < start:
        errors["sampai"] = "Tanggal akhir harus sama dengan atau setelah tanggal awal."
        start, end = base.start, base.end
    if (end - start).days >= MAX_PERIOD_DAYS:
        errors["dari"] = f"Periode paling panjang {MAX_PERIOD_DAYS} hari."
        start = end - dt.timedelta(days=MAX_PERIOD_DAYS - 1)
    mode = (params.get("mode") or "").strip().upper() or None
    if mode is not None and mode not in metrics.ON_SITE_OR_HOME:
        errors["mode"] = "Mode kerja tidak dikenal."
        mode = None
    return Filters(start, end, int_of("opd"), int_of("unit"), mode), errors


# --- summary aggregation ---------------------------------------------------------------------


def _where(f: Filters, opd_ids: list[int] | None) -> tuple[str, list]:
    """SQL conditions on the summary for the filters (opd_ids None: every OPD)."""
    sql, params = ["day BETWEEN %s AND %s"], [f.start, f.end]
    if opd_ids is not None:
        sql.append(f"opd_id IN ({', '.join(['%s'] * len(opd_ids)) or 'NULL'})")
        params += list(opd_ids)
    if f.unit_id:
        sql.append("unit_id = %s")
        params.append(f.unit_id)
    if f.mode:
        sql.append("mode = %s")
        params.append(f.mode)
    return " AND ".join(sql), params


def _figure_row(key, name: str, counts: metrics.Counts, **extra) -> dict:
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


def _make(values, names: tuple[str, ...] = metrics.COUNT_FIELDS) -> metrics.Counts:
    if names is metrics.COUNT_FIELDS:
        return metrics.Counts(*values)
    counts = metrics.Counts()
    counts.__dict__.update(zip(names, values, strict=True))
    return counts


def _aggregate(
    f: Filters,
    opd_ids: list[int] | None,
    group: str,
    *,
    names: bool = False,
    counts: tuple[str, ...] = metrics.COUNT_FIELDS,
    heads: list[tuple[type, str, list]] = (),
) -> Aggregate:
    """One query on the summary: sums per group and per period (day, or month beyond 62
    days); PostgreSQL sums both with GROUPING SETS, SQLite per (group, period) folded here.
    ``names`` also returns each group's display name, joined to the sums in the same round
    trip: the units of the one OPD in ``opd_ids``, or the active OPDs (None: inactive).
    ``counts`` names the counts to sum (the others stay 0). ``heads`` are one-row selects
    ((model, SQL, params)) read in the same round trip, returned as instances (or None) in
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
    table = (OpdDailySummary if rollup else DailySummary)._meta.db_table
    postgres = connection.vendor == "postgresql"
    sums = ", ".join(f"SUM({c})" for c in counts)
    if postgres:
        # One pass, both groupings summed by the database (GROUPING: 1 = per group row).
        sql = (
            f"SELECT {group} AS k, {bucket} AS b, {sums}, CAST(MAX(refreshed_at) AS TEXT),"
            f" GROUPING({group}, {bucket}) FROM {table} WHERE {where}"
            f" GROUP BY GROUPING SETS (({group}), ({bucket}))"
        )
    else:
        sql = (
            f"SELECT {group} AS k, {bucket} AS b, {sums}, CAST(MAX(refreshed_at) AS TEXT),"
            f" 0 FROM {table} WHERE {where} GROUP BY {group}, {bucket}"
        )
    if names and group == "unit_id":
        sql = (
            f"SELECT s.*, n.name FROM ({sql}) s"
            f" LEFT JOIN {Unit._meta.db_table} n ON n.id = s.k AND n.opd_id = %s"
        )
        params = [*params, opd_ids[0]]
    elif names:
        sql = (
            f"SELECT s.*, COALESCE(NULLIF(n.short_name, ''), n.name) FROM ({sql}) s"
            f" LEFT JOIN {Opd._meta.db_table} n ON n.id = s.k AND n.is_active"
        )
    widths = [len(model._meta.concrete_fields) for model, _one, _params in heads]
    if heads:
        # The sums joined to the heads' single rows (the page's OPD, and unit).
        first, *rest = (f"({one}) h{i}" for i, (_model, one, _params) in enumerate(heads))
        sql = (
            f"SELECT {', '.join(f'h{i}.*' for i in range(len(heads)))}, s.* FROM {first}"
            f"{''.join(f' LEFT JOIN {head} ON 1 = 1' for head in rest)}"
            f" LEFT JOIN ({sql}) s ON 1 = 1"
        )
        params = [*(p for _model, _one, hp in heads for p in hp), *params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found_heads, at = [], 0
    for (model, _one, _params), width in zip(heads, widths, strict=True):
        values = rows[0][at : at + width] if rows else None
        found_heads.append(_instance(model, values) if values and values[0] is not None else None)
        at += width
    if heads:
        # Without summary rows the heads come back once with NULL sums.
        rows = [r[at:] for r in rows if r[at] is not None or r[at + 1] is not None]
    groups: dict = {}
    buckets: dict = {}
    found: dict = {}
    latest = ""
    end = -3 if names else -2  # the sums are row[2:end]
    if postgres:
        for row in rows:
            if row[end + 1] == 1:
                groups[row[0]] = row[2:end]
                if names:
                    found[row[0]] = row[-1]
            else:
                buckets[_as_date(row[1])] = row[2:end]
            latest = max(latest, row[end] or "")
    else:
        for row in rows:
            values = row[2:end]
            for key, into in ((row[0], groups), (_as_date(row[1]), buckets)):
                acc = into.get(key)
                into[key] = list(values) if acc is None else list(map(add, acc, values))
            if names:
                found[row[0]] = row[-1]
            latest = max(latest, row[end] or "")
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


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


# --- access helpers ------------------------------------------------------------------------


def can_see_people(viewer) -> bool:
    """Person rows: not for Diskominfostandi (aggregates only) nor the public."""
    scope = access.scope_for(viewer)
    return scope.city_reader or bool(scope.admin_opd_ids)


def dashboard_opds(viewer):
    """OPDs whose aggregates ``viewer`` may see on a dashboard."""
    scope = access.scope_for(viewer)
    if access.can_view_city_aggregates(viewer):
        return Opd.objects.all()
    return Opd.objects.filter(id__in=scope.admin_opd_ids)


def _fetch_one(model, where: str, params: list, order: str = ""):
    """The first ``model`` row matching ``where`` as an instance, or None.

    Hand-written: every dashboard call looks up its OPD (and unit), and compiling that one-row
    query through the ORM (~0.5 ms) cost half as much as the 30-day summary query itself.
    """
    with connection.cursor() as cursor:
        cursor.execute(_select_one(model, where, order), params)
        row = cursor.fetchone()
    return None if row is None else _instance(model, row)


def _select_one(model, where: str, order: str = "") -> str:
    columns = ", ".join(connection.ops.quote_name(f.column) for f in model._meta.concrete_fields)
    return f"SELECT {columns} FROM {model._meta.db_table} WHERE {where}{order} LIMIT 1"


def _instance(model, row):
    """A ``model`` instance from a row of its concrete columns in order."""
    fields = model._meta.concrete_fields
    # SQLite hands booleans back as 0/1; the ORM would have converted them.
    values = [
        bool(v) if v is not None and isinstance(f, BooleanField) else v
        for f, v in zip(fields, row, strict=True)
    ]
    return model.from_db(connection.alias, [f.attname for f in fields], values)


def _opd_lookup(viewer, opd_id: int | None) -> tuple[str, list, str] | None:
    """(where, params, order) of OPD ``opd_id`` among :func:`dashboard_opds` of ``viewer``;
    with ``opd_id`` None, the first active one by name (the OPD page's default, as
    ``opd_choices().first()``). None when the viewer has no OPD at all."""
    where, params = [], []
    if not access.can_view_city_aggregates(viewer):
        ids = sorted(access.scope_for(viewer).admin_opd_ids)
        if not ids:
            return None
        where.append(f"id IN ({', '.join(['%s'] * len(ids))})")
        params += ids
    if opd_id is None:
        where.append("is_active")
        order = " ORDER BY name, id"
    else:
        where.append("id = %s")
        params.append(opd_id)
        order = ""
    return " AND ".join(where), params, order


def _dashboard_opd(viewer, opd_id: int | None) -> Opd | None:
    """OPD ``opd_id`` as :func:`_opd_lookup` selects it, or None."""
    lookup = _opd_lookup(viewer, opd_id)
    return None if lookup is None else _fetch_one(Opd, *lookup)


def _opd_units(
    viewer, f: Filters, opd_id: int | None, counts
) -> tuple[Opd, Unit | None, Aggregate]:
    """The OPD of a page (as :func:`_dashboard_opd`, 404 when not visible), the unit of the
    filters (404 when not in that OPD) and the sums per unit, in one round trip when the OPD's
    id is known beforehand (picked, or an admin's only OPD): the lookups cost as much as the
    sums of 30 days."""
    known = opd_id
    if known is None and not access.can_view_city_aggregates(viewer):
        admin_of = access.scope_for(viewer).admin_opd_ids
        known = next(iter(admin_of)) if len(admin_of) == 1 else None
    lookup = _opd_lookup(viewer, opd_id)
    if lookup is None:
        raise Http404("OPD tidak ditemukan.")
    if known is None:
        opd = _fetch_one(Opd, *lookup)
        if opd is None:
            raise Http404("OPD tidak ditemukan.")
        unit = _visible_unit(opd, f.unit_id)
        return opd, unit, _aggregate(f, [opd.pk], "unit_id", names=True, counts=counts)
    where, params, order = lookup
    heads = [(Opd, _select_one(Opd, where, order), params)]
    if f.unit_id:
        heads.append((Unit, _select_one(Unit, "id = %s AND opd_id = %s"), [f.unit_id, known]))
    agg = _aggregate(f, [known], "unit_id", names=True, counts=counts, heads=heads)
    opd, unit = (agg.heads + [None])[:2]
    if opd is None:
        raise Http404("OPD tidak ditemukan.")
    if f.unit_id and unit is None:
        raise Http404("Unit tidak ditemukan.")
    return opd, unit, agg


def _visible_opd(viewer, opd_id: int | None) -> Opd | None:
    if opd_id is None:
        return None
    opd = _dashboard_opd(viewer, opd_id)
    if opd is None:
        raise Http404("OPD tidak ditemukan.")
    return opd


def _visible_unit(opd: Opd | None, unit_id: int | None) -> Unit | None:
    if unit_id is None:
        return None
    unit = _fetch_one(Unit, "id = %s AND opd_id = %s", [unit_id, opd.pk]) if opd else None
    if unit is None:
        raise Http404("Unit tidak ditemukan.")
    return unit


def person_rows(viewer, f: Filters, unit: Unit) -> list[dict]:
    """Per-person figures over the period for the active people of ``unit``, summed from the
    person rows of the summary (so they add up to the unit's row), in one statement.

    Scoped again through access.visible_employees_where; empty for a viewer who may not see
    people.
    """
    if not can_see_people(viewer):
        return []
    scope_sql, scope_params = access.visible_employees_where(viewer, "e")
    sums = ", ".join(f"SUM({c})" for c in metrics.COUNT_FIELDS)
    mode = " AND mode = %s" if f.mode else ""
    employees = Employee._meta.db_table
    sql = (
        f"SELECT e.id, e.name, e.nip, u.name, s.* FROM {employees} e"
        f" JOIN {Unit._meta.db_table} u ON u.id = e.unit_id"
        f" LEFT JOIN (SELECT employee_id, {sums} FROM {PersonDailySummary._meta.db_table}"
        f" WHERE employee_id IN (SELECT id FROM {employees} WHERE unit_id = %s)"
        f" AND day BETWEEN %s AND %s{mode} GROUP BY employee_id) s ON s.employee_id = e.id"
        f" WHERE e.unit_id = %s AND e.is_active AND {scope_sql} ORDER BY e.name, e.id LIMIT %s"
    )
    params = [unit.pk, f.start, f.end, *([f.mode] if f.mode else []), unit.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *scope_params, MAX_PEOPLE])
        rows = cursor.fetchall()
    return [
        _figure_row(
            pk,
            name,
            metrics.Counts() if found is None else _make(values),
            nip=nip,
            unit=unit_name,
        )
        for pk, name, nip, unit_name, found, *values in rows
    ]


# --- the dashboards --------------------------------------------------------------------------


def city_dashboard(viewer, f: Filters, *, all_counts: bool = True) -> dict:
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


def _protect_small_cells(
    out: dict, f: Filters, opd_ids: list[int] | None, group: str, rows: str, also=()
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


def opd_choices(viewer):
    return dashboard_opds(viewer).filter(is_active=True).order_by("name")


def opd_dashboard(viewer, f: Filters, *, all_counts: bool = True) -> dict:
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
        {"key": r["key"], "name": r["name"], "output_index": r["output_index"]}
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


def team_today(viewer, day: dt.date | None = None) -> dict:
    """The atasan's team on ``day`` (default today): live, one row per subordinate."""
    scope = access.scope_for(viewer)
    if not scope.subordinate_ids:
        raise PermissionDenied("Halaman ini untuk atasan yang memiliki bawahan.")
    day = day or timezone.localdate()
    read = _team_day_postgres if connection.vendor == "postgresql" else _team_day
    people, plan, checkins, report_rows, corrected = read(viewer, day)
    ids = [p["id"] for p in people]
    month = day.replace(day=1)
    # One calendar read for the day and the month (output scores divide by its working days).
    month_days = working_days(
        month, (month + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    )
    working = day in month_days
    stamps: dict[int, list] = defaultdict(list)
    for c in checkins:
        stamps[c["employee_id"]].append(c)
    reports = {r[1]: r[3] for r in report_rows}
    labels = dict(ReportStatus.choices)
    counts = counting.count_period(
        [(p["id"], p["opd_id"], p["unit_id"]) for p in people],
        day,
        day,
        key=lambda *_: "team",
        planned=plan,
        workdays={day} if working else set(),
        stamps=counting.stamps_of(checkins),
        reports={counting.report_key(r): r for r in report_rows if r[3] != ReportStatus.DRAFT},
        corrected=corrected,
        month_working_days=len(month_days),
    ).get("team", metrics.Counts())
    tz = timezone.get_current_timezone()
    rows = []
    for p in people:
        mode = plan.get((p["id"], day)) or ("WFO" if working else "")
        mine = stamps.get(p["id"], [])
        first_in = next((s for s in mine if s["kind"] == "in"), None)
        last_out = next((s for s in reversed(mine) if s["kind"] == "out"), None)
        reasons = sorted({r for s in mine if s["status"] != "VALID" for r in (s["reasons"] or [])})
        status = reports.get(p["id"])
        rows.append(
            {
                "key": p["id"],
                "name": p["name"],
                "nip": p["nip"],
                "unit": p["unit__name"],
                "mode": mode,
                "check_in": first_in["device_time"].astimezone(tz).strftime("%H:%M")
                if first_in
                else "",
                "check_in_status": first_in["status"] if first_in else "",
                "check_out": last_out["device_time"].astimezone(tz).strftime("%H:%M")
                if last_out
                else "",
                "flags": ", ".join(str(r) for r in reasons),
                "report": labels.get(status, "Belum ada") if status else "Belum ada",
                "report_status": status or "",
            }
        )
    pending_validation, *pending = _pending_counts(scope.employee_id, ids)
    pending_requests = dict(zip(("jadwal", "koreksi", "rumah", "perangkat"), pending, strict=True))
    return {
        "day": day,
        "working_day": working,
        "rows": rows,
        "total": _figure_row(None, "Tim", counts),
        "pending_validation": pending_validation,
        "pending_requests": pending_requests,
        "pending_requests_total": sum(pending_requests.values()),
    }


TEAM_FIELDS = ("id", "name", "nip", "opd_id", "unit_id", "unit__name")
CHECKIN_FIELDS = ("employee_id", "work_date", "kind", "device_time", "status", "reasons")
REPORT_FIELDS = ("id", "employee_id", "day", "status", "is_late", "work_mode")


def _team_day(viewer, day: dt.date) -> tuple[list[dict], dict, list[dict], list[tuple], set]:
    """(people, planned modes, check-ins, reports, approved corrections) of ``viewer``'s team on
    ``day``, through each app's own reads."""
    people = list(
        access.supervised_employees(viewer)
        .filter(is_active=True)
        .order_by("unit__name", "name", "id")
        .values(*TEAM_FIELDS)[:MAX_PEOPLE]
    )
    ids = [p["id"] for p in people]
    checkins = list(
        CheckIn.objects.filter(employee_id__in=ids, work_date=day)
        .order_by("device_time")
        .values(*CHECKIN_FIELDS)
    )
    # One read of the day's reports serves the rows and the team figures (drafts: rows only).
    reports = list(
        DailyReport.objects.filter(employee_id__in=ids, day=day).values_list(*REPORT_FIELDS)
    )
    corrected = set(
        CorrectionRequest.objects.filter(
            employee_id__in=ids,
            work_date=day,
            status=ApprovalStatus.APPROVED,
            time_in__isnull=False,
        ).values_list("employee_id", "work_date")
    )
    return people, planned_modes(ids, day, day), checkins, reports, corrected


def _team_day_postgres(viewer, day: dt.date):
    """:func:`_team_day` in one statement: the page is live, polled by every atasan, and the
    eight reads it replaces cost more in round trips than in work.

    The planned mode follows roster's contract (latest published version of the month, then
    ``roster.selectors.apply_overlay``); the check-ins and the overlay come back as JSON arrays.
    """
    ids = sorted(access.scope_for(viewer).subordinate_ids)
    tables = {m.__name__: m._meta.db_table for m in (CheckIn, CorrectionRequest, DailyReport)}
    sql = (
        "SELECT e.id, e.name, e.nip, e.opd_id, e.unit_id, u.name, substr(r.modes, %s, 1),"
        " (SELECT json_agg(json_build_array(o.mode, o.absence_id IS NOT NULL,"
        " COALESCE(o.created_at >= r.published_at, FALSE)) ORDER BY o.created_at, o.id)"
        f" FROM {DayOverride._meta.db_table} o WHERE o.employee_id = e.id AND o.day = %s),"
        " d.id, d.status, d.is_late, d.work_mode,"
        f" EXISTS (SELECT 1 FROM {tables['CorrectionRequest']} c WHERE c.employee_id = e.id"
        " AND c.work_date = %s AND c.status = %s AND c.time_in IS NOT NULL),"
        " (SELECT json_agg(json_build_array(c.kind, c.device_time, c.status, c.reasons)"
        f" ORDER BY c.device_time) FROM {tables['CheckIn']} c WHERE c.employee_id = e.id"
        " AND c.work_date = %s)"
        f" FROM {Employee._meta.db_table} e JOIN {Unit._meta.db_table} u ON u.id = e.unit_id"
        " LEFT JOIN LATERAL (SELECT sr.modes, sc.published_at"
        f" FROM {ScheduleRow._meta.db_table} sr JOIN {Schedule._meta.db_table} sc"
        " ON sc.id = sr.schedule_id WHERE sr.employee_id = e.id AND sc.status = %s"
        " AND sc.month = %s ORDER BY sc.published_at DESC LIMIT 1) r ON TRUE"
        f" LEFT JOIN {tables['DailyReport']} d ON d.employee_id = e.id AND d.day = %s"
        " WHERE e.id = ANY(%s) AND e.is_active ORDER BY u.name, e.name, e.id LIMIT %s"
    )
    params = [
        day.day,
        day,
        day,
        ApprovalStatus.APPROVED.value,
        day,
        ScheduleStatus.PUBLISHED.value,
        day.replace(day=1),
        day,
        ids,
        MAX_PEOPLE,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        result = cursor.fetchall()
    people, plan, checkins, reports, corrected = [], {}, [], [], set()
    for (
        pk,
        name,
        nip,
        opd_id,
        unit_id,
        unit,
        code,
        overlay,
        rid,
        status,
        late,
        mode,
        fix,
        ins,
    ) in result:
        people.append(dict(zip(TEAM_FIELDS, (pk, name, nip, opd_id, unit_id, unit), strict=True)))
        planned = apply_overlay(CODE_MODES.get(code or ""), overlay or ())
        if planned:
            plan[(pk, day)] = planned
        if rid is not None:
            reports.append((rid, pk, day, status, late, mode))
        if fix:
            corrected.add((pk, day))
        for kind, at, state, reasons in ins or ():
            checkins.append(
                dict(
                    zip(
                        CHECKIN_FIELDS,
                        (pk, day, kind, _as_datetime(at), state, reasons),
                        strict=True,
                    )
                )
            )
    return people, plan, checkins, reports, corrected


def _pending_counts(validator_id: int, ids: list[int]) -> tuple[int, ...]:
    """Reports waiting for ``validator_id``; pending schedule changes, check-in corrections,
    home locations and phone resets of ``ids``: one round trip instead of five."""
    counted = [
        (DailyReport, ReportStatus.SUBMITTED, "validator_id = %s", [validator_id]),
        (ChangeRequest, RequestStatus.PENDING, *counting.id_in("requester_id", ids)),
        (CorrectionRequest, ApprovalStatus.PENDING, *counting.id_in("employee_id", ids)),
        (HomeLocation, ApprovalStatus.PENDING, *counting.id_in("employee_id", ids)),
        (DeviceReset, ApprovalStatus.PENDING, *counting.id_in("employee_id", ids)),
    ]
    sql = ", ".join(
        f"(SELECT COUNT(*) FROM {model._meta.db_table} WHERE status = %s AND {cond})"
        for model, _status, cond, _params in counted
    )
    params = [p for _model, status, _cond, ps in counted for p in (status.value, *ps)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", params)
        return tuple(cursor.fetchone())


class _Cell(Func):
    """A coordinate rounded to 3 decimals (~100 m), as a float."""

    template = "ROUND(%(expressions)s, 3)"
    output_field = FloatField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # round(double precision, int) does not exist: round the numeric, hand back a float.
        return self.as_sql(
            compiler,
            connection,
            template="CAST(ROUND(CAST(%(expressions)s AS numeric), 3) AS double precision)",
            **extra_context,
        )


def checkin_map(viewer, day: dt.date, f: Filters | None = None) -> list[dict]:
    """Markers of ``day``'s check-ins ("in"), grouped on a ~100 m grid, counts per status.

    Anonymous on purpose: a marker is a place and a count, never a name, so the map needs no
    location-view logging; for a viewer without person access (Diskominfostandi) a marker of
    fewer than ten check-ins is left out.
    """
    scope = access.scope_for(viewer)
    qs = CheckIn.objects.filter(work_date=day, kind="in")
    if access.can_view_city_aggregates(viewer):
        pass
    elif scope.admin_opd_ids:
        qs = qs.filter(employee__opd_id__in=scope.admin_opd_ids)
    elif scope.subordinate_ids:
        qs = qs.filter(employee_id__in=scope.subordinate_ids)
    else:
        return []
    if f is not None:
        if f.opd_id:
            qs = qs.filter(employee__opd_id=f.opd_id)
        if f.unit_id:
            qs = qs.filter(employee__unit_id=f.unit_id)
        if f.mode:
            qs = qs.filter(expected_mode=f.mode)
    # Grouped in the database: a city morning is ~12,000 check-ins, the map needs ~hundreds.
    # One row per cell with the statuses counted side by side, as floats: decoding a numeric
    # per value and folding status rows here cost a third as much as the query itself.
    rows = (
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


def unit_choices(viewer, opd: Opd | None):
    if opd is None:
        return Unit.objects.none()
    return Unit.objects.filter(opd=opd, is_active=True).order_by("name")


def oversight(viewer, f: Filters) -> dict:
    """Coordination-meeting compliance of the week ending the period and spot-check rates over
    the period, per OPD (spot checks through the meetings app's own scoped selector).

    Loaded as a separate fragment, refreshed every 5 minutes.
    """
    from hibrida.meetings import selectors as meetings

    if not (access.scope_for(viewer).admin_opd_ids or access.can_view_city_aggregates(viewer)):
        raise PermissionDenied("Panel pengawasan hanya untuk admin OPD dan pengguna tingkat kota.")
    if f.opd_id:
        _visible_opd(viewer, f.opd_id)
    allowed = set(dashboard_opds(viewer).values_list("id", flat=True))
    if f.opd_id:
        allowed &= {f.opd_id}
    week = meetings.week_start_of(f.end)
    compliance = meeting_compliance(allowed, week)
    spot = [
        r
        for r in meetings.spot_check_rates(viewer, f.start, f.end, by="opd")
        if r["key"] in allowed
    ]
    return {
        "week": week,
        "week_end": week + dt.timedelta(days=6),
        "minimum": meetings.MIN_MEETINGS_PER_WEEK,
        "meetings": compliance,
        "warnings": [r for r in compliance if not r["compliant"]],
        "spot_checks": spot,
    }


def meeting_compliance(opd_ids: set[int], week: dt.date) -> list[dict]:
    """Per OPD in ``opd_ids`` (already scoped): distinct sittings held or joined in the week.

    The definition of hibrida.meetings.selectors.meeting_compliance (held: a sitting of a
    meeting the OPD organised marked held; joined: a sitting someone of the OPD attended,
    check-in not rejected, sitting not cancelled; only OPDs with WFH that week must reach the
    minimum), but "has WFH" is read from the summary's planned WFH person-days instead of
    decoding the whole city's schedule week (0.4 s at 12,000 ASN): a test keeps both equal.
    """
    from hibrida.meetings import selectors as meetings
    from hibrida.meetings.models import (
        AttendanceStatus,
        MeetingAttendance,
        MeetingOccurrence,
        OccurrenceStatus,
    )
    from hibrida.org.models import OpdClass

    end = week + dt.timedelta(days=6)
    ids = sorted(opd_ids)
    per_opd: dict[int, set[int]] = defaultdict(set)
    held = MeetingOccurrence.objects.filter(
        date__range=(week, end),
        status=OccurrenceStatus.HELD,
        meeting__organiser_opd_id__in=ids,
    ).values_list("id", "meeting__organiser_opd_id")
    joined = (
        MeetingAttendance.objects.filter(
            occurrence__date__range=(week, end), employee__opd_id__in=ids
        )
        .exclude(status=AttendanceStatus.REJECTED)
        .exclude(occurrence__status=OccurrenceStatus.CANCELLED)
        .values_list("occurrence_id", "employee__opd_id")
        .distinct()
    )
    for occurrence, opd_id in [*held, *joined]:
        per_opd[opd_id].add(occurrence)
    planned = dict(
        OpdDailySummary.objects.filter(day__range=(week, end), opd_id__in=ids)
        .values("opd_id")
        .annotate(wfh=Sum("wfh"))
        .values_list("opd_id", "wfh")
    )
    known = bool(planned)
    basis = "jadwal rotasi" if known else "kelas OPD (jadwal belum tersedia)"
    rows = []
    for pk, name, short, klass in (
        Opd.objects.filter(id__in=ids, is_active=True)
        .order_by("name")
        .values_list("id", "name", "short_name", "opd_class")
    ):
        has_wfh = bool(planned.get(pk)) if known else klass != OpdClass.PELAYANAN_LANGSUNG
        count = len(per_opd.get(pk, ()))
        rows.append(
            {
                "key": pk,
                "name": short or name,
                "meetings": count,
                "has_wfh": has_wfh,
                "compliant": count >= meetings.MIN_MEETINGS_PER_WEEK if has_wfh else True,
                "basis": basis,
            }
        )
    return rows
