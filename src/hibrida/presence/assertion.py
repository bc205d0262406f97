"""Passkey assertions of a check-in. Pure: plain data in, a result out; no Django import.

The challenge signed by the phone binds a server nonce to the check-in's UUID, kind, device
time and coordinates, so an assertion proves who held the phone for THIS check-in only.
Design and the offline queue: docs/architecture.md, "Passkey check-in".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from webauthn import verify_authentication_response
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidJSONStructure

from .verify import MESSAGES, NO_PASSKEY, PASSKEY_CLONED, PASSKEY_INVALID, PASSKEY_REPLAY

__all__ = ["MESSAGES", "NO_PASSKEY", "PASSKEY_CLONED", "PASSKEY_INVALID", "PASSKEY_REPLAY"]


def canonical(
    *, check_in_uuid: uuid.UUID, kind: str, device_time: dt.datetime, lat: float, lon: float
) -> str:
    """The check-in fields the phone signs, in one fixed text form the browser can rebuild:
    UTC time to the millisecond (``Date.toISOString``), coordinates to 7 decimals (≈ 1 cm,
    ``Number.toFixed(7)``)."""
    utc = device_time.astimezone(dt.UTC)
    stamp = utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
    return f"{check_in_uuid}|{kind}|{stamp}|{lat:.7f}|{lon:.7f}"


def challenge(nonce: str, content: str) -> bytes:
    """SHA-256(nonce ‖ "|" ‖ canonical content): what ``navigator.credentials.get`` signs."""
    return hashlib.sha256(f"{nonce}|{content}".encode()).digest()


@dataclass(frozen=True)
class Assertion:
    """What the phone sends with a check-in (base64url fields as the browser gives them)."""

    nonce: str
    credential_id: str
    authenticator_data: str
    client_data_json: str
    signature: str


@dataclass(frozen=True)
class Checked:
    """``reason`` is None for a good assertion; ``sign_count`` is the authenticator's new one."""

    reason: str | None
    sign_count: int = 0
    detail: str = ""


def check(
    assertion: Assertion,
    *,
    expected_challenge: bytes,
    rp_id: str,
    origins: list[str],
    public_key: bytes,
    stored_count: int,
) -> Checked:
    """Signature, RP ID hash, origin, challenge, user verification, then the counter.

    The counter is checked here rather than by the library so that a clone (a counter that
    does not increase) is told apart from a bad signature.
    """
    credential = {
        "id": assertion.credential_id,
        "rawId": assertion.credential_id,
        "type": "public-key",
        "response": {
            "authenticatorData": assertion.authenticator_data,
            "clientDataJSON": assertion.client_data_json,
            "signature": assertion.signature,
        },
    }
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=expected_challenge,
            expected_rp_id=rp_id,
            expected_origin=origins,
            credential_public_key=public_key,
            credential_current_sign_count=0,
            require_user_verification=True,
        )
    except (InvalidAuthenticationResponse, InvalidJSONStructure, ValueError) as err:
        return Checked(PASSKEY_INVALID, detail=str(err))
    count = verified.new_sign_count
    # WebAuthn §6.1.1: a counter that is used (either side non-zero) must grow.
    if (count > 0 or stored_count > 0) and count <= stored_count:
        return Checked(PASSKEY_CLONED, sign_count=count, detail=f"{count} <= {stored_count}")
    return Checked(None, sign_count=count)
