"""PP 94/2021 early warning: the category named for accumulated unexcused absence. Pure.

Information only: the decision is the PPK's. Each row cites the article it comes from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

SOURCE = "PP 94/2021 Pasal 9–11 (kewajiban masuk kerja dan menaati jam kerja, Pasal 4 huruf f)"


@dataclass(frozen=True)
class Threshold:
    level: int
    min_days: int
    max_days: int | None
    category: str
    article: str


# Days of unexcused absence accumulated in one calendar year.
THRESHOLDS: tuple[Threshold, ...] = (
    Threshold(1, 3, 3, "Teguran lisan", "Pasal 9 (hukuman disiplin ringan)"),
    Threshold(2, 4, 6, "Teguran tertulis", "Pasal 9 (hukuman disiplin ringan)"),
    Threshold(
        3, 7, 10, "Pernyataan tidak puas secara tertulis", "Pasal 9 (hukuman disiplin ringan)"
    ),
    Threshold(
        4,
        11,
        13,
        "Pemotongan tunjangan kinerja 25 % selama 6 bulan",
        "Pasal 10 (hukuman disiplin sedang)",
    ),
    Threshold(
        5,
        14,
        16,
        "Pemotongan tunjangan kinerja 25 % selama 9 bulan",
        "Pasal 10 (hukuman disiplin sedang)",
    ),
    Threshold(
        6,
        17,
        20,
        "Pemotongan tunjangan kinerja 25 % selama 12 bulan",
        "Pasal 10 (hukuman disiplin sedang)",
    ),
    Threshold(
        7,
        21,
        24,
        "Penurunan jabatan setingkat lebih rendah selama 12 bulan",
        "Pasal 11 (hukuman disiplin berat)",
    ),
    Threshold(
        8,
        25,
        27,
        "Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan",
        "Pasal 11 (hukuman disiplin berat)",
    ),
    Threshold(
        9,
        28,
        None,
        "Pemberhentian dengan hormat tidak atas permintaan sendiri",
        "Pasal 11 ayat (2) huruf d angka 3",
    ),
)
# Pasal 11 ayat (2) huruf d: also 10 working days in a row without a valid reason.
CONSECUTIVE_DISMISSAL = 10


def longest_run(days: Iterable[dt.date], working_days: list[dt.date]) -> int:
    """The longest run of consecutive *working* days in ``days`` (a weekend does not break it)."""
    absent = set(days)
    best = run = 0
    for day in working_days:
        run = run + 1 if day in absent else 0
        best = max(best, run)
    return best


def category(total_days: int, consecutive_days: int = 0) -> Threshold | None:
    """The threshold reached by ``total_days`` in the year, or by 10 working days in a row."""
    if consecutive_days >= CONSECUTIVE_DISMISSAL:
        return THRESHOLDS[-1]
    found = None
    for threshold in THRESHOLDS:
        if total_days >= threshold.min_days:
            found = threshold
    return found
