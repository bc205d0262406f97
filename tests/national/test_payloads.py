"""Rating thresholds and idempotency keys of the BKN payloads (pure)."""

from __future__ import annotations

import pytest

from hibrida.national import payloads


@pytest.mark.parametrize(
    ("score", "code"), [(120.0, 1), (110.0, 1), (109.99, 2), (90.0, 2), (89.99, 3), (0.0, 3)]
)
def test_rating_bounds(score, code):
    assert payloads.rating(score)[0] == code


def test_idempotency_key_is_stable_and_distinct():
    key = payloads.idempotency_key("kinerjaperiodik", "199001012015031001", "2026-01")
    assert key == payloads.idempotency_key("kinerjaperiodik", "199001012015031001", "2026-01")
    assert len(key) == 40
    others = {
        payloads.idempotency_key("skp22", "199001012015031001", "2026-01"),
        payloads.idempotency_key("kinerjaperiodik", "199001012015031002", "2026-01"),
        payloads.idempotency_key("kinerjaperiodik", "199001012015031001", "2026-02"),
    }
    assert key not in others and len(others) == 3


def test_matches_compares_the_period_only():
    body = payloads.kinerja_periodik(pns_id="p", year=2026, month=3, score=95.0, appraiser=None)
    assert payloads.matches("kinerjaperiodik", {**body, "id": "x", "hasilKinerjaNilai": 9}, body)
    assert not payloads.matches("kinerjaperiodik", {**body, "bulanMulaiPenilaian": 4}, body)
    yearly = payloads.skp22(pns_id="p", year=2026, score=95.0, appraiser=None)
    assert payloads.matches("skp22", {"tahun": "2026"}, yearly)
    assert not payloads.matches("skp22", {"tahun": 2025}, yearly)
