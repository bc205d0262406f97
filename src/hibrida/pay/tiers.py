"""TPP deduction arithmetic: tiers, one day's deductions, a month's total. Pure: no Django.

The percentages are the city's (its Perwal on TPP) and come in as data with their source;
this module only applies them. Rules: docs/regulations-pay.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

HUNDRED = Decimal(100)

# Day status codes.
PRESENT = "present"
ABSENT = "absent"  # a working day with no record and no reason
EXCUSED = "excused"  # approved leave, dinas luar, an approved correction
HOLIDAY = "holiday"

# Deduction codes.
TL = "TL"
PSW = "PSW"
TK = "TK"  # tanpa keterangan: absent without reason
LHK = "LHK"  # laporan harian kosong (only when the table turns it on)
ADJ = "ADJ"  # a correction of a final month, carried into the next


@dataclass(frozen=True)
class Tier:
    up_to: int | None  # inclusive upper bound in minutes; None = no bound (and "no record")
    percent: Decimal


@dataclass(frozen=True)
class Table:
    tl: tuple[Tier, ...]
    psw: tuple[Tier, ...]
    absent_percent: Decimal
    missing_report_percent: Decimal | None = None
    tolerance_minutes: int = 0


@dataclass(frozen=True)
class DayFact:
    day: dt.date
    status: str
    late_minutes: int = 0
    early_minutes: int = 0
    missing_in: bool = False
    missing_out: bool = False
    report_missing: bool = False
    record: str = ""  # what the deduction points at, e.g. "masuk 08.12"


@dataclass(frozen=True)
class Deduction:
    day: dt.date
    code: str
    tier: int  # 1-based tier, 0 when not tiered
    minutes: int
    percent: Decimal
    record: str


def check_tiers(tiers: Sequence[Tier]) -> str:
    """ "" when ``tiers`` are usable, else why not (for a field message)."""
    if not tiers:
        return "Minimal satu tingkat."
    bounds = [t.up_to for t in tiers]
    if bounds[-1] is not None:
        return "Tingkat terakhir harus tanpa batas atas (termasuk tanpa rekaman)."
    if any(b is None for b in bounds[:-1]):
        return "Hanya tingkat terakhir yang boleh tanpa batas atas."
    numbers = [b for b in bounds[:-1] if b is not None]
    if any(b <= 0 for b in numbers) or any(
        b >= c for b, c in zip(numbers, numbers[1:], strict=False)
    ):
        return "Batas menit harus positif dan naik."
    if any(t.percent < 0 or t.percent > HUNDRED for t in tiers):
        return "Persentase harus antara 0 dan 100."
    return ""


def tier_of(tiers: Sequence[Tier], minutes: int | None) -> tuple[int, Decimal]:
    """(1-based tier, percent) for ``minutes`` late or early; None = no record (last tier).

    0 minutes or fewer is no deduction: (0, 0).
    """
    if minutes is None:
        return len(tiers), tiers[-1].percent
    if minutes <= 0:
        return 0, Decimal(0)
    for index, tier in enumerate(tiers, start=1):
        if tier.up_to is None or minutes <= tier.up_to:
            return index, tier.percent
    return len(tiers), tiers[-1].percent  # unreachable with a checked table


def day_deductions(fact: DayFact, table: Table) -> list[Deduction]:
    """What one day costs. Excused days and holidays cost nothing; an absent day costs the
    absence percentage alone (not also TL and PSW for the same missing record)."""
    if fact.status in (EXCUSED, HOLIDAY):
        return []
    if fact.status == ABSENT:
        return [Deduction(fact.day, TK, 0, 0, table.absent_percent, fact.record)]
    out = []
    for code, tiers, minutes, missing in (
        (TL, table.tl, fact.late_minutes, fact.missing_in),
        (PSW, table.psw, fact.early_minutes, fact.missing_out),
    ):
        if missing:
            index, percent = tier_of(tiers, None)
            out.append(Deduction(fact.day, code, index, 0, percent, fact.record))
        elif minutes > table.tolerance_minutes:
            index, percent = tier_of(tiers, minutes)
            out.append(Deduction(fact.day, code, index, minutes, percent, fact.record))
    if fact.report_missing and table.missing_report_percent is not None:
        out.append(Deduction(fact.day, LHK, 0, 0, table.missing_report_percent, fact.record))
    return out


def month_percent(deductions: Iterable[Deduction]) -> Decimal:
    """The month's total, capped at 100 % (TPP cannot go below zero); adjustments may be
    negative (a refund for a corrected final month), and the total is never below 0."""
    total = sum((d.percent for d in deductions), Decimal(0))
    return min(HUNDRED, max(Decimal(0), total))
