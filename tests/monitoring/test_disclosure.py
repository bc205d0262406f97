"""Small-cell suppression (pure)."""

from hypothesis import given
from hypothesis import strategies as st

from hibrida.monitoring.disclosure import WITHHELD, Cell, filter_cells, suppress


def test_cells_under_ten_people_are_hidden():
    """Rule: no figure about fewer than 10 people is published."""
    cells = suppress([Cell("A", "staff", "ASN", 40, 40), Cell("A", "x", "x", 93.5, 9)])
    by = {c.measure: c for c in cells}
    assert by["staff"].shown == 40
    # A rate about 9 people is not a count: it is withheld, never written "<10".
    assert by["x"].shown == WITHHELD and by["x"].value is None


def test_complementary_suppression_prevents_subtraction():
    """Rule: one hidden count in a breakdown with a published total hides another one too."""
    fam = "A:kelayakan"
    cells = suppress(
        [
            Cell("A", "staff", "ASN", 60, 60),
            Cell("A", "eligible", "Layak", 35, 35, fam),
            Cell("A", "reason:loket", "loket", 20, 20, fam),
            Cell("A", "reason:pengemudi", "pengemudi", 5, 5, fam),
        ]
    )
    by = {c.measure: c for c in cells}
    assert by["reason:pengemudi"].hidden
    assert by["reason:loket"].hidden  # the smallest other cell of the family
    assert not by["eligible"].hidden


def test_small_opd_shows_nothing():
    """Rule: an OPD with fewer than 10 staff publishes no figure at all."""
    cells = suppress([Cell("B", "staff", "ASN", 7, 7), Cell("B", "saving_pct", "hemat", 12.0, 50)])
    assert all(c.hidden for c in cells)


def test_filters_only_select_suppressed_rows():
    """Rule: filtering never recomputes or reveals a hidden value."""
    cells = suppress(
        [
            Cell("A", "staff", "ASN", 60, 60),
            Cell("A", "x", "x", 1.0, 3),
            Cell("B", "staff", "ASN", 90, 90),
        ]
    )
    only_a = filter_cells(cells, opds={"A"})
    assert {c.opd for c in only_a} == {"A"}
    assert next(c for c in only_a if c.measure == "x").shown == WITHHELD


@given(st.lists(st.integers(0, 40), min_size=1, max_size=8))
def test_no_family_has_exactly_one_hidden_cell(counts):
    """Property: after suppression a family never has exactly one hidden cell among visible
    ones, and every visible cell describes at least 10 people."""
    cells = [Cell("A", f"reason:{i}", str(i), n, n, "fam") for i, n in enumerate(counts)]
    out = suppress(cells)
    hidden = [c for c in out if c.hidden]
    assert len(hidden) != 1 or len(out) == 1
    assert all(c.n >= 10 for c in out if not c.hidden)
