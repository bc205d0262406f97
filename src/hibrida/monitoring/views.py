"""Dashboard pages, their htmx fragments and exports: thin (parse, call a selector, render)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from hibrida.activity.models import ReportMode
from hibrida.org import access
from hibrida.org.access import Role

from . import metrics, selectors, services, tables

CITY_ROLES = (Role.BKPSDM, Role.INSPEKTORAT, Role.DISKOMINFO)
OPD_ROLES = (Role.OPD_ADMIN, *CITY_ROLES)
MODES = [
    ("", "Semua mode"),
    *((m.value, m.label) for m in (ReportMode.WFO, ReportMode.WFH, ReportMode.FIELD)),
]


def _definitions() -> list[tuple[str, str]]:
    return [(metrics.LABELS[k], metrics.DEFINITIONS[k]) for k in metrics.FIGURES]


def _city(request):
    f, errors = selectors.parse_filters(request.GET)
    # Pages and exports show the figures only: the API is where every count travels.
    return selectors.city_dashboard(request.user, f, all_counts=False), f, errors


def _opd(request):
    f, errors = selectors.parse_filters(request.GET)
    return selectors.opd_dashboard(request.user, f, all_counts=False), f, errors


def _link(base: dict, **extra) -> str:
    return "?" + urlencode({**base, **{k: str(v) for k, v in extra.items()}})


def _chart(trend: list[dict], bars: list[dict]) -> dict:
    keys = ("attendance_compliance", "on_time_rate", "submission_rate", "wfh_share")
    return {
        "bars": {
            "labels": [r["name"] for r in bars],
            "values": [
                None
                if r["attendance_compliance"] is None
                else round(100 * r["attendance_compliance"], 1)
                for r in bars
            ],
        },
        "labels": [r["name"] for r in trend],
        "series": [
            {
                "label": metrics.LABELS[k],
                "values": [None if r[k] is None else round(100 * r[k], 1) for r in trend],
            }
            for k in keys
        ],
    }


def _context(request, data: dict, f, errors: dict, kind: str) -> dict:
    opd = data.get("opd")
    base = {k: v for k, v in f.as_query().items() if k not in ("opd", "unit")}
    # Drill-down: OPD → unit → person, keeping the period and mode.
    for row in data.get("opds", []):
        row["link"] = _link(base, opd=row["key"])
    if opd is not None:  # units are listed only within an OPD
        for row in data.get("units", []):
            row["link"] = _link(base, opd=opd.pk, unit=row["key"])
    period = selectors.nearest_with_data(request.user, f, opd.pk if opd is not None else None)
    nearest = period["nearest"]
    return {
        "data": data,
        "period_empty": period["empty"],
        "nearest_period": nearest,
        "nearest_query": urlencode(nearest.as_query()) if nearest is not None else "",
        "query_string": urlencode(f.as_query()),
        "up_query": urlencode(base),
        "card_keys": [(k, metrics.LABELS[k]) for k in metrics.FIGURES],
        "opd_columns": tables.layout("opd")[1],
        "unit_columns": tables.layout("unit")[1],
        "person_columns": tables.layout("person")[1],
        "trend_columns": tables.layout("trend")[1],
        "chart": _chart(
            data.get("trend", []),
            data.get("units", []) if opd is not None else data.get("opds", []),
        ),
        "kind": kind,
        "filters": f,
        "query": f.as_query(),
        "errors": errors,
        "modes": MODES,
        "definitions": _definitions(),
        "opd_choices": selectors.opd_choices(request.user),
        "unit_choices": selectors.unit_choices(request.user, opd),
        "figure_columns": tables.FIGURE_COLUMNS,
        "today": timezone.localdate(),
    }


def _oversight(request):
    f, errors = selectors.parse_filters(request.GET)
    return selectors.oversight(request.user, f), f, errors


def _map(request, ctx: dict, f) -> None:
    day = selectors.map_day(request.user, f, timezone.localdate())
    ctx["map_day"] = day
    ctx["markers"] = selectors.checkin_map(request.user, day, f)
    ctx["map_tiles"] = settings.HIBRIDA_MAP_TILES
    ctx["map_attribution"] = settings.HIBRIDA_MAP_ATTRIBUTION


@access.roles_required(*CITY_ROLES)
def city(request):
    data, f, errors = _city(request)
    ctx = _context(request, data, f, errors, "city")
    _map(request, ctx, f)
    return render(request, "monitoring/city.html", ctx)


@access.roles_required(*CITY_ROLES)
def city_fragment(request):
    data, f, errors = _city(request)
    return render(request, "monitoring/_city_body.html", _context(request, data, f, errors, "city"))


@access.roles_required(*OPD_ROLES)
def opd(request):
    data, f, errors = _opd(request)
    ctx = _context(request, data, f, errors, "opd")
    scoped = selectors.Filters(f.start, f.end, data["opd"].pk, f.unit_id, f.mode)
    _map(request, ctx, scoped)
    return render(request, "monitoring/opd.html", ctx)


@access.roles_required(*OPD_ROLES)
def opd_fragment(request):
    data, f, errors = _opd(request)
    return render(request, "monitoring/_opd_body.html", _context(request, data, f, errors, "opd"))


@access.roles_required(Role.ATASAN)
def team(request):
    data = selectors.team_today(request.user)
    return render(
        request,
        "monitoring/team.html",
        {"data": data, "definitions": _definitions(), "columns": tables.TEAM_COLUMNS},
    )


@access.roles_required(Role.ATASAN)
def team_fragment(request):
    data = selectors.team_today(request.user)
    return render(
        request, "monitoring/_team_body.html", {"data": data, "columns": tables.TEAM_COLUMNS}
    )


EXPORTS = {
    ("city", "opd"): (CITY_ROLES, _city, "opds"),
    ("city", "unit"): (CITY_ROLES, _city, "units"),
    ("city", "person"): (CITY_ROLES, _city, "people"),
    ("city", "trend"): (CITY_ROLES, _city, "trend"),
    ("opd", "unit"): (OPD_ROLES, _opd, "units"),
    ("opd", "person"): (OPD_ROLES, _opd, "people"),
    ("opd", "trend"): (OPD_ROLES, _opd, "trend"),
    ("opd", "index"): (OPD_ROLES, _opd, "index_trend"),
    ("city", "meetings"): (CITY_ROLES, _oversight, "meetings"),
    ("city", "spotchecks"): (CITY_ROLES, _oversight, "spot_checks"),
    ("opd", "meetings"): (OPD_ROLES, _oversight, "meetings"),
    ("opd", "spotchecks"): (OPD_ROLES, _oversight, "spot_checks"),
}


def export(request, dashboard: str, table: str, fmt: str):
    """CSV or XLSX of one dashboard table, built by the same selector as the page."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if (dashboard, table) == ("team", "team"):
        return access.roles_required(Role.ATASAN)(_export_team)(request, fmt)
    spec = EXPORTS.get((dashboard, table))
    if spec is None:
        raise Http404
    roles, load, key = spec

    @access.roles_required(*roles)
    def run(request):
        data, f, _errors = load(request)
        title, headers, rows = tables.matrix(table, data[key])
        notes = [f"Periode {f.start:%d-%m-%Y} s.d. {f.end:%d-%m-%Y}"]
        if data.get("opd"):
            notes.append(f"OPD: {data['opd']}")
        if data.get("unit"):
            notes.append(f"Unit: {data['unit']}")
        if f.mode:
            notes.append(f"Mode: {f.mode}")
        services.record_export(
            actor=request.user, dashboard=dashboard, table=table, query=f.as_query(), rows=len(rows)
        )
        return _file(f"pemantauan-{dashboard}-{table}", fmt, title, headers, rows, notes)

    return run(request)


def _export_team(request, fmt: str):
    data = selectors.team_today(request.user)
    title, headers, rows = tables.matrix("team", data["rows"])
    services.record_export(
        actor=request.user,
        dashboard="team",
        table="team",
        query={"hari": data["day"].isoformat()},
        rows=len(rows),
    )
    return _file("pemantauan-tim", fmt, title, headers, rows, [f"Tanggal {data['day']:%d-%m-%Y}"])


def _file(name: str, fmt: str, title: str, headers, rows, notes) -> HttpResponse:
    if fmt == "csv":
        body, ctype = tables.to_csv(headers, rows), "text/csv; charset=utf-8"
    else:
        body = tables.to_xlsx(title, headers, rows, notes)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@access.roles_required(*OPD_ROLES)
def oversight_fragment(request):
    f, _errors = selectors.parse_filters(request.GET)
    data = selectors.oversight(request.user, f)
    kind = "opd" if request.GET.get("halaman") == "opd" else "city"
    return render(
        request,
        "monitoring/_oversight.html",
        {"data": data, "kind": kind, "query_string": urlencode(f.as_query())},
    )
