"""The TPP recap's integer stamps: the database (or the Python fallback) and the pure minute
arithmetic must count sub-minute stamps exactly as the datetime path does."""

from __future__ import annotations

import datetime as dt

import pytest

from hibrida.presence import selectors, worktime
from hibrida.presence.models import CheckIn
from tests.pay.conftest import WIB, stamp

MONDAY = dt.date(2025, 11, 3)
US = 1_000_000


def _at(employee, day, kind, time, status="VALID"):
    row = stamp(employee, day, kind, "00:00", status)
    row.device_time = row.received_at = dt.datetime.combine(day, time, tzinfo=WIB)
    return row


@pytest.mark.django_db
def test_offsets_are_local_microseconds_with_rejected_and_backwards_out_left_out(city):
    tuesday = MONDAY + dt.timedelta(days=1)
    CheckIn.objects.bulk_create(
        [
            _at(city.staff1, MONDAY, "in", dt.time(7, 30, 59, 500000)),
            _at(city.staff1, MONDAY, "in", dt.time(7, 10), status="REJECTED"),
            _at(city.staff1, MONDAY, "out", dt.time(15, 59, 0, 250000)),
            # Tuesday: the only "out" is before the "in" (not a departure); 00.20 local is
            # still the previous UTC day, the offset counts from the local midnight.
            _at(city.staff1, tuesday, "in", dt.time(0, 20)),
            _at(city.staff1, tuesday, "out", dt.time(0, 10)),
        ]
    )
    found = selectors.attendance_offsets(MONDAY, tuesday, [city.staff1.pk])
    assert found == {
        (city.staff1.pk, 0): (
            (7 * 3600 + 30 * 60 + 59) * US + 500000,
            (15 * 3600 + 59 * 60) * US + 250000,
        ),
        (city.staff1.pk, 1): (20 * 60 * US, None),
    }


def test_integer_minutes_floor_like_timedelta():
    hours = worktime.Hours(dt.time(7, 30), dt.time(16, 0), 60)
    start, end = worktime.time_us(hours.start), worktime.time_us(hours.end)
    # 07.30.59,5 is not yet a minute late; 15.59.00,25 leaves 59,75 s early: 0 minutes.
    first_in = (7 * 3600 + 30 * 60 + 59) * US + 500000
    last_out = (15 * 3600 + 59 * 60) * US + 250000
    assert worktime.late_early_us(first_in, last_out, start, end, 60) == (0, 0, 448)
    # One microsecond past 07.31 is one minute late; 15.58.59,999999 is one minute early.
    assert worktime.late_early_us(
        (7 * 3600 + 31 * 60) * US + 1, (15 * 3600 + 59 * 60) * US - 1, start, end, 60
    ) == (1, 1, 447)  # 8 h 27 min 59,999998 s minus the break
    assert worktime.late_early_us(None, None, start, end, 60) == (0, 0, 0)
    # The datetime path agrees on the sub-minute case.
    assert worktime.late_early(
        MONDAY,
        dt.datetime.combine(MONDAY, dt.time(7, 30, 59, 500000), tzinfo=WIB),
        dt.datetime.combine(MONDAY, dt.time(15, 59, 0, 250000), tzinfo=WIB),
        hours,
    ) == (0, 0, 448)


@pytest.mark.django_db
@pytest.mark.parametrize("every_day", [False, True])
def test_month_attendance_in_the_database_counts_as_the_python_path(city, every_day):
    """PostgreSQL measures the month in SQL; the Python path over ``attendance_offsets`` is
    the reference (on SQLite both are the Python path, and the values below still hold)."""
    tuesday, wednesday, saturday = (MONDAY + dt.timedelta(days=n) for n in (1, 2, 5))
    CheckIn.objects.bulk_create(
        [
            _at(city.staff1, MONDAY, "in", dt.time(7, 31, 0, 1)),  # 1 min late
            _at(city.staff1, MONDAY, "out", dt.time(15, 58, 59)),  # 61 s early: 1 min
            _at(city.staff1, tuesday, "in", dt.time(7, 20)),  # no departure
            _at(city.staff1, wednesday, "in", dt.time(7, 0)),  # skipped day (leave)
            _at(city.staff1, saturday, "in", dt.time(8, 0)),  # no hours that day
            _at(city.staff2, MONDAY, "in", dt.time(8, 10)),  # dynamic group
            _at(city.staff2, MONDAY, "out", dt.time(16, 40)),
            _at(city.staff2, tuesday, "in", dt.time(7, 25)),
            _at(city.staff2, tuesday, "out", dt.time(16, 5)),
        ]
    )
    start, end = MONDAY - dt.timedelta(days=2), MONDAY + dt.timedelta(days=12)  # Sat to Fri
    fixed = selectors.DayHoursUs(
        worktime.time_us(dt.time(7, 30)), worktime.time_us(dt.time(16)), 60
    )
    dynamic = selectors.DayHoursUs(None, None, 60)
    weekdays = [n for n in range(15) if (start + dt.timedelta(days=n)).weekday() < 5]
    hours = {(0, n): fixed for n in weekdays} | {(1, n): dynamic for n in weekdays}
    groups = {city.staff1.pk: 0, city.staff2.pk: 1, city.other.pk: 0}
    skipped = {(city.staff1.pk, (wednesday - start).days)}
    args = (start, end, groups, hours, skipped)
    found = selectors.month_attendance(*args, tolerance=0, every_day=every_day)
    assert found == selectors._month_attendance_py(*args, tolerance=0, every_day=every_day)
    mon, tue = (MONDAY - start).days, (tuesday - start).days
    one = found[city.staff1.pk]
    assert one.present == (1 << mon) | (1 << tue)
    assert [d[0] for d in one.days] == [mon, tue] and one.days[0][3:] == (1, 1)
    assert one.worked == {1: 447}  # 07.31 to 15.59 less the hour's break
    two = found[city.staff2.pk]
    assert [d[0] for d in two.days] == [mon, tue]  # dynamic days are always returned
    assert city.other.pk not in found
