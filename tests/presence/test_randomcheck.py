"""The draw of random presence checks: inside hours and outside the break, WFH working days
only, spread over the day, reproducible with the secret and not predictable without it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hibrida.policy.calendar import DEFAULT_HOURS
from hibrida.presence import worktime
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


def lunch(day: dt.date, start=(12, 0), minutes=60) -> tuple[dt.datetime, dt.datetime]:
    begin = dt.datetime.combine(day, dt.time(*start), WIB)
    return begin, begin + dt.timedelta(minutes=minutes)


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
        rest=kw.pop("rest", None),
        count=count,
        window=dt.timedelta(minutes=window),
    )


def overlaps(moment: dt.datetime, window: int, rest: tuple[dt.datetime, dt.datetime]) -> bool:
    return moment < rest[1] and moment + dt.timedelta(minutes=window) > rest[0]


@given(
    day=DAYS,
    employee=st.integers(1, 10**9),
    count=st.integers(1, 8),
    window=st.integers(1, 60),
    start_min=st.integers(6 * 60, 9 * 60),
    length_min=st.integers(4 * 60, 10 * 60),
    # Where the break starts relative to the hours' start (before it, inside, or after the
    # end) and how long it is; None: a day without a break.
    rest=st.none() | st.tuples(st.integers(-120, 10 * 60), st.integers(1, 90)),
)
@settings(max_examples=300, deadline=None)
def test_rule_every_answer_window_lies_inside_working_hours_and_outside_the_break(
    day, employee, count, window, start_min, length_min, rest
):
    start = dt.datetime.combine(day, dt.time(0), WIB) + dt.timedelta(minutes=start_min)
    end = start + dt.timedelta(minutes=length_min)
    pause = None
    if rest is not None:
        pause = (start + dt.timedelta(minutes=rest[0]), start + dt.timedelta(minutes=sum(rest)))
    got = draw(day, employee=employee, count=count, window=window, span=(start, end), rest=pause)
    # At least 4 h of hours minus a break of at most 90 min leaves a stretch longer than any
    # window: every day of this range gets all its checks.
    assert len(got) == count
    for moment in got:
        assert start <= moment
        assert moment + dt.timedelta(minutes=window) <= end
        assert pause is None or not overlaps(moment, window, pause)


@given(day=DAYS, employee=st.integers(1, 10**9), count=st.integers(1, 6), ramadan=st.booleans())
@settings(max_examples=300, deadline=None)
def test_rule_nobody_is_asked_over_lunch_on_the_city_default_hours(day, employee, count, ramadan):
    """The real placement of the break (worktime.rest_span) with the default and Ramadan hours:
    no check is asked during it, and no answer window runs into it."""
    weekday = min(day.weekday(), worktime.FRIDAY)
    owed = worktime.RAMADAN_HOURS[weekday] if ramadan else worktime.Hours(*DEFAULT_HOURS[weekday])
    rest = worktime.rest_span(day, owed)
    assert rest is not None
    pause = (dt.datetime.combine(day, rest[0], WIB), dt.datetime.combine(day, rest[1], WIB))
    span = (dt.datetime.combine(day, owed.start, WIB), dt.datetime.combine(day, owed.end, WIB))
    got = draw(day, employee=employee, count=count, window=15, span=span, rest=pause)
    assert len(got) == count
    for moment in got:
        assert not overlaps(moment, 15, pause)
        assert span[0] <= moment and moment + dt.timedelta(minutes=15) <= span[1]


@given(day=DAYS, employee=st.integers(1, 10**9), rest_start=st.integers(0, 5 * 60))
@settings(max_examples=100, deadline=None)
def test_rule_a_break_outside_the_hours_changes_nothing(day, employee, rest_start):
    """Only the break's overlap with the hours is cut out; a day without one draws as before."""
    start, end = hours(day)
    evening = end + dt.timedelta(minutes=rest_start)
    assert draw(day, employee=employee, rest=(evening, evening + dt.timedelta(hours=1))) == draw(
        day, employee=employee
    )


@given(day=DAYS, employee=st.integers(1, 10**9), mode=MODES, working=st.booleans())
@settings(max_examples=200, deadline=None)
def test_rule_checks_only_on_planned_wfh_working_days(day, employee, mode, working):
    got = draw(day, employee=employee, mode=mode, working=working, rest=lunch(day))
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


@given(day=DAYS, employee=st.integers(1, 10**9), count=st.integers(2, 6))
@settings(max_examples=200, deadline=None)
def test_rule_with_a_break_the_slices_cut_the_working_time_net_of_it(day, employee, count):
    """07.30–12.00 and 13.00–16.00 laid end to end, each less the 15-minute window: check k
    sits in the k-th equal slice of that net time."""
    start, end = hours(day)
    pause = lunch(day)
    window = dt.timedelta(minutes=15)
    morning = int((pause[0] - start - window).total_seconds())
    afternoon = int((end - pause[1] - window).total_seconds())
    slice_s = (morning + afternoon) // count
    got = draw(day, employee=employee, count=count, window=15, rest=pause)
    net = [
        int((m - start).total_seconds())
        if m < pause[0]
        else morning + int((m - pause[1]).total_seconds())
        for m in got
    ]
    assert [p // slice_s for p in net] == list(range(count))
    assert got == sorted(got)


@given(day=DAYS, employee=st.integers(1, 10**9))
@settings(max_examples=100, deadline=None)
def test_rule_reproducible_with_the_secret(day, employee):
    assert draw(day, employee=employee) == draw(day, employee=employee)
    assert draw(day, employee=employee, rest=lunch(day)) == draw(
        day, employee=employee, rest=lunch(day)
    )


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


def test_boundary_a_stretch_shorter_than_the_window_offers_no_moment():
    day = dt.date(2026, 3, 5)
    start = dt.datetime.combine(day, dt.time(8), WIB)
    # 10 minutes before the break, 15-minute window: every check goes after the break.
    pause = (start + dt.timedelta(minutes=10), start + dt.timedelta(minutes=70))
    span = (start, start + dt.timedelta(hours=4))
    got = draw(day, span=span, rest=pause, count=4)
    assert len(got) == 4 and all(m >= pause[1] for m in got)
    # The break takes the whole day: nothing left to ask in.
    assert draw(day, span=span, rest=(start, span[1])) == []


@pytest.mark.parametrize(
    ("day", "owed", "expected"),
    [
        # Monday, city default 07.30–16.00 with 60 minutes: 12.00–13.00.
        (dt.date(2026, 3, 2), worktime.Hours(dt.time(7, 30), dt.time(16), 60), ((12, 0), (13, 0))),
        # Friday, 90 minutes: 11.30–13.00, over the Friday prayer.
        (
            dt.date(2026, 3, 6),
            worktime.Hours(dt.time(7, 30), dt.time(16, 30), 90),
            ((11, 30), (13, 0)),
        ),
        # Ramadan Monday (30 min) and Friday (60 min).
        (dt.date(2026, 3, 2), worktime.RAMADAN_HOURS[0], ((12, 0), (12, 30))),
        (dt.date(2026, 3, 6), worktime.RAMADAN_HOURS[4], ((11, 30), (12, 30))),
        # An afternoon shift that does not contain 12.00: the middle of the shift.
        (dt.date(2026, 3, 2), worktime.Hours(dt.time(14), dt.time(22), 60), ((17, 30), (18, 30))),
        # A dynamic day starting 12.30: 12.00 is not inside, so the middle again.
        (
            dt.date(2026, 3, 2),
            worktime.Hours(dt.time(12, 30), dt.time(21), 60),
            ((16, 15), (17, 15)),
        ),
    ],
)
def test_where_the_break_sits(day, owed, expected):
    assert worktime.rest_span(day, owed) == (dt.time(*expected[0]), dt.time(*expected[1]))


def test_no_break_and_a_break_as_long_as_the_day():
    day = dt.date(2026, 3, 2)
    assert worktime.rest_span(day, worktime.Hours(dt.time(8), dt.time(15), 0)) is None
    whole = worktime.Hours(dt.time(8), dt.time(9), 60)
    assert worktime.rest_span(day, whole) == (dt.time(8), dt.time(9))
