"""The pure cost model: calibration, hand-computed cases, properties, Monte Carlo."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hibrida.efficiency.inputs import parse_input
from hibrida.efficiency.model import (
    CALIBRATIONS,
    SCENARIOS,
    ModelInputError,
    OpdInput,
    Scenario,
    SimulationInput,
    _number,
    _percentiles,
    _table_calibration,
    _text_calibration,
    average_opd,
    custom_calibration,
    general_assumptions,
    offsite_share,
    opd_baseline,
    parameter_space,
    resolve_scenario,
    simulate,
)

M = 1_000_000


def run(data: dict) -> dict:
    data.setdefault("monte_carlo", {"draws": 500, "seed": 7})
    return simulate(parse_input(data))


def scenario(result: dict, key: str) -> dict:
    return next(s for s in result["scenarios"] if s["key"] == key)


def test_tabel_berita_reproduces_every_reported_figure():
    """Rule: the 'tabel_berita' calibration reproduces the news table exactly."""
    result = run({"calibration": "tabel_berita", "scenarios": ["wfo_penuh", "wfh_1_hari"]})
    opd = scenario(result, "wfh_1_hari")["opds"][0]
    rows = {c["component"]: c for c in opd["components"]}
    assert (rows["listrik_air"]["baseline"], rows["listrik_air"]["scenario"]) == (25 * M, 21 * M)
    assert (rows["atk_logistik"]["baseline"], rows["atk_logistik"]["scenario"]) == (18 * M, 14 * M)
    assert (rows["bbm_perjalanan"]["baseline"], rows["bbm_perjalanan"]["scenario"]) == (
        10 * M,
        7 * M,
    )
    assert round(rows["listrik_air"]["saving_pct"]) == 16
    assert round(rows["atk_logistik"]["saving_pct"]) == 22
    assert round(rows["bbm_perjalanan"]["saving_pct"]) == 30
    assert opd["productivity_index"] == 112
    assert opd["offsite_share"] == pytest.approx(0.2)
    assert opd["total"]["saving"] == 11 * M
    assert opd["yearly_saving"] == 132 * M  # shown next to the reported 125 million
    # Full WFO changes nothing.
    wfo = scenario(result, "wfo_penuh")["opds"][0]
    assert wfo["total"]["saving"] == 0 and wfo["productivity_index"] == 100


def test_every_output_lists_its_assumptions():
    """Rule: every output lists the assumptions it rests on."""
    for key in ("tabel_berita", "teks_berita"):
        result = run({"calibration": key, "scenarios": ["wfh_1_hari"]})
        assert len(result["assumptions"]) >= 5
        assert any("20 %" in a for a in result["assumptions"]) or key == "teks_berita"


def test_teks_berita_caps_reached_at_two_days_and_never_exceeded():
    """Rule: 'teks_berita' uses the text's caps 12/18/25/10 % (reached at 2 days/week)."""
    result = run(
        {"calibration": "teks_berita", "scenarios": ["wfh_2_hari", "tahap_1_kamis", "rotasi_50_50"]}
    )
    caps = {"listrik_air": 12, "atk_logistik": 18, "bbm_perjalanan": 25, "lembur_pemeliharaan": 10}
    for key in ("wfh_2_hari", "rotasi_50_50", "tahap_1_kamis"):
        for c in scenario(result, key)["opds"][0]["components"]:
            assert c["saving_pct"] <= caps[c["component"]] + 1e-9
    # Two staggered days: electricity saves only half (the building stays open).
    two = {c["component"]: c for c in scenario(result, "wfh_2_hari")["opds"][0]["components"]}
    assert two["atk_logistik"]["saving_pct"] == pytest.approx(18)
    assert two["listrik_air"]["saving_pct"] == pytest.approx(6)
    # Fixed Thursday: one day, whole building → electricity 12 % × 1/2 day-share = 6 %.
    thu = {c["component"]: c for c in scenario(result, "tahap_1_kamis")["opds"][0]["components"]}
    assert thu["listrik_air"]["saving_pct"] == pytest.approx(6)
    assert thu["bbm_perjalanan"]["saving_pct"] == pytest.approx(12.5)


def test_hand_computed_custom_case():
    """Rule: saving = baseline × (1 − fixed) × elasticity × s, s = eligible × days/5."""
    result = run(
        {
            "calibration": "custom",
            "custom": {
                "components": {
                    "listrik_air": {"baseline": 10 * M, "fixed_share": 0.5, "elasticity": 1.0}
                }
            },
            "opds": [
                {
                    "code": "X",
                    "opd_class": "administratif_teknis",
                    "staff": 100,
                    "eligible_share": 0.5,
                    "baseline": {"listrik_air": 10 * M},
                }
            ],
            "scenarios": ["wfh_2_hari"],
        }
    )
    opd = scenario(result, "wfh_2_hari")["opds"][0]
    assert opd["offsite_share"] == pytest.approx(0.2)  # 0.5 × 2/5
    listrik = opd["components"][0]
    assert listrik["saving"] == 1 * M  # 10 M × 0.5 × 1.0 × 0.2
    assert opd["yearly_saving"] == 12 * M
    emp = scenario(result, "wfh_2_hari")["employees"]
    # 100 staff × 21 days × 0.2 = 420 WFH person-days; × 1.5 h; fuel 420 × 20 × 0.8 × 0.044.
    assert emp["wfh_person_days_per_month"] == pytest.approx(420)
    assert emp["commute_hours_saved_per_month"] == pytest.approx(630)
    assert emp["fuel_litres_avoided_per_month"] == pytest.approx(295.7, abs=0.1)
    assert emp["co2_kg_avoided_per_month"] == pytest.approx(295.68 * 2.3, abs=0.2)


def test_frontline_opd_saves_almost_nothing():
    """Rule: frontline OPDs (small eligible share) save far less than administrative ones."""
    opds = [
        {"code": "ADM", "opd_class": "administratif_teknis", "staff": 275},
        {"code": "PL", "opd_class": "pelayanan_langsung", "staff": 275},
    ]
    result = run({"opds": opds, "scenarios": ["wfh_1_hari"]})
    by = {o["code"]: o for o in scenario(result, "wfh_1_hari")["opds"]}
    assert by["PL"]["total"]["saving_pct"] < 0.2 * by["ADM"]["total"]["saving_pct"]
    classes = scenario(result, "wfh_1_hari")["totals"]["by_class"]
    assert (
        classes["pelayanan_langsung"]["yearly_saving"]
        < classes["administratif_teknis"]["yearly_saving"]
    )


def test_per_opd_mix_follows_class_and_override():
    """Rule: the mix scenario gives each OPD its class's scenario unless the OPD overrides."""
    opds = [
        {"code": "A", "opd_class": "administratif_teknis", "staff": 50},
        {"code": "B", "opd_class": "pelayanan_langsung", "staff": 50},
        {"code": "C", "opd_class": "pengawasan_lapangan", "staff": 50, "scenario": "rotasi_50_50"},
    ]
    result = run(
        {"opds": opds, "scenarios": ["campuran"], "mix": {"administratif_teknis": "tahap_1_kamis"}}
    )
    got = {o["code"]: o["scenario"] for o in scenario(result, "campuran")["opds"]}
    assert got == {"A": "tahap_1_kamis", "B": "wfo_penuh", "C": "rotasi_50_50"}


def test_monte_carlo_reproducible_with_seed():
    """Rule: the Monte Carlo is seedable and reproducible."""
    data = {"scenarios": ["rotasi_50_50"], "monte_carlo": {"draws": 2000, "seed": 11}}
    a = simulate(parse_input(data))
    b = simulate(parse_input(data))
    c = simulate(parse_input({**data, "monte_carlo": {"draws": 2000, "seed": 12}}))
    ra, rb, rc = (scenario(r, "rotasi_50_50")["totals"]["yearly_range"] for r in (a, b, c))
    assert ra == rb
    assert ra != rc
    assert ra["p5"] <= ra["p50"] <= ra["p95"]


def test_tornado_sorted_by_swing_and_brackets_point_estimate():
    """Rule: the tornado lists parameters by influence; low/high bracket the point estimate."""
    result = run({"scenarios": ["wfh_1_hari"]})
    s = scenario(result, "wfh_1_hari")
    swings = [t["swing"] for t in s["tornado"]]
    assert swings == sorted(swings, reverse=True) and swings[0] > 0
    point = s["totals"]["yearly_saving"]
    for t in s["tornado"]:
        assert min(t["saving_at_low"], t["saving_at_high"]) <= point + 1
        assert max(t["saving_at_low"], t["saving_at_high"]) >= point - 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"calibration": "berita"}, "calibration"),
        ({"scenarios": ["wfh_9_hari"]}, "scenarios[0]"),
        ({"opds": [{"code": "A", "opd_class": "x", "staff": 1}]}, "opds[0].opd_class"),
        (
            {"opds": [{"code": "A", "opd_class": "pelayanan_langsung", "staff": -1}]},
            "opds[0].staff",
        ),
        (
            {
                "opds": [
                    {
                        "code": "A",
                        "opd_class": "pelayanan_langsung",
                        "staff": 3,
                        "eligible_share": 1.5,
                    }
                ]
            },
            "opds[0].eligible_share",
        ),
        ({"commute": {"km_per_day": "jauh"}}, "commute.km_per_day"),
        ({"monte_carlo": {"draws": 5}}, "monte_carlo.draws"),
        ({"uncertainty": {"tidak.ada": [0, 1]}}, "uncertainty.tidak.ada"),
        ({"custom": {}, "calibration": "custom", "x": 1}, "x"),
        ({"city": "demo"}, "city"),
    ],
)
def test_invalid_input_names_the_field(data, field):
    """Rule: invalid input raises an Indonesian message naming the offending field."""
    with pytest.raises(ModelInputError) as err:
        simulate(parse_input(data))
    assert err.value.field == field


@settings(max_examples=60, deadline=None)
@given(
    eligible=st.floats(0, 1),
    staff=st.integers(0, 3000),
    key=st.sampled_from(sorted(k for k, s in SCENARIOS.items() if not s.from_schedule)),
    cal=st.sampled_from(sorted(CALIBRATIONS)),
)
def test_saving_never_exceeds_baseline_and_grows_with_days(eligible, staff, key, cal):
    """Property: 0 ≤ saving ≤ baseline, and more WFH days never save less."""
    opd = {
        "code": "A",
        "opd_class": "administratif_teknis",
        "staff": staff,
        "eligible_share": eligible,
    }
    result = run(
        {
            "calibration": cal,
            "opds": [opd],
            "scenarios": [key, "wfh_1_hari", "wfh_2_hari"],
            "monte_carlo": {"draws": 100, "seed": 1},
        }
    )
    for s in result["scenarios"]:
        for c in s["opds"][0]["components"]:
            assert 0 <= c["saving"] <= c["baseline"]
    one = scenario(result, "wfh_1_hari")["opds"][0]["total"]["saving"]
    two = scenario(result, "wfh_2_hari")["opds"][0]["total"]["saving"]
    assert two >= one


def test_offsite_share_one_day_for_everyone_is_twenty_percent():
    """Rule: 1 WFH day/week for all staff = 20 % of person-days."""
    assert offsite_share(1.0, 1.0, SCENARIOS["wfh_1_hari"]) == pytest.approx(0.2)
    assert offsite_share(1.0, 1.0, SCENARIOS["rotasi_50_50"]) == pytest.approx(0.5)
    assert offsite_share(0.4, 1.0, SCENARIOS["wfo_penuh"]) == 0


def test_published_schedule_scenario_uses_planned_share():
    """Rule: the off-site share can come from published schedules (per OPD)."""
    opds = [
        {
            "code": "A",
            "opd_class": "administratif_teknis",
            "staff": 100,
            "planned_offsite_share": 0.3,
        },
        {"code": "B", "opd_class": "pelayanan_langsung", "staff": 100},
    ]
    result = run({"opds": opds})
    assert "jadwal_terbit" in [s["key"] for s in result["scenarios"]]
    by = {o["code"]: o for o in scenario(result, "jadwal_terbit")["opds"]}
    assert by["A"]["offsite_share"] == pytest.approx(0.3)
    assert by["B"]["offsite_share"] == 0 and by["B"]["total"]["saving"] == 0
    no_schedule = run({})
    assert "jadwal_terbit" not in [s["key"] for s in no_schedule["scenarios"]]
    with pytest.raises(ModelInputError) as err:
        parse_input({"scenarios": ["jadwal_terbit"]})
    assert err.value.field == "scenarios[0]"


# The calibrations are built once at import; calling the builders again is how a changed
# builder shows (mutmut's mutants only act on calls made after the import).
def test_table_calibration_parameters_solved_by_hand():
    """Rule: elasticity = reported saving / ((1 − fixed) × 0.2); productivity 12 pts / 0.2."""
    cal = _table_calibration()
    assert (cal.key, cal.label) == ("tabel_berita", "Tabel berita (reproduksi persis)")
    assert cal.baseline == {
        "listrik_air": 25 * M,
        "atk_logistik": 18 * M,
        "bbm_perjalanan": 10 * M,
        "lembur_pemeliharaan": 0,
    }
    expected = {
        # (fixed share, elasticity): 4/25 / (0.8 × 0.2) = 1; 4/18 / 0.2 = 10/9; 3/10 / 0.2.
        "listrik_air": (0.2, 1.0),
        "atk_logistik": (0.0, 10 / 9),
        "bbm_perjalanan": (0.0, 1.5),
        "lembur_pemeliharaan": (1.0, 0.0),
    }
    assert set(cal.components) == set(expected)
    for comp, (fixed, elasticity) in expected.items():
        params = cal.components[comp]
        assert params.fixed_share == fixed
        assert params.elasticity == pytest.approx(elasticity, rel=1e-12)
        assert (params.rotation_factor, params.max_saving) == (1.0, 1.0)
    assert cal.productivity_per_offsite == pytest.approx(0.6, rel=1e-12)  # (112/100 − 1) / 0.2
    assert cal.productivity_max_gain == 1.0
    assert cal.reference_staff == 275
    assert cal.eligible_share == ELIGIBLE
    assert cal.assumptions == (
        "Baseline OPD rata-rata dari tabel berita: listrik & air Rp 25 jt, ATK & logistik Rp 18 "
        "jt, BBM & perjalanan dinas Rp 10 jt per bulan.",
        "Lembur & pemeliharaan tidak ada di tabel: tidak ikut hemat; OPD rata-rata memakai "
        "baseline 0 agar total sama dengan tabel.",
        "WFH 1 hari/minggu untuk seluruh pegawai OPD rata-rata = 20 % hari-orang di luar kantor.",
        "Listrik & air: 20 % biaya tetap, elastisitas 1,0 → hemat 16 % pada 20 % hari luar kantor.",
        "ATK & logistik: tanpa biaya tetap, elastisitas 1,11 — penghematan 22 % melebihi 20 % "
        "hari luar kantor (lebih dari proporsional).",
        "BBM & perjalanan dinas: tanpa biaya tetap, elastisitas 1,5 — penghematan 30 % melebihi "
        "20 % hari luar kantor (lebih dari proporsional).",
        "Tabel tidak membedakan hari WFH tetap (Kamis) dan bergilir: faktor rotasi 1.",
        "Produktivitas naik 0,6 poin indeks per 1 % hari luar kantor (100 → 112 pada 20 %).",
        "OPD kota (bila dipakai): porsi pegawai layak WFH per kelas — pelayanan langsung 15 % "
        "(back office), administratif/teknis 90 %, pengawasan/lapangan 50 %.",
    )


def test_text_calibration_reaches_each_cap_at_two_days():
    """Rule: elasticity = cap / ((1 − fixed) × 0.4), so the cap is reached at 2 days a week."""
    cal = _text_calibration()
    assert (cal.key, cal.label) == ("teks_berita", "Teks berita (batas 12/18/25/10 %)")
    assert cal.baseline == {
        "listrik_air": 25 * M,
        "atk_logistik": 18 * M,
        "bbm_perjalanan": 10 * M,
        "lembur_pemeliharaan": 7 * M,
    }
    expected = {
        # (fixed, elasticity, rotation, cap): 0.12 / (0.6 × 0.4) = 0.5; 0.18 / (0.75 × 0.4)
        # = 0.6; 0.25 / (0.8 × 0.4) = 0.78125; 0.10 / (0.5 × 0.4) = 0.5.
        "listrik_air": (0.4, 0.5, 0.5, 0.12),
        "atk_logistik": (0.25, 0.6, 1.0, 0.18),
        "bbm_perjalanan": (0.2, 0.78125, 1.0, 0.25),
        "lembur_pemeliharaan": (0.5, 0.5, 1.0, 0.10),
    }
    assert set(cal.components) == set(expected)
    for comp, (fixed, elasticity, rotation, cap) in expected.items():
        params = cal.components[comp]
        assert params.fixed_share == fixed
        assert params.elasticity == pytest.approx(elasticity, rel=1e-12)
        assert (params.rotation_factor, params.max_saving) == (rotation, cap)
    assert (cal.productivity_per_offsite, cal.productivity_max_gain) == (0.5, 0.15)
    assert cal.reference_staff == 275
    assert cal.eligible_share == ELIGIBLE
    assert cal.assumptions == (
        'Batas teks berita ("hingga"): listrik & air 12 %, ATK 18 %, BBM & perjalanan 25 %, '
        "lembur & pemeliharaan 10 % — dicapai pada WFH 2 hari/minggu (40 % hari luar kantor) "
        "dan tidak dilampaui.",
        "Baseline OPD rata-rata dari tabel berita (25/18/10 jt); lembur & pemeliharaan Rp 7 "
        "jt/bulan adalah asumsi Hibrida (tidak dilaporkan) — ganti dengan data OPD.",
        "Biaya tetap (asumsi): listrik & air 40 %, ATK 25 %, BBM 20 %, lembur & pemeliharaan 50 %.",
        "Listrik & air hanya turun separuh bila hari WFH bergilir (gedung tetap buka); penuh "
        "bila OPD libur kantor di hari yang sama (Tahap I, Kamis).",
        "Produktivitas +10 % pada WFH 1 hari/minggu, paling tinggi +15 % (teks: 10–15 %).",
        "Porsi pegawai layak WFH per kelas — pelayanan langsung 15 %, administratif/teknis 90 %, "
        "pengawasan/lapangan 50 %.",
    )


ELIGIBLE = {"pelayanan_langsung": 0.15, "administratif_teknis": 0.9, "pengawasan_lapangan": 0.5}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"components": [1]}, "custom.components", "harus berupa objek per komponen"),
        (
            {"components": {"gas": {}}},
            "custom.components.gas",
            "komponen tidak dikenal (pilih: listrik_air, atk_logistik, bbm_perjalanan, "
            "lembur_pemeliharaan)",
        ),
        (
            {"components": {"atk_logistik": 3}},
            "custom.components.atk_logistik",
            "harus berupa objek",
        ),
        (
            {"components": {"atk_logistik": {"warna": 1}}},
            "custom.components.atk_logistik.warna",
            "parameter tidak dikenal",
        ),
        (
            {"components": {"atk_logistik": {"baseline": -1}}},
            "custom.components.atk_logistik.baseline",
            "tidak boleh kurang dari 0",
        ),
        (
            {"components": {"atk_logistik": {"rotation_factor": 1.01}}},
            "custom.components.atk_logistik.rotation_factor",
            "tidak boleh lebih dari 1",
        ),
        (
            {"components": {"atk_logistik": {"max_saving": -0.01}}},
            "custom.components.atk_logistik.max_saving",
            "tidak boleh kurang dari 0",
        ),
        (
            {"components": {"atk_logistik": {"elasticity": 5.01}}},
            "custom.components.atk_logistik.elasticity",
            "tidak boleh lebih dari 5",
        ),
        (
            {"components": {"atk_logistik": {"elasticity": -0.01}}},
            "custom.components.atk_logistik.elasticity",
            "tidak boleh kurang dari 0",
        ),
        (
            {"eligible_share": {"kantor": 0.5}},
            "custom.eligible_share.kantor",
            "kelas OPD tidak dikenal",
        ),
        (
            {"eligible_share": {"pelayanan_langsung": 1.01}},
            "custom.eligible_share.pelayanan_langsung",
            "tidak boleh lebih dari 1",
        ),
        (
            {"eligible_share": {"pelayanan_langsung": -0.01}},
            "custom.eligible_share.pelayanan_langsung",
            "tidak boleh kurang dari 0",
        ),
        (
            {"productivity_per_offsite": 5.01},
            "custom.productivity_per_offsite",
            "tidak boleh lebih dari 5",
        ),
        (
            {"productivity_per_offsite": -0.01},
            "custom.productivity_per_offsite",
            "tidak boleh kurang dari 0",
        ),
        (
            {"productivity_max_gain": 1.01},
            "custom.productivity_max_gain",
            "tidak boleh lebih dari 1",
        ),
        (
            {"productivity_max_gain": -0.01},
            "custom.productivity_max_gain",
            "tidak boleh kurang dari 0",
        ),
    ],
)
def test_custom_calibration_refuses_with_field_and_message(overrides, field, message):
    """Rule: each override is checked on its own and the error names its dotted field."""
    with pytest.raises(ModelInputError) as caught:
        custom_calibration(_table_calibration(), overrides)
    assert (caught.value.field, caught.value.message) == (field, message)


def test_custom_calibration_applies_every_override_at_its_bounds():
    """Rule: bounds are inclusive (shares 0–1, elasticity and productivity 0–5)."""
    cal = custom_calibration(
        _table_calibration(),
        {
            "components": {
                "atk_logistik": {
                    "baseline": 0,
                    "fixed_share": 1,
                    "rotation_factor": 0,
                    "max_saving": 0.4,
                    "elasticity": 5,
                },
                "listrik_air": {"elasticity": 0, "fixed_share": 0},
            },
            "eligible_share": {"pelayanan_langsung": 0, "pengawasan_lapangan": 1},
            "productivity_per_offsite": 5,
            "productivity_max_gain": 0,
        },
    )
    assert (cal.key, cal.label, cal.reference_staff) == ("custom", "Kalibrasi pengguna", 275)
    atk = cal.components["atk_logistik"]
    assert (atk.fixed_share, atk.rotation_factor, atk.max_saving, atk.elasticity) == (1, 0, 0.4, 5)
    assert cal.baseline["atk_logistik"] == 0
    assert cal.baseline["listrik_air"] == 25 * M  # not overridden
    assert (
        cal.components["listrik_air"].elasticity,
        cal.components["listrik_air"].fixed_share,
    ) == (0, 0)
    assert cal.components["bbm_perjalanan"].elasticity == pytest.approx(1.5)  # untouched
    assert cal.eligible_share == {
        "pelayanan_langsung": 0,
        "administratif_teknis": 0.9,
        "pengawasan_lapangan": 1,
    }
    assert (cal.productivity_per_offsite, cal.productivity_max_gain) == (5, 0)
    # The base's nine assumptions, then one note for the calibration and one per component.
    assert cal.assumptions[9:] == (
        "Kalibrasi pengguna berbasis 'tabel_berita'.",
        "ATK & logistik: baseline Rp 0, biaya tetap 100 %, elastisitas 5,00, faktor rotasi "
        "0,00, hemat maks 40 % (pengguna).",
        "Listrik & air: baseline Rp 25.000.000, biaya tetap 0 %, elastisitas 0,00, faktor rotasi "
        "1,00, hemat maks 100 % (pengguna).",
    )


def test_custom_calibration_without_overrides_keeps_the_base_values():
    cal = custom_calibration(_text_calibration(), {})
    assert cal.components["listrik_air"].rotation_factor == 0.5
    assert (cal.productivity_per_offsite, cal.productivity_max_gain) == (0.5, 0.15)
    assert cal.assumptions[6:] == ("Kalibrasi pengguna berbasis 'teks_berita'.",)


def test_offsite_share_scales_with_uptake():
    # 0.5 eligible × 0.8 uptake × 2 days / 5 = 0.16.
    assert offsite_share(0.5, 0.8, SCENARIOS["wfh_2_hari"]) == pytest.approx(0.16)


def test_opd_baseline_own_figures_else_average_scaled_by_staff():
    """Rule: own figures (a missing component is 0), else the average OPD × staff / 275."""
    cal = _table_calibration()
    own = OpdInput("X", "X", "administratif_teknis", 100, baseline={"listrik_air": 5 * M})
    assert opd_baseline(cal, own) == {
        "listrik_air": 5 * M,
        "atk_logistik": 0.0,
        "bbm_perjalanan": 0.0,
        "lembur_pemeliharaan": 0.0,
    }
    double = OpdInput("Y", "Y", "administratif_teknis", 550)
    assert opd_baseline(cal, double) == {
        "listrik_air": 50 * M,
        "atk_logistik": 36 * M,
        "bbm_perjalanan": 20 * M,
        "lembur_pemeliharaan": 0.0,
    }
    # No reference staff: the average OPD unscaled; a component the calibration lacks is 0.
    bare = replace(cal, reference_staff=0, baseline={"listrik_air": 25 * M})
    assert opd_baseline(bare, double) == {
        "listrik_air": 25 * M,
        "atk_logistik": 0.0,
        "bbm_perjalanan": 0.0,
        "lembur_pemeliharaan": 0.0,
    }


def test_a_mix_without_the_opds_class_keeps_it_in_the_office():
    mix = Scenario("m", "m", 0, False, "", by_class={})
    opd = OpdInput("X", "X", "pengawasan_lapangan", 10)
    assert resolve_scenario(mix, opd).key == "wfo_penuh"


def test_average_opd_is_the_news_tables():
    opd = average_opd(_table_calibration())
    assert (opd.code, opd.name, opd.opd_class) == (
        "RATA2",
        "OPD rata-rata (tabel berita)",
        "administratif_teknis",
    )
    assert (opd.staff, opd.eligible_share) == (275, 1.0)


def test_model_input_error_names_field_and_message():
    err = ModelInputError("custom.eligible_share.x", "kelas OPD tidak dikenal")
    assert str(err) == "custom.eligible_share.x: kelas OPD tidak dikenal"
    assert (err.field, err.message) == ("custom.eligible_share.x", "kelas OPD tidak dikenal")


def test_hand_computed_case_every_row_field():
    """Rule: the rows shown on the page, worked out by hand for one OPD (10 M electricity,
    half fixed, elasticity 1, 0.5 eligible × 2/5 days = 0.2 off-site → 1 M saved a month)."""
    result = run(
        {
            "calibration": "custom",
            "custom": {
                "components": {
                    "listrik_air": {"baseline": 10 * M, "fixed_share": 0.5, "elasticity": 1.0}
                }
            },
            "opds": [
                {
                    "code": "X",
                    "name": "Dinas X",
                    "opd_class": "administratif_teknis",
                    "staff": 100,
                    "eligible_share": 0.5,
                    "baseline": {"listrik_air": 10 * M},
                }
            ],
            "scenarios": ["wfh_2_hari"],
        }
    )
    sc = scenario(result, "wfh_2_hari")
    opd = sc["opds"][0]
    money = {
        "component": "total",
        "label": "Total",
        "baseline": 10 * M,
        "scenario": 9 * M,
        "saving": 1 * M,
        "saving_pct": 10.0,
    }
    assert {k: v for k, v in opd.items() if k != "components"} == {
        "code": "X",
        "name": "Dinas X",
        "opd_class": "administratif_teknis",
        "class_label": "Administratif / teknis",
        "staff": 100,
        "scenario": "wfh_2_hari",
        "eligible_share": 0.5,
        "offsite_share": 0.2,
        "total": money,
        "yearly_saving": 12 * M,
        "productivity_index": 112.0,  # 100 × (1 + 0.6 × 0.2)
    }
    assert opd["components"][0] == {**money, "component": "listrik_air", "label": "Listrik & air"}
    assert opd["components"][3] == {
        "component": "lembur_pemeliharaan",
        "label": "Lembur & pemeliharaan",
        "baseline": 0,
        "scenario": 0,
        "saving": 0,
        "saving_pct": 0.0,
    }
    totals = sc["totals"]
    assert totals["monthly"] == money
    assert (totals["yearly_baseline"], totals["yearly_saving"]) == (120 * M, 12 * M)
    assert totals["productivity_index"] == 112.0
    listrik = {
        k: v for k, v in totals["by_component"]["listrik_air"].items() if k != "yearly_range"
    }
    assert listrik == {
        "label": "Listrik & air",
        "baseline": 10 * M,
        "monthly_saving": 1 * M,
        "yearly_saving": 12 * M,
    }
    klass = {
        k: v for k, v in totals["by_class"]["administratif_teknis"].items() if k != "yearly_range"
    }
    assert klass == {
        "label": "Administratif / teknis",
        "opds": 1,
        "staff": 100,
        "baseline": 10 * M,
        "monthly_saving": 1 * M,
        "yearly_saving": 12 * M,
    }
    assert set(totals["by_class"]) == {"administratif_teknis"}
    # 420 person-days × 1.5 h = 630 h; fuel 420 × 20 km × 0.8 × 0.044 l = 295.68 l; × 2.3 kg.
    employees = {k: v for k, v in sc["employees"].items() if k != "commute_hours_yearly_range"}
    assert employees == {
        "wfh_person_days_per_month": 420.0,
        "commute_hours_saved_per_month": 630.0,
        "commute_hours_saved_per_year": 7560,
        "fuel_litres_avoided_per_month": 295.7,
        "fuel_litres_avoided_per_year": 3548,
        "co2_kg_avoided_per_month": 680.1,
        "co2_tonnes_avoided_per_year": 8.16,
    }
    # Scenario header and the yearly Monte Carlo ranges: a year of savings is more than the
    # point's one month (1 M; 630 commute hours) and less than a year of baseline (120 M).
    header = {k: sc[k] for k in ("label", "wfh_days_per_week", "synchronised")}
    assert header == {
        "label": SCENARIOS["wfh_2_hari"].label,
        "wfh_days_per_week": 2,
        "synchronised": False,
    }
    assert sc["description"] == SCENARIOS["wfh_2_hari"].description
    for yearly in (
        totals["yearly_range"],
        totals["by_component"]["listrik_air"]["yearly_range"],
        totals["by_class"]["administratif_teknis"]["yearly_range"],
    ):
        assert 1 * M < yearly["p50"] < 120 * M
    assert sc["employees"]["commute_hours_yearly_range"]["p50"] > 630
    assert 100 < totals["productivity_range"]["p50"] < 200


def test_percentiles_of_zero_to_hundred():
    # 101 evenly spaced values: the q-th percentile is the value q (then / 3, two digits).
    values = np.arange(101, dtype=float)
    assert _percentiles(values) == {"p5": 5, "p50": 50, "p95": 95}
    assert _percentiles(values / 3, digits=2) == {"p5": 1.67, "p50": 16.67, "p95": 31.67}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1", "harus berupa angka"),
        (True, "harus berupa angka"),
        (math.inf, "harus berupa angka terhingga"),
    ],
)
def test_number_refuses_non_numbers(value, message):
    with pytest.raises(ModelInputError) as caught:
        _number(value, "custom.productivity_max_gain", 0, 1)
    assert (caught.value.field, caught.value.message) == ("custom.productivity_max_gain", message)


def test_general_assumptions_state_draws_seed_and_the_average_opd():
    sim = SimulationInput(_table_calibration(), [], [], draws=12345, seed=7, average_opd=True)
    texts = general_assumptions(sim)
    assert texts[2].endswith(
        "kg CO₂ per liter bensin. Perjalanan lain pada hari WFH tidak dihitung."
    )
    assert texts[3:] == [
        "Rentang P5–P95 dari 12.345 undian Monte Carlo (seed 7), parameter tak pasti berdistribusi "
        "seragam pada rentangnya. Angka utama tiap skenario adalah median (P50) undian yang "
        "sama, sehingga selalu berada di dalam rentangnya. Nilai titik kalibrasi (semua "
        "parameter di nilai pusat; pada 'tabel berita' persis mereproduksi tabel) ditampilkan "
        "terpisah: kalibrasi berada di ujung optimis rentang (mis. semua pegawai layak "
        "benar-benar WFH, elastisitas tabel berita), sehingga nilai titik dapat berada di atas "
        "P95.",
        "Tanpa daftar OPD: dihitung untuk satu 'OPD rata-rata' seperti tabel berita.",
    ]


def _four_components(**listrik) -> dict:
    """Custom overrides for every component (no base-calibration value left to look up)."""
    comps = {
        comp: {"fixed_share": 0.25, "elasticity": 0.5, "rotation_factor": 1, "max_saving": 1}
        for comp in ("listrik_air", "atk_logistik", "bbm_perjalanan", "lembur_pemeliharaan")
    }
    comps["listrik_air"].update(listrik)
    return comps


def test_parameter_space_ranges_labels_and_skipped_components():
    """Rule: each component with a baseline gets fixed share ± 0.1 (kept in 0–1) and
    elasticity × 0.6 … × 1.2; then uptake 0.8–1, commute 1–2 h, productivity × 0.6 … × 1.25.
    Components without any baseline (calibration 0, no OPD figures) are left out."""
    comps = _four_components(baseline=10 * M, fixed_share=0.5, elasticity=1.0)
    comps["atk_logistik"]["baseline"] = 0
    comps["bbm_perjalanan"].update(baseline=0.5, fixed_share=0.95, elasticity=2.0)
    comps["lembur_pemeliharaan"]["baseline"] = 0
    data = {
        "calibration": "custom",
        "custom": {"components": comps, "productivity_per_offsite": 0.4},
        "opds": [{"code": "X", "opd_class": "administratif_teknis", "staff": 10}],
    }
    got = [(u.name, u.label, u.low, u.high) for u in parameter_space(parse_input(data))]
    assert got == [
        ("listrik_air.fixed_share", "Listrik & air: porsi biaya tetap", pytest.approx(0.4), 0.6),
        ("listrik_air.elasticity", "Listrik & air: elastisitas", pytest.approx(0.6), 1.2),
        # 0.95 + 0.1 is cut at 1.
        ("bbm_perjalanan.fixed_share", "BBM & perjalanan dinas: porsi biaya tetap", 0.85, 1.0),
        ("bbm_perjalanan.elasticity", "BBM & perjalanan dinas: elastisitas", 1.2, 2.4),
        ("uptake", "Porsi pegawai layak yang benar-benar WFH", 0.8, 1.0),
        ("commute.hours_per_wfh_day", "Jam perjalanan dihemat per hari WFH", 1.0, 2.0),
        (
            "productivity_per_offsite",
            "Kenaikan produktivitas per hari luar kantor",
            pytest.approx(0.24),
            pytest.approx(0.5),
        ),
    ]
    # A user range replaces both ends; an unknown name is refused with the field named.
    sim = parse_input({**data, "uncertainty": {"uptake": [0.5, 0.7]}})
    uptake = next(u for u in parameter_space(sim) if u.name == "uptake")
    assert (uptake.low, uptake.high) == (0.5, 0.7)
    with pytest.raises(ModelInputError) as err:
        parameter_space(replace(sim, uncertainty={"zzz": (0, 1), "aaa": (0, 1)}))
    assert (err.value.field, err.value.message) == ("uncertainty.aaa", "parameter tidak dikenal")


def test_parameter_space_keeps_a_component_with_only_opd_baselines():
    """Rule: a component is kept when an OPD brings its own figures, even at calibration 0."""
    comps = _four_components(baseline=0)
    for comp in comps.values():
        comp["baseline"] = 0
    data = {
        "calibration": "custom",
        "custom": {"components": comps},
        "opds": [
            {
                "code": "X",
                "opd_class": "administratif_teknis",
                "staff": 10,
                "baseline": {"atk_logistik": 5 * M},
            }
        ],
    }
    names = [u.name for u in parameter_space(parse_input(data))]
    assert names[:8] == [
        f"{comp}.{p}"
        for comp in ("listrik_air", "atk_logistik", "bbm_perjalanan", "lembur_pemeliharaan")
        for p in ("fixed_share", "elasticity")
    ]


def test_tornado_rows_worked_by_hand():
    """Rule: one bar per money parameter (component shares and elasticities, uptake), each at
    its low and high with the rest central, sorted by swing. 10 M electricity a month, half
    fixed, elasticity 1, 0.5 eligible × 2/5 days × uptake; 12 months."""
    result = run(
        {
            "calibration": "custom",
            "custom": {
                "components": _four_components(baseline=10 * M, fixed_share=0.5, elasticity=1.0)
            },
            "opds": [
                {
                    "code": "X",
                    "opd_class": "administratif_teknis",
                    "staff": 100,
                    "eligible_share": 0.5,
                    "baseline": {"listrik_air": 10 * M},
                }
            ],
            "scenarios": ["wfh_2_hari"],
            "uncertainty": {"uptake": [0.123456, 0.987654]},
        }
    )
    bars = scenario(result, "wfh_2_hari")["tornado"]

    def bar(name, label, low, high, at_low, at_high):
        return {
            "parameter": name,
            "label": label,
            "low_value": low,
            "high_value": high,
            "saving_at_low": at_low,
            "saving_at_high": at_high,
            "swing": abs(at_high - at_low),
        }

    flat = 12 * M  # a component without baseline moves nothing
    assert bars == [
        # 10 M × 0.5 × 0.2 × 0.123456 = 123,456 a month; × 0.987654 = 987,654.
        bar(
            "uptake",
            "Porsi pegawai layak yang benar-benar WFH",
            0.1235,
            0.9877,
            1_481_472,
            11_851_848,
        ),
        # Elasticity 0.6 / 1.2: 10 M × 0.5 × 0.12 = 0.6 M, × 0.24 = 1.2 M a month.
        bar(
            "listrik_air.elasticity", "Listrik & air: elastisitas", 0.6, 1.2, 7_200_000, 14_400_000
        ),
        # Fixed share 0.4 / 0.6: 10 M × 0.6 × 0.2 = 1.2 M, 10 M × 0.4 × 0.2 = 0.8 M a month.
        bar(
            "listrik_air.fixed_share",
            "Listrik & air: porsi biaya tetap",
            0.4,
            0.6,
            14_400_000,
            9_600_000,
        ),
        # 0.25 ± 0.1 and 0.5 × 0.6 / × 1.2, in component order (ties keep their order).
        bar(
            "atk_logistik.fixed_share", "ATK & logistik: porsi biaya tetap", 0.15, 0.35, flat, flat
        ),
        bar("atk_logistik.elasticity", "ATK & logistik: elastisitas", 0.3, 0.6, flat, flat),
        bar(
            "bbm_perjalanan.fixed_share",
            "BBM & perjalanan dinas: porsi biaya tetap",
            0.15,
            0.35,
            flat,
            flat,
        ),
        bar(
            "bbm_perjalanan.elasticity", "BBM & perjalanan dinas: elastisitas", 0.3, 0.6, flat, flat
        ),
        bar(
            "lembur_pemeliharaan.fixed_share",
            "Lembur & pemeliharaan: porsi biaya tetap",
            0.15,
            0.35,
            flat,
            flat,
        ),
        bar(
            "lembur_pemeliharaan.elasticity",
            "Lembur & pemeliharaan: elastisitas",
            0.3,
            0.6,
            flat,
            flat,
        ),
    ]


def test_row_rounding_and_point_inside_range_by_hand():
    """Rule: shares are shown to 4 decimals, productivity to 2, person-days and hours to 1.
    0.123456 eligible × uptake 0.7 × 2/5 = 0.03456768 off-site; productivity
    100 × (1 + 0.6 × 0.03456768) = 102.0740608; 100 staff × 21 days × 0.03456768 =
    72.592128 person-days; × 1.5 h = 108.888192 h."""
    result = run(
        {
            "calibration": "custom",
            "custom": {"components": _four_components(baseline=10 * M, fixed_share=0.5)},
            "opds": [
                {
                    "code": "X",
                    "opd_class": "administratif_teknis",
                    "staff": 100,
                    "eligible_share": 0.123456,
                }
            ],
            "scenarios": ["wfh_2_hari", "wfo_penuh"],
            "uptake": 0.7,
        }
    )
    sc = scenario(result, "wfh_2_hari")
    opd = sc["opds"][0]
    assert (opd["eligible_share"], opd["offsite_share"]) == (0.1235, 0.0346)
    assert (opd["productivity_index"], sc["totals"]["productivity_index"]) == (102.07, 102.07)
    employees = sc["employees"]
    assert employees["wfh_person_days_per_month"] == 72.6
    assert employees["commute_hours_saved_per_month"] == 108.9
    # Electricity: (1 − 0.5) × 0.5 × 0.03456768 = 0.864192 % of its baseline.
    assert opd["components"][0]["saving_pct"] == 0.86
    # Uptake and hours per day are drawn (0.8–1, 1–2 h): the yearly hours spread out.
    hours = employees["commute_hours_yearly_range"]
    assert hours["p5"] < hours["p95"]
    assert sc["point_outside_range"] is False
    p50 = sc["totals"]["productivity_range"]["p50"]
    assert p50 == round(p50, 2) and p50 != round(p50)
    # Full WFO: the point (0) equals both ends of its range (0 … 0), which counts as inside.
    wfo = scenario(result, "wfo_penuh")
    assert wfo["totals"]["yearly_range"] == {"p5": 0, "p50": 0, "p95": 0}
    assert wfo["point_outside_range"] is False


def test_tornado_clips_fixed_share_and_caps_the_reduction_at_everything():
    """Rule: a fixed share outside 0–1 counts as 0 or 1, and a component never saves more
    than its variable part. 10 M, 0.5 eligible × 2/5 = 0.2 off-site, 12 months."""
    result = run(
        {
            "calibration": "custom",
            "custom": {
                "components": _four_components(baseline=10 * M, fixed_share=0.5, elasticity=1.0)
            },
            "opds": [
                {
                    "code": "X",
                    "opd_class": "administratif_teknis",
                    "staff": 100,
                    "eligible_share": 0.5,
                    "baseline": {"listrik_air": 10 * M},
                }
            ],
            "scenarios": ["wfh_2_hari"],
            "uncertainty": {
                "listrik_air.fixed_share": [-0.5, 1.5],
                "listrik_air.elasticity": [1, 10],
            },
        }
    )
    bars = {b["parameter"]: b for b in scenario(result, "wfh_2_hari")["tornado"]}
    at = {k: (b["saving_at_low"], b["saving_at_high"]) for k, b in bars.items()}
    # Fixed 0: 10 M × 1 × 0.2 = 2 M a month; fixed 1: nothing.
    assert at["listrik_air.fixed_share"] == (24 * M, 0)
    # Elasticity 10 × 0.2 = 2, capped at 1: 10 M × 0.5 × 1 = 5 M a month.
    assert at["listrik_air.elasticity"] == (12 * M, 60 * M)
    # Uptake 0.8 / 1: 10 M × 0.5 × 0.16 = 0.8 M, × 0.2 = 1 M a month.
    assert at["uptake"] == (9_600_000, 12 * M)


def test_simulate_header_parameters_and_commute_factors():
    """Rule: the result names its calibration, whether the average OPD was used, every
    uncertain parameter with its central value and range, the draws and seed, and the commute
    factors; an empty OPD list is refused on the field "opds"."""
    sim = parse_input(
        {
            "calibration": "custom",
            "custom": {
                "components": _four_components(baseline=10 * M, fixed_share=0.5, elasticity=1.0)
            },
            "opds": [{"code": "X", "opd_class": "administratif_teknis", "staff": 100}],
            "scenarios": ["wfh_1_hari"],
            "monte_carlo": {"draws": 300, "seed": 5},
        }
    )
    result = simulate(sim)
    assert set(result) == {
        "calibration",
        "average_opd",
        "assumptions",
        "parameters",
        "monte_carlo",
        "commute_factors",
        "scenarios",
    }
    assert result["calibration"] == {"key": "custom", "label": sim.calibration.label}
    assert result["average_opd"] is False
    assert result["parameters"][0] == {
        "name": "listrik_air.fixed_share",
        "label": "Listrik & air: porsi biaya tetap",
        "central": 0.5,
        "low": pytest.approx(0.4),
        "high": 0.6,
    }
    mc = result["monte_carlo"]
    assert (set(mc), mc["draws"], mc["seed"]) == ({"draws", "seed", "seconds"}, 300, 5)
    assert result["commute_factors"] == {
        "hours_per_wfh_day": 1.5,
        "km_per_day": 20,
        "private_vehicle_share": 0.8,
        "litres_per_km": 0.044,
        "co2_kg_per_litre": 2.3,
    }
    assert simulate(parse_input({"scenarios": ["wfh_1_hari"]}))["average_opd"] is True
    with pytest.raises(ModelInputError) as err:
        simulate(replace(sim, opds=[]))
    assert (err.value.field, err.value.message) == ("opds", "daftar OPD kosong")


def test_no_staff_keeps_productivity_at_one_hundred_without_a_range():
    """Rule: with no staff there is nobody to weigh productivity by: 100, and no range."""
    result = run(
        {
            "opds": [
                {
                    "code": "X",
                    "opd_class": "administratif_teknis",
                    "staff": 0,
                    "baseline": {"listrik_air": 10 * M},
                }
            ],
            "scenarios": ["wfh_1_hari"],
        }
    )
    totals = scenario(result, "wfh_1_hari")["totals"]
    assert (totals["productivity_index"], totals["productivity_range"]) == (100.0, None)


def test_percentiles_round_to_whole_numbers_by_default():
    assert _percentiles(np.full(3, 1.26)) == {"p5": 1, "p50": 1, "p95": 1}
    assert _percentiles(np.full(3, 1.26), digits=1) == {"p5": 1.3, "p50": 1.3, "p95": 1.3}


# --- the headline of a scenario (issue 13) ---------------------------------------------------

CITY = [
    {"code": "A", "opd_class": "administratif_teknis", "staff": 300},
    {"code": "P", "opd_class": "pelayanan_langsung", "staff": 450, "eligible_share": 0.1},
    {"code": "L", "opd_class": "pengawasan_lapangan", "staff": 200},
    {"code": "K", "opd_class": "administratif_teknis", "staff": 80, "planned_offsite_share": 0.3},
]


def _inside(value: float, rng: dict) -> bool:
    return rng["p5"] <= value <= rng["p95"]


@settings(max_examples=25, deadline=None)
@given(
    calibration=st.sampled_from(["tabel_berita", "teks_berita"]),
    city=st.booleans(),
    uptake=st.floats(0.3, 1.0),
    seed=st.integers(0, 10_000),
)
def test_headline_lies_inside_its_own_p5_p95(calibration, city, uptake, seed):
    """Property: for every scenario and both calibrations, P5 ≤ headline ≤ P95 — for the
    yearly saving, each component and class, productivity and commuting hours."""
    data = {
        "calibration": calibration,
        "uptake": uptake,
        "monte_carlo": {"draws": 400, "seed": seed},
    }
    if city:
        data["opds"] = CITY
    for sc in run(data)["scenarios"]:
        head, totals = sc["headline"], sc["totals"]
        assert (head["basis"], head["label"]) == ("p50", "median Monte Carlo (P50)")
        assert _inside(head["yearly_saving"], totals["yearly_range"])
        assert _inside(head["monthly_saving"] * 12, totals["yearly_range"])
        assert _inside(head["productivity_index"], totals["productivity_range"])
        assert _inside(
            head["commute_hours_per_year"], sc["employees"]["commute_hours_yearly_range"]
        )
        for part in (*totals["by_component"].values(), *totals["by_class"].values()):
            assert _inside(part["yearly_range"]["p50"], part["yearly_range"])


def test_headline_is_the_median_while_the_table_point_lies_above_p95():
    """Rule: the news table's point (132 million a year) sits above its own P95 — uptake is
    drawn from 80–100 % with the point at 100 %, the elasticities from 0.6–1.2 × the table's —
    so the headline is the median, and the point is kept apart as the calibration's value."""
    sc = scenario(
        run({"scenarios": ["wfh_1_hari"], "monte_carlo": {"draws": 2000, "seed": 3}}), "wfh_1_hari"
    )
    head, totals = sc["headline"], sc["totals"]
    assert totals["yearly_saving"] == 132 * M
    assert totals["yearly_range"]["p95"] < 132 * M and sc["point_outside_range"] is True
    assert head["yearly_saving"] == totals["yearly_range"]["p50"] < 132 * M
    # Monthly = yearly / 12; the percentage is of the 53 million baseline of the average OPD.
    assert head["monthly_saving"] == round(head["yearly_saving"] / 12)
    assert head["saving_pct"] == pytest.approx(
        100 * head["yearly_saving"] / 12 / (53 * M), abs=0.01
    )
    assert head["productivity_index"] == totals["productivity_range"]["p50"]
    assert head["commute_hours_per_year"] == sc["employees"]["commute_hours_yearly_range"]["p50"]
    # Fuel and CO₂ follow WFH person-days: at the point (uptake 100 %) 275 × 21 × 0.2 days a
    # month; the median uptake of 80–100 % is 90 %, so about 0.9 of the point's litres.
    point_litres = sc["employees"]["fuel_litres_avoided_per_year"]
    assert head["fuel_litres_avoided_per_year"] == pytest.approx(0.9 * point_litres, rel=0.02)
    assert head["co2_tonnes_avoided_per_year"] == pytest.approx(
        head["fuel_litres_avoided_per_year"] * 2.3 / 1000, abs=0.01
    )


def test_headline_of_full_wfo_and_of_an_opd_without_staff():
    result = run(
        {
            "opds": [
                {
                    "code": "Z",
                    "opd_class": "administratif_teknis",
                    "staff": 0,
                    "baseline": {"listrik_air": 0},
                }
            ],
            "scenarios": ["wfo_penuh", "wfh_1_hari"],
        }
    )
    for sc in result["scenarios"]:
        head = sc["headline"]
        assert (head["yearly_saving"], head["monthly_saving"], head["saving_pct"]) == (0, 0, 0.0)
        assert head["productivity_index"] == 100.0
        assert head["fuel_litres_avoided_per_year"] == 0
