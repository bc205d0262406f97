"""Helpers of the passkey tests: enrol a software authenticator and sign check-ins."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from django.test import Client

from hibrida.presence import assertion
from hibrida.presence.passkeys import unb64url
from hibrida.presence.softkey import SoftKey

RP_ID = "testserver"
ORIGIN = "http://testserver"


def enrol(client: Client, key: SoftKey | None = None, label: str = "HP uji"):
    """Run the two enrolment calls; returns (key, response of the registration)."""
    key = key or SoftKey(rp_id=RP_ID, origin=ORIGIN)
    options = client.post("/api/v1/presence/passkey/registration-options")
    assert options.status_code == 200, options.content
    challenge = unb64url(options.json()["challenge"])
    resp = client.post(
        "/api/v1/presence/passkeys",
        data=json.dumps({"credential": key.register(challenge), "label": label}),
        content_type="application/json",
    )
    return key, resp


def nonces(client: Client, count: int = 3) -> list[str]:
    resp = client.post(
        "/api/v1/presence/passkey/nonces",
        data=json.dumps({"count": count}),
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.content
    return [n["nonce"] for n in resp.json()["nonces"]]


def sign(data: dict, key: SoftKey, nonce: str, **kw) -> dict:
    """``data`` with a passkey assertion over its challenge (computed the browser's way)."""
    content = assertion.canonical(
        check_in_uuid=uuid.UUID(data["uuid"]),
        kind=data["kind"],
        device_time=dt.datetime.fromisoformat(data["device_time"]),
        lat=data["latitude"],
        lon=data["longitude"],
    )
    signed = key.assert_(assertion.challenge(nonce, content), **kw)
    return {**data, "passkey": {"nonce": nonce, **signed}}
