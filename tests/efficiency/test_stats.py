"""DiD with Welch intervals, Student t, the pre-pilot trend and the pilot recommendation."""

import math

import numpy as np
import pytest

from hibrida.efficiency.pilot import OpdInfo, evaluate
from hibrida.efficiency.stats import (
    METHOD,
    did,
    did_welch,
    pretrend,
    slope,
    t_ppf,
    t_sf,
    welch_difference,
)


def test_did_hand_computed_two_by_two():
    """Rule: DiD = (treated after − before) − (control after − before)."""
    # Treated 90 → 95 (+5), control 92 → 93 (+1): DiD = 4.
    assert did([90], [95], [92], [93]) == pytest.approx(4.0)
    # Group means: treated (80,90)→(85,97): +6; control (70,72)→(71,75): +2 → 4.
    assert did([80, 90], [85, 97], [70, 72], [71, 75]) == pytest.approx(4.0)


# Published two-sided 95 % and 90 % critical values of Student's t (any statistics table).
T_TABLE = [
    (1, 12.706204736, 6.313751515),
    (2, 4.302652730, 2.919985580),
    (3, 3.182446305, 2.353363435),
    (5, 2.570581836, 2.015048373),
    (10, 2.228138852, 1.812461123),
    (30, 2.042272456, 1.697260887),
]


@pytest.mark.parametrize(("df", "q975", "q95"), T_TABLE)
def test_t_quantiles_match_the_table(df, q975, q95):
    assert t_ppf(0.975, df) == pytest.approx(q975, abs=1e-8)
    assert t_ppf(0.95, df) == pytest.approx(q95, abs=1e-8)
    assert t_ppf(0.025, df) == pytest.approx(-q975, abs=1e-8)
    assert t_sf(q975, df) == pytest.approx(0.025, abs=1e-10)


def test_t_quantile_of_a_huge_df_is_the_normal_one():
    assert t_ppf(0.975, 1e7) == pytest.approx(1.959963985, abs=1e-6)
    assert t_ppf(0.5, 4) == 0.0


@pytest.mark.parametrize("t", [-3.0, -0.4, 0.0, 0.7, 2.5, 40.0])
def test_t_tail_closed_forms(t):
    # df 1 is the Cauchy law; df 2 has P(T > t) = 1/2 − t / (2 √(2 + t²)).
    assert t_sf(t, 1) == pytest.approx(0.5 - math.atan(t) / math.pi, abs=1e-12)
    assert t_sf(t, 2) == pytest.approx(0.5 - t / (2 * math.sqrt(2 + t * t)), abs=1e-12)


def test_t_refuses_impossible_arguments():
    for p in (0.0, 1.0, -0.1, 1.5):
        with pytest.raises(ValueError, match="strictly between"):
            t_ppf(p, 3)
    with pytest.raises(ValueError, match="positive"):
        t_sf(1.0, 0)


def test_welch_interval_hand_worked():
    """Rule: Welch SE, min(n) − 1 degrees of freedom."""
    # a = 1, 3 (mean 2, var 2); b = 0, 2 (mean 1, var 2): SE = √(2/2 + 2/2) = √2, df = 1.
    w = welch_difference([1.0, 3.0], [0.0, 2.0])
    half = 12.706204736 * math.sqrt(2)
    assert (w.estimate, w.se, w.df) == (1.0, pytest.approx(math.sqrt(2)), 1.0)
    assert (w.ci_low, w.ci_high) == (pytest.approx(1 - half), pytest.approx(1 + half))
    assert (w.mean_a, w.mean_b, w.n_a, w.n_b, w.level) == (2.0, 1.0, 2, 2, 0.95)
    assert not w.significant


def test_welch_uses_the_smaller_group_and_its_own_variances():
    # a: 41 values of mean 1; b: 0, 3, 6 (mean 3, var 9): SE² = var_a/41 + 9/3, df = 3 − 1.
    a = [0.0, 2.0] * 20 + [1.0]
    b = [0.0, 3.0, 6.0]
    w = welch_difference(a, b, level=0.9)
    var_a = np.var(a, ddof=1)
    assert w.se == pytest.approx(math.sqrt(var_a / 41 + 3.0))
    assert w.df == 2.0
    assert w.estimate == pytest.approx(1.0 - 3.0)
    assert w.ci_high - w.estimate == pytest.approx(2.919985580 * w.se)
    assert w.estimate - w.ci_low == pytest.approx(2.919985580 * w.se)


def test_welch_significance_and_constant_groups():
    far = welch_difference([10.0, 10.5, 9.5], [0.0, 0.5, -0.5])
    assert far.significant and far.ci_low > 0
    below = welch_difference([0.0, 0.5, -0.5], [10.0, 10.5, 9.5])
    assert below.significant and below.ci_high < 0
    flat = welch_difference([2.0, 2.0], [1.0, 1.0, 1.0])
    assert (flat.ci_low, flat.estimate, flat.ci_high, flat.df) == (1.0, 1.0, 1.0, 1.0)


@pytest.mark.parametrize(("a", "b"), [([1.0], [1.0, 2.0]), ([1.0, 2.0], [3.0]), ([], [])])
def test_welch_needs_two_per_group(a, b):
    with pytest.raises(ValueError, match="^each group needs at least two OPDs$"):
        welch_difference(a, b)


def test_did_welch_fields():
    # Changes: treated 1, 3; control 0, 2 — the hand-worked case above.
    result = did_welch([0.0, 0.0], [1.0, 3.0], [5.0, 5.0], [5.0, 7.0])
    half = 12.706204736 * math.sqrt(2)
    assert result.as_dict() == {
        "estimate": 1.0,
        "ci_low": pytest.approx(1 - half),
        "ci_high": pytest.approx(1 + half),
        "treated_change": 2.0,
        "control_change": 1.0,
        "n_treated": 2,
        "n_control": 2,
        "draws": 0,
        "seed": 0,
        "level": 0.95,
        "method": METHOD,
        "se": pytest.approx(math.sqrt(2)),
        "df": 1.0,
    }
    assert not result.significant
    assert did_welch([0, 0, 0], [5, 5.1, 4.9], [0, 0, 0], [0, 0.1, -0.1]).significant


def test_decimal_inputs_are_read_as_floats():
    from decimal import Decimal

    d = [Decimal("1.5"), Decimal("2.5")]
    f = [0.5, 0.5]
    assert did(f, d, f, f) == 1.5 and did(d, f, f, f) == -1.5
    assert did(f, f, f, d) == -1.5 and did(f, f, d, f) == 1.5
    for args in ((f, d, f, f), (d, f, f, f), (f, f, f, d), (f, f, d, f)):
        assert did_welch(*args).estimate == did(*args)


def test_slope_and_pretrend_hand_worked():
    assert slope([(0, 1.0), (1, 2.0), (2, 3.0)]) == pytest.approx(1.0)
    assert slope([(0, 5.0), (2, 5.0)]) == 0.0
    assert slope([(0, 1.0), (1, 0.0), (2, 2.0)]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="two distinct months"):
        slope([(1, 1.0), (1, 2.0)])
    treated = [
        [(0, 1.0), (1, 2.0), (2, 3.0)],  # +1 a month
        [(0, 0.0), (1, 2.0), (2, 4.0)],  # +2
        [(0, 5.0), (2, 5.0)],  # 0 (a month missing)
        [(2, 9.0)],  # one month: no slope, left out
    ]
    control = [[(0, 0.0), (1, 0.0), (2, 0.0)], [(0, 1.0), (1, 0.0), (2, -1.0)]]
    w = pretrend(treated, control)
    assert (w.n_a, w.n_b) == (3, 2)
    assert (w.mean_a, w.mean_b, w.estimate) == (
        pytest.approx(1.0),
        pytest.approx(-0.5),
        pytest.approx(1.5),
    )
    assert w.se == pytest.approx(math.sqrt(1.0 / 3 + 0.5 / 2))
    assert w.df == 1.0


def test_welch_interval_keeps_95_percent_with_three_controls():
    """Rule (issue 13): with the three frontline OPDs as control, the 95 % interval covers a
    true zero effect in at least 93 % of simulated pilots.

    2,000 seeded pilots of 41 treated and 3 control OPDs, each OPD's change = a shared shock +
    its own normal noise (SD 2), no WFH effect. Monte Carlo SE at 95 % coverage: 0.49 points, so
    93 % lies four SE below the nominal level; the former percentile bootstrap covered 78.5 %
    of these same pilots (benchmarks/pilot_coverage.py).
    """
    rng = np.random.default_rng(2026)
    pilots, hits = 2000, 0
    for _ in range(pilots):
        shock = rng.normal(0, 3)
        t = shock + rng.normal(0, 2, 41)
        c = shock + rng.normal(0, 2, 3)
        res = did_welch(np.zeros(41), t, np.zeros(3), c)
        hits += res.ci_low <= 0 <= res.ci_high
    assert hits / pilots >= 0.93


def _values(changes: dict[int, float], metric="output_index", base=100.0):
    out = {}
    for opd_id, delta in changes.items():
        out[(opd_id, "baseline", metric)] = base
        out[(opd_id, "tahap_1", metric)] = base + max(delta, 0)
        out[(opd_id, "tahap_2", metric)] = base + delta
    return out


def test_recommendation_follows_change_relative_to_control():
    """Rule: an OPD whose output falls beyond tolerance vs control is not given rotation."""
    opds = [
        OpdInfo(1, "A", "A", "administratif_teknis"),
        OpdInfo(2, "B", "B", "administratif_teknis"),
        OpdInfo(3, "C", "C", "pelayanan_langsung"),
        OpdInfo(4, "D", "D", "pelayanan_langsung"),
        OpdInfo(5, "E", "E", "pengawasan_lapangan"),
    ]
    values = _values({1: 2.0, 2: -8.0, 3: 0.0, 4: 0.0, 5: 1.0})
    result = evaluate(opds, values)
    recs = {r["opd"]: r for r in result["recommendations"]}
    assert recs["A"]["recommendation"].startswith("Rotasi 50:50")
    assert recs["B"]["recommendation"].startswith("WFH 1 hari tetap (Kamis)")
    assert any("turun" in why for why in recs["B"]["reasons"])
    assert recs["C"]["recommendation"].startswith("WFO penuh")
    assert recs["E"]["recommendation"].startswith("WFH 1 hari/minggu bergilir")
    output = next(o for o in result["outcomes"] if o["metric"] == "output_index")
    assert output["did"]["tahap_2"]["estimate"] == pytest.approx((2.0 - 8.0 + 1.0) / 3, abs=1e-3)
    assert result["n_treated"] == 3 and result["n_control"] == 2


def test_recommendation_without_data_says_so():
    """Rule: no metrics → no recommendation pretending to be evidence-based."""
    result = evaluate([OpdInfo(1, "A", "A", "administratif_teknis")], {})
    assert result["outcomes"] == []
    assert result["recommendations"][0]["recommendation"].startswith("Belum dapat")


def _pre(values: dict, changes: dict[int, tuple[float, float]], metric="output_index"):
    """Pre-pilot months Aug, Sep before the baseline of 100: (Aug, Sep) per OPD."""
    for opd_id, (aug, sep) in changes.items():
        values[(opd_id, "pra_agu", metric)] = aug
        values[(opd_id, "pra_sep", metric)] = sep
    return values


def test_evaluation_carries_the_pretrend_check():
    """Rule: the evaluation compares pre-pilot slopes (Aug–Oct) of treated and control."""
    opds = [
        OpdInfo(1, "A", "A", "administratif_teknis"),
        OpdInfo(2, "B", "B", "administratif_teknis"),
        OpdInfo(3, "C", "C", "pelayanan_langsung"),
        OpdInfo(4, "D", "D", "pelayanan_langsung"),
    ]
    values = _values({1: 2.0, 2: 4.0, 3: 0.0, 4: 1.0})
    # Treated rise 2 and 4 a month to the baseline of 100; control 0 and 1.
    _pre(values, {1: (96.0, 98.0), 2: (92.0, 96.0), 3: (100.0, 100.0), 4: (98.0, 99.0)})
    result = evaluate(opds, values)
    output = next(o for o in result["outcomes"] if o["metric"] == "output_index")
    pre = output["pretrend"]
    assert (pre["treated_slope"], pre["control_slope"], pre["estimate"]) == (3.0, 0.5, 2.5)
    assert (pre["n_treated"], pre["n_control"], pre["df"]) == (2, 2, 1.0)
    assert pre["se"] == pytest.approx(math.sqrt(2 / 2 + 0.5 / 2), abs=1e-3)
    assert pre["ci_low"] == pytest.approx(2.5 - 12.706204736 * math.sqrt(1.25), abs=1e-3)
    assert pre["significant"] is False
    assert [p["key"] for p in result["pre_periods"]] == ["pra_agu", "pra_sep", "baseline"]
    assert (result["method"], result["draws"], result["seed"]) == (METHOD, 0, 0)
    assert output["did"]["tahap_2"]["method"] == METHOD
    # Without pre-pilot months the check says it has nothing to go on.
    bare = evaluate(opds, _values({1: 2.0, 2: 4.0, 3: 0.0, 4: 1.0}))
    assert [o["pretrend"] for o in bare["outcomes"]] == [None]
    # One control OPD with pre-pilot months is not enough for an interval either.
    one = evaluate(
        opds, _pre(_values({1: 2.0, 2: 4.0, 3: 0.0, 4: 1.0}), {1: (1, 2), 2: (1, 2), 3: (1, 2)})
    )
    assert [o["pretrend"] for o in one["outcomes"]] == [None]
