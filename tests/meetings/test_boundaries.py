"""Spot checks: the daily sample size at its rounding bounds and coverage of a month."""

from __future__ import annotations

import datetime as dt

import pytest

from hibrida.meetings.spotcheck import choose_spot_checks, daily_sample_size


@pytest.mark.parametrize(
    ("candidates", "size"),
    # max(1, ceil(n / 4)), never more than n: 4 → 1, 5 → 2 (1.25 rounds up), 8 → 2, 9 → 3.
    [(-1, 0), (0, 0), (1, 1), (3, 1), (4, 1), (5, 2), (8, 2), (9, 3)],
)
def test_daily_sample_size(candidates, size):
    assert daily_sample_size(candidates) == size


def test_share_and_explicit_size_are_capped():
    assert daily_sample_size(3, share=1.0) == 3 and daily_sample_size(3, share=2.0) == 3
    pool = [1, 2, 3]
    day = dt.date(2026, 3, 2)
    assert (
        len(
            choose_spot_checks(
                secret="s", day=day, atasan_id=1, candidates=pool, checked_this_month=[], size=10
            )
        )
        == 3
    )
    assert (
        choose_spot_checks(
            secret="s", day=day, atasan_id=1, candidates=pool, checked_this_month=[], size=-1
        )
        == []
    )


def test_eight_staff_are_all_covered_in_four_days_before_anyone_is_called_twice():
    staff = list(range(101, 109))  # 8 WFH staff: 2 a day
    checked: list[int] = []
    for offset in range(4):
        day = dt.date(2026, 3, 2) + dt.timedelta(days=offset)
        picked = choose_spot_checks(
            secret=b"rahasia", day=day, atasan_id=7, candidates=staff, checked_this_month=checked
        )
        assert len(picked) == 2 and not set(picked) & set(checked)
        checked += picked
    assert sorted(checked) == staff
    # Day five: everyone was checked this month, so two of them are called again.
    again = choose_spot_checks(
        secret=b"rahasia",
        day=dt.date(2026, 3, 6),
        atasan_id=7,
        candidates=staff,
        checked_this_month=checked,
    )
    assert len(again) == 2 and set(again) <= set(staff)


def test_one_unchecked_person_comes_first():
    picked = choose_spot_checks(
        secret="s",
        day=dt.date(2026, 3, 9),
        atasan_id=1,
        candidates=[1, 2, 3, 4, 5],
        checked_this_month=[1, 2, 3, 5],
    )
    assert picked[0] == 4 and len(picked) == 2
