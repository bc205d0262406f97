"""Layered policy resolution (pure): precedence, sources, inheritance, blackout union."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from hibrida.policy.rules import SYSTEM_DEFAULTS, SYSTEM_SOURCE, resolve

LABELS = ["kota", "kelas OPD", "OPD", "unit", "jabatan", "fase Tahap I"]


def test_last_layer_that_sets_a_value_wins_and_is_named_as_source():
    policy = resolve(
        [
            ("kota", {"wfh_days_per_week": 1, "min_onsite_share": 0.5}),
            ("kelas OPD", {"min_onsite_share": 0.6}),
            ("OPD", {"min_onsite_share": None, "wfh_days_per_week": 2}),
            ("unit", {"min_onsite_count": 3}),
        ]
    )
    assert policy.min_onsite_share == 0.6
    assert policy.sources["min_onsite_share"] == "kelas OPD"
    assert policy.wfh_days_per_week == 2
    assert policy.sources["wfh_days_per_week"] == "OPD"
    assert policy.min_onsite_count == 3
    assert policy.sources["min_onsite_count"] == "unit"
    # Nothing set the pattern: the system default applies and says so.
    assert policy.pattern == SYSTEM_DEFAULTS["pattern"]
    assert policy.sources["pattern"] == SYSTEM_SOURCE


def test_blackout_dates_add_up_across_levels():
    policy = resolve(
        [("kota", {"blackout_dates": ["2025-12-30"]}), ("OPD", {"blackout_dates": ["2025-11-28"]})]
    )
    assert policy.blackout_dates == (dt.date(2025, 11, 28), dt.date(2025, 12, 30))
    assert policy.sources["blackout_dates"] == "kota + OPD"


def test_pattern_none_means_no_wfh_planned():
    assert not resolve([("fase Baseline", {"pattern": "none"})]).wfh_planned
    assert not resolve([("kelas OPD", {"wfh_allowed": False})]).wfh_planned
    assert resolve([("kota", {"pattern": "weekly_quota"})]).wfh_planned


@given(
    st.lists(
        st.tuples(st.sampled_from(LABELS), st.one_of(st.none(), st.integers(0, 9))),
        max_size=6,
    )
)
def test_effective_value_is_the_last_non_empty_layer(layers):
    policy = resolve([(label, {"min_onsite_count": v}) for label, v in layers])
    set_layers = [(label, v) for label, v in layers if v is not None]
    if set_layers:
        assert policy.min_onsite_count == set_layers[-1][1]
        assert policy.sources["min_onsite_count"] == set_layers[-1][0]
    else:
        assert policy.min_onsite_count == SYSTEM_DEFAULTS["min_onsite_count"]
        assert policy.sources["min_onsite_count"] == SYSTEM_SOURCE
