"""pay/tiers.py: tier lookup at, below and above each bound; a day's deductions; the cap."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from hibrida.pay import tiers

D = Decimal
# The example table: 1–30, 31–60, 61–90, >90 min or no record → 0.5 / 1 / 1.25 / 1.5 %.
TL = (
    tiers.Tier(30, D("0.5")),
    tiers.Tier(60, D("1")),
    tiers.Tier(90, D("1.25")),
    tiers.Tier(None, D("1.5")),
)
TABLE = tiers.Table(tl=TL, psw=TL, absent_percent=D("3"), missing_report_percent=None)
DAY = dt.date(2025, 11, 4)


def test_tier_bounds_are_inclusive():
    assert tiers.tier_of(TL, 0) == (0, D(0))
    assert tiers.tier_of(TL, 1) == (1, D("0.5"))
    assert tiers.tier_of(TL, 30) == (1, D("0.5"))
    assert tiers.tier_of(TL, 31) == (2, D("1"))
    assert tiers.tier_of(TL, 60) == (2, D("1"))
    assert tiers.tier_of(TL, 61) == (3, D("1.25"))
    assert tiers.tier_of(TL, 90) == (3, D("1.25"))
    assert tiers.tier_of(TL, 91) == (4, D("1.5"))


def test_no_record_is_the_last_tier():
    assert tiers.tier_of(TL, None) == (4, D("1.5"))


@given(st.integers(min_value=1, max_value=2000), st.integers(min_value=1, max_value=2000))
def test_more_minutes_never_cost_less(a, b):
    low, high = sorted((a, b))
    assert tiers.tier_of(TL, low)[1] <= tiers.tier_of(TL, high)[1]
    assert tiers.tier_of(TL, low)[0] <= tiers.tier_of(TL, high)[0]


@given(st.integers(min_value=1, max_value=2000))
def test_tier_is_the_first_bound_not_below_the_minutes(minutes):
    index, _ = tiers.tier_of(TL, minutes)
    bound = TL[index - 1].up_to
    assert bound is None or minutes <= bound
    if index > 1:
        assert minutes > TL[index - 2].up_to


@given(
    st.lists(
        st.tuples(
            st.sampled_from([tiers.PRESENT, tiers.ABSENT, tiers.EXCUSED, tiers.HOLIDAY]),
            st.integers(0, 300),
            st.integers(0, 300),
            st.booleans(),
        ),
        max_size=31,
    )
)
def test_month_total_is_the_capped_sum_and_excused_days_cost_nothing(days):
    found = []
    for n, (status, late, early, missing) in enumerate(days):
        fact = tiers.DayFact(
            DAY + dt.timedelta(days=n),
            status,
            late_minutes=late,
            early_minutes=early,
            missing_out=missing,
        )
        deductions = tiers.day_deductions(fact, TABLE)
        if status in (tiers.EXCUSED, tiers.HOLIDAY):
            assert deductions == []
        if status == tiers.ABSENT:
            assert [d.code for d in deductions] == [tiers.TK]
        found += deductions
    total = tiers.month_percent(found)
    raw = sum((d.percent for d in found), D(0))
    assert total == min(D(100), raw)
    assert D(0) <= total <= D(100)


def test_late_and_early_on_one_day_are_two_deductions():
    fact = tiers.DayFact(DAY, tiers.PRESENT, late_minutes=45, early_minutes=95)
    got = [(d.code, d.tier, d.percent) for d in tiers.day_deductions(fact, TABLE)]
    assert got == [("TL", 2, D("1")), ("PSW", 4, D("1.5"))]


def test_tolerance_forgives_small_lateness_only():
    table = tiers.Table(tl=TL, psw=TL, absent_percent=D("3"), tolerance_minutes=5)
    assert tiers.day_deductions(tiers.DayFact(DAY, tiers.PRESENT, late_minutes=5), table) == []
    got = tiers.day_deductions(tiers.DayFact(DAY, tiers.PRESENT, late_minutes=6), table)
    assert [(d.code, d.minutes) for d in got] == [("TL", 6)]


def test_missing_report_costs_only_when_the_table_turns_it_on():
    fact = tiers.DayFact(DAY, tiers.PRESENT, report_missing=True)
    assert tiers.day_deductions(fact, TABLE) == []
    on = tiers.Table(tl=TL, psw=TL, absent_percent=D("3"), missing_report_percent=D("0.25"))
    assert [(d.code, d.percent) for d in tiers.day_deductions(fact, on)] == [("LHK", D("0.25"))]


def test_absent_day_is_not_also_tl_and_psw():
    fact = tiers.DayFact(DAY, tiers.ABSENT, missing_in=True, missing_out=True)
    assert [(d.code, d.percent) for d in tiers.day_deductions(fact, TABLE)] == [("TK", D("3"))]


def test_negative_adjustment_never_takes_the_total_below_zero():
    refund = tiers.Deduction(DAY, tiers.ADJ, 0, 0, D("-5"), "")
    small = tiers.Deduction(DAY, tiers.TL, 1, 10, D("0.5"), "")
    assert tiers.month_percent([refund, small]) == D(0)


def test_check_tiers_names_the_problem():
    assert tiers.check_tiers(TL) == ""
    assert "terakhir" in tiers.check_tiers(TL[:3])
    assert "naik" in tiers.check_tiers(
        (tiers.Tier(60, D(1)), tiers.Tier(30, D(1)), tiers.Tier(None, D(1)))
    )
    assert "0 dan 100" in tiers.check_tiers((tiers.Tier(None, D(101)),))
    assert tiers.check_tiers(()) != ""
