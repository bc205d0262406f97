"""Small-cell suppression for public figures. Pure, no Django.

No figure describing fewer than ``MIN_GROUP`` people is published (UU 27/2022), with
complementary suppression; every page, CSV and filter reads the output of :func:`suppress`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

MIN_GROUP = 10
HIDDEN = "<10"


@dataclass(frozen=True)
class Cell:
    opd: str  # OPD code ("KOTA" for the city)
    measure: str
    label: str
    value: float | int | None
    n: int  # people the figure describes
    family: str = ""  # cells of one family add up to a published total
    hidden: bool = False

    @property
    def shown(self) -> float | int | str | None:
        return HIDDEN if self.hidden else self.value


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
                out[smallest] = replace(out[smallest], hidden=True)
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
