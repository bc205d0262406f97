"""Passkey check-in (issue 15 item 1): enrolment, approval, and the assertion every check-in
carries, on the ninja route. The signatures come from a software authenticator."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from hibrida.audit.models import AuditEvent
from hibrida.presence import assertion
from hibrida.presence.models import (
    CheckIn,
    DeviceReset,
    Passkey,
    PasskeyMode,
    PasskeyNonce,
    PasskeyPolicy,
    PasskeyStatus,
)
from hibrida.presence.services import decide_device_reset
from hibrida.presence.softkey import SoftKey
from tests.conftest import client_for

from .conftest import body, post
from .passkey_kit import ORIGIN, RP_ID, enrol, nonces, sign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _passkeys_required(settings):
    settings.HIBRIDA_PASSKEY_DEFAULT_MODE = "required"
    settings.HIBRIDA_PASSKEY_RP_ID = ""
    settings.HIBRIDA_PASSKEY_ORIGINS = ""


@pytest.fixture
def enrolled(city, office):
    """staff1's phone enrolled and approved by the atasan; (client, key)."""
    client = client_for(city.users["asn"])
    key, resp = enrol(client)
    assert resp.status_code == 201, resp.content
    approve = client_for(city.users["atasan"]).post(
        f"/api/v1/presence/passkeys/{resp.json()['id']}/approve",
        data="{}",
        content_type="application/json",
    )
    assert approve.status_code == 200, approve.content
    return client, key


def test_enrolment_is_pending_until_the_atasan_approves(city, office):
    """Rule: a new passkey waits for approval; the atasan's approval is audited via decide."""
    client = client_for(city.users["asn"])
    _, resp = enrol(client)
    assert resp.status_code == 201 and resp.json()["status"] == "pending"
    item = Passkey.objects.get()
    assert item.employee_id == city.staff1.pk and item.sign_count == 0
    # Only the public key is kept: a COSE EC2 key, never anything biometric.
    assert bytes(item.public_key)[:1] == b"\xa5"
    pending = client_for(city.users["atasan"]).get("/api/v1/presence/passkeys/pending").json()
    assert [p["id"] for p in pending] == [item.pk]
    resp = client_for(city.users["atasan"]).post(
        f"/api/v1/presence/passkeys/{item.pk}/approve", data="{}", content_type="application/json"
    )
    assert resp.status_code == 200 and resp.json()["status"] == "approved"
    event = AuditEvent.objects.get(action="presence.passkey_approved")
    assert event.before["status"] == "pending" and event.after["status"] == "approved"


def test_colleague_cannot_approve_and_reject_needs_a_reason(city, office):
    client = client_for(city.users["asn"])
    _, resp = enrol(client)
    pk = resp.json()["id"]
    colleague = client_for(city.users["asn"])
    assert (
        colleague.post(
            f"/api/v1/presence/passkeys/{pk}/approve", data="{}", content_type="application/json"
        ).status_code
        == 404
    )
    atasan = client_for(city.users["atasan"])
    resp = atasan.post(
        f"/api/v1/presence/passkeys/{pk}/reject", data="{}", content_type="application/json"
    )
    assert resp.status_code == 422
    assert Passkey.objects.get(pk=pk).status == PasskeyStatus.PENDING


def test_enrolment_without_user_verification_is_refused(city, office):
    """Rule: user verification is required (the phone's own fingerprint/face/PIN)."""
    key = SoftKey(rp_id=RP_ID, origin=ORIGIN, user_verified=False)
    _, resp = enrol(client_for(city.users["asn"]), key)
    assert resp.status_code == 422
    assert "credential" in resp.content.decode() and not Passkey.objects.exists()


def test_enrolment_for_another_site_is_refused(city, office):
    key = SoftKey(rp_id="evil.example", origin="https://evil.example")
    _, resp = enrol(client_for(city.users["asn"]), key)
    assert resp.status_code == 422 and not Passkey.objects.exists()


def test_signed_check_in_is_valid_and_moves_the_counter(city, enrolled):
    client, key = enrolled
    nonce = nonces(client, 1)[0]
    data = sign(body(), key, nonce)
    resp = post(client, data)
    assert resp.status_code == 201, resp.content
    assert resp.json()["status"] == "VALID" and resp.json()["reasons"] == []
    assert Passkey.objects.get().sign_count == 1
    assert PasskeyNonce.objects.get(nonce=nonce).used_at is not None


def test_check_in_without_assertion_is_refused_and_stores_nothing(city, enrolled):
    client, _ = enrolled
    resp = post(client, body())
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "passkey"
    assert "passkey" in resp.json()["detail"]
    assert not CheckIn.objects.exists()


def test_fallback_opd_flags_a_check_in_without_passkey(city, enrolled):
    """Rule: where the OPD allows a fallback, no assertion → FLAGGED no_passkey (stored)."""
    PasskeyPolicy.objects.create(opd=city.opd_a, mode=PasskeyMode.FALLBACK)
    client, _ = enrolled
    resp = post(client, body())
    assert resp.status_code == 201
    assert resp.json()["status"] == "FLAGGED"
    assert [r["code"] for r in resp.json()["reasons"]] == [assertion.NO_PASSKEY]


def test_wrong_credential_is_refused(city, enrolled):
    """Rule: an assertion from a key that is not the employee's approved passkey → 403."""
    client, _ = enrolled
    stranger = SoftKey(rp_id=RP_ID, origin=ORIGIN)
    resp = post(client, sign(body(), stranger, nonces(client, 1)[0]))
    assert resp.status_code == 403 and not CheckIn.objects.exists()


def test_assertion_over_other_coordinates_is_refused(city, enrolled):
    """Rule: the challenge binds the coordinates: moving the fix after signing breaks it."""
    client, key = enrolled
    data = sign(body(), key, nonces(client, 1)[0])
    data["latitude"] += 0.001
    resp = post(client, data)
    assert resp.status_code == 403
    assert resp.json()["detail"] == assertion.MESSAGES[assertion.PASSKEY_INVALID]


def test_replayed_assertion_under_a_new_uuid_is_refused(city, enrolled):
    """Rule: a captured assertion cannot be reused — its nonce is spent and the challenge
    names the first check-in's UUID."""
    client, key = enrolled
    first = sign(body(), key, nonces(client, 1)[0])
    assert post(client, first).status_code == 201
    replay = {**first, "uuid": body()["uuid"], "confirm_repeat": True}
    resp = post(client, replay)
    assert resp.status_code == 403
    assert resp.json()["detail"] == assertion.MESSAGES[assertion.PASSKEY_REPLAY]
    assert CheckIn.objects.count() == 1


def test_retry_of_the_same_check_in_gets_the_stored_answer(city, enrolled):
    """Rule: idempotency survives the single-use nonce (a lost answer is retried as is)."""
    client, key = enrolled
    data = sign(body(), key, nonces(client, 1)[0])
    first, second = post(client, data), post(client, data)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()


def test_counter_that_does_not_grow_is_refused_and_audited(city, enrolled):
    """Rule: a cloned authenticator (counter not above the stored one) → 403, audited."""
    client, key = enrolled
    n1, n2 = nonces(client, 2)
    assert post(client, sign(body(), key, n1, count=5)).status_code == 201
    resp = post(client, sign(body(confirm_repeat=True), key, n2, count=5))
    assert resp.status_code == 403
    assert resp.json()["detail"] == assertion.MESSAGES[assertion.PASSKEY_CLONED]
    event = AuditEvent.objects.get(action="presence.passkey_counter_not_increased")
    assert event.after["stored_count"] == 5
    assert Passkey.objects.get().sign_count == 5


def test_expired_nonce_is_refused(city, enrolled):
    client, key = enrolled
    nonce = nonces(client, 1)[0]
    PasskeyNonce.objects.filter(nonce=nonce).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    resp = post(client, sign(body(), key, nonce))
    assert resp.status_code == 403 and not CheckIn.objects.exists()


def test_offline_queue_nonce_signs_an_earlier_device_time(city, enrolled):
    """Rule: a nonce fetched online signs a check-in made later offline and sent later still
    (the device time is bound, not the send time)."""
    client, key = enrolled
    nonce = nonces(client, 1)[0]
    made = timezone.now() - dt.timedelta(minutes=40)
    data = sign(body(device_time=made.isoformat(), sent_at=timezone.now().isoformat()), key, nonce)
    resp = post(client, data)
    assert resp.status_code == 201 and resp.json()["late_synced"] is True


def test_pending_passkey_does_not_count(city, office):
    client = client_for(city.users["asn"])
    key, _ = enrol(client)
    resp = post(client, sign(body(), key, nonces(client, 1)[0]))
    assert resp.status_code == 422


def test_nonce_count_is_bounded(city, office, settings):
    settings.HIBRIDA_PASSKEY_MAX_OPEN_NONCES = 4
    client = client_for(city.users["asn"])
    nonces(client, 3)
    resp = client.post(
        "/api/v1/presence/passkey/nonces",
        data=json.dumps({"count": 2}),
        content_type="application/json",
    )
    assert resp.status_code == 422 and PasskeyNonce.objects.count() == 3


def ask_nonces(client, count: int):
    return client.post(
        "/api/v1/presence/passkey/nonces",
        data=json.dumps({"count": count}),
        content_type="application/json",
    )


def test_the_21st_open_nonce_is_refused_with_the_time_room_frees_up(city, office, settings):
    """Rule (nonce cap): at most 20 check-in nonces are open per employee; the 21st request
    is refused, nothing issued and none dropped, with the time the oldest open one expires."""
    assert settings.HIBRIDA_PASSKEY_MAX_OPEN_NONCES == 20
    client = client_for(city.users["asn"])
    held = nonces(client, 10) + nonces(client, 10)
    resp = ask_nonces(client, 1)
    assert resp.status_code == 422
    oldest = PasskeyNonce.objects.order_by("expires_at", "id").first()
    when = timezone.localtime(oldest.expires_at).strftime("%d-%m-%Y %H.%M")
    message = json.dumps(resp.json(), ensure_ascii=False)
    assert "batas 20" in message and f"setelah {when} WIB" in message
    assert sorted(PasskeyNonce.objects.values_list("nonce", flat=True)) == sorted(held)


def test_an_expired_or_used_nonce_makes_room(city, enrolled):
    client, key = enrolled
    held = nonces(client, 10) + nonces(client, 10)
    assert ask_nonces(client, 1).status_code == 422
    PasskeyNonce.objects.filter(nonce=held[0]).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert ask_nonces(client, 1).status_code == 201
    assert post(client, sign(body(), key, held[1])).status_code == 201
    assert ask_nonces(client, 1).status_code == 201
    assert ask_nonces(client, 1).status_code == 422


def test_approved_reset_revokes_the_passkey(city, enrolled):
    """Rule: the phone-reset flow re-enrols: an approved reset revokes the passkey."""
    client, key = enrolled
    reset = DeviceReset.objects.create(employee=city.staff1, reason="HP hilang")
    decide_device_reset(actor=city.users["atasan"], item=reset, approve=True)
    assert Passkey.objects.get().status == PasskeyStatus.REVOKED
    resp = post(client, sign(body(), key, nonces(client, 1)[0]))
    assert resp.status_code == 422


def test_bearer_token_route_checks_the_same(city, enrolled, api_headers):
    client, key = enrolled
    headers = api_headers(city.users["asn"])
    assert post(Client(), body(), headers).status_code == 422
    resp = post(Client(), sign(body(), key, nonces(client, 1)[0]), headers)
    assert resp.status_code == 201 and resp.json()["status"] == "VALID"
