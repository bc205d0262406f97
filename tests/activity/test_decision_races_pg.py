"""An approval and a return of one daily report at the same moment (PostgreSQL)."""

from __future__ import annotations

import pytest

from hibrida.activity import services
from hibrida.activity.models import ReportEvent, ReportStatus
from hibrida.audit.decisions import AlreadyDecided
from hibrida.audit.models import AuditEvent
from tests.races import one_won, pg_only, run_together  # noqa: F401 (fixture)

from .conftest import submitted_report

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_approve_and_return_of_one_report_give_one_decision(pg_only, env):  # noqa: F811
    report = submitted_report(env.users["asn"])
    atasan = env.users["atasan"]
    results = run_together(
        lambda: services.approve_report(actor=atasan, report=report),
        lambda: services.return_report(actor=atasan, report=report, comment="Tambahkan bukti"),
    )
    won, refused = one_won(results)
    assert isinstance(refused, AlreadyDecided)
    report.refresh_from_db()
    assert report.status == won.status
    assert report.status in (ReportStatus.APPROVED, ReportStatus.RETURNED)
    decided = AuditEvent.objects.filter(
        object_id=str(report.pk),
        action__in=["activity_report.approved", "activity_report.returned"],
    )
    assert decided.count() == 1
    assert ReportEvent.objects.filter(report=report, kind__in=["approved", "returned"]).count() == 1
