"""The draw of random presence checks: inside hours, WFH working days only, spread over the
day, reproducible with the secret and not predictable without it."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from hibrida.presence.randomcheck import draw_instants

WIB = dt.timezone(dt.timedelta(hours=7))
SECRET = "rahasia-uji"
MODES = st.sampled_from(["WFH", "WFO", "FIELD", "DUTY", "LEAVE", None])
DAYS = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2030, 12, 31))


def hours(day: dt.date, start=(7, 30), end=(16, 0)) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime.combine(day, dt.time(*start), WIB),
        dt.datetime.combine(day, dt.time(*end), WIB),
    )


def draw(day: dt.date, *, employee=7, mode="WFH", working=True, count=2, window=15, **kw):
    start, end = kw.pop("span", hours(day))
    return draw_instants(
        secret=kw.pop("secret", SECRET),
        employee_id=employee,
        day=day,
        mode=mode,
        working_day=working,
        start=start,
        end=end,
        count=count,
        window=dt.timedelta(minutes=window),
    )


@given(
    day=DAYS,
    employee=st.integers(1, 10**9),
    count=st.integers(1, 8),
    window=st.integers(1, 60),
    start_min=st.integers(6 * 60, 9 * 60),
    length_min=st.integers(4 * 60, 10 * 60),
)
@settings(max_examples=200, deadline=None)
def test_rule_every_answer_window_lies_inside_working_hours(
    day, employee, count, window, start_min, length_min
):
    start = dt.datetime.combine(day, dt.time(0), WIB) + dt.timedelta(minutes=start_min)
    end = start + dt.timedelta(minutes=length_min)
    got = draw(day, employee=employee, count=count, window=window, span=(start, end))
    assert len(got) == count
    for moment in got:
        assert start <= moment
        assert moment + dt.timedelta(minutes=window) <= end


@given(day=DAYS, employee=st.integers(1, 10**9), mode=MODES, working=st.booleans())
@settings(max_examples=200, deadline=None)
def test_rule_checks_only_on_planned_wfh_working_days(day, employee, mode, working):
    got = draw(day, employee=employee, mode=mode, working=working)
    if mode == "WFH" and working:
        assert len(got) == 2
    else:
        assert got == []


@given(day=DAYS, employee=st.integers(1, 10**9), count=st.integers(2, 6))
@settings(max_examples=200, deadline=None)
def test_rule_checks_are_spread_one_per_slice_of_the_day(day, employee, count):
    start, end = hours(day)
    got = draw(day, employee=employee, count=count, window=15)
    slice_s = int((end - start - dt.timedelta(minutes=15)).total_seconds()) // count
    slices = [int((m - start).total_seconds()) // slice_s for m in got]
    assert slices == list(range(count))
    assert got == sorted(got)


@given(day=DAYS, employee=st.integers(1, 10**9))
@settings(max_examples=100, deadline=None)
def test_rule_reproducible_with_the_secret(day, employee):
    assert draw(day, employee=employee) == draw(day, employee=employee)


def test_rule_not_predictable_without_the_secret():
    """Another secret gives other moments: over 200 days, the first check's minute agrees with
    the real draw about as often as chance (≈ 1 in 250 minutes of a slice), not always."""
    days = [dt.date(2026, 1, 5) + dt.timedelta(days=i) for i in range(200)]
    same = sum(draw(d) == draw(d, secret="tebakan") for d in days)
    assert same <= 3
    minutes = {draw(d)[0].hour * 60 + draw(d)[0].minute for d in days}
    # Spread across the first slice rather than fixed: many distinct minutes.
    assert len(minutes) > 100


def test_rule_other_employees_and_days_get_other_moments():
    day = dt.date(2026, 3, 5)
    assert draw(day, employee=1) != draw(day, employee=2)
    assert draw(day) != [m - dt.timedelta(days=1) for m in draw(day + dt.timedelta(days=1))]


def test_boundary_day_just_long_enough_and_too_short():
    day = dt.date(2026, 3, 5)
    start = dt.datetime.combine(day, dt.time(8), WIB)
    # Span minus window is exactly count seconds: one second per slice, offset 0.
    fits = (start, start + dt.timedelta(minutes=15, seconds=2))
    assert draw(day, span=fits) == [start, start + dt.timedelta(seconds=1)]
    short = (start, start + dt.timedelta(minutes=15, seconds=1))
    assert draw(day, span=short) == []
    assert draw(day, count=0) == []
