"""NIP (PNS) and NI PPPK number rules. Pure: no Django import.

A PNS NIP has 18 digits: birth date (YYYYMMDD), CPNS start (YYYYMM), gender (1 male,
2 female) and a 3-digit sequence (BKN's format). A PPPK number has the same length: birth date,
year of appointment (YYYY), the code ``21`` where a PNS NIP has the month, gender and sequence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

NIP_LENGTH = 18
PPPK_CODE = "21"


class NipError(ValueError):
    """An invalid NIP; ``message`` is the Indonesian text shown to users."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class NipInfo:
    number: str
    birth_date: dt.date
    start_year: int
    start_month: int | None
    gender: str  # "L" or "P"
    sequence: int
    asn_type: str  # "PNS" or "PPPK"


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap target year
        return day.replace(year=day.year + years, day=28)


def _common(number: str, label: str) -> tuple[str, dt.date, str, int]:
    number = (number or "").strip().replace(" ", "")
    if not number:
        raise NipError("empty", f"{label} wajib diisi.")
    if not number.isdigit():
        raise NipError("digits", f"{label} hanya boleh berisi angka.")
    if len(number) != NIP_LENGTH:
        raise NipError(
            "length", f"{label} harus {NIP_LENGTH} digit (tertulis {len(number)} digit)."
        )
    try:
        birth = dt.date(int(number[0:4]), int(number[4:6]), int(number[6:8]))
    except ValueError:
        raise NipError(
            "birth_date", f"Digit 1–8 {label} bukan tanggal lahir yang sah ({number[0:8]})."
        ) from None
    if birth.year < 1940:
        raise NipError("birth_date", f"Tahun lahir pada {label} tidak wajar ({birth.year}).")
    gender = number[14]
    if gender not in "12":
        raise NipError(
            "gender", f"Digit ke-15 {label} (jenis kelamin) harus 1 atau 2, bukan {gender}."
        )
    sequence = int(number[15:18])
    if sequence == 0:
        raise NipError("sequence", f"Nomor urut (digit 16–18) {label} tidak boleh 000.")
    return number, birth, gender, sequence


def parse_nip(number: str, today: dt.date | None = None) -> NipInfo:
    """Validate a PNS NIP and return what it encodes, or raise :class:`NipError`."""
    number, birth, gender, sequence = _common(number, "NIP")
    year, month = int(number[8:12]), int(number[12:14])
    if not 1 <= month <= 12:
        raise NipError(
            "start_month", f"Digit 13–14 NIP (bulan TMT CPNS) harus 01–12, bukan {number[12:14]}."
        )
    adult = _add_years(birth, 18)
    if (year, month) < (adult.year, adult.month):
        raise NipError(
            "start_before_adult",
            f"TMT CPNS {month:02d}/{year} lebih awal dari usia 18 tahun (lahir {birth:%d-%m-%Y}).",
        )
    today = today or dt.date.today()
    if (year, month) > (today.year, today.month):
        raise NipError("start_future", f"TMT CPNS {month:02d}/{year} berada di masa depan.")
    return NipInfo(number, birth, year, month, "L" if gender == "1" else "P", sequence, "PNS")


def parse_pppk(number: str, today: dt.date | None = None) -> NipInfo:
    """Validate a NI PPPK number and return what it encodes, or raise :class:`NipError`."""
    number, birth, gender, sequence = _common(number, "NI PPPK")
    year = int(number[8:12])
    if number[12:14] != PPPK_CODE:
        raise NipError(
            "pppk_code", f"Digit 13–14 NI PPPK harus {PPPK_CODE}, bukan {number[12:14]}."
        )
    if year < _add_years(birth, 18).year:
        raise NipError("start_before_adult", f"Tahun pengangkatan {year} sebelum usia 18 tahun.")
    today = today or dt.date.today()
    if year > today.year:
        raise NipError("start_future", f"Tahun pengangkatan {year} berada di masa depan.")
    return NipInfo(number, birth, year, None, "L" if gender == "1" else "P", sequence, "PPPK")


def parse_asn_number(number: str, asn_type: str, today: dt.date | None = None) -> NipInfo:
    if asn_type == "PPPK":
        return parse_pppk(number, today)
    return parse_nip(number, today)


def make_nip(birth: dt.date, start_year: int, start_month: int, gender: str, sequence: int) -> str:
    """Compose a PNS NIP (used by the demo generator and tests)."""
    return (
        f"{birth:%Y%m%d}{start_year:04d}{start_month:02d}"
        f"{'1' if gender == 'L' else '2'}{sequence:03d}"
    )
