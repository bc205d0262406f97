"""DiD, bootstrap and the pilot recommendation (pure)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hibrida.efficiency.pilot import OpdInfo, evaluate
from hibrida.efficiency.stats import bootstrap_mean, did, did_bootstrap


def test_did_hand_computed_two_by_two():
    """Rule: DiD = (treated after − before) − (control after − before)."""
    # Treated 90 → 95 (+5), control 92 → 93 (+1): DiD = 4.
    assert did([90], [95], [92], [93]) == pytest.approx(4.0)
    # Group means: treated (80,90)→(85,97): +6; control (70,72)→(71,75): +2 → 4.
    assert did([80, 90], [85, 97], [70, 72], [71, 75]) == pytest.approx(4.0)


def test_bootstrap_reproducible_and_contains_estimate():
    """Rule: fixed seed → identical interval; the interval contains the point estimate."""
    tp, ta = [90, 91, 88, 93, 95, 89], [94, 96, 90, 97, 99, 92]
    cp, ca = [92, 90, 94, 91], [93, 90, 95, 93]
    a = did_bootstrap(tp, ta, cp, ca, seed=5, draws=3000)
    b = did_bootstrap(tp, ta, cp, ca, seed=5, draws=3000)
    assert a == b
    assert a.ci_low <= a.estimate <= a.ci_high
    assert a.estimate == pytest.approx(did(tp, ta, cp, ca))
    assert a.significant  # every treated OPD gained more than any control OPD
    c = did_bootstrap(tp, ta, cp, ca, seed=6, draws=3000)
    assert (c.ci_low, c.ci_high) != (a.ci_low, a.ci_high)


def test_bootstrap_of_constant_changes_is_degenerate():
    """Rule: when every OPD changes by the same amount the interval collapses on it."""
    res = did_bootstrap([1, 2, 3], [3, 4, 5], [1, 1], [1, 1], seed=1, draws=200)
    assert res.ci_low == pytest.approx(2) and res.ci_high == pytest.approx(2)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-100, 100), min_size=2, max_size=30), st.integers(0, 10_000))
def test_bootstrap_mean_interval_within_data_range(values, seed):
    """Property: a bootstrap interval of a mean lies within the data's range."""
    mean, low, high = bootstrap_mean(values, seed=seed, draws=300)
    assert min(values) - 1e-9 <= low <= high <= max(values) + 1e-9
    assert min(values) - 1e-9 <= mean <= max(values) + 1e-9


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
    result = evaluate(opds, values, seed=3, draws=200)
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


# --- Hand-worked bootstrap figures (they kill the mutants listed in docs/testing.md) ---------
# One OPD of 20 changed by 10, the rest by 0: a resampled mean is 10·K/20 = K/2 with
# K ~ Binomial(20, 1/20): P(K ≥ 2) = 0.264, P(K ≥ 3) = 0.075, P(K ≥ 4) = 0.016.
# Upper 97.5 % point: K = 3 → 1.5; upper 90 % point: K = 2 → 1.0 (2,000 draws keep the
# empirical tails well away from those switch points).
ONE_IN_TWENTY = [10.0] + [0.0] * 19


@pytest.mark.parametrize(("level", "high"), [(0.95, 1.5), (0.8, 1.0)])
def test_bootstrap_upper_bound_hand_worked(level, high):
    mean, low, upper = bootstrap_mean(ONE_IN_TWENTY, level=level)
    assert (mean, low, upper) == (0.5, 0.0, high)
    result = did_bootstrap([0.0] * 20, ONE_IN_TWENTY, [1.0], [1.0], level=level)
    assert (result.estimate, result.ci_low, result.ci_high) == (0.5, 0.0, high)


def test_every_opd_can_be_drawn():
    # Two OPDs, 0 and 10: a quarter of the draws take only the first (mean 0), a quarter only
    # the second (10), so the 95 % interval is [0, 10].
    assert bootstrap_mean([0.0, 10.0]) == (5.0, 0.0, 10.0)
    result = did_bootstrap([0.0, 0.0], [0.0, 10.0], [0.0], [0.0])
    assert (result.ci_low, result.ci_high) == (0.0, 10.0)


def test_decimal_inputs_are_read_as_floats():
    from decimal import Decimal

    d = [Decimal("1.5"), Decimal("2.5")]
    f = [0.5, 0.5]
    assert did(f, d, f, f) == 1.5 and did(d, f, f, f) == -1.5
    assert did(f, f, f, d) == -1.5 and did(f, f, d, f) == 1.5
    for args in ((f, d, f, f), (d, f, f, f), (f, f, f, d), (f, f, d, f)):
        assert did_bootstrap(*args, draws=10).estimate == did(*args)
    assert bootstrap_mean(d, draws=10)[0] == 2.0


def test_result_fields_and_a_single_opd_per_group():
    result = did_bootstrap([1.0], [4.0], [2.0, 2.0], [3.0, 4.0], draws=50, seed=7, level=0.9)
    assert result.as_dict() == {
        "estimate": 1.5,
        "ci_low": 1.0,
        "ci_high": 2.0,
        "treated_change": 3.0,
        "control_change": 1.5,
        "n_treated": 1,
        "n_control": 2,
        "draws": 50,
        "seed": 7,
        "level": 0.9,
    }


@pytest.mark.parametrize("empty", ["treated", "control"])
def test_an_empty_group_is_refused(empty):
    groups = {"treated": ([1.0], [2.0]), "control": ([1.0], [2.0])}
    groups[empty] = ([], [])
    with pytest.raises(ValueError, match="^both groups need at least one OPD$"):
        did_bootstrap(*groups["treated"], *groups["control"])
    with pytest.raises(ValueError, match="^no values$"):
        bootstrap_mean([])


def test_bootstrap_mean_uses_its_seed():
    values = [float(v) for v in range(1, 21)]
    assert bootstrap_mean(values, seed=3) == bootstrap_mean(values, seed=3)
    assert bootstrap_mean(values, seed=3) != bootstrap_mean(values, seed=4)
