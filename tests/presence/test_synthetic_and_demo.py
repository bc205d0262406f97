"""The anomaly evaluation harness and the demo data."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from hibrida.demo.generator import generate_city
from hibrida.demo.registry import DemoContext
from hibrida.presence import demo_data, selectors, synthetic, verify
from hibrida.presence.models import CheckIn


def test_synthetic_traces_are_labelled_and_deterministic():
    """Rule: same seed → same traces; every anomaly kind is present."""
    a = synthetic.generate_traces(seed=5, employees=60, days=6)
    b = synthetic.generate_traces(seed=5, employees=60, days=6)
    assert [(t.employee, t.fix) for t in a] == [(t.employee, t.fix) for t in b]
    labels = set().union(*(t.labels for t in a))
    assert {verify.MOCK_LOCATION, verify.CLOCK_SKEW, verify.OUTSIDE_FENCE} <= labels


def test_rules_catch_injected_anomalies():
    """Rule: on the synthetic traces every reason has recall ≥ 0.9 and precision ≥ 0.8."""
    counts = synthetic.evaluate(synthetic.generate_traces(seed=7, employees=120, days=8))
    for reason, c in counts.items():
        assert c["support"] > 0, reason
        assert c["recall"] >= 0.9, (reason, c)
        assert c["precision"] >= 0.8, (reason, c)


@pytest.mark.django_db
def test_demo_data_fast_slice():
    """Rule: the demo seed writes check-ins with verdicts for a sample, and recaps work."""
    generate_city(n_employees=600, seed=3)
    today = dt.date.today()
    ctx = DemoContext(seed=3, rng=random.Random(3), today=today, fast=True)
    counts = demo_data.seed(ctx)
    assert counts["check_in"] == CheckIn.objects.count() > 0
    assert CheckIn.objects.filter(status="VALID").exists()
    row = CheckIn.objects.filter(kind="in").first()
    summary = selectors.day_attendance(row.employee_id, row.work_date)
    assert summary is not None and summary["first_in"] is not None
