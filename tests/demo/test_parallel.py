"""Demo rows computed in forked workers: same rows whatever the number of parts, errors raised."""

import datetime as dt
import os

import pytest

from hibrida.demo import parallel


def _square(job, index):
    return [x * x for x in parallel.split(job, 3)[index]]


def _fails(job, index):
    if index == 1:
        raise ValueError(f"bagian {index} gagal")
    return index


def _pid(job, index):
    return os.getpid()


def test_parts_come_back_in_order():
    """Rule: part i is the i-th result, whoever computed it."""
    assert parallel.map_parts(_square, list(range(10)), 3) == [
        [0, 1, 4, 9],
        [16, 25, 36],
        [49, 64, 81],
    ]


def test_split_cuts_contiguous_near_equal_slices():
    assert parallel.split(list(range(7)), 3) == [[0, 1, 2], [3, 4], [5, 6]]
    assert parallel.split([1], 3) == [[1], [], []]


def test_an_error_in_a_worker_fails_the_caller():
    """Rule: a worker's exception is raised in the loading process (the demo load fails)."""
    with pytest.raises(ValueError, match="bagian 1 gagal"):
        parallel.map_parts(_fails, None, 3)


@pytest.mark.skipif(parallel.workers() < 2, reason="needs two CPUs to fork workers")
def test_parts_run_in_other_processes_with_two_cpus():
    assert os.getpid() not in parallel.map_parts(_pid, None, 2)


@pytest.mark.django_db
def test_presence_rows_do_not_depend_on_the_number_of_parts():
    """Rule: each employee draws from their own generator, so 1 or 3 parts give the same rows."""
    from hibrida.presence import demo_data, verify

    tz = dt.timezone(dt.timedelta(hours=7))
    days = [dt.date(2026, 11, 16) + dt.timedelta(days=i) for i in range(5)]
    office = {
        "unit_id": None,
        "name": "Kantor",
        "latitude": -6.24,
        "longitude": 106.99,
        "radius_m": 100,
    }
    job = demo_data._Job(
        seed=7,
        tz=tz,
        now=dt.datetime(2026, 11, 20, 9, 0, tzinfo=tz),
        cutoff=dt.date(2026, 11, 17),
        field_areas={
            2: verify.Place(
                "field",
                "Area",
                -6.2,
                106.9,
                polygon=((-6.21, 106.89), (-6.21, 106.91), (-6.19, 106.91), (-6.19, 106.89)),
            )
        },
        sqlite=True,
        employees={i: (1 + i % 2, 10) for i in range(1, 8)},
        offices={1: [office], 2: [office]},
        days=days,
        sample=[1, 2, 3, 4],
        modes={
            (i, d): ("WFH" if (i + d.day) % 3 == 0 else "FIELD" if i % 2 else "WFO")
            for i in range(1, 5)
            for d in days
        },
        rest=[5, 6, 7],
        today=days[-1],
        today_modes={(5, days[-1]): "WFH"},
        parts=1,
    )
    one = demo_data._part(job, 0)
    job.parts = 3
    three = [demo_data._part(job, i) for i in range(3)]
    assert sorted(r for p in three for r in p.rows) == sorted(one.rows)
    assert sorted(h for p in three for h in p.homes) == sorted(one.homes)
    assert len(one.rows) > 20 and any(r[5] == "2026-11-20" for r in one.rows)
    # Nothing after the moment of loading (09.00 WIB = 02.00 UTC) on the last day.
    assert max(r[3] for r in one.rows) <= "2026-11-20 02:00:00"
