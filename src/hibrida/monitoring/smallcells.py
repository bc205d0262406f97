"""Minimum cell size on the dashboards for viewers who may not see persons (Diskominfostandi).

A unit of one is its head: its figures are that person's record. The rule of the public page
(:mod:`.disclosure`, a pure module: n < 10 hidden, then complementary
suppression within rows that add up to a shown total) applies to every row, total and trend.
"""

from __future__ import annotations

from hibrida import sql

from . import metrics
from .disclosure import MIN_GROUP, Cell, suppress
from .models import PersonDailySummary

HIDDEN_TEXT = f"disembunyikan (< {MIN_GROUP} orang)"


def people_counts(where: str, params: list, group: str) -> tuple[dict, int]:
    """Distinct people per ``group`` behind the summary rows matching ``where``, and in all.

    From the person rows, so a mode filter counts the people planned in that mode. One pass
    over the rows (a city month is ~360,000) for the distinct (group, person) pairs, counted
    here: a person who moved counts in both groups and once in all.
    """
    assert group in ("opd_id", "unit_id")
    table = sql.table(PersonDailySummary)
    pairs = sql.rows(
        f"SELECT DISTINCT {group} AS k, employee_id AS e FROM {table} WHERE {where}", params
    )
    per: dict = {}
    for r in pairs:
        per[r["k"]] = per.get(r["k"], 0) + 1
    return per, len({r["e"] for r in pairs})


def hide(row: dict) -> None:
    """Blank a figure row in place: no figure, count or rank survives, only the flag."""
    row.update({key: None for key in metrics.FIGURES})
    row.update(counts=None, hidden=True)
    if "rank" in row:
        row["rank"] = None


def protect_rows(rows: list[dict], people: dict, *, adds_up: bool = True) -> None:
    """Hide the rows about fewer than MIN_GROUP people and, when they add up to a shown total
    (``adds_up``), the smallest other row when only one would be hidden."""
    family = "rows" if adds_up else ""
    cells = [
        Cell(str(r["key"]), "staff", r["name"], 0, people.get(r["key"], 0), family=family)
        for r in rows
    ]
    for row, cell in zip(rows, suppress(cells), strict=True):
        if cell.hidden:
            hide(row)


def small(total_people: int) -> bool:
    return total_people < MIN_GROUP
