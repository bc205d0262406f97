"""Rows behind a month's performance score, written directly (the activity app's own tests
cover how reports get approved)."""

from __future__ import annotations

import datetime as dt

from hibrida.activity.models import Activity, DailyReport, ReportStatus, SkpTarget
from hibrida.national.models import SiasnRecord
from hibrida.org.models import Employee


def scored(employee: Employee, *, year: int, month: int, done: int, pns_id: str) -> None:
    """A yearly target of 120 (10 a month, no action plan) and one approved report with
    ``done`` of it: the month's score is ``done`` × 10 %, capped at 120."""
    target, _ = SkpTarget.objects.get_or_create(
        employee=employee,
        year=year,
        title="Dokumen",
        defaults={"indicator": "jumlah", "target_quantity": 120, "unit": "dok"},
    )
    report = DailyReport.objects.create(
        employee=employee,
        day=dt.date(year, month, 6),
        status=ReportStatus.APPROVED,
        work_mode="WFO",
    )
    Activity.objects.create(
        report=report,
        description="kerja",
        target=target,
        output="dok",
        quantity=done,
        unit="dok",
        minutes=60,
    )
    SiasnRecord.objects.update_or_create(
        nip=employee.nip,
        defaults={
            "pns_id": pns_id,
            "values": {},
            "synced_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        },
    )
