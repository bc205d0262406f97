"""Pure audit logic: the documented risk score and the seeded risk-weighted sample."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hibrida.audit.risk import NO_DATA, WEIGHTS, DayEvidence, max_score, score_day
from hibrida.audit.sampling import Candidate, draw_sample


def test_rule_missing_sources_score_zero_with_a_note():
    score = score_day(DayEvidence())
    assert score.total == 0
    assert len(score.components) == len(WEIGHTS)
    assert all(c.note == NO_DATA for c in score.components)


def test_rule_score_is_the_sum_of_documented_points():
    ev = DayEvidence(
        flag_count=2,
        report_status="late",
        approval_seconds=5,
        atasan_approval_rate=1.0,
        atasan_validated=40,
        spot_checks_not_reached=1,
        home_location_changes=5,
    )
    expected = (
        2 * WEIGHTS["presence_flags"][1]
        + WEIGHTS["late_report"][1]
        + WEIGHTS["quick_approval"][1]
        + WEIGHTS["rubber_stamp_atasan"][1]
        + WEIGHTS["missed_spot_check"][1]
        + 3 * WEIGHTS["home_location_change"][1]  # capped at 3
    )
    assert score_day(ev).total == round(expected, 2)
    clean = DayEvidence(0, "on_time", 600, 0.7, 40, 0, 0)
    assert score_day(clean).total == 0
    # Few validations: an atasan who approved 5 of 5 is not yet a rubber stamp.
    assert score_day(DayEvidence(atasan_approval_rate=1.0, atasan_validated=5)).total == 0
    assert score_day(DayEvidence(report_status="missing")).total == WEIGHTS["missing_report"][1]


@given(
    st.builds(
        DayEvidence,
        flag_count=st.none() | st.integers(0, 50),
        report_status=st.sampled_from([None, "missing", "late", "on_time"]),
        approval_seconds=st.none() | st.floats(0, 1e6),
        atasan_approval_rate=st.none() | st.floats(0, 1),
        atasan_validated=st.none() | st.integers(0, 500),
        spot_checks_not_reached=st.none() | st.integers(0, 1),
        home_location_changes=st.none() | st.integers(0, 50),
    )
)
def test_rule_score_is_bounded(ev):
    total = score_day(ev).total
    assert 0 <= total <= max_score()


candidate_lists = st.lists(
    st.builds(
        Candidate,
        key=st.tuples(
            st.integers(1, 60), st.sampled_from(["2026-03-02", "2026-03-03", "2026-03-05"])
        ),
        risk=st.floats(0, 20),
    ),
    max_size=120,
)


@given(cands=candidate_lists, size=st.integers(0, 150), seed=st.integers(0, 2**62))
@settings(max_examples=150, deadline=None)
def test_rule_sample_is_reproducible_from_seed_and_never_outside_scope(cands, size, seed):
    """Rule: the same seed and candidates give the same sample, in any input order; every
    drawn item is one of the candidates (the plan's scope), once; size = min(size, unique)."""
    first = draw_sample(cands, size, seed)
    again = draw_sample(list(reversed(cands)), size, seed)
    assert [c.key for c in first] == [c.key for c in again]
    keys = {c.key for c in cands}
    drawn = [c.key for c in first]
    assert set(drawn) <= keys
    assert len(drawn) == len(set(drawn)) == min(max(size, 0), len(keys))


def test_rule_riskier_days_are_drawn_more_often():
    """Rule: weight 1 + risk — over many seeds, a risk-9 candidate is drawn far more often
    than a risk-0 one, yet the clean one is still drawn sometimes."""
    cands = [Candidate((i, "2026-03-02"), 9.0 if i == 0 else 0.0) for i in range(20)]
    hits_risky = hits_clean = 0
    for seed in range(2000):
        drawn = {c.key[0] for c in draw_sample(cands, 1, seed)}
        hits_risky += 0 in drawn
        hits_clean += 1 in drawn
    assert hits_risky > 4 * hits_clean > 0
