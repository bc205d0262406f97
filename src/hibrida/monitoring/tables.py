"""Table layouts shared by the pages and the CSV/XLSX exports (same columns, same rows)."""

from __future__ import annotations

from hibrida.numbers import angka
from hibrida.org.tabular import to_csv, to_xlsx  # noqa: F401  (the dashboard downloads)

from . import metrics, smallcells

FIGURE_COLUMNS = [
    ("expected", "Hari-orang dijadwalkan"),
    ("present_valid", "Hadir sah"),
    ("attendance_compliance", metrics.LABELS["attendance_compliance"]),
    ("on_time_rate", metrics.LABELS["on_time_rate"]),
    ("flagged_days", "Hari ditandai"),
    ("submission_rate", metrics.LABELS["submission_rate"]),
    ("validation_rate", metrics.LABELS["validation_rate"]),
    ("wfh_share", metrics.LABELS["wfh_share"]),
    ("output_index", metrics.LABELS["output_index"]),
]
RATES = set(metrics.FIGURES) - {"output_index"}
IDENTITY = {"key", "name", "nip", "unit"}  # what a hidden row still shows

# table name -> (title, leading columns [(key, header)])
LAYOUTS = {
    "opd": ("Peringkat OPD", [("rank", "Peringkat"), ("name", "OPD")]),
    "unit": ("Cakupan per unit", [("name", "Unit")]),
    "person": ("Per pegawai", [("nip", "NIP"), ("name", "Nama"), ("unit", "Unit")]),
    "trend": ("Tren", [("name", "Periode")]),
}
TEAM_COLUMNS = [
    ("nip", "NIP"),
    ("name", "Nama"),
    ("unit", "Unit"),
    ("mode_label", "Mode terjadwal"),
    ("check_in", "Masuk"),
    ("check_in_status", "Status presensi"),
    ("check_out", "Pulang"),
    ("flags", "Tanda"),
    ("report", "Laporan harian"),
]

MEETING_COLUMNS = [
    ("name", "OPD"),
    ("meetings", "Rapat diadakan/diikuti"),
    ("has_wfh", "Ada WFH"),
    ("compliant", "Memenuhi"),
]
SPOT_COLUMNS = [
    ("name", "OPD"),
    ("proposed", "Diusulkan"),
    ("done", "Dilakukan"),
    ("reached", "Terhubung"),
    ("missed", "Terlewat"),
    ("done_rate", "Tingkat dilakukan"),
    ("reach_rate", "Tingkat terhubung"),
]
PLAIN = {
    "team": ("Tim hari ini", TEAM_COLUMNS),
    "meetings": ("Rapat koordinasi", MEETING_COLUMNS),
    "spotchecks": ("Uji petik", SPOT_COLUMNS),
    "index": (
        "Tren indeks keluaran (WFO=100)",
        [("name", "Bulan"), ("output_index", "Indeks"), ("basis", "Keterangan bulan berjalan")],
    ),
}
PLAIN_RATES = {"done_rate", "reach_rate"}


def cell(row: dict, key: str, *, for_file: bool = False):
    """The value of ``key`` in a figure row: counts, rates as % (file: number, 1 decimal); a
    small cell hidden from the viewer says so instead of a number (page and file alike)."""
    if row.get("hidden") and key not in IDENTITY:
        return smallcells.HIDDEN_TEXT
    if key in metrics.FIGURES and key in row:
        value = row.get(key)
        if value is None:
            return None if for_file else "—"
        if key in RATES:
            return round(100 * value, 1) if for_file else metrics.percent(value)
        return round(value, 1) if for_file else f"{value:.1f}".replace(".", ",")
    if key in metrics.COUNT_FIELDS and "counts" in row:
        count = getattr(row["counts"], key)
        return count if for_file else angka(count, 0)
    if key == "check_in_status" and for_file:
        # Files carry the label the page shows, not the stored code (VALID, FLAGGED, ...).
        return row.get("check_in_status_label") or None
    value = row.get(key)
    if key in PLAIN_RATES:
        if value is None:
            return None if for_file else "—"
        return round(100 * value, 1) if for_file else metrics.percent(value)
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int) and not for_file:
        return angka(value, 0)  # a city's 12.000 ASN, with the thousands dot
    return value


def layout(table: str) -> tuple[str, list[tuple[str, str]]]:
    if table in PLAIN:
        return PLAIN[table]
    title, lead = LAYOUTS[table]
    return title, lead + FIGURE_COLUMNS


def matrix(table: str, rows: list[dict]) -> tuple[str, list[str], list[list]]:
    """(title, headers, values) of a table for a file; rates in percent."""
    title, columns = layout(table)
    headers = [h + (" (%)" if k in RATES | PLAIN_RATES else "") for k, h in columns]
    return title, headers, [[cell(r, k, for_file=True) for k, _ in columns] for r in rows]
