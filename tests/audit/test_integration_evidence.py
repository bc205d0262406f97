"""The risk score reads the real records of the other apps (presence, activity, spot checks)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from hibrida.activity.models import DailyReport, ReportOpening
from hibrida.audit.evidence import check_in_points, score_employee_days
from hibrida.presence.models import CheckIn, LocationView

DAY = dt.date(2026, 3, 3)


def _points(score, key):
    return next(c for c in score.components if c.key == key)


def test_rule_quick_approval_and_missing_report_come_from_activity(city):
    """Rule: a report approved 5 s after the validator opened it scores "approved within
    seconds"; a working day without a submitted report scores "missing report"."""
    opened = timezone.now().replace(microsecond=0)
    report = DailyReport.objects.create(
        employee=city.staff1,
        day=DAY,
        status="approved",
        work_mode="WFH",
        submitted_at=opened - dt.timedelta(hours=1),
        decided_at=opened + dt.timedelta(seconds=5),
        decided_by=city.users["atasan"],
    )
    ReportOpening.objects.create(report=report, user=city.users["atasan"], opened_at=opened)
    other_day = DAY + dt.timedelta(days=1)
    scores = score_employee_days([city.staff1.pk], [DAY, other_day], DAY, other_day)
    assert _points(scores[(city.staff1.pk, DAY)], "quick_approval").points > 0
    assert _points(scores[(city.staff1.pk, DAY)], "missing_report").points == 0
    assert _points(scores[(city.staff1.pk, other_day)], "missing_report").points > 0


def test_rule_flagged_check_in_comes_from_presence(city):
    at = dt.datetime.combine(DAY, dt.time(7, 40), tzinfo=timezone.get_current_timezone())
    CheckIn.objects.create(
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
    points = check_in_points(city.staff2.pk, DAY)
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
    assert LocationView.objects.filter(
        viewer=city.users["inspektorat"], employee=city.staff2
    ).exists()


def test_rule_employee_without_any_report_is_listed_not_scored_per_day(city):
    """Rule: with the activity records available, an ASN who never reported in the period
    scores 0 for "missing report" (every day would score alike) and is listed separately."""
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


def test_a_broken_calendar_fails_the_sample_instead_of_weekday_candidates(city, monkeypatch):
    """Rule: the audit's candidate days come from the city calendar; when it fails, drawing
    the sample fails and the plan stays undrawn (the old adapter used Monday–Friday)."""
    from hibrida.audit import services
    from hibrida.audit.models import AuditPlanStatus

    plan = services.create_plan(
        actor=city.users["inspektorat"],
        title="t",
        period_start=DAY,
        period_end=DAY + dt.timedelta(days=7),
        opds=[city.opd_a],
        sample_size=1,
    )

    def broken(start, end):
        raise RuntimeError("kalender rusak")

    monkeypatch.setattr("hibrida.policy.calendar.days_off", broken)
    with pytest.raises(RuntimeError, match="kalender rusak"):
        services.draw_sample(actor=city.users["inspektorat"], plan=plan, seed=1)
    plan.refresh_from_db()
    assert plan.status != AuditPlanStatus.SAMPLED and not plan.items.exists()
