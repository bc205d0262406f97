"""The output formulas (pure module), on hand-computed cases and with hypothesis."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hibrida.activity import performance as perf
from hibrida.activity.performance import DayOutput, PersonDay

D = dt.date(2026, 2, 10)


def test_daily_score_hand_computed():
    """Rule: daily score = 100 × mean over targets of q / (P / W).

    Targets A (plan 20 in a 20-day month → 1/day) and B (plan 40 → 2/day); a day with 2 of A
    and 1 of B scores 100 × (2/1 + 1/2) / 2 = 125."""
    assert perf.daily_score({1: 2, 2: 1}, {1: 20, 2: 40}, 20) == pytest.approx(125.0)


def test_daily_score_without_plan_is_zero():
    assert perf.daily_score({1: 5}, {}, 20) == 0.0
    assert perf.daily_score({1: 5}, {1: 0}, 20) == 0.0


def test_monthly_score_caps_each_target_at_120():
    """Rule: realisation 150 % of A counts as 120; B at 60 % → (120 + 60) / 2 = 90 (Baik)."""
    days = [DayOutput(1, D, "WFO", True, {1: 15, 2: 6})]
    score = perf.monthly_score({1: 10, 2: 10}, days)
    assert score == pytest.approx(90.0)
    assert perf.predicate(score) == "Baik"


def test_only_validated_days_count_towards_realisation():
    days = [DayOutput(1, D, "WFO", True, {1: 4}), DayOutput(1, D, "WFH", False, {1: 100})]
    real = perf.realisation({1: 8}, days)
    assert real[1].realised == 4 and real[1].percent == pytest.approx(50.0)


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (130, "Sangat Baik"),
        (110, "Sangat Baik"),
        (109.99, "Baik"),
        (90, "Baik"),
        (89.9, "Butuh Perbaikan"),
        (70, "Butuh Perbaikan"),
        (69.9, "Kurang"),
        (50, "Kurang"),
        (49.9, "Sangat Kurang"),
        (0, "Sangat Kurang"),
        (None, None),
    ],
)
def test_predicate_thresholds(score, label):
    """Rule: documented PermenPANRB 6/2022 indication thresholds."""
    assert perf.predicate(score) == label


def test_productivity_index_hand_computed():
    """Rule: index = WFH output per person-day ÷ WFO output per person-day × 100.

    WFO: 2 days scoring 100 and 80 → 90/day. WFH: 2 days, 112 validated and one rejected (0) →
    56/day → index 62.2. A rejected day still counts as a person-day."""
    days = [
        PersonDay("WFO", True, 100),
        PersonDay("WFO", True, 80),
        PersonDay("WFH", True, 112),
        PersonDay("WFH", False, 999),
        PersonDay("FIELD", True, 500),
    ]
    result = perf.productivity_index(days)
    assert (result.wfh_days, result.wfo_days) == (2, 2)
    assert result.wfo_output_per_day == pytest.approx(90)
    assert result.index == pytest.approx(100 * 56 / 90)


def test_index_reproduces_reported_112():
    """The reported claim 100 → 112 is what equal-day output of 112 vs 100 gives."""
    days = [PersonDay("WFO", True, 100)] * 3 + [PersonDay("WFH", True, 112)] * 2
    assert perf.productivity_index(days).index == pytest.approx(112)


def test_index_undefined_without_both_modes():
    assert perf.productivity_index([PersonDay("WFH", True, 100)]).index is None
    assert perf.productivity_index([PersonDay("WFO", True, 0)]).index is None


quantities = st.dictionaries(st.integers(1, 4), st.floats(0, 50), max_size=4)
plans = st.dictionaries(st.integers(1, 4), st.floats(0.5, 500), min_size=1, max_size=4)


@given(plans, st.lists(quantities, min_size=1, max_size=25), st.integers(1, 23))
def test_mean_daily_score_equals_uncapped_monthly_realisation(planned, qs, working_days):
    """Property: Σ daily scores ÷ W = mean realisation % over planned targets."""
    days = [DayOutput(1, D, "WFO", True, q) for q in qs]
    daily_sum = sum(perf.daily_score(q, planned, working_days) for q in qs)
    real = perf.realisation(planned, days)
    mean_pct = sum(r.percent for r in real.values()) / len(real)
    assert daily_sum / working_days == pytest.approx(mean_pct, rel=1e-6, abs=1e-6)


@given(
    st.lists(
        # Subnormal scores underflow to 0 when scaled, which changes the index for a reason
        # that is float arithmetic, not the rule; scores are percentages, never ~1e-308.
        st.tuples(
            st.sampled_from(["WFH", "WFO", "FIELD"]),
            st.booleans(),
            st.floats(0, 300, allow_subnormal=False),
        ),
        max_size=30,
    ),
    st.floats(0.1, 10),
)
def test_index_is_scale_invariant(rows, factor):
    """Property: scaling every score by the same factor leaves the index unchanged."""
    base = perf.productivity_index([PersonDay(m, v, s) for m, v, s in rows])
    scaled = perf.productivity_index([PersonDay(m, v, s * factor) for m, v, s in rows])
    if base.index is None:
        assert scaled.index is None or base.wfo_output_per_day == 0
    else:
        assert scaled.index == pytest.approx(base.index, rel=1e-6)


@given(plans, st.lists(quantities, max_size=10))
def test_monthly_score_bounded(planned, qs):
    """Property: the monthly score lies in [0, 120] and its predicate is on the scale."""
    score = perf.monthly_score(planned, [DayOutput(1, D, "WFO", True, q) for q in qs])
    assert score is not None and 0 <= score <= perf.SCORE_CAP + 1e-9
    assert perf.predicate(score) in perf.PREDICATES
