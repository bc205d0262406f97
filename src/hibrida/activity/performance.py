"""Output-based performance: realisation, output scores, productivity index, predicate.

Pure Python (no Django) so the formulas can be checked by hand and by hypothesis. The formulas
are written out in docs/architecture.md and shown on the page (``FORMULA_TEXT``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from hibrida.roster.modes import WorkMode

SCORE_CAP = 120.0
PREDICATE_THRESHOLDS: list[tuple[float, str]] = [
    (110.0, "Sangat Baik"),
    (90.0, "Baik"),
    (70.0, "Butuh Perbaikan"),
    (50.0, "Kurang"),
]
LOWEST_PREDICATE = "Sangat Kurang"
PREDICATES = [label for _, label in PREDICATE_THRESHOLDS] + [LOWEST_PREDICATE]

FORMULA_TEXT = (
    "Indeks produktivitas = (skor keluaran tervalidasi per hari-orang WFH ÷ skor keluaran "
    "tervalidasi per hari-orang WFO) × 100; WFO = 100. Skor keluaran harian = 100 × rata-rata "
    "atas target SKP dari (kuantitas hari itu ÷ kuantitas harian yang diharapkan), dengan "
    "kuantitas harian yang diharapkan = rencana bulanan ÷ jumlah hari kerja bulan itu. "
    "Hari-orang = hari dengan laporan yang dikirim pada mode itu; hanya laporan yang disetujui "
    "atasan yang dihitung keluarannya."
)
PREDICATE_TEXT = (
    "Indikasi predikat (skala PermenPANRB 6/2022) dari skor keluaran bulanan "
    "(rata-rata capaian target, maks. 120 per target): ≥ 110 Sangat Baik; 90–<110 Baik; "
    "70–<90 Butuh Perbaikan; 50–<70 Kurang; < 50 Sangat Kurang. Ini indikasi, bukan penilaian "
    "kinerja resmi, yang juga menilai perilaku kerja."
)
MONTH_TO_DATE_TEXT = (
    "Bulan berjalan dinilai pada hari kerja yang sudah lewat (sampai kemarin): rencana bulanan "
    "dikalikan (hari kerja terhitung ÷ hari kerja sebulan) dan hanya laporan sampai kemarin yang "
    "dihitung. Sebelum cukup hari kerja terhitung, skor dan predikat tertulis «belum cukup data»."
)


@dataclass(frozen=True)
class ScoringPeriod:
    """The part of a month an output score is computed on.

    ``through`` is the last calendar day counted (None before the month's first day has
    passed); ``counted`` the working days up to it, ``in_month`` those of the whole month."""

    month_start: dt.date
    month_end: dt.date
    through: dt.date | None
    counted: int
    in_month: int
    minimum: int

    @property
    def complete(self) -> bool:
        return self.through == self.month_end

    @property
    def enough(self) -> bool:
        # A finished month is judged whole even if it had fewer working days than the minimum.
        return self.complete or self.counted >= self.minimum

    @property
    def fraction(self) -> float:
        """Share of the month's planned output expected by ``through``."""
        if self.complete:
            return 1.0
        return self.counted / self.in_month if self.in_month else 0.0


def scoring_period(
    month_start: dt.date,
    month_end: dt.date,
    month_working_days: Sequence[dt.date],
    today: dt.date,
    minimum: int,
) -> ScoringPeriod:
    """The scoring period of a month seen on ``today``: the whole month once it is over,
    else its days before ``today`` (today's report is due only at the end of the day)."""
    through = min(month_end, today - dt.timedelta(days=1))
    if through < month_start:
        return ScoringPeriod(month_start, month_end, None, 0, len(month_working_days), minimum)
    counted = sum(1 for d in month_working_days if d <= through)
    return ScoringPeriod(month_start, month_end, through, counted, len(month_working_days), minimum)


@dataclass(frozen=True)
class DayOutput:
    """One reported person-day: its mode, whether it was validated and quantity per target."""

    employee: int
    day: dt.date
    mode: str
    validated: bool
    quantities: Mapping[int, float]


@dataclass(frozen=True)
class PersonDay:
    """One reported person-day for the productivity index: mode, validated, daily score."""

    mode: str
    validated: bool
    score: float


@dataclass(frozen=True)
class Realisation:
    target: int
    planned: float
    realised: float

    @property
    def percent(self) -> float | None:
        return None if self.planned <= 0 else 100.0 * self.realised / self.planned


@dataclass(frozen=True)
class IndexResult:
    wfh_days: int
    wfo_days: int
    wfh_output_per_day: float | None
    wfo_output_per_day: float | None
    index: float | None


def daily_score(
    quantities: Mapping[int, float], planned: Mapping[int, float], working_days: int
) -> float:
    """100 × mean over planned targets of (quantity that day ÷ expected daily quantity).

    Targets without a positive plan are ignored (their output cannot be scored)."""
    scored = {t: p for t, p in planned.items() if p > 0}
    if not scored or working_days <= 0:
        return 0.0
    total = sum(quantities.get(t, 0.0) / (p / working_days) for t, p in scored.items())
    return 100.0 * total / len(scored)


def realisation(planned: Mapping[int, float], days: Iterable[DayOutput]) -> dict[int, Realisation]:
    """Realisation per planned target from the validated days only."""
    realised = dict.fromkeys(planned, 0.0)
    for day in days:
        if not day.validated:
            continue
        for target, qty in day.quantities.items():
            if target in realised:
                realised[target] += qty
    return {t: Realisation(t, float(planned[t]), realised[t]) for t in planned}


def monthly_score(planned: Mapping[int, float], days: Iterable[DayOutput]) -> float | None:
    """Mean over targets with a positive plan of min(realisation %, 120); None without plan."""
    values = [r.percent for r in realisation(planned, days).values() if r.percent is not None]
    if not values:
        return None
    return sum(min(v, SCORE_CAP) for v in values) / len(values)


def prorated(planned: Mapping[int, float], period: ScoringPeriod) -> dict[int, float]:
    """The plan expected by the end of ``period`` (the whole plan for a finished month)."""
    return {t: p * period.fraction for t, p in planned.items()}


def in_period(days: Iterable[DayOutput], period: ScoringPeriod) -> list[DayOutput]:
    """The reported days up to the end of ``period``."""
    through = period.through
    return [] if through is None else [d for d in days if d.day <= through]


def period_realisation(
    planned: Mapping[int, float], days: Iterable[DayOutput], period: ScoringPeriod
) -> dict[int, Realisation]:
    """Realisation per target against the plan expected by the end of ``period``."""
    return realisation(prorated(planned, period), in_period(days, period))


def period_score(
    planned: Mapping[int, float], days: Iterable[DayOutput], period: ScoringPeriod
) -> float | None:
    """The monthly score on ``period``; None without a plan or before enough working days."""
    if not period.enough:
        return None
    return monthly_score(prorated(planned, period), in_period(days, period))


def predicate(score: float | None) -> str | None:
    """The PermenPANRB 6/2022 label indicated by a monthly output score."""
    if score is None:
        return None
    for threshold, label in PREDICATE_THRESHOLDS:
        if score >= threshold:
            return label
    return LOWEST_PREDICATE


def productivity_index(days: Iterable[PersonDay]) -> IndexResult:
    """WFH vs WFO validated output per person-day, WFO = 100 (None when either side is empty).

    Only WFH and WFO days count; field, duty and leave days are neither side of the comparison.
    """
    # Keyed by str: ``day.mode`` is the stored text, which a StrEnum key matches.
    sums: dict[str, float] = {WorkMode.WFH: 0.0, WorkMode.WFO: 0.0}
    counts: dict[str, int] = {WorkMode.WFH: 0, WorkMode.WFO: 0}
    for day in days:
        if day.mode not in sums:
            continue
        counts[day.mode] += 1
        if day.validated:
            sums[day.mode] += day.score
    per_day = {m: (sums[m] / counts[m] if counts[m] else None) for m in sums}
    wfh, wfo = per_day[WorkMode.WFH], per_day[WorkMode.WFO]
    index = None if wfh is None or not wfo else 100.0 * wfh / wfo
    return IndexResult(counts[WorkMode.WFH], counts[WorkMode.WFO], wfh, wfo, index)
