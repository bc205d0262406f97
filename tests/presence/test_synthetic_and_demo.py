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


def _production_verdict(place, mode, lat, lon, accuracy, mock, when, repeated):
    return verify.verify(
        verify.Fix(lat, lon, accuracy, when, mock_location=mock),
        verify.Context(
            expected_mode=mode,
            places=[place],
            server_time=when + dt.timedelta(seconds=2),
            repeated_day_count=repeated,
        ),
    )


def test_demo_verdicts_equal_the_production_verifier():
    """Rule: the demo's shortcut for fixes valid by construction gives the verdict of
    verify.verify (status, reasons, place, distance) on a grid around every threshold: fence
    edge ± accuracy and the 30 m slack, accuracy 100 m, mock, repeated coordinates, a mode
    without a place of its kind (FIELD at the office, DUTY), circles and a polygon."""
    office = verify.Place("office", "Kantor", -6.2383, 106.9756, 100)
    home = verify.Place("home", "Rumah terdaftar", -6.25, 106.99, 100)
    square = ((-6.26, 106.96), (-6.26, 106.99), (-6.23, 106.99), (-6.23, 106.96))
    area = verify.Place("field", "Area patroli", -6.245, 106.975, polygon=square)
    when = dt.datetime(2025, 11, 3, 7, 21, tzinfo=dt.UTC)
    rng = random.Random(11)
    seen: dict[str, int] = {}
    cases = 0
    for place, modes in ((office, ("WFO", "FIELD", "DUTY")), (home, ("WFH",)), (area, ("FIELD",))):
        edge = place.radius_m if not place.polygon else 0.0
        centre = (place.latitude, place.longitude) if not place.polygon else (-6.26, 106.975)
        for mode in modes:
            for metres in (0, 10, edge - 1, edge + 5, edge + 10, edge + 29.9, edge + 30.1, 900):
                for accuracy in (4.0, 9.9, 10.1, 29.9, 35.0, 99.9, 100.0, 100.1, 1500.0):
                    for mock, repeated in ((False, 0), (True, 0), (False, 1), (False, 3)):
                        bearing = rng.uniform(0, 6.283) if not place.polygon else 3.1416
                        lat, lon = demo_data._offset(*centre, metres, bearing)
                        args = (place, mode, lat, lon, accuracy, mock, when, repeated)
                        got = demo_data.verdict(*args)
                        assert got == _production_verdict(*args), args
                        seen[got.status] = seen.get(got.status, 0) + 1
                        cases += 1
    # Every branch was taken: valid by the shortcut, flagged and rejected by verify.
    assert cases == 5 * 8 * 9 * 4
    assert set(seen) == {verify.VALID, verify.FLAGGED, verify.REJECTED}
