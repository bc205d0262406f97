"""Pilot evaluation: baseline (Oct 2025) vs Tahap I (Nov) vs Tahap II (Dec). Pure, no Django.

Treated OPDs took WFH days, the control group is the direct-service OPDs that stayed WFO;
difference-in-differences removes what changed for everyone, and the pre-pilot months check
that both groups moved alike before the pilot (see docs/efficiency.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from hibrida.numbers import angka, persen

from .stats import METHOD, did_welch, pretrend

CONTROL_CLASS = "pelayanan_langsung"


@dataclass(frozen=True)
class Period:
    key: str
    month: dt.date
    label: str


PERIODS = (
    Period("baseline", dt.date(2025, 10, 1), "Baseline (Okt 2025)"),
    Period("tahap_1", dt.date(2025, 11, 1), "Tahap I: WFH Kamis (Nov 2025)"),
    Period("tahap_2", dt.date(2025, 12, 1), "Tahap II: rotasi 50:50 (Des 2025)"),
)
# Months before the baseline: with it they give each OPD's trend before the pilot.
PRE_PERIODS = (
    Period("pra_agu", dt.date(2025, 8, 1), "Agu 2025"),
    Period("pra_sep", dt.date(2025, 9, 1), "Sep 2025"),
)
PRETREND_PERIODS = (*PRE_PERIODS, PERIODS[0])

# metric -> (label, tolerance: the largest drop relative to control still accepted)
OUTCOMES: dict[str, tuple[str, float | None]] = {
    "attendance_compliance": ("Kepatuhan presensi (%)", 3.0),
    "on_time_rate": ("Tepat waktu (%)", 5.0),
    "report_submission": ("Laporan harian terkirim (%)", 5.0),
    "report_approval": ("Laporan disetujui (%)", 5.0),
    "output_index": ("Indeks output", 3.0),
    "cost_saving_pct": ("Hemat biaya realisasi (%)", None),
}
KEY_OUTCOMES = ("attendance_compliance", "report_submission", "output_index")


class ServiceSummary(TypedDict):
    """One frontline OPD's service levels over one pilot month."""

    visitors_per_day: float
    avg_wait_minutes: float
    complaints_per_1000: float
    visitors: int
    points: int


# (opd id, period key, metric) → value
Values = Mapping[tuple[int, str, str], float]
# (opd id, period key) → that month's service levels
Service = Mapping[tuple[int, str], ServiceSummary]


@dataclass(frozen=True)
class OpdInfo:
    id: int
    code: str
    name: str
    opd_class: str


def evaluate(
    opds: list[OpdInfo],
    values: Values,
    service: Service | None = None,
) -> dict[str, Any]:
    """DiD per outcome and phase (Welch t intervals), the pre-pilot trend check, group means,
    and a recommendation per OPD.

    ``values`` maps (opd_id, period key, metric) to a value; ``service`` maps (opd_id, period
    key) to {"visitors_per_day", "avg_wait_minutes", "complaints_per_1000"} for frontline OPDs.
    """
    service = service or {}
    treated = [o for o in opds if o.opd_class != CONTROL_CLASS]
    control = [o for o in opds if o.opd_class == CONTROL_CLASS]
    outcomes = []
    for metric, (label, _tol) in OUTCOMES.items():
        means: dict[str, dict[str, float | None]] = {}
        for group, members in (("treated", treated), ("control", control)):
            means[group] = {}
            for p in PERIODS:
                vals = [
                    values[(o.id, p.key, metric)]
                    for o in members
                    if (o.id, p.key, metric) in values
                ]
                means[group][p.key] = round(sum(vals) / len(vals), 2) if vals else None
        phases: dict[str, dict[str, Any] | None] = {}
        for p in PERIODS[1:]:
            t = _pairs(treated, values, metric, p.key)
            c = _pairs(control, values, metric, p.key)
            if len(t) >= 2 and len(c) >= 2:
                res = did_welch(
                    [a for a, _ in t], [b for _, b in t], [a for a, _ in c], [b for _, b in c]
                )
                phases[p.key] = _rounded(res.as_dict()) | {"significant": res.significant}
            else:
                phases[p.key] = None
        if any(v is not None for g in means.values() for v in g.values()):
            outcomes.append(
                {
                    "metric": metric,
                    "label": label,
                    "means": means,
                    "did": phases,
                    "pretrend": _pretrend(treated, control, values, metric),
                }
            )
    recs = [recommend(o, values, service, control) for o in opds]
    return {
        "periods": [
            {"key": p.key, "label": p.label, "month": p.month.isoformat()} for p in PERIODS
        ],
        "n_treated": len(treated),
        "n_control": len(control),
        "outcomes": outcomes,
        "recommendations": recs,
        # Analytic intervals: no resampling, so no draws and no seed (kept for the API's shape).
        "seed": 0,
        "draws": 0,
        "method": METHOD,
        "pre_periods": [
            {"key": p.key, "label": p.label, "month": p.month.isoformat()} for p in PRETREND_PERIODS
        ],
    }


def _rounded(d: dict[str, Any]) -> dict[str, Any]:
    return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in d.items()}


def _pretrend(
    treated: Sequence[OpdInfo], control: Sequence[OpdInfo], values: Values, metric: str
) -> dict[str, Any] | None:
    """Treated − control difference of pre-pilot slopes (points per month), or None when
    fewer than two OPDs per group have two pre-pilot months."""

    def series(members: Sequence[OpdInfo]) -> list[list[tuple[float, float]]]:
        out = []
        for o in members:
            points = [
                (float(i), values[(o.id, p.key, metric)])
                for i, p in enumerate(PRETREND_PERIODS)
                if (o.id, p.key, metric) in values
            ]
            if len(points) >= 2:
                out.append(points)
        return out

    t, c = series(treated), series(control)
    if len(t) < 2 or len(c) < 2:
        return None
    w = pretrend(t, c)
    return _rounded(
        {
            "estimate": w.estimate,
            "ci_low": w.ci_low,
            "ci_high": w.ci_high,
            "treated_slope": w.mean_a,
            "control_slope": w.mean_b,
            "n_treated": w.n_a,
            "n_control": w.n_b,
            "se": w.se,
            "df": w.df,
            "level": w.level,
        }
    ) | {"significant": w.significant}


def _pairs(
    members: Sequence[OpdInfo], values: Values, metric: str, period_key: str
) -> list[tuple[float, float]]:
    return [
        (values[(o.id, "baseline", metric)], values[(o.id, period_key, metric)])
        for o in members
        if (o.id, "baseline", metric) in values and (o.id, period_key, metric) in values
    ]


def _control_change(
    control: Sequence[OpdInfo], values: Values, metric: str, period_key: str
) -> float | None:
    pairs = _pairs(control, values, metric, period_key)
    if not pairs:
        return None
    return sum(b - a for a, b in pairs) / len(pairs)


def _relative_change(
    opd: OpdInfo, control: Sequence[OpdInfo], values: Values, metric: str, period_key: str
) -> float | None:
    base = values.get((opd.id, "baseline", metric))
    after = values.get((opd.id, period_key, metric))
    ctrl = _control_change(control, values, metric, period_key)
    if base is None or after is None or ctrl is None:
        return None
    return (after - base) - ctrl


# The decision table of the 2026 recommendation, kept whole so it reads as one table.
def recommend(  # noqa: C901
    opd: OpdInfo, values: Values, service: Service, control: Sequence[OpdInfo]
) -> dict[str, Any]:
    """The 2026 model proposed for one OPD with the reasons behind it (Indonesian)."""
    reasons: list[str] = []
    if opd.opd_class == CONTROL_CLASS:
        base = service.get((opd.id, "baseline"))
        after = service.get((opd.id, "tahap_2"))
        rec = "WFO penuh untuk layanan; back office boleh WFH 1 hari/minggu bergilir"
        reasons.append("OPD pelayanan langsung: layanan tatap muka memerlukan kehadiran.")
        if base and after and base["avg_wait_minutes"]:
            change = after["avg_wait_minutes"] / base["avg_wait_minutes"] - 1
            reasons.append(
                f"Waktu tunggu Des vs Okt: {angka(base['avg_wait_minutes'])} → "
                f"{angka(after['avg_wait_minutes'])} menit ({persen(change, sign=True)})."
            )
            if change > 0.10:
                rec = "WFO penuh; tinjau antrean digital sebelum back office WFH"
        else:
            reasons.append("Data tingkat layanan belum tersedia.")
        return {
            "opd": opd.code,
            "name": opd.name,
            "opd_class": opd.opd_class,
            "recommendation": rec,
            "reasons": reasons,
        }

    ok: dict[str, bool | None] = {}
    for period in ("tahap_1", "tahap_2"):
        fine, known = True, False
        for metric in KEY_OUTCOMES:
            rel = _relative_change(opd, control, values, metric, period)
            if rel is None:
                continue
            known = True
            tol = OUTCOMES[metric][1]
            assert tol is not None  # every key outcome has a tolerance
            if rel < -tol:
                fine = False
                if period == "tahap_2":
                    reasons.append(
                        f"{OUTCOMES[metric][0]} turun {angka(rel, sign=True)} dibanding kelompok "
                        f"kontrol pada Tahap II (batas toleransi −{tol:g})."
                    )
            elif period == "tahap_2":
                reasons.append(
                    f"{OUTCOMES[metric][0]}: perubahan relatif terhadap kontrol "
                    f"{angka(rel, sign=True)} (dalam toleransi −{tol:g})."
                )
        ok[period] = fine if known else None
    saving = values.get((opd.id, "tahap_2", "cost_saving_pct"))
    if saving is not None:
        reasons.append(f"Hemat biaya realisasi Desember: {angka(saving)} % dari baseline.")
    if ok["tahap_2"] is None:
        rec = "Belum dapat direkomendasikan: data kinerja uji coba belum tersedia"
        reasons.append("Data presensi, laporan, dan output belum lengkap.")
    elif ok["tahap_2"]:
        rec = (
            "Rotasi 50:50 (WFH 2–3 hari/minggu) untuk pegawai layak"
            if opd.opd_class == "administratif_teknis"
            else "WFH 1 hari/minggu bergilir; tugas lapangan tetap dengan pelaporan waktu nyata"
        )
    elif ok["tahap_1"]:
        rec = "WFH 1 hari tetap (Kamis) seperti Tahap I; rotasi 50:50 belum"
        reasons.append("Kinerja terjaga pada Tahap I tetapi turun pada Tahap II.")
    else:
        rec = "Tunda perluasan WFH; perkuat laporan harian dan pengawasan atasan"
        reasons.append("Kinerja turun pada Tahap I dan Tahap II.")
    return {
        "opd": opd.code,
        "name": opd.name,
        "opd_class": opd.opd_class,
        "recommendation": rec,
        "reasons": reasons,
    }
