"""Small-cell suppression for public figures. Pure, no Django.

No figure describing fewer than ``MIN_GROUP`` people is published (UU 27/2022), with
complementary suppression; every page, CSV and filter reads the output of :func:`suppress`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

MIN_GROUP = 10
HIDDEN = "<10"
COMPLEMENT = "disembunyikan"
WITHHELD = "tidak ditampilkan"


class State(StrEnum):
    """Why a published cell reads as it does; only an UNDER_MIN count may say "<10"."""

    VALUE = "value"
    UNDER_MIN = "under_min"  # a count of fewer than MIN_GROUP people
    COMPLEMENT = "complement"  # large, hidden so that a small partner cannot be subtracted
    WITHHELD = "withheld"  # a rate or index about a group under MIN_GROUP (not a count)


@dataclass(frozen=True)
class Cell:
    opd: str  # OPD code ("KOTA" for the city)
    measure: str
    label: str
    value: float | int | None
    n: int  # people the figure describes
    family: str = ""  # cells of one family add up to a published total
    hidden: bool = False
    count: bool = False  # the value is a number of people (so "<10" is a true statement)
    complement: bool = False  # hidden only to protect a small cell of its family

    @property
    def state(self) -> State:
        if not self.hidden:
            return State.VALUE
        if self.complement:
            return State.COMPLEMENT
        return State.UNDER_MIN if self.count and self.n < MIN_GROUP else State.WITHHELD

    @property
    def shown(self) -> float | int | str | None:
        return {
            State.VALUE: self.value,
            State.UNDER_MIN: HIDDEN,
            State.COMPLEMENT: COMPLEMENT,
            State.WITHHELD: WITHHELD,
        }[self.state]


def suppress(cells: list[Cell], min_group: int = MIN_GROUP) -> list[Cell]:
    """Hide every cell about fewer than ``min_group`` people, then protect families."""
    out = [replace(c, hidden=True) if c.n < min_group else c for c in cells]
    # An OPD with fewer staff than the threshold shows nothing at all.
    small_opds = {c.opd for c in out if c.measure == "staff" and c.hidden}
    out = [replace(c, hidden=True) if c.opd in small_opds else c for c in out]
    changed = True
    while changed:
        changed = False
        families: dict[str, list[int]] = {}
        for i, c in enumerate(out):
            if c.family:
                families.setdefault(c.family, []).append(i)
        for members in families.values():
            hidden = [i for i in members if out[i].hidden]
            visible = [i for i in members if not out[i].hidden]
            if len(hidden) == 1 and visible:
                smallest = min(visible, key=lambda i: (out[i].n, out[i].measure))
                out[smallest] = replace(out[smallest], hidden=True, complement=True)
                changed = True
    return [replace(c, value=None) if c.hidden else c for c in out]


def filter_cells(
    cells: list[Cell], *, opds: set[str] | None = None, measures: set[str] | None = None
) -> list[Cell]:
    """Select rows of an already suppressed table (never recomputes a figure)."""
    return [
        c
        for c in cells
        if (opds is None or c.opd in opds) and (measures is None or c.measure in measures)
    ]
