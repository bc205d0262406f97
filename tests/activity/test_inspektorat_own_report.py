"""An Inspektorat auditor is an ASN too: own daily report yes, other people's records no."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hibrida.activity.models import DailyReport, ReportStatus
from hibrida.org.models import GrantedRole, RoleGrant
from tests.conftest import client_for

from .conftest import ACTIVITY, TODAY, submitted_report
from .test_api import ACT, call

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(env):
    """Kabid A holds the Inspektorat role: an auditor who is also atasan of staff1/staff2."""
    user = env.users["atasan"]
    RoleGrant.objects.create(user=user, role=GrantedRole.INSPEKTORAT)
    return user


def test_inspektorat_asn_writes_and_submits_own_report_on_pages(env, auditor):
    client = client_for(auditor)
    url = reverse("activity:write", args=[TODAY.isoformat()])
    assert client.post(url, ACTIVITY).status_code == 302
    submit = reverse("activity:submit", args=[TODAY.isoformat()])
    assert client.post(submit).status_code == 302
    report = DailyReport.objects.get(employee=env.kabid, day=TODAY)
    assert report.status == ReportStatus.SUBMITTED


def test_inspektorat_asn_writes_and_submits_own_report_through_api(env, auditor, api_headers):
    client, headers = Client(), api_headers(auditor)
    created = call(
        client, "post", "/reports", headers, {"day": TODAY.isoformat(), "activities": [ACT]}
    )
    assert created.status_code == 200, created.content
    sent = call(client, "post", f"/reports/{created.json()['id']}/submit", headers)
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == ReportStatus.SUBMITTED


def test_inspektorat_asn_still_cannot_validate_a_subordinates_report(env, auditor, api_headers):
    report = submitted_report(env.users["asn"])
    client, headers = Client(), api_headers(auditor)
    assert call(client, "post", f"/reports/{report.pk}/approve", headers, {}).status_code == 403
    page = client_for(auditor).post(reverse("activity:approve", args=[report.pk]))
    assert page.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_inspektorat_asn_cannot_change_someone_elses_draft(env, auditor, api_headers):
    draft = call(
        Client(),
        "post",
        "/reports",
        api_headers(env.users["asn"]),
        {"day": TODAY.isoformat(), "activities": [ACT]},
    ).json()
    changed = call(
        Client(),
        "put",
        f"/reports/{draft['id']}",
        api_headers(auditor),
        {"note": "diubah auditor", "activities": []},
    )
    assert changed.status_code == 403
    assert DailyReport.objects.get(pk=draft["id"]).activities.count() == 1


def test_inspektorat_asn_sets_own_skp_target_but_not_a_subordinates(env, auditor):
    from django.core.exceptions import PermissionDenied

    from hibrida.activity import services

    target = {
        "year": 2026,
        "title": "Laporan hasil audit",
        "indicator": "Laporan terbit",
        "target_quantity": "4",
        "unit": "laporan",
    }
    assert services.create_target(actor=auditor, employee=env.kabid, data=target).pk
    with pytest.raises(PermissionDenied):
        services.create_target(actor=auditor, employee=env.staff1, data=target)
