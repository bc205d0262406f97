"""Report validation: one decision per submission, one note rule, 409 on the API."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hibrida.activity import services
from hibrida.activity.models import DailyReport, ReportEvent, ReportStatus
from hibrida.audit.decisions import NOTE_MAX_CHARS, AlreadyDecided
from hibrida.audit.models import AuditEvent
from tests.conftest import client_for
from tests.factories import make_user

from .conftest import submitted_report

pytestmark = pytest.mark.django_db

DECISIONS = ["activity_report.approved", "activity_report.returned", "activity_report.rejected"]


def _decisions(report) -> int:
    return AuditEvent.objects.filter(object_id=str(report.pk), action__in=DECISIONS).count()


def test_return_after_approve_on_a_stale_copy_is_refused(env):
    report = submitted_report(env.users["asn"])
    services.approve_report(actor=env.users["atasan"], report=report)
    assert report.status == ReportStatus.SUBMITTED  # the caller's copy is stale
    with pytest.raises(AlreadyDecided) as err:
        services.return_report(actor=env.users["atasan"], report=report, comment="Lengkapi")
    assert err.value.message_dict == {"status": ["Laporan ini tidak sedang menunggu validasi."]}
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.decision_note == ""
    assert _decisions(report) == 1
    assert ReportEvent.objects.filter(report=report, kind="returned").count() == 0


@pytest.mark.parametrize(
    ("decide", "field"),
    [(services.return_report, "comment"), (services.reject_report, "reason")],
)
def test_return_and_reject_need_a_note_within_the_limit(env, decide, field):
    report = submitted_report(env.users["asn"])
    for text in ("   ", "x" * (NOTE_MAX_CHARS + 1)):
        with pytest.raises(ValidationError) as err:
            decide(actor=env.users["atasan"], report=report, **{field: text})
        assert list(err.value.message_dict) == [field]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and _decisions(report) == 0


def test_too_long_approval_comment_is_a_field_error(env):
    report = submitted_report(env.users["asn"])
    with pytest.raises(ValidationError) as err:
        services.approve_report(
            actor=env.users["atasan"], report=report, comment="x" * (NOTE_MAX_CHARS + 1)
        )
    assert list(err.value.message_dict) == ["comment"]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_bulk_approval_is_all_or_nothing_when_one_was_decided_meanwhile(env):
    atasan = env.users["atasan"]
    r1 = submitted_report(env.users["asn"])
    r2 = submitted_report(make_user(env.staff2))
    for r in (r1, r2):
        services.mark_opened(actor=atasan, report=r)
    services.return_report(actor=atasan, report=r2, comment="Tambahkan bukti")
    with pytest.raises(AlreadyDecided):
        services.bulk_approve(actor=atasan, reports=[r1, r2])  # r2 is a stale copy
    assert DailyReport.objects.get(pk=r1.pk).status == ReportStatus.SUBMITTED
    assert DailyReport.objects.get(pk=r2.pk).status == ReportStatus.RETURNED
    assert _decisions(r1) == 0


def test_validation_page_shows_the_refusal_of_a_second_decision(env):
    report = submitted_report(env.users["asn"])
    client = client_for(env.users["atasan"])
    assert client.post(f"/laporan/{report.pk}/setujui/").status_code == 302
    second = client.post(f"/laporan/{report.pk}/tolak/", {"comment": "Salah"}, follow=True)
    assert second.status_code == 200
    assert "Laporan ini tidak sedang menunggu validasi." in second.content.decode()


def test_api_answers_409_to_a_second_decision(env, api_headers):
    report = submitted_report(env.users["asn"])
    headers = api_headers(env.users["atasan"])
    base = f"/api/v1/activity/reports/{report.pk}"

    def post(path, body):
        return Client().post(
            base + path, json.dumps(body), content_type="application/json", **headers
        )

    assert post("/approve", {"comment": ""}).status_code == 200
    second = post("/return", {"comment": "Lengkapi"})
    assert second.status_code == 409
    assert second.json()["detail"] == "Laporan ini tidak sedang menunggu validasi."
