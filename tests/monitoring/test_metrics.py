"""The pure figure definitions (hibrida.monitoring.metrics)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hibrida.monitoring import metrics

counts = st.builds(
    metrics.Counts,
    expected=st.integers(0, 500),
    present_valid=st.integers(0, 500),
    checked_in=st.integers(0, 500),
    on_time=st.integers(0, 500),
    reports_submitted=st.integers(0, 500),
    reports_validated=st.integers(0, 500),
)


@given(st.lists(counts, max_size=6))
def test_total_is_additive(items):
    """Rule: summing rows then taking a ratio equals the ratio of summed counts."""
    total = metrics.Counts.total(items)
    assert total.expected == sum(c.expected for c in items)
    expected = sum(c.expected for c in items)
    present = sum(c.present_valid for c in items)
    assert metrics.attendance_compliance(total) == (present / expected if expected else None)


@given(counts)
def test_undefined_when_nothing_expected(c):
    """Rule: a figure with an empty denominator is None (shown as "—"), never 0 or an error."""
    c.expected = 0
    assert metrics.attendance_compliance(c) is None
    assert metrics.submission_rate(c) is None
    assert metrics.percent(None) == "—"


def test_output_index_matches_activity_formula():
    """Rule: output index = validated score per WFH day ÷ per WFO day × 100."""
    c = metrics.Counts(
        output_wfh_days=4, output_wfh_score=440.0, output_wfo_days=5, output_wfo_score=500.0
    )
    assert metrics.output_index(c) == 110.0
    assert metrics.output_index(metrics.Counts(output_wfo_days=3)) is None


@given(st.lists(st.one_of(st.none(), st.floats(0, 1)), max_size=12))
def test_rank_orders_best_first_with_shared_ranks(values):
    """Rule: ranking is best first, ties share a rank, undefined figures come last unranked."""
    rows = metrics.rank([{"attendance_compliance": v} for v in values])
    defined = [r for r in rows if r["attendance_compliance"] is not None]
    assert [r["attendance_compliance"] for r in defined] == sorted(
        (v for v in values if v is not None), reverse=True
    )
    assert all(r["rank"] is None for r in rows[len(defined) :])
    for a, b in zip(defined, defined[1:], strict=False):
        same = a["attendance_compliance"] == b["attendance_compliance"]
        assert (a["rank"] == b["rank"]) == same


def test_percent_uses_decimal_comma():
    assert metrics.percent(0.875) == "87,5 %"
