"""Dashboard API (read-only): the same selectors and scope as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema

from hibrida.bounds import BoundedDate

from . import metrics, selectors

router = Router(tags=["monitoring"])


class FigureRow(Schema):
    key: int | str | None
    name: str
    counts: dict[str, float] | None = Field(
        description="null when `hidden`: the row describes fewer than 10 people"
    )
    figures: dict[str, float | None]
    rank: int | None = None
    hidden: bool = Field(
        False,
        description=(
            "true when the row is withheld from a role without access to persons "
            "(Diskominfostandi): fewer than 10 people, or the complement of such a row; "
            "`counts`, every figure and `rank` are then null"
        ),
    )


class Dashboard(Schema):
    start: dt.date
    end: dt.date
    opd_id: int | None
    unit_id: int | None
    mode: str | None
    refreshed_at: dt.datetime | None
    total: FigureRow
    opds: list[FigureRow] = []
    units: list[FigureRow]
    people: list[FigureRow]
    trend: list[FigureRow]
    definitions: dict[str, str]


class TeamRow(Schema):
    employee_id: int
    nip: str
    name: str
    unit: str
    mode: str
    check_in: str
    check_in_status: str
    check_out: str
    flags: str
    report_status: str


class Team(Schema):
    day: dt.date
    working_day: bool
    total: FigureRow
    pending_validation: int
    pending_requests: dict[str, int]
    rows: list[TeamRow]


def _row(r: dict) -> dict:
    counts = r["counts"]
    return {
        "key": r["key"],
        "name": r["name"],
        "counts": None if counts is None else {k: getattr(counts, k) for k in metrics.COUNT_FIELDS},
        "figures": {k: r[k] for k in metrics.FIGURES},
        "rank": r.get("rank"),
        "hidden": r.get("hidden", False),
    }


def _filters(request) -> selectors.Filters:
    f, errors = selectors.parse_filters(request.GET)
    if errors:
        raise ValidationError(errors)
    return f


def _dashboard(data: dict) -> dict:
    f = data["filters"]
    return {
        "start": f.start,
        "end": f.end,
        "opd_id": data["opd"].pk if data.get("opd") else None,
        "unit_id": data["unit"].pk if data.get("unit") else None,
        "mode": f.mode,
        "refreshed_at": data["refreshed_at"],
        "total": _row(data["total"]),
        "opds": [_row(r) for r in data.get("opds", [])],
        "units": [_row(r) for r in data["units"]],
        "people": [_row(r) for r in data["people"]],
        "trend": [_row(r) for r in data["trend"]],
        "definitions": metrics.DEFINITIONS,
    }


@router.get("/city", response=Dashboard, summary="Dasbor kota (dari, sampai, opd, unit, mode)")
def city(request):
    return _dashboard(selectors.city_dashboard(request.user, _filters(request)))


@router.get("/opd", response=Dashboard, summary="Dasbor OPD (dari, sampai, opd, unit, mode)")
def opd(request):
    return _dashboard(selectors.opd_dashboard(request.user, _filters(request)))


@router.get("/team", response=Team, summary="Tim atasan hari ini")
def team(request, day: BoundedDate | None = None):
    data = selectors.team_today(request.user, day)
    return {
        "day": data["day"],
        "working_day": data["working_day"],
        "total": _row(data["total"]),
        "pending_validation": data["pending_validation"],
        "pending_requests": data["pending_requests"],
        "rows": [{"employee_id": r["key"], **r} for r in data["rows"]],
    }
