"""Weekly WFH quota and cap, coverage minimums and shares at, below and above each bound."""

from __future__ import annotations

import pytest

from hibrida.policy.rules import SYSTEM_SOURCE, resolve
from hibrida.policy.services import clean_rule_values

NATIONAL = (2, "Pasal 13 ayat (1)")
QUOTA = "Kuota WFH per minggu paling sedikit 1 hari."
CAP = "Maksimum WFH per minggu tidak boleh negatif."
# PermenPANRB 4/2025 Pasal 13(1): at most 2 location-flexible days a week.
OVER = (
    "Paling banyak 2 hari kerja fleksibel lokasi per minggu (PermenPANRB 4/2025 Pasal 13 ayat"
    " (1); berlaku: Pasal 13 ayat (1)). Kota boleh menetapkan lebih sedikit."
)
BELOW = "Maksimum WFH per minggu tidak boleh di bawah kuota."
SHARE = "Porsi harus antara 0 dan 1 (mis. 0,5 untuk 50 %)."


def errors(**values) -> dict[str, str]:
    return clean_rule_values(values, national=NATIONAL)[1]


@pytest.mark.parametrize(("quota", "error"), [(0, QUOTA), (1, None), (2, None), (3, OVER)])
def test_weekly_quota_is_1_or_2(quota, error):
    assert errors(wfh_days_per_week=quota).get("wfh_days_per_week") == error


@pytest.mark.parametrize(("cap", "error"), [(-1, CAP), (0, None), (2, None), (3, OVER)])
def test_weekly_cap_from_0_to_the_national_2(cap, error):
    assert errors(max_wfh_per_week=cap).get("max_wfh_per_week") == error


@pytest.mark.parametrize(("quota", "cap", "error"), [(2, 1, BELOW), (2, 2, None), (1, 2, None)])
def test_the_cap_is_not_below_the_quota(quota, cap, error):
    assert errors(wfh_days_per_week=quota, max_wfh_per_week=cap).get("max_wfh_per_week") == error


@pytest.mark.parametrize(
    ("share", "error"), [(-0.01, SHARE), (0.0, None), (0.5, None), (1.0, None), (1.01, SHARE)]
)
@pytest.mark.parametrize("name", ["min_onsite_share", "wfh_share"])
def test_shares_from_0_to_1(name, share, error):
    assert errors(**{name: share}).get(name) == error


@pytest.mark.parametrize(
    ("count", "error"),
    [(-1, "Jumlah minimum di kantor tidak boleh negatif."), (0, None), (1, None)],
)
def test_onsite_minimum_from_zero(count, error):
    assert errors(min_onsite_count=count).get("min_onsite_count") == error


@pytest.mark.parametrize(("length", "ok"), [(299, True), (300, True), (301, False)])
def test_note_up_to_300_characters(length, ok):
    assert ("note" not in errors(note="x" * length)) is ok


def test_an_empty_value_means_inherit():
    out, errs = clean_rule_values({"max_wfh_per_week": "", "pattern": ""}, national=NATIONAL)
    assert out == {"max_wfh_per_week": None, "pattern": ""} and errs == {}


def test_a_zero_cap_in_a_layer_overrides_the_default():
    # 0 is a real cap (no WFH at all), not "not set"; "" and None are "not set".
    policy = resolve([("Kota", {"max_wfh_per_week": 2}), ("OPD X", {"max_wfh_per_week": 0})])
    assert (policy.max_wfh_per_week, policy.sources["max_wfh_per_week"]) == (0, "OPD X")
    policy = resolve([("OPD X", {"max_wfh_per_week": "", "min_onsite_count": None})])
    assert policy.max_wfh_per_week == 2 and policy.min_onsite_count == 1
    assert policy.sources["max_wfh_per_week"] == SYSTEM_SOURCE
