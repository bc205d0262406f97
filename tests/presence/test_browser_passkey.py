"""Passkeys in Chromium with its virtual authenticator (CDP WebAuthn domain): enrolment on
the device page, a signed check-in, a replayed assertion, a wrong key under the enrolled
credential id, and a cloned counter."""

from __future__ import annotations

import base64
import json
import uuid

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from hibrida.audit.models import AuditEvent
from hibrida.presence import assertion, passkeys
from hibrida.presence.models import CheckIn, Passkey, PasskeyStatus
from tests.conftest import client_for, login
from tests.factories import PASSWORD

from .conftest import OFFICE

STATUS_SET = "() => document.querySelector('[data-testid=result]').dataset.status"


def _result(page) -> tuple[str, str]:
    page.wait_for_function(STATUS_SET)
    node = page.locator("[data-testid=result]")
    status, text = node.get_attribute("data-status"), node.inner_text()
    # Clear it so the next wait sees the next answer.
    page.evaluate("() => { delete document.querySelector('[data-testid=result]').dataset.status; }")
    return status, text


def _virtual_authenticator(context, page):
    """A platform authenticator (internal transport) whose user verification succeeds."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    found = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})
    return cdp, found["authenticatorId"]


def _enrol(page, live_server) -> None:
    page.goto(live_server.url + "/presensi/perangkat/")
    page.fill("[data-testid=passkey-enrol] input[name=label]", "HP uji")
    page.click("[data-testid=passkey-enrol] button")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=passkey-enrol-status]').dataset.status"
    )
    status = page.locator("[data-testid=passkey-enrol-status]")
    assert status.get_attribute("data-status") == "pending", status.inner_text()


def _readd(cdp, authenticator: str, credential: dict, **changes) -> None:
    """Replace the authenticator's credential by one with the given changes (same id)."""
    cdp.send(
        "WebAuthn.removeCredential",
        {"authenticatorId": authenticator, "credentialId": credential["credentialId"]},
    )
    cdp.send(
        "WebAuthn.addCredential",
        {"authenticatorId": authenticator, "credential": {**credential, **changes}},
    )


@pytest.mark.browser
def test_passkey_enrolment_check_in_replay_wrong_key_and_clone(
    transactional_db, browser, live_server, city, office, settings
):
    settings.HIBRIDA_PASSKEY_DEFAULT_MODE = "required"
    host = live_server.url.split("//", 1)[1]
    # The in-process replays below must be judged for the browser's site, not "testserver".
    settings.HIBRIDA_PASSKEY_RP_ID = host.split(":")[0]
    settings.HIBRIDA_PASSKEY_ORIGINS = live_server.url
    context = browser.new_context(
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        geolocation={"latitude": OFFICE[0], "longitude": OFFICE[1], "accuracy": 12},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    cdp, authenticator = _virtual_authenticator(context, page)
    sent: list[dict] = []
    page.on(
        "request",
        lambda r: (
            sent.append(r.post_data_json)
            if r.method == "POST" and r.url.endswith("/api/v1/presence/check-ins")
            else None
        ),
    )
    try:
        # Enrolment: the device page asks the phone for a new passkey.
        login(page, city.users["asn"].username, PASSWORD)
        _enrol(page, live_server)
        item = Passkey.objects.get()
        assert item.employee_id == city.staff1.pk and item.label == "HP uji"
        passkeys.decide_passkey(actor=city.users["atasan"], item=item, approve=True)

        # A check-in signed by the approved passkey.
        page.goto(live_server.url + "/presensi/")
        page.wait_for_function(
            "() => JSON.parse(localStorage.getItem('hibrida.passkey.nonces') || '[]').length > 0"
        )
        page.wait_for_selector("[data-testid=btn-in]:not([disabled])")
        page.click("[data-testid=btn-in]")
        assert _result(page)[0] == "VALID"
        first = CheckIn.objects.get()
        assert first.status == "VALID" and Passkey.objects.get().sign_count >= 1
        signed = sent[-1]
        assert signed["passkey"]["credential_id"] == item.credential_id

        # The captured assertion replayed under a new UUID: refused, nothing stored.
        client = client_for(city.users["asn"])
        replay = {**signed, "uuid": str(uuid.uuid4()), "confirm_repeat": True}
        resp = client.post(
            "/api/v1/presence/check-ins", data=json.dumps(replay), content_type="application/json"
        )
        assert resp.status_code == 403
        assert resp.json()["detail"] == assertion.MESSAGES[assertion.PASSKEY_REPLAY]

        # A wrong key under the enrolled credential id: the signature does not verify.
        (credential,) = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})[
            "credentials"
        ]
        other_key = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        _readd(cdp, authenticator, credential, privateKey=base64.b64encode(other_key).decode())
        page.click("[data-testid=btn-out]")
        status_, text = _result(page)
        assert status_ == "ERROR" and assertion.MESSAGES[assertion.PASSKEY_INVALID] in text

        # The right key with a counter that went back: a cloned authenticator, audited.
        _readd(cdp, authenticator, credential, signCount=0)
        page.click("[data-testid=btn-out]")
        status_, text = _result(page)
        assert status_ == "ERROR" and assertion.MESSAGES[assertion.PASSKEY_CLONED] in text
        actions = list(AuditEvent.objects.values_list("action", flat=True))
        assert "presence.passkey_counter_not_increased" in actions, actions
        assert CheckIn.objects.count() == 1
        assert Passkey.objects.get().status == PasskeyStatus.APPROVED
    finally:
        context.close()
