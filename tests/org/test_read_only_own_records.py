"""Read-only (Inspektorat) covers other people's records: an auditor with an employee record
keeps every ASN self-service write (readiness, WFH preference, schedule requests, phone reset)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from hibrida.org import access
from hibrida.org.models import GrantedRole
from hibrida.policy.models import WfhReadiness
from hibrida.policy.services import record_readiness
from hibrida.presence.models import DeviceReset
from hibrida.presence.services import request_device_reset
from hibrida.roster.models import WfhPreference
from hibrida.roster.services import set_wfh_preference
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(city):
    return make_user(city.staff2, GrantedRole.INSPEKTORAT)


def test_read_only_role_may_write_own_records_only(city, auditor):
    access.require_writer_for(auditor, city.staff2.pk)
    with pytest.raises(PermissionDenied):
        access.require_writer_for(auditor, city.staff1.pk)
    with pytest.raises(PermissionDenied):
        access.require_writer_for(city.users["inspektorat"], None)


def test_inspektorat_asn_records_own_readiness_through_api(city, auditor, api_headers):
    response = Client().post(
        "/api/v1/policy/readiness",
        data=json.dumps({"item": "security"}),
        content_type="application/json",
        **api_headers(auditor),
    )
    assert response.status_code == 200, response.content
    assert WfhReadiness.objects.get(employee=city.staff2).security_accepted_at is not None


def test_inspektorat_asn_cannot_record_someone_elses_readiness(city, auditor):
    with pytest.raises(PermissionDenied):
        record_readiness(actor=auditor, employee=city.staff1, item="security")
    assert not WfhReadiness.objects.filter(employee=city.staff1).exists()


def test_inspektorat_asn_sets_own_wfh_preference_through_api(city, auditor, api_headers):
    response = Client().put(
        "/api/v1/roster/me/preference",
        data=json.dumps({"prefer_weekdays": ["fri"], "avoid_weekdays": []}),
        content_type="application/json",
        **api_headers(auditor),
    )
    assert response.status_code == 200, response.content
    assert WfhPreference.objects.get(employee=city.staff2).prefer_weekdays == ["fri"]


def test_inspektorat_asn_cannot_set_someone_elses_preference(city, auditor):
    with pytest.raises(PermissionDenied):
        set_wfh_preference(
            actor=auditor, employee=city.staff1, prefer_weekdays=[], avoid_weekdays=[]
        )


def test_inspektorat_asn_asks_for_own_phone_reset(city, auditor):
    request_device_reset(actor=auditor, reason="HP hilang")
    assert DeviceReset.objects.filter(employee=city.staff2).count() == 1


def test_inspektorat_without_employee_record_still_writes_nothing(city):
    with pytest.raises(PermissionDenied):
        request_device_reset(actor=city.users["inspektorat"], reason="HP hilang")
