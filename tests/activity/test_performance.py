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


# --- month to date ----------------------------------------------------------------------------
FEB_START, FEB_END = dt.date(2026, 2, 1), dt.date(2026, 2, 28)
# February 2026 by hand: 20 weekdays minus Imlek (Tue 17 Feb) = 19 working days.
FEB_DAYS = [
    dt.date(2026, 2, d)
    for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 18, 19, 20, 23, 24, 25, 26, 27)
]


def feb_period(today: dt.date, minimum: int = 5) -> perf.ScoringPeriod:
    return perf.scoring_period(FEB_START, FEB_END, FEB_DAYS, today, minimum)


def test_running_month_counts_working_days_before_today():
    """Rule: seen on Tue 10 Feb the month is scored through Mon 9 Feb: 2–6 and 9 Feb, 6 of 19."""
    period = feb_period(dt.date(2026, 2, 10))
    assert (period.through, period.counted, period.in_month) == (dt.date(2026, 2, 9), 6, 19)
    assert not period.complete and period.enough
    assert period.fraction == pytest.approx(6 / 19)


def test_first_day_of_the_month_counts_nothing():
    period = feb_period(dt.date(2026, 2, 1))
    assert (period.through, period.counted, period.enough) == (None, 0, False)


def test_a_finished_month_is_whole():
    period = feb_period(dt.date(2026, 3, 1))
    assert (period.through, period.counted, period.complete, period.fraction) == (
        FEB_END,
        19,
        True,
        1.0,
    )


@pytest.mark.parametrize(
    ("today", "counted", "enough"),
    [
        (dt.date(2026, 2, 6), 4, False),  # Mon 2 – Thu 5: one below the minimum of 5
        (dt.date(2026, 2, 7), 5, True),  # Saturday: Mon 2 – Fri 6 have passed, at the minimum
        (dt.date(2026, 2, 9), 5, True),  # the weekend adds no working day
    ],
)
def test_enough_data_at_the_minimum(today, counted, enough):
    period = feb_period(today)
    assert (period.counted, period.enough) == (counted, enough)


def test_a_finished_month_shorter_than_the_minimum_is_still_scored():
    period = perf.scoring_period(FEB_START, FEB_END, FEB_DAYS, dt.date(2026, 3, 2), 25)
    assert period.enough


def test_period_score_hand_computed_on_day_10():
    """Rule: plan × 6/19 and reports through 9 Feb only.

    A: plan 38 → 12 expected by 9 Feb, 12 done → 100 %. B: plan 19 → 6 expected, 3 done → 50 %.
    Score (100 + 50) / 2 = 75 (Butuh Perbaikan). A report of 10 Feb (today) does not count."""
    planned = {1: 38.0, 2: 19.0}
    days = [
        DayOutput(1, dt.date(2026, 2, d), "WFO", True, {1: 2, 2: 1 if d in (2, 3, 4) else 0})
        for d in (2, 3, 4, 5, 6, 9)
    ] + [DayOutput(1, dt.date(2026, 2, 10), "WFO", True, {1: 5, 2: 5})]
    period = feb_period(dt.date(2026, 2, 10))
    score = perf.period_score(planned, days, period)
    assert score == pytest.approx(75.0)
    assert perf.predicate(score) == "Butuh Perbaikan"
    real = perf.period_realisation(planned, days, period)
    assert (real[1].planned, real[1].realised) == (pytest.approx(12.0), 12.0)
    assert (real[2].planned, real[2].realised) == (pytest.approx(6.0), 3.0)


def test_period_score_is_none_before_enough_days():
    """Rule: on 3 Feb one working day has passed: no score, hence no predicate."""
    days = [DayOutput(1, dt.date(2026, 2, 2), "WFO", True, {1: 2})]
    score = perf.period_score({1: 38.0}, days, feb_period(dt.date(2026, 2, 3)))
    assert score is None and perf.predicate(score) is None


def test_period_score_of_a_finished_month_is_the_monthly_score():
    """Rule: a past month is scored on the whole plan: A 15 of 10 → 120 (cap), B 6 of 10 → 60."""
    days = [DayOutput(1, dt.date(2026, 2, 27), "WFO", True, {1: 15, 2: 6})]
    score = perf.period_score({1: 10.0, 2: 10.0}, days, feb_period(dt.date(2026, 3, 5)))
    assert score == pytest.approx(90.0)
