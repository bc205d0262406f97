"""BKN Simpegnas daily attendance: WFO/WFH with lateness (TM) and early-leave (PC) tiers.

No Django import. The tier bounds are data (``TIERS``, with their source); the file columns and
the bounds are assumptions until the city receives Simpegnas' own specification
(docs/national.md, "Simpegnas").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from hibrida.roster.modes import WorkMode

# (first minute, last minute or None for "and more", code). The same 30-minute steps as the
# TL/PSW tiers Hibrida already uses (presence/worktime.py) and the TPP rules of many pemda;
# Simpegnas' own bounds are not published, so BKPSDM confirms them before use.
TIERS: dict[str, tuple[tuple[int, int | None, str], ...]] = {
    "TM": ((1, 30, "TM1"), (31, 60, "TM2"), (61, 90, "TM3"), (91, None, "TM4")),
    "PC": ((1, 30, "PC1"), (31, 60, "PC2"), (61, 90, "PC3"), (91, None, "PC4")),
}
TIER_SOURCE = (
    "Asumsi: langkah 30 menit seperti TL/PSW di Hibrida dan Perkada TPP umumnya; "
    "tanpa catatan masuk = TM4, tanpa catatan pulang = PC4. Perlu konfirmasi spesifikasi Simpegnas."
)
COLUMNS = ("NIP", "TANGGAL", "JENIS_KERJA", "JAM_MASUK", "JAM_PULANG", "TM", "PC")
MODES = (WorkMode.WFO, WorkMode.WFH)


def tier(prefix: str, minutes: int | None) -> str:
    """The tier code for ``minutes`` late (TM) or early (PC); "" when on time; the last tier
    when there is no record at all (``None``)."""
    bounds = TIERS[prefix]
    if minutes is None:
        return bounds[-1][2]
    for low, high, code in bounds:
        if minutes >= low and (high is None or minutes <= high):
            return code
    return ""


@dataclass(frozen=True)
class Day:
    nip: str
    day: dt.date
    mode: str  # WFO | WFH
    time_in: dt.time | None
    time_out: dt.time | None
    tm: str
    pc: str


def day_row(
    nip: str,
    day: dt.date,
    mode: str,
    time_in: dt.time | None,
    time_out: dt.time | None,
    late_minutes: int,
    early_minutes: int,
) -> Day:
    """One exported day: the tiers follow from the minutes (no record: the last tier)."""
    return Day(
        nip,
        day,
        mode,
        time_in,
        time_out,
        tier("TM", None if time_in is None else late_minutes),
        tier("PC", None if time_out is None else early_minutes),
    )


def _hhmm(value: dt.time | None) -> str:
    return "" if value is None else value.strftime("%H:%M")


def write_csv(days: Iterable[Day]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for d in days:
        writer.writerow(
            [d.nip, d.day.isoformat(), d.mode, _hhmm(d.time_in), _hhmm(d.time_out), d.tm, d.pc]
        )
    return out.getvalue().encode("utf-8")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


def _time(value: str) -> dt.time:
    return dt.datetime.strptime(value, "%H:%M").time()


def _check_row(number: int, row: Mapping[str, str], errors: list[RowError]) -> Day | None:
    def err(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    start = len(errors)
    nip = row.get("NIP", "").strip().lstrip("'")
    if not (len(nip) == 18 and nip.isdigit()):
        err("NIP", f"NIP harus 18 angka, bukan '{nip}'.")
    day = None
    try:
        day = dt.date.fromisoformat(row.get("TANGGAL", "").strip())
    except ValueError:
        err("TANGGAL", f"Tanggal harus berbentuk YYYY-MM-DD, bukan '{row.get('TANGGAL', '')}'.")
    mode = row.get("JENIS_KERJA", "").strip().upper()
    if mode not in MODES:
        err("JENIS_KERJA", f"Jenis kerja harus WFO atau WFH, bukan '{row.get('JENIS_KERJA', '')}'.")
    times: dict[str, dt.time | None] = {}
    for column in ("JAM_MASUK", "JAM_PULANG"):
        text = row.get(column, "").strip()
        try:
            times[column] = _time(text) if text else None
        except ValueError:
            err(column, f"Jam harus berbentuk JJ:MM, bukan '{text}'.")
    for column, prefix in (("TM", "TM"), ("PC", "PC")):
        code = row.get(column, "").strip().upper()
        if code and code not in {c for _, _, c in TIERS[prefix]}:
            err(column, f"Kode {column} tidak dikenal: '{code}' (harus {prefix}1–{prefix}4).")
    t_in, t_out = times.get("JAM_MASUK"), times.get("JAM_PULANG")
    if t_in and t_out and t_out <= t_in:
        err("JAM_PULANG", "Jam pulang harus sesudah jam masuk.")
    if len(errors) > start or day is None:
        return None
    return Day(nip, day, mode, t_in, t_out, row["TM"].strip().upper(), row["PC"].strip().upper())


def read_csv(content: bytes) -> tuple[list[Day], list[RowError]]:
    """Every row checked; the days only when no row has an error (all or nothing)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(1, "-", "Berkas harus teks UTF-8 (CSV).")]
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().upper() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in headers]
    if missing:
        return [], [RowError(1, "-", "Kolom wajib tidak ada: " + ", ".join(missing))]
    errors: list[RowError] = []
    days: list[Day] = []
    seen: dict[tuple[str, dt.date], int] = {}
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().upper(): (v or "") for k, v in raw.items() if k is not None}
        parsed = _check_row(number, row, errors)
        if parsed is None:
            continue
        key = (parsed.nip, parsed.day)
        if key in seen:
            errors.append(
                RowError(number, "TANGGAL", f"NIP dan tanggal ini sudah ada di baris {seen[key]}.")
            )
            continue
        seen[key] = number
        days.append(parsed)
    if not days and not errors:
        errors.append(RowError(2, "-", "Berkas tidak berisi baris data."))
    return ([] if errors else days), errors
