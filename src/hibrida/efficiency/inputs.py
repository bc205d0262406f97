"""Parsing the scenario JSON (CLI, API, simulator page) into a model input. Pure, no Django.

The schema is documented in docs/efficiency.md. Every error is a :class:`ModelInputError`
whose ``field`` is the dotted path of the offending value and whose message is Indonesian.
"""

from __future__ import annotations

from .model import (
    CALIBRATIONS,
    COMPONENTS,
    OPD_CLASSES,
    SCENARIOS,
    CommuteParams,
    ModelInputError,
    OpdInput,
    Scenario,
    SimulationInput,
    _number,
    average_opd,
    custom_calibration,
)

TOP_LEVEL = {
    "calibration",
    "custom",
    "scenarios",
    "city",
    "opds",
    "mix",
    "uptake",
    "commute",
    "working_days_per_month",
    "months_per_year",
    "monte_carlo",
    "uncertainty",
}
MAX_DRAWS = 200_000


# One independent check per input field; the branches count fields, not logic.
def parse_input(data, city_opds: list[OpdInput] | None = None) -> SimulationInput:  # noqa: C901, PLR0915
    """Validate ``data`` (a dict from JSON). ``city_opds`` is used when ``"city": "demo"``."""
    if not isinstance(data, dict):
        raise ModelInputError("(akar)", "masukan harus berupa objek JSON")
    unknown = sorted(set(data) - TOP_LEVEL)
    if unknown:
        raise ModelInputError(unknown[0], "kolom tidak dikenal")
    cal_key = data.get("calibration", "tabel_berita")
    if cal_key == "custom":
        base_key = (data.get("custom") or {}).get("base", "tabel_berita")
        if base_key not in CALIBRATIONS:
            raise ModelInputError("custom.base", "kalibrasi dasar tidak dikenal")
        custom = dict(data.get("custom") or {})
        custom.pop("base", None)
        calibration = custom_calibration(CALIBRATIONS[base_key], custom)
    elif cal_key in CALIBRATIONS:
        calibration = CALIBRATIONS[cal_key]
    else:
        raise ModelInputError("calibration", "harus 'tabel_berita', 'teks_berita' atau 'custom'")

    mix = data.get("mix")
    if mix is not None:
        if not isinstance(mix, dict):
            raise ModelInputError("mix", "harus berupa objek kelas OPD → skenario")
        for klass, key in mix.items():
            if klass not in OPD_CLASSES:
                raise ModelInputError(f"mix.{klass}", "kelas OPD tidak dikenal")
            if key not in SCENARIOS or key in ("campuran", "jadwal_terbit"):
                raise ModelInputError(f"mix.{klass}", f"skenario '{key}' tidak dikenal")
    requested = data.get("scenarios")

    city = data.get("city")
    if city not in (None, "demo"):
        raise ModelInputError("city", "hanya 'demo' (OPD dari basis data) yang didukung")
    if data.get("opds") is not None:
        opds = _opds(data["opds"])
        average = False
    elif city == "demo":
        if not city_opds:
            raise ModelInputError("city", "basis data belum berisi OPD (jalankan seed_demo)")
        opds = list(city_opds)
        average = False
    else:
        opds = [average_opd(calibration)]
        average = True

    has_schedule = any(o.planned_share is not None for o in opds)
    scenarios = _scenarios(requested, mix, has_schedule)

    commute = _commute(data.get("commute") or {})
    mc = data.get("monte_carlo") or {}
    if not isinstance(mc, dict):
        raise ModelInputError("monte_carlo", "harus berupa objek")
    draws = int(_number(mc.get("draws", 10_000), "monte_carlo.draws", 100, MAX_DRAWS))
    seed = mc.get("seed", 2026)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ModelInputError("monte_carlo.seed", "harus berupa bilangan bulat ≥ 0")
    uncertainty = {}
    for name, pair in (data.get("uncertainty") or {}).items():
        where = f"uncertainty.{name}"
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ModelInputError(where, "harus berupa [rendah, tinggi]")
        low, high = _number(pair[0], where), _number(pair[1], where)
        if low > high:
            raise ModelInputError(where, "nilai rendah lebih besar dari nilai tinggi")
        uncertainty[name] = (low, high)
    return SimulationInput(
        calibration=calibration,
        opds=opds,
        scenarios=scenarios,
        commute=commute,
        uptake=_number(data.get("uptake", 1.0), "uptake", 0, 1),
        working_days_per_month=_number(
            data.get("working_days_per_month", 21), "working_days_per_month", 1, 31
        ),
        months_per_year=int(_number(data.get("months_per_year", 12), "months_per_year", 1, 12)),
        draws=draws,
        seed=seed,
        uncertainty=uncertainty,
        average_opd=average,
    )


def _scenarios(value, mix: dict | None, has_schedule: bool) -> list[Scenario]:
    if value is None:
        keys = [k for k in SCENARIOS if has_schedule or not SCENARIOS[k].from_schedule]
    else:
        keys = value
    if not isinstance(keys, list) or not keys:
        raise ModelInputError("scenarios", "harus berupa daftar kunci skenario yang tidak kosong")
    out = []
    for i, key in enumerate(keys):
        if key not in SCENARIOS:
            raise ModelInputError(
                f"scenarios[{i}]", f"skenario '{key}' tidak dikenal ({', '.join(SCENARIOS)})"
            )
        scenario = SCENARIOS[key]
        if scenario.from_schedule and not has_schedule:
            raise ModelInputError(
                f"scenarios[{i}]", "belum ada jadwal terbit (opds[].planned_offsite_share)"
            )
        if key == "campuran" and mix:
            assert scenario.by_class is not None  # the mixed scenario carries DEFAULT_MIX
            scenario = Scenario(
                scenario.key,
                scenario.label,
                scenario.wfh_days_per_week,
                scenario.synchronised,
                scenario.description,
                by_class={**scenario.by_class, **mix},
            )
        out.append(scenario)
    return out


# One independent check per OPD field; the branches count fields, not logic.
def _opds(value) -> list[OpdInput]:  # noqa: C901
    if not isinstance(value, list) or not value:
        raise ModelInputError("opds", "harus berupa daftar OPD yang tidak kosong")
    out, seen = [], set()
    for i, item in enumerate(value):
        where = f"opds[{i}]"
        if not isinstance(item, dict):
            raise ModelInputError(where, "harus berupa objek")
        code = str(item.get("code") or "").strip()
        if not code:
            raise ModelInputError(f"{where}.code", "wajib diisi")
        if code in seen:
            raise ModelInputError(f"{where}.code", f"kode OPD '{code}' ganda")
        seen.add(code)
        klass = item.get("opd_class")
        if klass not in OPD_CLASSES:
            raise ModelInputError(
                f"{where}.opd_class", f"harus salah satu: {', '.join(OPD_CLASSES)}"
            )
        staff = item.get("staff")
        if isinstance(staff, bool) or not isinstance(staff, int) or staff < 0:
            raise ModelInputError(f"{where}.staff", "harus berupa bilangan bulat ≥ 0")
        eligible = item.get("eligible_share")
        if eligible is not None:
            eligible = _number(eligible, f"{where}.eligible_share", 0, 1)
        baseline = item.get("baseline")
        if baseline is not None:
            if not isinstance(baseline, dict):
                raise ModelInputError(f"{where}.baseline", "harus berupa objek komponen → Rp")
            for comp, amount in baseline.items():
                if comp not in COMPONENTS:
                    raise ModelInputError(f"{where}.baseline.{comp}", "komponen tidak dikenal")
                _number(amount, f"{where}.baseline.{comp}", low=0)
            baseline = {c: float(baseline.get(c, 0)) for c in COMPONENTS}
        planned = item.get("planned_offsite_share")
        if planned is not None:
            planned = _number(planned, f"{where}.planned_offsite_share", 0, 1)
        scenario = item.get("scenario")
        if scenario is not None and (
            scenario not in SCENARIOS or scenario in ("campuran", "jadwal_terbit")
        ):
            raise ModelInputError(f"{where}.scenario", f"skenario '{scenario}' tidak dikenal")
        out.append(
            OpdInput(
                code=code,
                name=str(item.get("name") or code),
                opd_class=klass,
                staff=staff,
                eligible_share=eligible,
                baseline=baseline,
                scenario=scenario,
                planned_share=planned,
            )
        )
    return out


def _commute(value: dict) -> CommuteParams:
    if not isinstance(value, dict):
        raise ModelInputError("commute", "harus berupa objek")
    defaults = CommuteParams()
    limits = {
        "hours_per_wfh_day": (0, 8),
        "km_per_day": (0, 500),
        "private_vehicle_share": (0, 1),
        "litres_per_km": (0, 1),
        "co2_kg_per_litre": (0, 10),
    }
    kwargs = {}
    for key, item in value.items():
        if key not in limits:
            raise ModelInputError(f"commute.{key}", "parameter tidak dikenal")
        kwargs[key] = _number(item, f"commute.{key}", *limits[key])
    return CommuteParams(**{**defaults.__dict__, **kwargs})
