"""pay/discipline.py: the PP 94/2021 category at, below and above each threshold."""

from __future__ import annotations

import datetime as dt

import pytest

from hibrida.pay import discipline

# (days, expected category) written from the regulation's text, not from the table.
CASES = [
    (0, None),
    (2, None),
    (3, "Teguran lisan"),
    (4, "Teguran tertulis"),
    (6, "Teguran tertulis"),
    (7, "Pernyataan tidak puas secara tertulis"),
    (10, "Pernyataan tidak puas secara tertulis"),
    (11, "Pemotongan tunjangan kinerja 25 % selama 6 bulan"),
    (13, "Pemotongan tunjangan kinerja 25 % selama 6 bulan"),
    (14, "Pemotongan tunjangan kinerja 25 % selama 9 bulan"),
    (16, "Pemotongan tunjangan kinerja 25 % selama 9 bulan"),
    (17, "Pemotongan tunjangan kinerja 25 % selama 12 bulan"),
    (20, "Pemotongan tunjangan kinerja 25 % selama 12 bulan"),
    (21, "Penurunan jabatan setingkat lebih rendah selama 12 bulan"),
    (24, "Penurunan jabatan setingkat lebih rendah selama 12 bulan"),
    (25, "Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan"),
    (27, "Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan"),
    (28, "Pemberhentian dengan hormat tidak atas permintaan sendiri"),
    (60, "Pemberhentian dengan hormat tidak atas permintaan sendiri"),
]


@pytest.mark.parametrize(("days", "expected"), CASES)
def test_category_at_each_threshold(days, expected):
    found = discipline.category(days)
    assert (found.category if found else None) == expected


def test_ten_consecutive_working_days_is_dismissal_whatever_the_total():
    assert discipline.category(10, 10).category.startswith("Pemberhentian")
    assert discipline.category(10, 9).category.startswith("Pernyataan")


def test_a_weekend_does_not_break_a_run_of_working_days():
    mon = dt.date(2025, 11, 3)
    working = [
        mon + dt.timedelta(days=n) for n in range(14) if (mon + dt.timedelta(days=n)).weekday() < 5
    ]
    assert discipline.longest_run(working, working) == 10
    gap = [d for d in working if d != dt.date(2025, 11, 10)]
    assert discipline.longest_run(gap, working) == 5
