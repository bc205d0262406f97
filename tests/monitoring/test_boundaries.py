"""Small-cell suppression at 9, 10 and 11 people (public page and operator dashboards)."""

from __future__ import annotations

import pytest

from hibrida.monitoring import metrics, smallcells
from hibrida.monitoring.disclosure import (
    COMPLEMENT,
    HIDDEN,
    MIN_GROUP,
    WITHHELD,
    Cell,
    State,
    filter_cells,
    suppress,
)


def cell(n: int, opd: str = "A", measure: str = "wfh", family: str = "", value=0.5) -> Cell:
    return Cell(opd, measure, f"{opd}-{measure}", value, n, family=family)


class TestDisclosure:
    @pytest.mark.parametrize(("n", "hidden"), [(9, True), (10, False), (11, False)])
    def test_a_cell_is_hidden_below_ten_people(self, n, hidden):
        (out,) = suppress([cell(n)])
        assert out.hidden is hidden
        assert out.value == (None if hidden else 0.5)
        assert out.shown == (WITHHELD if hidden else 0.5)

    @pytest.mark.parametrize(
        ("n", "state", "shown"),
        [(9, State.UNDER_MIN, "<10"), (10, State.VALUE, 10), (11, State.VALUE, 11)],
    )
    def test_a_count_reads_under_ten_only_when_it_is_under_ten(self, n, state, shown):
        (out,) = suppress([Cell("A", "k", "k", n, n, count=True)])
        assert (out.state, out.shown) == (state, shown)

    @pytest.mark.parametrize(
        ("n", "state", "shown"),
        [
            (9, State.WITHHELD, "tidak ditampilkan"),
            (10, State.VALUE, 0.25),
            (11, State.VALUE, 0.25),
        ],
    )
    def test_an_index_is_withheld_below_ten_never_written_under_ten(self, n, state, shown):
        # A Gini of 0.25 over the WFH days of n eligible staff.
        (out,) = suppress([Cell("A", "fairness_gini", "Gini", 0.25, n)])
        assert (out.state, out.shown) == (state, shown)

    @pytest.mark.parametrize(("small", "big_state"), [(9, State.COMPLEMENT), (10, State.VALUE)])
    def test_the_partner_of_a_small_count_reads_hidden_not_under_ten(self, small, big_state):
        # Staff 366 = 357 eligible + `small` ineligible; the staff total is published.
        fam = "A:kelayakan"
        out = suppress(
            [
                Cell("A", "staff", "ASN", 357 + small, 357 + small, count=True),
                Cell("A", "eligible", "Layak", 357, 357, fam, count=True),
                Cell("A", "reason:loket", "loket", small, small, fam, count=True),
            ]
        )
        staff, big, reason = out
        assert staff.state == State.VALUE
        assert big.state == big_state
        assert reason.state == (State.UNDER_MIN if small < 10 else State.VALUE)
        if small < 10:
            assert (big.shown, reason.shown) == (COMPLEMENT, "<10")
            assert big.value is None and reason.value is None

    def test_the_threshold_is_ten_and_can_be_passed(self):
        assert MIN_GROUP == 10 and HIDDEN == "<10"
        assert [c.hidden for c in suppress([cell(4), cell(5)], min_group=5)] == [True, False]

    @pytest.mark.parametrize(("staff", "hidden"), [(9, True), (10, False), (11, False)])
    def test_an_opd_under_ten_staff_shows_nothing(self, staff, hidden):
        out = suppress([cell(staff, measure="staff"), cell(50, measure="wfh"), cell(50, "B")])
        assert [c.hidden for c in out] == [hidden, hidden, False]

    def test_a_lone_hidden_cell_in_a_family_takes_the_smallest_visible_one_with_it(self):
        # 9 hidden; 11 is the smallest visible, so 11 is hidden too and 40 stays.
        fam = [
            cell(9, measure="a", family="f"),
            cell(40, measure="b", family="f"),
            cell(11, measure="c", family="f"),
        ]
        assert [c.hidden for c in suppress(fam)] == [True, False, True]

    def test_equal_sizes_fall_back_to_the_measure_name(self):
        fam = [
            cell(9, measure="a", family="f"),
            cell(12, measure="z", family="f"),
            cell(12, measure="m", family="f"),
        ]
        out = suppress(fam)
        assert [c.measure for c in out if c.hidden] == ["a", "m"]

    def test_two_hidden_cells_need_no_complement_and_no_family_is_left_alone(self):
        fam = [
            cell(9, measure="a", family="f"),
            cell(8, measure="b", family="f"),
            cell(30, measure="c", family="f"),
        ]
        assert [c.hidden for c in suppress(fam)] == [True, True, False]
        loose = [cell(9, measure="a"), cell(30, measure="c")]
        assert [c.hidden for c in suppress(loose)] == [True, False]

    def test_every_family_gets_its_own_complement(self):
        # f: 9 hidden → 12 hidden too; g: 8 hidden → its only other cell (60) hidden too.
        cells = [
            cell(9, measure="a", family="f"),
            cell(12, measure="x", family="f"),
            cell(50, measure="b", family="f"),
            cell(8, measure="p", family="g"),
            cell(60, measure="y", family="g"),
        ]
        out = suppress(cells)
        assert [c.hidden for c in out] == [True, True, False, True, True]

    def test_a_fully_hidden_family_stays_hidden(self):
        fam = [cell(3, measure="a", family="f")]
        assert [c.hidden for c in suppress(fam)] == [True]

    def test_filters_select_rows_without_recomputing(self):
        out = suppress([cell(20, "A"), cell(9, "B"), cell(20, "A", measure="x")])
        assert [c.label for c in filter_cells(out, opds={"A"})] == ["A-wfh", "A-x"]
        assert [c.label for c in filter_cells(out, measures={"x"})] == ["A-x"]
        assert [c.label for c in filter_cells(out, opds={"B"}, measures={"wfh"})] == ["B-wfh"]
        assert filter_cells(out)[1].value is None


class TestSmallCells:
    @pytest.mark.parametrize(("people", "small"), [(9, True), (10, False), (11, False)])
    def test_small_below_ten(self, people, small):
        assert smallcells.small(people) is small

    def test_rows_under_ten_are_blanked_with_their_complement(self):
        rows = [
            {"key": k, "name": k, "counts": 5, "rank": 1, **dict.fromkeys(metrics.FIGURES, 0.5)}
            for k in ("a", "b", "c")
        ]
        smallcells.protect_rows(rows, {"a": 9, "b": 10, "c": 11})
        # 9 hidden; the rows add up to a total, so the smallest other (10) goes too.
        assert [r.get("hidden", False) for r in rows] == [True, True, False]
        assert rows[0]["counts"] is None and rows[0]["rank"] is None
        assert all(rows[0][f] is None for f in metrics.FIGURES)
        assert rows[2]["counts"] == 5 and rows[2]["rank"] == 1

    def test_rows_that_do_not_add_up_lose_only_the_small_one(self):
        rows = [{"key": k, "name": k} for k in ("a", "b", "c")]
        smallcells.protect_rows(rows, {"a": 9, "b": 10}, adds_up=False)
        # "c" has no count: 0 people, hidden.
        assert [r.get("hidden", False) for r in rows] == [True, False, True]
        assert "rank" not in rows[0]

    def test_the_hidden_text_names_the_threshold(self):
        assert smallcells.HIDDEN_TEXT == "disembunyikan (< 10 orang)"
