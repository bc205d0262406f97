"""The risk score reads the real records of the other apps (presence, activity, spot checks)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from hibrida.audit import integration
from hibrida.audit.evidence import score_employee_days

DAY = dt.date(2026, 3, 3)


@pytest.fixture(autouse=True)
def no_roster(monkeypatch):
    monkeypatch.setattr(integration, "planned_modes", lambda *a: None)


def _points(score, key):
    return next(c for c in score.components if c.key == key)


def test_rule_quick_approval_and_missing_report_come_from_activity(city):
    """Rule: a report approved 5 s after the validator opened it scores "approved within
    seconds"; a working day without a submitted report scores "missing report"."""
    activity = pytest.importorskip("hibrida.activity.models")
    opened = timezone.now().replace(microsecond=0)
    report = activity.DailyReport.objects.create(
        employee=city.staff1,
        day=DAY,
        status="approved",
        work_mode="WFH",
        submitted_at=opened - dt.timedelta(hours=1),
        decided_at=opened + dt.timedelta(seconds=5),
        decided_by=city.users["atasan"],
    )
    activity.ReportOpening.objects.create(
        report=report, user=city.users["atasan"], opened_at=opened
    )
    other_day = DAY + dt.timedelta(days=1)
    scores = score_employee_days([city.staff1.pk], [DAY, other_day], DAY, other_day)
    assert _points(scores[(city.staff1.pk, DAY)], "quick_approval").points > 0
    assert _points(scores[(city.staff1.pk, DAY)], "missing_report").points == 0
    assert _points(scores[(city.staff1.pk, other_day)], "missing_report").points > 0


def test_rule_flagged_check_in_comes_from_presence(city):
    presence = pytest.importorskip("hibrida.presence.models")
    at = dt.datetime.combine(DAY, dt.time(7, 40), tzinfo=timezone.get_current_timezone())
    presence.CheckIn.objects.create(
        client_uuid=uuid.uuid4(),
        employee=city.staff2,
        kind="in",
        device_time=at,
        received_at=at,
        work_date=DAY,
        latitude=-6.3,
        longitude=107.1,
        accuracy_m=10,
        device_id="uji",
        status="FLAGGED",
        reasons=["di luar pagar lokasi"],
    )
    scores = score_employee_days([city.staff2.pk], [DAY], DAY, DAY)
    assert _points(scores[(city.staff2.pk, DAY)], "presence_flags").points > 0
    points = integration.check_in_points(city.staff2.pk, DAY)
    assert points and points[0]["result"] == "FLAGGED" and points[0]["lat"] == -6.3
    # Opening the worksheet shows the location on the map, and that view is logged.
    from hibrida.audit.models import AuditPlan, SampleItem
    from tests.conftest import client_for

    plan = AuditPlan.objects.create(
        title="t", period_start=DAY, period_end=DAY, sample_size=1, status="sampled"
    )
    item = SampleItem.objects.create(
        plan=plan, employee=city.staff2, day=DAY, rank=1, risk_score=3.0
    )
    page = client_for(city.users["inspektorat"]).get(f"/audit/sampel/{item.pk}/")
    assert page.status_code == 200 and "-6.3" in page.content.decode()
    assert presence.LocationView.objects.filter(
        viewer=city.users["inspektorat"], employee=city.staff2
    ).exists()


def test_rule_employee_without_any_report_is_listed_not_scored_per_day(city):
    """Rule: with the activity records available, an ASN who never reported in the period
    scores 0 for "missing report" (every day would score alike) and is listed separately."""
    pytest.importorskip("hibrida.activity.models")
    from hibrida.audit import selectors, services

    scores = score_employee_days([city.staff2.pk], [DAY], DAY, DAY)
    comp = _points(scores[(city.staff2.pk, DAY)], "missing_report")
    assert comp.points == 0 and "sama sekali" in comp.note
    plan = services.create_plan(
        actor=city.users["inspektorat"],
        title="t",
        period_start=DAY,
        period_end=DAY,
        opds=[city.opd_a],
        sample_size=1,
    )
    silent = set(selectors.plan_non_reporters(city.users["inspektorat"], plan))
    assert city.staff2 in silent
