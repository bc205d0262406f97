"""The office cost model: pure Python + numpy, no Django.

Each OPD's monthly baseline cost per component saves with the share of person-days worked
off-site, minus a fixed share; the formula and the named calibrations are in docs/efficiency.md.
Every result carries the list of assumptions (Indonesian text) it rests on.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from hibrida.numbers import angka, persen

COMPONENTS = ("listrik_air", "atk_logistik", "bbm_perjalanan", "lembur_pemeliharaan")
COMPONENT_LABELS = {
    "listrik_air": "Listrik & air",
    "atk_logistik": "ATK & logistik",
    "bbm_perjalanan": "BBM & perjalanan dinas",
    "lembur_pemeliharaan": "Lembur & pemeliharaan",
}
OPD_CLASSES = ("pelayanan_langsung", "administratif_teknis", "pengawasan_lapangan")
CLASS_LABELS = {
    "pelayanan_langsung": "Pelayanan langsung",
    "administratif_teknis": "Administratif / teknis",
    "pengawasan_lapangan": "Pengawasan / lapangan",
}
WORKDAYS_PER_WEEK = 5
MILLION = 1_000_000

# The reported simulation table (average OPD, Rp per month, WFH 1 day a week).
REPORTED_TABLE = {
    "listrik_air": (25 * MILLION, 21 * MILLION),
    "atk_logistik": (18 * MILLION, 14 * MILLION),
    "bbm_perjalanan": (10 * MILLION, 7 * MILLION),
}
REPORTED_TABLE_PCT = {"listrik_air": 16, "atk_logistik": 22, "bbm_perjalanan": 30}
REPORTED_PRODUCTIVITY = (100, 112)
REPORTED_YEARLY_AVERAGE_OPD = 125 * MILLION
REPORTED_TEXT_CAPS = {
    "listrik_air": 0.12,
    "atk_logistik": 0.18,
    "bbm_perjalanan": 0.25,
    "lembur_pemeliharaan": 0.10,
}
TABLE_OFFSITE_SHARE = 1 / WORKDAYS_PER_WEEK  # 1 WFH day a week for every staff member


class ModelInputError(ValueError):
    """Invalid model input; ``field`` names the offending field (dotted path)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ComponentParams:
    """How one cost component reacts to off-site work."""

    fixed_share: float
    elasticity: float
    rotation_factor: float = 1.0
    max_saving: float = 1.0


@dataclass(frozen=True)
class Calibration:
    key: str
    label: str
    baseline: dict[str, float]  # the average OPD's monthly baseline per component (Rp)
    components: dict[str, ComponentParams]
    productivity_per_offsite: float
    productivity_max_gain: float
    reference_staff: int
    eligible_share: dict[str, float]  # default per OPD class when no data is given
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    wfh_days_per_week: float
    synchronised: bool
    description: str
    by_class: dict[str, str] | None = None  # per-OPD mix: class -> scenario key
    from_schedule: bool = False  # off-site share taken from published schedules


@dataclass(frozen=True)
class OpdInput:
    code: str
    name: str
    opd_class: str
    staff: int
    eligible_share: float | None = None  # None: the calibration's class default
    baseline: dict[str, float] | None = None  # None: average OPD scaled by staff
    scenario: str | None = None  # per-OPD override in the "campuran" scenario
    planned_share: float | None = None  # WFH share of planned person-days (schedules)


@dataclass(frozen=True)
class CommuteParams:
    """Employees' side. Factors documented in docs/efficiency.md."""

    hours_per_wfh_day: float = 1.5  # reported: 1–2 hours of daily commuting saved
    km_per_day: float = 20.0  # round trip, assumed
    private_vehicle_share: float = 0.8  # share of staff commuting by private vehicle, assumed
    litres_per_km: float = 0.044  # 75 % motorcycles at 40 km/l + 25 % cars at 10 km/l
    co2_kg_per_litre: float = 2.3  # gasoline combustion


@dataclass(frozen=True)
class Uncertain:
    name: str
    label: str
    low: float
    high: float


@dataclass
class SimulationInput:
    calibration: Calibration
    opds: list[OpdInput]
    scenarios: list[Scenario]
    commute: CommuteParams = field(default_factory=CommuteParams)
    uptake: float = 1.0
    working_days_per_month: float = 21.0
    months_per_year: int = 12
    draws: int = 10_000
    seed: int = 2026
    uncertainty: dict[str, tuple[float, float]] = field(default_factory=dict)
    average_opd: bool = False


# --- calibrations ------------------------------------------------------------------------


def _table_calibration() -> Calibration:
    fixed = {"listrik_air": 0.2, "atk_logistik": 0.0, "bbm_perjalanan": 0.0}
    components = {}
    for comp, (before, after) in REPORTED_TABLE.items():
        saving = (before - after) / before
        # Solve (1 - fixed) * elasticity * 0.2 = reported saving fraction.
        components[comp] = ComponentParams(
            fixed_share=fixed[comp],
            elasticity=saving / ((1 - fixed[comp]) * TABLE_OFFSITE_SHARE),
        )
    components["lembur_pemeliharaan"] = ComponentParams(fixed_share=1.0, elasticity=0.0)
    baseline = {comp: float(before) for comp, (before, _after) in REPORTED_TABLE.items()}
    baseline["lembur_pemeliharaan"] = 0.0
    gain = REPORTED_PRODUCTIVITY[1] / REPORTED_PRODUCTIVITY[0] - 1
    return Calibration(
        key="tabel_berita",
        label="Tabel berita (reproduksi persis)",
        baseline=baseline,
        components=components,
        productivity_per_offsite=gain / TABLE_OFFSITE_SHARE,
        productivity_max_gain=1.0,
        reference_staff=275,
        eligible_share={
            "pelayanan_langsung": 0.15,
            "administratif_teknis": 0.9,
            "pengawasan_lapangan": 0.5,
        },
        assumptions=(
            "Baseline OPD rata-rata dari tabel berita: listrik & air Rp 25 jt, ATK & logistik "
            "Rp 18 jt, BBM & perjalanan dinas Rp 10 jt per bulan.",
            "Lembur & pemeliharaan tidak ada di tabel: tidak ikut hemat; OPD rata-rata memakai "
            "baseline 0 agar total sama dengan tabel.",
            "WFH 1 hari/minggu untuk seluruh pegawai OPD rata-rata = 20 % hari-orang di luar "
            "kantor.",
            "Listrik & air: 20 % biaya tetap, elastisitas 1,0 → hemat 16 % pada 20 % hari luar "
            "kantor.",
            "ATK & logistik: tanpa biaya tetap, elastisitas 1,11 — penghematan 22 % melebihi "
            "20 % hari luar kantor (lebih dari proporsional).",
            "BBM & perjalanan dinas: tanpa biaya tetap, elastisitas 1,5 — penghematan 30 % "
            "melebihi 20 % hari luar kantor (lebih dari proporsional).",
            "Tabel tidak membedakan hari WFH tetap (Kamis) dan bergilir: faktor rotasi 1.",
            "Produktivitas naik 0,6 poin indeks per 1 % hari luar kantor (100 → 112 pada 20 %).",
            "OPD kota (bila dipakai): porsi pegawai layak WFH per kelas — pelayanan langsung "
            "15 % (back office), administratif/teknis 90 %, pengawasan/lapangan 50 %.",
        ),
    )


def _text_calibration() -> Calibration:
    # The text's figures are "up to" for 1–2 WFH days: reached at 2 days/week (40 %).
    fixed = {
        "listrik_air": 0.4,
        "atk_logistik": 0.25,
        "bbm_perjalanan": 0.2,
        "lembur_pemeliharaan": 0.5,
    }
    rotation = {"listrik_air": 0.5}
    at_share = 2 / WORKDAYS_PER_WEEK
    components = {
        comp: ComponentParams(
            fixed_share=fixed[comp],
            elasticity=cap / ((1 - fixed[comp]) * at_share),
            rotation_factor=rotation.get(comp, 1.0),
            max_saving=cap,
        )
        for comp, cap in REPORTED_TEXT_CAPS.items()
    }
    baseline = {comp: float(before) for comp, (before, _after) in REPORTED_TABLE.items()}
    baseline["lembur_pemeliharaan"] = 7.0 * MILLION
    return Calibration(
        key="teks_berita",
        label="Teks berita (batas 12/18/25/10 %)",
        baseline=baseline,
        components=components,
        productivity_per_offsite=0.5,
        productivity_max_gain=0.15,
        reference_staff=275,
        eligible_share={
            "pelayanan_langsung": 0.15,
            "administratif_teknis": 0.9,
            "pengawasan_lapangan": 0.5,
        },
        assumptions=(
            'Batas teks berita ("hingga"): listrik & air 12 %, ATK 18 %, BBM & perjalanan '
            "25 %, lembur & pemeliharaan 10 % — dicapai pada WFH 2 hari/minggu (40 % hari luar "
            "kantor) dan tidak dilampaui.",
            "Baseline OPD rata-rata dari tabel berita (25/18/10 jt); lembur & pemeliharaan "
            "Rp 7 jt/bulan adalah asumsi Hibrida (tidak dilaporkan) — ganti dengan data OPD.",
            "Biaya tetap (asumsi): listrik & air 40 %, ATK 25 %, BBM 20 %, lembur & "
            "pemeliharaan 50 %.",
            "Listrik & air hanya turun separuh bila hari WFH bergilir (gedung tetap buka); "
            "penuh bila OPD libur kantor di hari yang sama (Tahap I, Kamis).",
            "Produktivitas +10 % pada WFH 1 hari/minggu, paling tinggi +15 % (teks: 10–15 %).",
            "Porsi pegawai layak WFH per kelas — pelayanan langsung 15 %, administratif/teknis "
            "90 %, pengawasan/lapangan 50 %.",
        ),
    )


CALIBRATIONS = {"tabel_berita": _table_calibration(), "teks_berita": _text_calibration()}


# One independent check per override; the branches count fields, not logic.
def custom_calibration(base: Calibration, overrides: dict[str, Any]) -> Calibration:  # noqa: C901
    """A user-defined calibration: ``base`` with per-component and productivity overrides.

    ``overrides`` = {"components": {comp: {"baseline", "fixed_share", "elasticity",
    "rotation_factor", "max_saving"}}, "productivity_per_offsite", "productivity_max_gain",
    "eligible_share": {class: share}}. Raises :class:`ModelInputError` naming the field.
    """
    components = dict(base.components)
    baseline = dict(base.baseline)
    notes = [f"Kalibrasi pengguna berbasis '{base.key}'."]
    comp_over = overrides.get("components") or {}
    if not isinstance(comp_over, dict):
        raise ModelInputError("custom.components", "harus berupa objek per komponen")
    for comp, values in comp_over.items():
        where = f"custom.components.{comp}"
        if comp not in COMPONENTS:
            raise ModelInputError(where, f"komponen tidak dikenal (pilih: {', '.join(COMPONENTS)})")
        if not isinstance(values, dict):
            raise ModelInputError(where, "harus berupa objek")
        params = components[comp]
        for key, value in values.items():
            if key == "baseline":
                baseline[comp] = _number(value, f"{where}.baseline", low=0)
            elif key in ("fixed_share", "rotation_factor", "max_saving"):
                params = replace(params, **{key: _number(value, f"{where}.{key}", 0, 1)})
            elif key == "elasticity":
                params = replace(params, elasticity=_number(value, f"{where}.elasticity", 0, 5))
            else:
                raise ModelInputError(f"{where}.{key}", "parameter tidak dikenal")
        components[comp] = params
        notes.append(
            f"{COMPONENT_LABELS[comp]}: baseline Rp {angka(baseline[comp], 0)}, biaya tetap "
            f"{persen(params.fixed_share)}, elastisitas {angka(params.elasticity, 2)}, faktor "
            f"rotasi {angka(params.rotation_factor, 2)}, hemat maks {persen(params.max_saving)} "
            "(pengguna)."
        )
    eligible = dict(base.eligible_share)
    for klass, value in (overrides.get("eligible_share") or {}).items():
        if klass not in OPD_CLASSES:
            raise ModelInputError(f"custom.eligible_share.{klass}", "kelas OPD tidak dikenal")
        eligible[klass] = _number(value, f"custom.eligible_share.{klass}", 0, 1)
    prod = base.productivity_per_offsite
    if "productivity_per_offsite" in overrides:
        prod = _number(
            overrides["productivity_per_offsite"], "custom.productivity_per_offsite", 0, 5
        )
    cap = base.productivity_max_gain
    if "productivity_max_gain" in overrides:
        cap = _number(overrides["productivity_max_gain"], "custom.productivity_max_gain", 0, 1)
    return Calibration(
        key="custom",
        label="Kalibrasi pengguna",
        baseline=baseline,
        components=components,
        productivity_per_offsite=prod,
        productivity_max_gain=cap,
        reference_staff=base.reference_staff,
        eligible_share=eligible,
        assumptions=base.assumptions + tuple(notes),
    )


def _number(
    value: object, field_name: str, low: float | None = None, high: float | None = None
) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ModelInputError(field_name, "harus berupa angka")
    number = float(value)
    if not math.isfinite(number):
        raise ModelInputError(field_name, "harus berupa angka terhingga")
    if low is not None and number < low:
        raise ModelInputError(field_name, f"tidak boleh kurang dari {low:g}")
    if high is not None and number > high:
        raise ModelInputError(field_name, f"tidak boleh lebih dari {high:g}")
    return number


# --- scenarios ---------------------------------------------------------------------------

DEFAULT_MIX = {
    "pelayanan_langsung": "wfo_penuh",
    "administratif_teknis": "wfh_2_hari",
    "pengawasan_lapangan": "wfh_1_hari",
}

SCENARIOS = {
    s.key: s
    for s in (
        Scenario("wfo_penuh", "WFO penuh", 0, True, "Seluruh pegawai bekerja di kantor."),
        Scenario(
            "wfh_1_hari",
            "WFH 1 hari/minggu",
            1,
            False,
            "Pegawai layak WFH 1 hari per minggu, hari dipilih bergilir per unit.",
        ),
        Scenario(
            "wfh_2_hari",
            "WFH 2 hari/minggu",
            2,
            False,
            "Pegawai layak WFH 2 hari per minggu secara bergilir.",
        ),
        Scenario(
            "tahap_1_kamis",
            "Tahap I: WFH tiap Kamis",
            1,
            True,
            "Pegawai layak WFH setiap Kamis; kegiatan penting daring (SE 150/KPG.03/BKD).",
        ),
        Scenario(
            "rotasi_50_50",
            "Tahap II: rotasi 50:50",
            2.5,
            False,
            "Separuh pegawai layak WFH, separuh WFO, bergantian setiap hari.",
        ),
        Scenario(
            "campuran",
            "Campuran per OPD",
            0,
            False,
            "Tiap OPD memakai skenario sesuai kelasnya (pelayanan langsung WFO penuh, "
            "administratif/teknis 2 hari, pengawasan/lapangan 1 hari) atau pilihan OPD itu.",
            by_class=DEFAULT_MIX,
        ),
        Scenario(
            "jadwal_terbit",
            "Jadwal terbit",
            0,
            False,
            "Porsi hari WFH per OPD menurut jadwal rotasi yang sudah diterbitkan.",
            from_schedule=True,
        ),
    )
}


def offsite_share(eligible_share: float, uptake: float, scenario: Scenario) -> float:
    """Share of person-days off-site: 1 WFH day a week for everyone = 0.2."""
    return eligible_share * uptake * scenario.wfh_days_per_week / WORKDAYS_PER_WEEK


def resolve_scenario(scenario: Scenario, opd: OpdInput) -> Scenario:
    """The concrete scenario an OPD follows (the mix picks one per class or per OPD)."""
    if scenario.by_class is None:
        return scenario
    key = opd.scenario or scenario.by_class.get(opd.opd_class, "wfo_penuh")
    return SCENARIOS[key]


# --- the vectorised evaluator --------------------------------------------------------------


def parameter_space(sim: SimulationInput) -> list[Uncertain]:
    """The uncertain parameters with their ranges (user overrides win)."""
    cal = sim.calibration
    params: list[Uncertain] = []
    for comp in COMPONENTS:
        p = cal.components[comp]
        if cal.baseline.get(comp, 0) <= 0 and not any(o.baseline for o in sim.opds):
            continue
        label = COMPONENT_LABELS[comp]
        params.append(
            Uncertain(
                f"{comp}.fixed_share",
                f"{label}: porsi biaya tetap",
                max(0.0, p.fixed_share - 0.1),
                min(1.0, p.fixed_share + 0.1),
            )
        )
        params.append(
            Uncertain(
                f"{comp}.elasticity",
                f"{label}: elastisitas",
                p.elasticity * 0.6,
                p.elasticity * 1.2,
            )
        )
    params.append(Uncertain("uptake", "Porsi pegawai layak yang benar-benar WFH", 0.8, 1.0))
    params.append(
        Uncertain(
            "commute.hours_per_wfh_day",
            "Jam perjalanan dihemat per hari WFH",
            1.0,
            2.0,
        )
    )
    params.append(
        Uncertain(
            "productivity_per_offsite",
            "Kenaikan produktivitas per hari luar kantor",
            cal.productivity_per_offsite * 0.6,
            cal.productivity_per_offsite * 1.25,
        )
    )
    out = []
    for u in params:
        if u.name in sim.uncertainty:
            low, high = sim.uncertainty[u.name]
            u = replace(u, low=low, high=high)
        out.append(u)
    unknown = set(sim.uncertainty) - {u.name for u in out}
    if unknown:
        name = sorted(unknown)[0]
        raise ModelInputError(f"uncertainty.{name}", "parameter tidak dikenal")
    return out


def central_values(sim: SimulationInput) -> dict[str, float]:
    cal = sim.calibration
    values = {"uptake": sim.uptake, "commute.hours_per_wfh_day": sim.commute.hours_per_wfh_day}
    values["productivity_per_offsite"] = cal.productivity_per_offsite
    for comp in COMPONENTS:
        values[f"{comp}.fixed_share"] = cal.components[comp].fixed_share
        values[f"{comp}.elasticity"] = cal.components[comp].elasticity
    return values


@dataclass
class _Arrays:
    """Per-OPD arrays of one scenario (M OPDs, C components)."""

    baseline: np.ndarray  # (M, C)
    days_share: np.ndarray  # (M,) wfh days / 5 of each OPD's resolved scenario
    synchronised: np.ndarray  # (M,) bool
    eligible: np.ndarray  # (M,)
    planned: np.ndarray  # (M,) scheduled WFH share (0 where none)
    from_schedule: bool
    staff: np.ndarray  # (M,)
    class_index: np.ndarray  # (M,)
    resolved: list[Scenario]


def _arrays(sim: SimulationInput, scenario: Scenario) -> _Arrays:
    cal = sim.calibration
    resolved = [resolve_scenario(scenario, opd) for opd in sim.opds]
    baseline = np.array([[opd_baseline(cal, o)[c] for c in COMPONENTS] for o in sim.opds], float)
    return _Arrays(
        baseline=baseline.reshape(len(sim.opds), len(COMPONENTS)),
        days_share=np.array([r.wfh_days_per_week / WORKDAYS_PER_WEEK for r in resolved], float),
        synchronised=np.array([r.synchronised for r in resolved], bool),
        eligible=np.array([opd_eligible(cal, o) for o in sim.opds], float),
        planned=np.array([o.planned_share or 0.0 for o in sim.opds], float),
        from_schedule=scenario.from_schedule,
        staff=np.array([o.staff for o in sim.opds], float),
        class_index=np.array([OPD_CLASSES.index(o.opd_class) for o in sim.opds], int),
        resolved=resolved,
    )


def opd_baseline(cal: Calibration, opd: OpdInput) -> dict[str, float]:
    """The OPD's monthly baseline: its own figures, else the average OPD scaled by staff."""
    if opd.baseline:
        return {c: float(opd.baseline.get(c, 0.0)) for c in COMPONENTS}
    scale = opd.staff / cal.reference_staff if cal.reference_staff else 1.0
    return {c: cal.baseline.get(c, 0.0) * scale for c in COMPONENTS}


def opd_eligible(cal: Calibration, opd: OpdInput) -> float:
    if opd.eligible_share is not None:
        return opd.eligible_share
    return cal.eligible_share[opd.opd_class]


def _share(arr: _Arrays, values: dict[str, np.ndarray]) -> np.ndarray:
    """(N, M) share of person-days off-site for each draw and OPD."""
    uptake = values["uptake"][:, None]  # (N, 1)
    if arr.from_schedule:
        return np.broadcast_to(arr.planned[None, :], (uptake.shape[0], arr.planned.size))
    share: np.ndarray = arr.eligible[None, :] * uptake * arr.days_share[None, :]
    return share


def _fraction(
    sim: SimulationInput, arr: _Arrays, values: dict[str, np.ndarray], comp: str, share: np.ndarray
) -> np.ndarray:
    """(N, M) fraction of one component's baseline saved."""
    p = sim.calibration.components[comp]
    fixed = np.clip(values[f"{comp}.fixed_share"], 0, 1)[:, None]
    elast = values[f"{comp}.elasticity"][:, None]
    rot = np.where(arr.synchronised, 1.0, p.rotation_factor)[None, :]
    # In place: a city run makes a dozen of these (draws × OPDs) arrays per scenario.
    frac: np.ndarray = elast * share
    frac *= rot
    np.minimum(frac, 1.0, out=frac)
    frac *= 1 - fixed
    np.minimum(frac, p.max_saving, out=frac)
    return frac


def _gain(sim: SimulationInput, values: dict[str, np.ndarray], share: np.ndarray) -> np.ndarray:
    gain: np.ndarray = np.minimum(
        values["productivity_per_offsite"][:, None] * share, sim.calibration.productivity_max_gain
    )
    return gain


def _evaluate(
    sim: SimulationInput, arr: _Arrays, values: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Vectorised core: ``values`` maps parameter name -> (N,) array. Returns (N, ...) arrays."""
    share = _share(arr, values)  # (N, M)
    savings = np.empty((share.shape[0], share.shape[1], len(COMPONENTS)))
    for ci, comp in enumerate(COMPONENTS):
        savings[:, :, ci] = arr.baseline[None, :, ci] * _fraction(sim, arr, values, comp, share)
    wfh_days = arr.staff[None, :] * sim.working_days_per_month * share  # person-days / month
    return {
        "share": share,
        "savings": savings,
        "wfh_days": wfh_days,
        "commute_hours": wfh_days * values["commute.hours_per_wfh_day"][:, None],
        "productivity": 100 * (1 + _gain(sim, values, share)),
    }


def _monte_carlo(
    sim: SimulationInput, arr: _Arrays, values: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Monthly aggregates of every draw, without the (draws × OPDs × components) array of
    :func:`_evaluate`: matrix-vector products sum the OPDs (all, and per class). This is what
    keeps a city run of 10,000 draws well under a second. (One matrix-matrix product per
    component is slower: BLAS's threaded gemm costs more than four gemv on a busy machine.)"""
    share = _share(arr, values)
    n = share.shape[0]
    by_component = np.empty((n, len(COMPONENTS)))
    by_class = np.zeros((n, len(OPD_CLASSES)))
    for ci, comp in enumerate(COMPONENTS):
        base = arr.baseline[:, ci]
        frac = _fraction(sim, arr, values, comp, share)
        by_component[:, ci] = frac @ base
        for k in range(len(OPD_CLASSES)):
            by_class[:, k] += frac @ np.where(arr.class_index == k, base, 0.0)
    wfh_days = share @ (arr.staff * sim.working_days_per_month)  # (N,) person-days / month
    staff = arr.staff.sum()
    return {
        "by_component": by_component,
        "by_class": by_class,
        "total": by_component.sum(axis=1),
        "wfh_days": wfh_days,
        "commute_hours": wfh_days * values["commute.hours_per_wfh_day"],
        "productivity": (100 * (1 + _gain(sim, values, share))) @ arr.staff / staff
        if staff
        else None,
    }


def _constant(values: dict[str, float], n: int = 1) -> dict[str, np.ndarray]:
    return {k: np.full(n, v, float) for k, v in values.items()}


# --- the public entry point --------------------------------------------------------------


def simulate(sim: SimulationInput) -> dict[str, Any]:
    """Point estimates, Monte Carlo ranges and a tornado analysis for every scenario."""
    if not sim.opds:
        raise ModelInputError("opds", "daftar OPD kosong")
    space = parameter_space(sim)
    central = central_values(sim)
    rng = np.random.default_rng(sim.seed)
    draws = {name: np.full(sim.draws, value, float) for name, value in central.items()}
    for u in space:
        # Common random numbers: every scenario sees the same draws, so differences are real.
        draws[u.name] = rng.uniform(u.low, u.high, sim.draws)
    started = time.perf_counter()
    scenarios = [_scenario_result(sim, s, central, draws, space) for s in sim.scenarios]
    elapsed = time.perf_counter() - started
    c = sim.commute
    return {
        "calibration": {"key": sim.calibration.key, "label": sim.calibration.label},
        "average_opd": sim.average_opd,
        "assumptions": list(sim.calibration.assumptions) + general_assumptions(sim),
        "parameters": [
            {
                "name": u.name,
                "label": u.label,
                "central": central[u.name],
                "low": u.low,
                "high": u.high,
            }
            for u in space
        ],
        "monte_carlo": {"draws": sim.draws, "seed": sim.seed, "seconds": round(elapsed, 4)},
        "commute_factors": {
            "hours_per_wfh_day": c.hours_per_wfh_day,
            "km_per_day": c.km_per_day,
            "private_vehicle_share": c.private_vehicle_share,
            "litres_per_km": c.litres_per_km,
            "co2_kg_per_litre": c.co2_kg_per_litre,
        },
        "scenarios": scenarios,
    }


def general_assumptions(sim: SimulationInput) -> list[str]:
    c = sim.commute
    out = [
        f"Hari kerja per bulan: {sim.working_days_per_month:g}; bulan per tahun: "
        f"{sim.months_per_year}.",
        f"Porsi pegawai layak yang benar-benar mengambil hari WFH: {sim.uptake:.0%}.",
        f"Perjalanan pegawai: {c.hours_per_wfh_day:g} jam dihemat per hari WFH, "
        f"{c.km_per_day:g} km pulang-pergi, {c.private_vehicle_share:.0%} memakai kendaraan "
        f"pribadi, {c.litres_per_km:g} l/km (campuran motor 40 km/l dan mobil 10 km/l), "
        f"{c.co2_kg_per_litre:g} kg CO₂ per liter bensin. Perjalanan lain pada hari WFH tidak "
        "dihitung.",
        f"Rentang P5–P95 dari {sim.draws:,}".replace(",", ".")
        + f" undian Monte Carlo (seed {sim.seed}), parameter "
        "tak pasti berdistribusi seragam pada rentangnya. Angka utama tiap skenario adalah "
        "median (P50) undian yang sama, sehingga selalu berada di dalam rentangnya. Nilai titik "
        "kalibrasi (semua parameter di nilai pusat; pada 'tabel berita' persis mereproduksi "
        "tabel) ditampilkan terpisah: kalibrasi berada di ujung optimis rentang (mis. semua "
        "pegawai layak benar-benar WFH, elastisitas tabel berita), sehingga nilai titik dapat "
        "berada di atas P95.",
    ]
    if sim.average_opd:
        out.append("Tanpa daftar OPD: dihitung untuk satu 'OPD rata-rata' seperti tabel berita.")
    return out


def _scenario_result(
    sim: SimulationInput,
    scenario: Scenario,
    central: dict[str, float],
    draws: dict[str, np.ndarray],
    space: list[Uncertain],
) -> dict[str, Any]:
    arr = _arrays(sim, scenario)
    point = _evaluate(sim, arr, _constant(central))
    mc = _monte_carlo(sim, arr, draws)
    months = sim.months_per_year
    c = sim.commute
    opds = []
    for m, opd in enumerate(sim.opds):
        comps = []
        for ci, comp in enumerate(COMPONENTS):
            base = float(arr.baseline[m, ci])
            saving = float(point["savings"][0, m, ci])
            comps.append(_money_row(comp, COMPONENT_LABELS[comp], base, saving))
        base_total = float(arr.baseline[m].sum())
        saving_total = float(point["savings"][0, m].sum())
        opds.append(
            {
                "code": opd.code,
                "name": opd.name,
                "opd_class": opd.opd_class,
                "class_label": CLASS_LABELS[opd.opd_class],
                "staff": opd.staff,
                "scenario": arr.resolved[m].key,
                "eligible_share": round(float(arr.eligible[m]), 4),
                "offsite_share": round(float(point["share"][0, m]), 4),
                "components": comps,
                "total": _money_row("total", "Total", base_total, saving_total),
                "yearly_saving": round(saving_total * months),
                "productivity_index": round(float(point["productivity"][0, m]), 2),
            }
        )
    savings = point["savings"][0]  # (M, C)
    base_all = float(arr.baseline.sum())
    by_component = {}
    mc_by_comp = mc["by_component"] * months  # (N, C)
    mc_total = mc["total"] * months  # (N,)
    for ci, comp in enumerate(COMPONENTS):
        monthly = float(savings[:, ci].sum())
        by_component[comp] = {
            "label": COMPONENT_LABELS[comp],
            "baseline": round(float(arr.baseline[:, ci].sum())),
            "monthly_saving": round(monthly),
            "yearly_saving": round(monthly * months),
            "yearly_range": _percentiles(mc_by_comp[:, ci]),
        }
    by_class = {}
    for k, klass in enumerate(OPD_CLASSES):
        mask = arr.class_index == k
        if not mask.any():
            continue
        monthly = float(savings[mask].sum())
        by_class[klass] = {
            "label": CLASS_LABELS[klass],
            "opds": int(mask.sum()),
            "staff": int(arr.staff[mask].sum()),
            "baseline": round(float(arr.baseline[mask].sum())),
            "monthly_saving": round(monthly),
            "yearly_saving": round(monthly * months),
            "yearly_range": _percentiles(mc["by_class"][:, k] * months),
        }
    monthly_saving = float(savings.sum())
    wfh_days = float(point["wfh_days"][0].sum())
    hours = float(point["commute_hours"][0].sum())
    litres = wfh_days * c.km_per_day * c.private_vehicle_share * c.litres_per_km
    co2 = litres * c.co2_kg_per_litre
    staff = arr.staff.sum()
    productivity = float((point["productivity"][0] * arr.staff).sum() / staff) if staff else 100.0
    mc_prod = mc["productivity"]
    yearly_range = _percentiles(mc_total)
    productivity_range = _percentiles(mc_prod, digits=2) if mc_prod is not None else None
    commute_range = _percentiles(mc["commute_hours"] * months)
    return {
        "key": scenario.key,
        "label": scenario.label,
        "description": scenario.description,
        "wfh_days_per_week": scenario.wfh_days_per_week,
        "synchronised": scenario.synchronised,
        "opds": opds,
        "totals": {
            "monthly": _money_row("total", "Total", base_all, monthly_saving),
            "yearly_baseline": round(base_all * months),
            "yearly_saving": round(monthly_saving * months),
            "yearly_range": yearly_range,
            "by_component": by_component,
            "by_class": by_class,
            "productivity_index": round(productivity, 2),
            "productivity_range": productivity_range,
        },
        "headline": _headline(
            sim,
            mc_total,
            base_all,
            productivity_range["p50"] if productivity_range else round(productivity, 2),
            commute_range["p50"],
            mc["wfh_days"],
        ),
        "employees": {
            "wfh_person_days_per_month": round(wfh_days, 1),
            "commute_hours_saved_per_month": round(hours, 1),
            "commute_hours_saved_per_year": round(hours * months),
            "commute_hours_yearly_range": commute_range,
            "fuel_litres_avoided_per_month": round(litres, 1),
            "fuel_litres_avoided_per_year": round(litres * months),
            "co2_kg_avoided_per_month": round(co2, 1),
            "co2_tonnes_avoided_per_year": round(co2 * months / 1000, 2),
        },
        "tornado": tornado(sim, arr, central, space),
        # The calibration sits at the optimistic end of some ranges (uptake 100 %, the table's
        # elasticities), so its point can fall outside P5–P95; the page says so.
        "point_outside_range": not (
            yearly_range["p5"] <= round(monthly_saving * months) <= yearly_range["p95"]
        ),
    }


HEADLINE_BASIS = "p50"
HEADLINE_LABEL = "median Monte Carlo (P50)"


def _headline(
    sim: SimulationInput,
    mc_total: np.ndarray,
    base_monthly: float,
    productivity: float,
    commute_hours: float,
    mc_wfh_days: np.ndarray,
) -> dict[str, Any]:
    """The figures a scenario is summed up by: medians of the Monte Carlo draws, so each lies
    inside its own P5–P95 (the calibration's point can sit outside: it is at the optimistic end
    of several ranges). Fuel and CO₂ are proportional to WFH person-days, so their medians are
    the factors times the median of those."""
    c = sim.commute
    months = sim.months_per_year
    yearly = float(np.percentile(mc_total, 50))
    monthly = yearly / months
    litres = float(np.percentile(mc_wfh_days, 50)) * c.km_per_day * c.private_vehicle_share
    litres *= c.litres_per_km * months
    return {
        "basis": HEADLINE_BASIS,
        "label": HEADLINE_LABEL,
        "yearly_saving": round(yearly),
        "monthly_saving": round(monthly),
        "saving_pct": round(100 * monthly / base_monthly, 2) if base_monthly else 0.0,
        "productivity_index": productivity,
        "commute_hours_per_year": commute_hours,
        "fuel_litres_avoided_per_year": round(litres),
        "co2_tonnes_avoided_per_year": round(litres * c.co2_kg_per_litre / 1000, 2),
    }


def _money_row(key: str, label: str, baseline: float, saving: float) -> dict[str, Any]:
    return {
        "component": key,
        "label": label,
        "baseline": round(baseline),
        "scenario": round(baseline - saving),
        "saving": round(saving),
        "saving_pct": round(100 * saving / baseline, 2) if baseline else 0.0,
    }


def _percentiles(values: np.ndarray, digits: int = 0) -> dict[str, float]:
    p5, p50, p95 = np.percentile(values, [5, 50, 95])
    if digits:
        return {
            "p5": round(float(p5), digits),
            "p50": round(float(p50), digits),
            "p95": round(float(p95), digits),
        }
    return {"p5": round(float(p5)), "p50": round(float(p50)), "p95": round(float(p95))}


def tornado(
    sim: SimulationInput, arr: _Arrays, central: dict[str, float], space: list[Uncertain]
) -> list[dict[str, Any]]:
    """One-at-a-time sensitivity of the yearly saving: each parameter at its low and high."""
    money_params = [u for u in space if "." in u.name and u.name.split(".")[0] in COMPONENTS]
    money_params += [u for u in space if u.name == "uptake"]
    if not money_params:
        return []
    rows = 2 * len(money_params)
    values = {k: np.full(rows, v, float) for k, v in central.items()}
    for i, u in enumerate(money_params):
        values[u.name][2 * i] = u.low
        values[u.name][2 * i + 1] = u.high
    yearly = _evaluate(sim, arr, values)["savings"].sum(axis=(1, 2)) * sim.months_per_year
    out: list[dict[str, Any]] = []
    for i, u in enumerate(money_params):
        low, high = float(yearly[2 * i]), float(yearly[2 * i + 1])
        out.append(
            {
                "parameter": u.name,
                "label": u.label,
                "low_value": round(u.low, 4),
                "high_value": round(u.high, 4),
                "saving_at_low": round(low),
                "saving_at_high": round(high),
                "swing": round(abs(high - low)),
            }
        )
    out.sort(key=lambda r: -r["swing"])
    return out


def average_opd(cal: Calibration) -> OpdInput:
    """The news table's 'average OPD': every staff member may take the WFH day."""
    return OpdInput(
        code="RATA2",
        name="OPD rata-rata (tabel berita)",
        opd_class="administratif_teknis",
        staff=cal.reference_staff,
        eligible_share=1.0,
    )
