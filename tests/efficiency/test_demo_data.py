"""Demo data: deterministic, marked synthetic, feeds the pilot evaluation."""

import datetime as dt
import random

from hibrida.demo.registry import DemoContext
from hibrida.efficiency import demo_data
from hibrida.efficiency.models import CostBaseline, PilotMetric, RealisedCost, ServiceLevel
from tests.efficiency.test_views import add_staff


def _snapshot():
    return (
        sorted(CostBaseline.objects.values_list("opd__code", "component", "monthly_amount")),
        sorted(RealisedCost.objects.values_list("opd__code", "month", "component", "amount")),
        sorted(PilotMetric.objects.values_list("opd__code", "month", "metric", "value")),
        ServiceLevel.objects.count(),
    )


def _seed(seed=7):
    return demo_data.seed(
        DemoContext(seed=seed, rng=random.Random(seed), today=dt.date.today(), fast=True)
    )


def test_seed_is_deterministic_and_synthetic(city):
    """Rule: the same seed gives the same rows; every row is labelled synthetic."""
    add_staff(city.opd_b, 3, presence=True, reason="loket pelayanan")
    counts = _seed()
    assert counts["baseline"] == 8 and counts["indikator"] > 0 and counts["layanan"] > 0
    first = _snapshot()
    for model in (CostBaseline, RealisedCost, PilotMetric, ServiceLevel):
        model.objects.all().delete()
    _seed()
    assert _snapshot() == first
    assert not RealisedCost.objects.filter(synthetic=False).exists()
    assert not PilotMetric.objects.filter(synthetic=False).exists()
    assert not ServiceLevel.objects.filter(synthetic=False).exists()
    months = set(RealisedCost.objects.values_list("month", flat=True))
    assert months == {dt.date(2025, 10, 1), dt.date(2025, 11, 1), dt.date(2025, 12, 1)}
    # Service levels only for frontline OPDs.
    assert set(ServiceLevel.objects.values_list("opd__opd_class", flat=True)) == {
        "pelayanan_langsung"
    }
