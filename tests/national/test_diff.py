"""The diff's pure core: tree matching, the atasan from unit heads, and the three-way
comparison that keeps local corrections (hand-worked cases)."""

from __future__ import annotations

from hibrida.national import diff
from hibrida.national.diff import FieldChange, LocalUnit, Unor

BASE = {"name": "Sari", "unit": "U1", "position": "Analis", "email": "a@x", "supervisor": "S"}


def test_agreeing_records_give_no_change():
    assert diff.compare_employee("1", BASE, BASE, BASE) is None
    assert diff.compare_employee("1", BASE, BASE, None) is None


def test_siasn_change_without_local_correction_is_proposed():
    change = diff.compare_employee("1", BASE, {**BASE, "position": "Kepala"}, BASE)
    assert change.kind == "changed"
    assert change.changes == (FieldChange("position", "Analis", "Kepala", "Analis", False),)


def test_local_correction_is_kept_when_siasn_did_not_change():
    change = diff.compare_employee("1", {**BASE, "email": "b@x"}, BASE, BASE)
    assert change.kind == "changed" and change.changes == ()
    assert change.kept == (FieldChange("email", "b@x", "a@x", "a@x", False),)


def test_local_correction_and_siasn_change_is_a_conflict():
    change = diff.compare_employee("1", {**BASE, "email": "b@x"}, {**BASE, "email": "c@x"}, BASE)
    assert change.conflicts == (FieldChange("email", "b@x", "c@x", "a@x", True),)


def test_without_a_baseline_siasn_is_proposed_not_a_conflict():
    change = diff.compare_employee("1", {**BASE, "email": "b@x"}, {**BASE, "email": "c@x"}, None)
    assert change.changes == (FieldChange("email", "b@x", "c@x", None, False),)


def test_local_value_that_caught_up_with_siasn_is_no_change():
    # Corrected locally to exactly what SIASN now says: nothing to do, nothing to keep.
    assert diff.compare_employee("1", {**BASE, "unit": "U2"}, {**BASE, "unit": "U2"}, BASE) is None


def test_unit_change_is_a_move():
    change = diff.compare_employee("1", BASE, {**BASE, "unit": "U2"}, BASE)
    assert change.kind == "moved"


def test_new_and_left():
    new = diff.compare_employee("1", None, BASE, None)
    assert new.kind == "new" and {c.field for c in new.changes} == set(diff.FIELDS)
    assert diff.compare_employee("1", BASE, None, BASE).kind == "left"
    assert diff.compare_employee("1", None, None, None) is None


TREE = [
    Unor("R", "Kota", ""),
    Unor("O1", "Dinas Satu", "R", "h1"),
    Unor("B1", "Bidang Satu", "O1", "h2"),
    Unor("S1", "Seksi Satu", "B1", ""),
    Unor("O2", "Dinas Dua", "R"),
    Unor("X", "Lain", "Z"),
]


def test_supervisor_is_the_nearest_head_other_than_oneself():
    unors = {u.id: u for u in TREE}
    assert diff.supervisor_pns_id("S1", "p", unors) == "h2"  # own unit has no head
    assert diff.supervisor_pns_id("B1", "h2", unors) == "h1"  # the head's atasan is above
    assert diff.supervisor_pns_id("O1", "h1", unors) == ""  # the top has none
    assert diff.supervisor_pns_id("missing", "p", unors) == ""


def test_tree_matches_by_name_and_link_and_proposes_the_rest():
    units = [
        LocalUnit(10, 1, "Dinas Satu", None),
        LocalUnit(11, 1, "bidang  SATU", 10),  # names compare case- and space-insensitively
        LocalUnit(12, 1, "Seksi Lama", 99),
    ]
    tree = diff.resolve_tree(
        TREE, "R", opds={1: "Dinas Satu"}, units=units, unit_links={"S1": 12}, opd_links={}
    )
    assert tree.opd_of == {"O1": 1, "B1": 1, "S1": 1, "O2": None}
    assert tree.unit_of == {"O1": 10, "B1": 11, "S1": 12, "O2": None}
    kinds = {(c.kind, c.unor_id) for c in tree.changes}
    assert kinds == {("unit_changed", "B1"), ("unit_changed", "S1"), ("opd_unknown", "O2")}
    by_id = {c.unor_id: c for c in tree.changes}
    assert by_id["B1"].changes == {"name": ("bidang  SATU", "Bidang Satu")}
    assert by_id["S1"].changes == {"name": ("Seksi Lama", "Seksi Satu"), "parent": (99, 11)}


def test_missing_units_are_proposed_parents_first():
    tree = diff.resolve_tree(
        TREE, "R", opds={1: "Dinas Satu"}, units=[], unit_links={}, opd_links={"O2": 1}
    )
    new = [(c.unor_id, c.parent_unor_id) for c in tree.changes if c.kind == "unit_new"]
    assert new == [("O1", ""), ("O2", ""), ("B1", "O1"), ("S1", "B1")]


def test_unors_from_skips_rows_without_id():
    rows = [{"Id": " A ", "NamaUnor": "Satu", "DiatasanId": None}, {"NamaUnor": "tanpa id"}]
    assert diff.unors_from(rows) == [Unor("A", "Satu", "", "")]
