"""Fairness figures (pure): Gini, distributions, coverage, grouping."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hibrida.roster.fairness import coverage_by_day, distribution, fairness_report, gini

values = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=60)


@given(st.integers(0, 30), st.integers(1, 50))
def test_gini_of_equal_values_is_zero(value, n):
    assert gini([value] * n) == 0.0


@given(values)
def test_gini_is_between_zero_and_one_and_ignores_order(xs):
    g = gini(xs)
    assert 0.0 <= g <= 1.0
    assert gini(list(reversed(xs))) == pytest.approx(g)
    assert gini(sorted(xs)) == pytest.approx(g)


@given(values, st.integers(1, 5))
def test_gini_is_scale_invariant(xs, k):
    assert gini([x * k for x in xs]) == pytest.approx(gini(xs))


def test_gini_of_one_taking_all_approaches_one():
    assert gini([0] * 9 + [10]) == pytest.approx(0.9)
    with pytest.raises(ValueError):
        gini([-1, 2])


@given(values)
def test_distribution_bounds(xs):
    d = distribution(xs)
    assert d["min"] <= d["mean"] <= d["max"]
    assert d["n"] == len(xs)


def test_coverage_and_report_groups():
    rows = [
        {
            "unit": "U1",
            "opd": "A",
            "opd_class": "x",
            "eligible": True,
            "reason": "",
            "modes": ["WFH", "WFO"],
        },
        {
            "unit": "U1",
            "opd": "A",
            "opd_class": "x",
            "eligible": True,
            "reason": "",
            "modes": ["WFO", "WFH"],
        },
        {
            "unit": "U2",
            "opd": "A",
            "opd_class": "x",
            "eligible": False,
            "reason": "loket",
            "modes": ["WFO", "LEAVE"],
        },
    ]
    cov = coverage_by_day(rows, ["d1", "d2"])
    assert cov[0]["wfo"] == 2 and cov[0]["wfh"] == 1
    assert cov[1]["leave"] == 1 and cov[1]["onsite_share"] == 0.5
    report = fairness_report(rows, ["d1", "d2"])
    assert report["units"]["U1"]["wfh_days"]["gini"] == 0.0
    assert report["overall"]["eligible"] == 2 and report["overall"]["reasons"] == [("loket", 1)]
