"""The pure sliding window: at, just below and just above each limit; rates as text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hibrida.ratelimit import Rate, Window, parse_rate, recent, wait_for

THREE_PER_MINUTE = Rate(3, 60.0)


def test_rates_parse_with_units_and_an_empty_rate_is_no_limit():
    assert parse_rate("30/m") == Rate(30, 60.0)
    assert parse_rate("20/30m") == Rate(20, 1800.0)
    assert parse_rate("5/10") == Rate(5, 10.0)
    assert parse_rate("") is None and parse_rate(None) is None


@pytest.mark.parametrize("bad", ["banyak", "0/m", "5/0m", "5/m/", "-1/m"])
def test_a_malformed_rate_is_refused(bad):
    with pytest.raises(ValueError):
        parse_rate(bad)


def test_the_count_th_event_passes_and_the_next_waits_for_the_oldest_to_leave():
    window = Window(THREE_PER_MINUTE)
    assert [window.hit("hp", t) for t in (0.0, 10.0, 20.0)] == [None, None, None]
    assert window.hit("hp", 30.0) == pytest.approx(30.0)  # the event at 0 leaves at 60
    assert window.hit("hp", 59.9) == pytest.approx(0.1)
    assert window.hit("hp", 60.0) is None


def test_a_refused_event_is_not_counted():
    window = Window(THREE_PER_MINUTE)
    for t in (0.0, 1.0, 2.0):
        window.hit("hp", t)
    for t in range(3, 50):
        assert window.hit("hp", float(t)) is not None
    assert window.hit("hp", 60.5) is None


def test_keys_are_counted_apart():
    window = Window(Rate(1, 60.0))
    assert window.hit("a", 0.0) is None
    assert window.hit("b", 0.0) is None
    assert window.hit("a", 1.0) is not None


def test_blocked_records_nothing_and_add_always_records():
    window = Window(Rate(2, 60.0))
    assert window.blocked("x", 0.0) is None
    window.add("x", 0.0)
    assert window.blocked("x", 1.0) is None
    window.add("x", 1.0)
    assert window.blocked("x", 2.0) == pytest.approx(58.0)


def test_a_flood_of_new_keys_does_not_grow_the_table_past_its_bound():
    window = Window(Rate(1, 60.0), max_keys=100)
    for i in range(1000):
        window.add(f"k{i}", 0.0)
    assert len(window._history) <= 100


@given(st.lists(st.floats(min_value=0, max_value=1000), max_size=40), st.integers(1, 10))
def test_wait_is_none_exactly_when_fewer_than_count_events_are_recent(times, count):
    rate = Rate(count, 60.0)
    now = 1000.0
    history = recent(times, rate, now)
    wait = wait_for(history, rate, now)
    assert (wait is None) == (len(history) < count)
    if wait is not None:
        assert 0 < wait <= 60.0
