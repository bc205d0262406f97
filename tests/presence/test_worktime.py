"""worktime.py: first in/last out, minutes, TL/PSW tiers with tolerance (pure)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hibrida.presence import worktime

WIB = dt.timezone(dt.timedelta(hours=7))
DAY = dt.date(2025, 11, 3)
HOURS = worktime.Hours(dt.time(7, 30), dt.time(16, 0), 0)


def at(h: int, m: int) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(h, m), tzinfo=WIB)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, ""),
        (1, "TL1"),
        (30, "TL1"),
        (31, "TL2"),
        (60, "TL2"),
        (61, "TL3"),
        (90, "TL3"),
        (91, "TL4"),
    ],
)
def test_tier_bounds(minutes, expected):
    """Rule: BKN-style tiers 1–30, 31–60, 61–90, >90 minutes."""
    assert worktime.tier("TL", minutes) == expected


def test_tolerance_forgives_small_lateness():
    """Rule: lateness within the tolerance has no tier; beyond it the full lateness counts."""
    assert worktime.tier("TL", 5, tolerance=5) == ""
    assert worktime.tier("TL", 35, tolerance=5) == "TL2"


def test_full_day():
    """Rule: first in, last out, worked minutes, lateness and early departure."""
    stamps = [
        worktime.Stamp("in", at(7, 45)),
        worktime.Stamp("in", at(8, 0)),
        worktime.Stamp("out", at(15, 20)),
    ]
    s = worktime.summarise_day(DAY, stamps, HOURS)
    assert s.first_in == at(7, 45) and s.last_out == at(15, 20)
    assert s.late_minutes == 15 and s.late_tier == "TL1"
    assert s.early_minutes == 40 and s.early_tier == "PSW2"
    assert s.worked_minutes == 455 and not s.missing_out


def test_missing_check_out_is_psw4():
    """Rule: no check-out → missing_out and PSW4."""
    s = worktime.summarise_day(DAY, [worktime.Stamp("in", at(7, 20))], HOURS)
    assert s.missing_out and s.early_tier == "PSW4" and s.late_tier == ""


def test_rejected_stamps_do_not_count():
    """Rule: a REJECTED (e.g. mock-location) check-in is not presence."""
    s = worktime.summarise_day(DAY, [worktime.Stamp("in", at(7, 0), "REJECTED")], HOURS)
    assert s.missing_in and s.rejected == 1 and s.late_tier == "TL4"


def test_approved_correction_replaces_times():
    """Rule: an approved correction supplies the forgotten check-out."""
    s = worktime.summarise_day(
        DAY, [worktime.Stamp("in", at(7, 30))], HOURS, corrected_out=at(16, 5)
    )
    assert s.corrected and not s.missing_out and s.early_tier == "" and s.worked_minutes == 515


@given(st.integers(0, 600), st.integers(0, 600))
def test_worked_minutes_never_negative(a, b):
    """Rule: whatever the order of stamps, worked minutes are ≥ 0."""
    base = at(0, 0)
    stamps = [
        worktime.Stamp("in", base + dt.timedelta(minutes=a)),
        worktime.Stamp("out", base + dt.timedelta(minutes=b)),
    ]
    assert worktime.summarise_day(DAY, stamps, HOURS).worked_minutes >= 0
