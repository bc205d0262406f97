"""The dashboard figures, defined once. Pure: no Django import.

Every figure is computed here from plain counts of person-days, so the page's definition
(``DEFINITIONS``), the export and the API cannot disagree; see docs/architecture.md,
"The dashboard summaries".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from hibrida.roster.modes import WorkMode

ON_SITE_OR_HOME = (WorkMode.WFO, WorkMode.WFH, WorkMode.FIELD)  # modes where work is expected
NOT_EXPECTED = (
    WorkMode.LEAVE,
    WorkMode.DUTY,
)  # cuti and dinas luar: excluded from the denominators
MODES = ON_SITE_OR_HOME + NOT_EXPECTED


@dataclass
class Counts:
    """Additive counts of a set of person-days (one DailySummary row, or a sum of them)."""

    planned: int = 0  # person-days with any planned mode (incl. leave and duty)
    expected: int = 0  # planned WFO/WFH/FIELD person-days
    wfh: int = 0  # planned WFH person-days
    present_valid: int = 0  # expected person-days with a VALID check-in or approved correction
    checked_in: int = 0  # expected person-days with a non-rejected "in" check-in
    on_time: int = 0  # ... whose first such check-in is at or before start + tolerance
    flagged_days: int = 0  # expected person-days with at least one FLAGGED check-in
    flagged: int = 0  # FLAGGED check-in records
    rejected: int = 0  # REJECTED check-in records
    reports_submitted: int = 0  # reports of expected person-days sent (any status but draft)
    reports_validated: int = 0  # ... decided by the atasan (approved or rejected)
    reports_approved: int = 0
    reports_pending: int = 0  # ... still waiting for the atasan (status submitted)
    reports_late: int = 0  # ... sent after the deadline
    output_wfh_days: int = 0  # reported WFH person-days (productivity index denominator)
    output_wfo_days: int = 0
    output_wfh_score: float = 0.0  # sum of validated daily output scores on WFH days
    output_wfo_score: float = 0.0

    def add(self, other: Counts | Mapping[str, float]) -> Counts:
        """Add ``other`` (Counts or a mapping with the same keys) into self; returns self."""
        # On the instance dicts: the dashboards add a few hundred of these per page.
        mine = self.__dict__
        theirs = other.__dict__ if isinstance(other, Counts) else other
        for name in COUNT_FIELDS:
            value = theirs.get(name)
            if value:
                mine[name] += value
        return self

    @classmethod
    def total(cls, items: Iterable[Counts | Mapping[str, float]]) -> Counts:
        out = cls()
        for item in items:
            out.add(item)
        return out


COUNT_FIELDS = tuple(f.name for f in fields(Counts))
# The counts the figures and the dashboard tables read; the others only travel in the API.
FIGURE_COUNTS = (
    "expected",
    "wfh",
    "present_valid",
    "checked_in",
    "on_time",
    "flagged_days",
    "reports_submitted",
    "reports_validated",
    "output_wfh_days",
    "output_wfo_days",
    "output_wfh_score",
    "output_wfo_score",
)


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when nothing was expected (shown as "—")."""
    if not denominator:
        return None
    return numerator / denominator


def attendance_compliance(c: Counts) -> float | None:
    return ratio(c.present_valid, c.expected)


def on_time_rate(c: Counts) -> float | None:
    return ratio(c.on_time, c.checked_in)


def flag_rate(c: Counts) -> float | None:
    return ratio(c.flagged_days, c.expected)


def submission_rate(c: Counts) -> float | None:
    return ratio(c.reports_submitted, c.expected)


def validation_rate(c: Counts) -> float | None:
    return ratio(c.reports_validated, c.reports_submitted)


def wfh_share(c: Counts) -> float | None:
    return ratio(c.wfh, c.expected)


def output_index(c: Counts) -> float | None:
    """Productivity index, WFO = 100 (same formula as hibrida.activity.performance)."""
    wfh = ratio(c.output_wfh_score, c.output_wfh_days)
    wfo = ratio(c.output_wfo_score, c.output_wfo_days)
    if wfh is None or not wfo:
        return None
    return 100.0 * wfh / wfo


FIGURES = {
    "attendance_compliance": attendance_compliance,
    "on_time_rate": on_time_rate,
    "flag_rate": flag_rate,
    "submission_rate": submission_rate,
    "validation_rate": validation_rate,
    "wfh_share": wfh_share,
    "output_index": output_index,
}

LABELS = {
    "attendance_compliance": "Kepatuhan presensi",
    "on_time_rate": "Tepat waktu",
    "flag_rate": "Hari ditandai",
    "submission_rate": "Laporan dikirim",
    "validation_rate": "Laporan divalidasi",
    "wfh_share": "Porsi WFH",
    "output_index": "Indeks keluaran (WFO=100)",
}

DEFINITIONS = {
    "attendance_compliance": (
        "Hari-orang dengan presensi masuk berstatus SAH (atau koreksi yang disetujui atasan) ÷ "
        "hari-orang yang dijadwalkan WFO, WFH atau lapangan (cuti dan dinas luar tidak dihitung)."
    ),
    "on_time_rate": (
        "Hari-orang yang presensi masuk pertamanya (tidak ditolak) pada atau sebelum jam mulai "
        "kerja + toleransi ÷ hari-orang dengan presensi masuk."
    ),
    "flag_rate": (
        "Hari-orang dengan sedikitnya satu presensi DITANDAI ÷ hari-orang yang dijadwalkan kerja."
    ),
    "submission_rate": (
        "Laporan harian yang dikirim (status selain draf) ÷ hari-orang yang dijadwalkan kerja."
    ),
    "validation_rate": (
        "Laporan yang sudah diputus atasan (disetujui atau ditolak) ÷ laporan yang dikirim."
    ),
    "wfh_share": "Hari-orang terjadwal WFH ÷ hari-orang yang dijadwalkan kerja.",
    "output_index": (
        "Skor keluaran tervalidasi per hari-orang WFH ÷ per hari-orang WFO × 100 (rumus laporan "
        "harian); mode hari = mode terjadwal."
    ),
}


def figures(c: Counts) -> dict[str, float | None]:
    """Every figure of a set of person-days, keyed as in ``FIGURES``."""
    return {name: fn(c) for name, fn in FIGURES.items()}


def rank(rows: list[dict[str, Any]], key: str = "attendance_compliance") -> list[dict[str, Any]]:
    """Rows sorted best first by ``key`` (None last), each given a 1-based ``rank``.

    Ties share a rank (competition ranking: 1, 2, 2, 4) so no OPD is ranked below an equal one.
    """
    ordered = sorted(rows, key=lambda r: (r[key] is None, -(r[key] or 0.0)))
    previous, current = object(), 0
    for i, row in enumerate(ordered, start=1):
        if row[key] != previous:
            current, previous = i, row[key]
        row["rank"] = current if row[key] is not None else None
    return ordered


def percent(value: float | None, digits: int = 1) -> str:
    """A rate as "87,5 %" (Indonesian decimal comma), or "—" when undefined."""
    if value is None:
        return "—"
    return f"{100 * value:.{digits}f} %".replace(".", ",")
