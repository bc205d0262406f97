"""Demo data: synthetic, labelled, and the demo accounts get a realistic inbox."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from hibrida.activity import demo_data
from hibrida.activity.models import DailyReport, ReportStatus, SkpTarget
from hibrida.demo.registry import DemoContext
from hibrida.org.models import User

pytestmark = pytest.mark.django_db


def test_seed_fast_slice(env):
    User.objects.filter(pk=env.users["asn"].pk).update(username="asn")
    User.objects.filter(pk=env.users["atasan"].pk).update(username="atasan")
    ctx = DemoContext(seed=7, rng=random.Random(7), today=dt.date(2026, 2, 10), fast=True)
    counts = demo_data.seed(ctx)
    assert counts["reports"] > 0 and counts["targets"] == 3 * counts["employees"]
    assert not DailyReport.objects.filter(is_synthetic=False).exists()
    assert not DailyReport.objects.filter(day__gte=ctx.today).exists()
    mine = DailyReport.objects.filter(employee=env.staff1).order_by("-day")
    assert mine[0].status == ReportStatus.RETURNED and mine[0].decision_note
    assert mine[1].status == ReportStatus.SUBMITTED and mine[1].validator == env.kabid
    assert SkpTarget.objects.filter(employee=env.staff1, parent__employee=env.kabid).exists()
    first = mine[1]
    assert first.submitted_at.astimezone(dt.UTC).hour == 9  # 16:30 WIB stored as UTC
    assert first.activities.exists() and first.events.filter(kind="submitted").exists()
    overdue = DailyReport.objects.filter(
        status=ReportStatus.SUBMITTED, validator=env.kabid, validation_due__lt=ctx.today
    )
    assert overdue.exclude(employee=env.staff1).count() == 1  # the escalation example
