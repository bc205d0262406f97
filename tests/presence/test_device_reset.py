"""A new or lost phone: the employee asks, the atasan releases the old one, the next phone
used is bound; every step audited, and nobody else can decide."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from hibrida.audit.models import AuditEvent
from hibrida.org.services import issue_api_token
from hibrida.presence import services, verify
from hibrida.presence.models import ApprovalStatus, CheckIn, Device, DeviceReset
from tests.conftest import client_for

from .conftest import body, post

pytestmark = pytest.mark.django_db


def check_in(city, api_headers, phone: str) -> dict:
    data = body(device_id=phone)
    resp = post(Client(), data, api_headers(city.users["asn"]))
    assert resp.status_code == 201, resp.content
    return {
        "status": resp.json()["status"],
        "reasons": CheckIn.objects.get(client_uuid=data["uuid"]).reasons,
    }


def active_phones(employee) -> set[str]:
    return set(
        Device.objects.filter(employee=employee, retired_at__isnull=True).values_list(
            "device_id", flat=True
        )
    )


def test_reset_releases_the_old_phone_and_binds_the_next(city, office, api_headers):
    asn, atasan = city.users["asn"], city.users["atasan"]
    assert check_in(city, api_headers, "hp-lama")["status"] == "VALID"
    new_phone = check_in(city, api_headers, "hp-baru")
    assert new_phone["status"] == "FLAGGED"
    assert verify.UNREGISTERED_DEVICE in new_phone["reasons"]

    page = client_for(asn)
    page.post("/presensi/perangkat/", {"reason": "  "})
    assert not DeviceReset.objects.exists()  # a reason is required
    page.post("/presensi/perangkat/", {"reason": "HP lama hilang"})
    item = DeviceReset.objects.get()
    with pytest.raises(ValidationError):
        services.request_device_reset(actor=asn, reason="sekali lagi")  # one pending at a time
    approvals = client_for(atasan).get("/presensi/persetujuan/")
    assert list(approvals.context["device_resets"]) == [item]

    with pytest.raises(PermissionDenied):
        services.decide_device_reset(actor=asn, item=item, approve=True)  # not their own call
    with pytest.raises(ValidationError):
        services.decide_device_reset(actor=atasan, item=item, approve=False, note="")
    client_for(atasan).post(f"/presensi/persetujuan/perangkat/{item.pk}/setujui/")
    item.refresh_from_db()
    assert item.status == ApprovalStatus.APPROVED and active_phones(city.staff1) == set()

    again = check_in(city, api_headers, "hp-baru")
    assert again["status"] == "VALID", again  # bound on first use
    assert active_phones(city.staff1) == {"hp-baru"}
    old = check_in(city, api_headers, "hp-lama")
    assert verify.UNREGISTERED_DEVICE in old["reasons"]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"presence.device_reset_requested", "presence.device_reset_approved"} <= actions
    assert "hp-baru" in page.get("/presensi/perangkat/").content.decode()


def test_a_phone_used_again_after_a_reset_is_bound_again(city, office, api_headers):
    asn, atasan = city.users["asn"], city.users["atasan"]
    check_in(city, api_headers, "hp-1")
    item = services.request_device_reset(actor=asn, reason="HP diganti")
    services.decide_device_reset(actor=atasan, item=item, approve=True)
    assert active_phones(city.staff1) == set()
    assert check_in(city, api_headers, "hp-1")["status"] == "VALID"
    assert active_phones(city.staff1) == {"hp-1"}  # the retired row is live again


def test_rejected_reset_keeps_the_phone_and_other_opd_cannot_decide(city, office, api_headers):
    from tests.factories import make_user

    check_in(city, api_headers, "hp-1")
    item = services.request_device_reset(actor=city.users["asn"], reason="coba")
    other_admin = make_user(None, "opd_admin", city.opd_b)
    with pytest.raises(PermissionDenied):
        services.decide_device_reset(actor=other_admin, item=item, approve=True)
    resp = client_for(other_admin).post(f"/presensi/persetujuan/perangkat/{item.pk}/setujui/")
    assert resp.status_code == 404
    services.decide_device_reset(
        actor=city.users["opd_admin"], item=item, approve=False, note="HP masih terdaftar aktif"
    )
    item.refresh_from_db()
    assert item.status == ApprovalStatus.REJECTED and active_phones(city.staff1) == {"hp-1"}


def test_an_approved_reset_revokes_the_employees_api_tokens_and_no_one_elses(city, office):
    """The lost phone may still hold a token: approval revokes every token of that employee's
    login (an atasan may do this only through the reset), in the reset's transaction."""
    asn, atasan = city.users["asn"], city.users["atasan"]
    lost, _ = issue_api_token(actor=asn, user=asn, name="hp hilang")
    colleague, _ = issue_api_token(actor=atasan, user=atasan, name="hp atasan")
    item = services.request_device_reset(actor=asn, reason="HP hilang")
    services.decide_device_reset(actor=atasan, item=item, approve=True)
    lost.refresh_from_db()
    colleague.refresh_from_db()
    assert lost.revoked and lost.revoked_by == atasan and not colleague.revoked
    event = AuditEvent.objects.get(action="api_token.revoked_all")
    assert event.object_id == str(asn.pk) and [t["id"] for t in event.after["tokens"]] == [lost.pk]
    approved = AuditEvent.objects.get(action="presence.device_reset_approved")
    assert approved.after["tokens_revoked"] == 1


def test_a_rejected_reset_keeps_the_tokens(city, office):
    asn, atasan = city.users["asn"], city.users["atasan"]
    token, _ = issue_api_token(actor=asn, user=asn, name="hp")
    item = services.request_device_reset(actor=asn, reason="HP hilang")
    services.decide_device_reset(actor=atasan, item=item, approve=False, note="sudah ketemu")
    token.refresh_from_db()
    assert not token.revoked
    assert not AuditEvent.objects.filter(action="api_token.revoked_all").exists()
