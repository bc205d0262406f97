"""The reviewable difference between SIASN and Hibrida's master data. No Django import.

The tree of SIASN units (unor) is matched to local OPDs and units first; then each ASN's fields
are compared three ways: the local value, SIASN's value now and SIASN's value at the last applied
sync (the baseline). A local value that differs from the baseline was corrected in Hibrida: it
is kept when SIASN did not change, and shown as a conflict for BKPSDM to choose when it did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Compared per employee; values are plain strings ("" when empty). ``unit`` is a unor id (a
# local unit without a SIASN counterpart reads "lokal:<id>"), ``supervisor`` a NIP.
FIELDS = ("name", "unit", "position", "email", "supervisor")
FIELD_LABELS = {
    "name": "Nama",
    "unit": "Unit kerja",
    "position": "Jabatan",
    "email": "Email",
    "supervisor": "Atasan",
}


@dataclass(frozen=True)
class Unor:
    id: str
    name: str
    parent_id: str
    head_pns_id: str = ""


@dataclass(frozen=True)
class LocalUnit:
    id: int
    opd_id: int
    name: str
    parent_id: int | None


@dataclass(frozen=True)
class UnitChange:
    kind: str  # unit_new | unit_changed | opd_unknown
    unor_id: str
    name: str
    opd_id: int | None = None
    parent_unor_id: str = ""
    unit_id: int | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class Tree:
    unit_of: dict[str, int | None]  # unor id -> local unit (None: to be created)
    opd_of: dict[str, int | None]  # unor id -> local OPD (None: unknown)
    changes: list[UnitChange]


def unors_from(rows: Iterable[Mapping[str, Any]]) -> list[Unor]:
    """SIASN's ref-unor rows as :class:`Unor` (rows without an id are skipped)."""
    out = []
    for row in rows:
        unor_id = str(row.get("Id") or "").strip()
        if unor_id:
            out.append(
                Unor(
                    unor_id,
                    str(row.get("NamaUnor") or "").strip(),
                    str(row.get("DiatasanId") or "").strip(),
                    str(row.get("PemimpinPnsId") or "").strip(),
                )
            )
    return out


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _below(unors: list[Unor], root_id: str) -> list[Unor]:
    """The unors under ``root_id``, parents before children (breadth first)."""
    children: dict[str, list[Unor]] = {}
    for u in unors:
        children.setdefault(u.parent_id, []).append(u)
    out: list[Unor] = []
    frontier = [root_id]
    seen = {root_id}
    while frontier:
        nxt = []
        for parent in frontier:
            for child in sorted(children.get(parent, []), key=lambda u: u.id):
                if child.id not in seen:
                    seen.add(child.id)
                    out.append(child)
                    nxt.append(child.id)
        frontier = nxt
    return out


def resolve_tree(
    unors: list[Unor],
    root_id: str,
    *,
    opds: Mapping[int, str],
    units: Iterable[LocalUnit],
    unit_links: Mapping[str, int],
    opd_links: Mapping[str, int],
) -> Tree:
    """Match every unor under the city's root to an OPD and a unit.

    A direct child of the root is an OPD (by link, else by name); every unor below it, and the
    OPD unor itself, is a unit of that OPD (by link, else by name within the OPD). A unit
    that does not exist yet is proposed; a linked unit whose name or parent differs is changed.
    """
    units = list(units)
    by_id = {u.id: u for u in units}
    by_name: dict[tuple[int, str], LocalUnit] = {}
    for u in sorted(units, key=lambda u: u.id):
        by_name.setdefault((u.opd_id, _key(u.name)), u)
    opd_by_name = {_key(name): pk for pk, name in opds.items()}
    tree = Tree({}, {}, [])
    for unor in _below(unors, root_id):
        if unor.parent_id == root_id:
            opd_id = opd_links.get(unor.id) or opd_by_name.get(_key(unor.name))
            if opd_id is None:
                tree.changes.append(UnitChange("opd_unknown", unor.id, unor.name))
        else:
            opd_id = tree.opd_of.get(unor.parent_id)
        tree.opd_of[unor.id] = opd_id
        if opd_id is None:
            tree.unit_of[unor.id] = None
            continue
        linked = unit_links.get(unor.id)
        unit = by_id.get(linked) if linked is not None else by_name.get((opd_id, _key(unor.name)))
        parent_unit = None if unor.parent_id == root_id else tree.unit_of.get(unor.parent_id)
        if unit is None:
            tree.unit_of[unor.id] = None
            tree.changes.append(
                UnitChange(
                    "unit_new",
                    unor.id,
                    unor.name,
                    opd_id=opd_id,
                    parent_unor_id="" if unor.parent_id == root_id else unor.parent_id,
                )
            )
            continue
        tree.unit_of[unor.id] = unit.id
        changes: dict[str, tuple[Any, Any]] = {}
        if unit.name != unor.name:
            changes["name"] = (unit.name, unor.name)
        # A parent to be created is set when that unit exists; an existing one is compared.
        if unor.parent_id != root_id and parent_unit is not None and unit.parent_id != parent_unit:
            changes["parent"] = (unit.parent_id, parent_unit)
        if changes:
            tree.changes.append(
                UnitChange(
                    "unit_changed",
                    unor.id,
                    unor.name,
                    opd_id=opd_id,
                    parent_unor_id="" if unor.parent_id == root_id else unor.parent_id,
                    unit_id=unit.id,
                    changes=changes,
                )
            )
    return tree


def supervisor_pns_id(unor_id: str, own_pns_id: str, unors: Mapping[str, Unor]) -> str:
    """The head of the person's unit, or of the nearest unit above with another head."""
    seen: set[str] = set()
    current = unors.get(unor_id)
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.head_pns_id and current.head_pns_id != own_pns_id:
            return current.head_pns_id
        current = unors.get(current.parent_id)
    return ""


@dataclass(frozen=True)
class FieldChange:
    field: str
    local: str
    siasn: str
    baseline: str | None
    conflict: bool


@dataclass(frozen=True)
class EmployeeChange:
    kind: str  # new | moved | changed | left
    nip: str
    name: str
    changes: tuple[FieldChange, ...] = ()
    kept: tuple[FieldChange, ...] = ()  # local corrections SIASN did not touch

    @property
    def conflicts(self) -> tuple[FieldChange, ...]:
        return tuple(c for c in self.changes if c.conflict)


def compare_employee(
    nip: str,
    local: Mapping[str, str] | None,
    siasn: Mapping[str, str] | None,
    baseline: Mapping[str, str] | None,
) -> EmployeeChange | None:
    """The change one ASN needs, or None when Hibrida already agrees with SIASN.

    ``local`` None: not (or no longer active) in Hibrida; ``siasn`` None: SIASN does not place
    the NIP in the city any more.
    """
    if siasn is None:
        if local is None:
            return None
        return EmployeeChange("left", nip, local.get("name", ""))
    if local is None:
        changes = tuple(
            FieldChange(f, "", siasn.get(f, ""), None, False) for f in FIELDS if siasn.get(f, "")
        )
        return EmployeeChange("new", nip, siasn.get("name", ""), changes)
    changes_list: list[FieldChange] = []
    kept: list[FieldChange] = []
    for f in FIELDS:
        mine, theirs = local.get(f, ""), siasn.get(f, "")
        before = None if baseline is None else baseline.get(f, "")
        if mine == theirs:
            continue
        corrected = before is not None and mine != before
        if corrected and theirs == before:
            kept.append(FieldChange(f, mine, theirs, before, False))
        else:
            changes_list.append(FieldChange(f, mine, theirs, before, corrected))
    if not changes_list and not kept:
        return None
    moved = any(c.field == "unit" for c in changes_list)
    return EmployeeChange(
        "moved" if moved else "changed",
        nip,
        local.get("name", ""),
        tuple(changes_list),
        tuple(kept),
    )
