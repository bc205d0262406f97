"""One URL per action: the report editor, the three decisions, action plans and ending a Plt.

Each action view answers only POST, acts on the object named in its URL, and keeps the messages
the single switching views used to give.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from hibrida.activity.models import ActionPlan, DailyReport, Delegation, ReportStatus, SkpTarget
from tests.conftest import client_for

from .conftest import ACTIVITY, TODAY, submitted_report

pytestmark = pytest.mark.django_db

DAY = TODAY.isoformat()


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _draft(env) -> DailyReport:
    client_for(env.users["asn"]).post(reverse("activity:write", args=[DAY]), ACTIVITY)
    return DailyReport.objects.get(employee=env.staff1, day=TODAY)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("activity:save_note", [DAY]),
        ("activity:submit", [DAY]),
        ("activity:remove_activity", [DAY, 1]),
        ("activity:approve", [1]),
        ("activity:return", [1]),
        ("activity:reject", [1]),
        ("activity:action_plan", [1]),
        ("activity:end_delegation", [1]),
    ],
)
def test_action_urls_refuse_get(env, name, args):
    assert client_for(env.users["asn"]).get(reverse(name, args=args)).status_code == 405


def test_note_is_saved_through_its_own_url(env):
    report = _draft(env)
    client = client_for(env.users["asn"])
    response = client.post(reverse("activity:save_note", args=[DAY]), {"note": "Rapat sore"})
    assert response.status_code == 302
    assert _messages(response) == ["Catatan disimpan."]
    report.refresh_from_db()
    assert report.note == "Rapat sore"


def test_note_without_a_report_of_that_day_is_not_found(env):
    client = client_for(env.users["asn"])
    response = client.post(reverse("activity:save_note", args=[DAY]), {"note": "x"})
    assert response.status_code == 404


def test_activity_is_removed_through_its_own_url(env):
    report = _draft(env)
    activity = report.activities.get()
    client = client_for(env.users["asn"])
    response = client.post(reverse("activity:remove_activity", args=[DAY, activity.pk]))
    assert response.status_code == 302
    assert not report.activities.exists()


def test_activity_of_another_day_is_not_removed(env):
    activity = _draft(env).activities.get()
    other_day = (TODAY - dt.timedelta(days=1)).isoformat()
    DailyReport.objects.create(employee=env.staff1, day=TODAY - dt.timedelta(days=1))
    client = client_for(env.users["asn"])
    response = client.post(reverse("activity:remove_activity", args=[other_day, activity.pk]))
    assert response.status_code == 404
    assert activity.report.activities.count() == 1


def test_submit_through_its_own_url_opens_the_report(env):
    report = _draft(env)
    response = client_for(env.users["asn"]).post(reverse("activity:submit", args=[DAY]))
    assert response.status_code == 302
    assert response["Location"] == reverse("activity:report", args=[report.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_return_without_a_comment_is_refused_with_a_message(env):
    report = submitted_report(env.users["asn"])
    client = client_for(env.users["atasan"])
    response = client.post(reverse("activity:return", args=[report.pk]), {"comment": ""})
    assert response["Location"] == reverse("activity:report", args=[report.pk])
    assert _messages(response) == ["Tuliskan apa yang perlu diperbaiki."]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_return_with_a_comment_returns_the_report(env):
    report = submitted_report(env.users["asn"])
    client = client_for(env.users["atasan"])
    response = client.post(reverse("activity:return", args=[report.pk]), {"comment": "Bukti?"})
    assert _messages(response) == ["Laporan dikembalikan untuk perbaikan."]
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED


def test_reject_takes_the_comment_as_its_reason(env):
    report = submitted_report(env.users["asn"])
    client = client_for(env.users["atasan"])
    response = client.post(reverse("activity:reject", args=[report.pk]), {"comment": "Fiktif"})
    assert _messages(response) == ["Laporan ditolak."]
    report.refresh_from_db()
    assert report.status == ReportStatus.REJECTED
    assert report.decision_note == "Fiktif"


def _target(env) -> SkpTarget:
    return SkpTarget.objects.create(
        employee=env.staff1, year=2026, title="T", indicator="I", target_quantity=12, unit="dok"
    )


def test_action_plan_with_a_month_out_of_range_is_a_field_message(env):
    target = _target(env)
    client = client_for(env.users["asn"])
    response = client.post(
        reverse("activity:action_plan", args=[target.pk]),
        {"month": 13, "description": "Telaah", "planned_quantity": "1"},
    )
    assert response.status_code == 302
    assert [m.split(":")[0] for m in _messages(response)] == ["Bulan"]
    assert not ActionPlan.objects.exists()


def test_action_plan_is_refused_to_inspektorat_before_the_form_is_read(env):
    target = _target(env)
    client = client_for(env.users["inspektorat"])
    response = client.post(reverse("activity:action_plan", args=[target.pk]), {})
    assert response.status_code == 403


def test_delegation_is_ended_by_its_principal(env):
    delegation = Delegation.objects.create(
        principal=env.kabid, delegate=env.kepala, start=TODAY, end=TODAY, reason="cuti"
    )
    client = client_for(env.users["atasan"])
    response = client.post(reverse("activity:end_delegation", args=[delegation.pk]))
    assert _messages(response) == ["Plt diakhiri."]
    delegation.refresh_from_db()
    assert not delegation.is_active


def test_delegation_of_someone_else_is_not_found(env):
    delegation = Delegation.objects.create(
        principal=env.kabid, delegate=env.kepala, start=TODAY, end=TODAY, reason="cuti"
    )
    response = client_for(env.users["asn"]).post(
        reverse("activity:end_delegation", args=[delegation.pk])
    )
    assert response.status_code == 404
    delegation.refresh_from_db()
    assert delegation.is_active
