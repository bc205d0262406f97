"""Passkey assertions of a check-in. Pure: plain data in, a result out; no Django import.

The challenge signed by the phone binds a server nonce to the check-in's UUID, kind, device
time and coordinates, so an assertion proves who held the phone for THIS check-in only.
Design and the offline queue: docs/architecture.md, "Passkey check-in".
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from webauthn.helpers import (
    decode_credential_public_key,
    decoded_public_key_to_cryptography,
    parse_authenticator_data,
    parse_backup_flags,
    parse_client_data_json,
    verify_signature,
)
from webauthn.helpers.cose import COSEAlgorithmIdentifier
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import ClientDataType, TokenBindingStatus

from .verify import MESSAGES, NO_PASSKEY, PASSKEY_CLONED, PASSKEY_INVALID, PASSKEY_REPLAY

__all__ = ["MESSAGES", "NO_PASSKEY", "PASSKEY_CLONED", "PASSKEY_INVALID", "PASSKEY_REPLAY"]


def canonical(
    *, check_in_uuid: uuid.UUID, kind: str, device_time: dt.datetime, lat: float, lon: float
) -> str:
    """The check-in fields the phone signs, in one fixed text form the browser can rebuild:
    UTC time to the millisecond (``Date.toISOString``), coordinates to 7 decimals (≈ 1 cm,
    ``Number.toFixed(7)``)."""
    # isoformat truncates to the millisecond as toISOString does, and costs less than strftime.
    stamp = device_time.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="milliseconds")
    return f"{check_in_uuid}|{kind}|{stamp}Z|{lat:.7f}|{lon:.7f}"


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
    """Signature, RP ID hash, origin, challenge, type, user presence and verification, backup
    flags, then
    the counter: the steps of py_webauthn's ``verify_authentication_response`` (WebAuthn
    §7.2), with its parsers and signature check, on a public key decoded once per process.

    The counter is checked here rather than by the library so that a clone (a counter that
    does not increase) is told apart from a bad signature.
    """
    try:
        client_data_bytes = _unb64url(assertion.client_data_json)
        auth_data_bytes = _unb64url(assertion.authenticator_data)
        signature = _unb64url(assertion.signature)
        client_data = parse_client_data_json(client_data_bytes)
        if client_data.type != ClientDataType.WEBAUTHN_GET:
            return Checked(PASSKEY_INVALID, detail=f"client data type {client_data.type}")
        if client_data.challenge != expected_challenge:
            return Checked(PASSKEY_INVALID, detail="challenge")
        if client_data.origin not in origins:
            return Checked(PASSKEY_INVALID, detail=f"origin {client_data.origin}")
        if client_data.token_binding and client_data.token_binding.status not in _TOKEN_BINDING:
            return Checked(PASSKEY_INVALID, detail="token binding")
        auth_data = parse_authenticator_data(auth_data_bytes)
        if auth_data.rp_id_hash != _rp_id_hash(rp_id):
            return Checked(PASSKEY_INVALID, detail="RP ID hash")
        if not auth_data.flags.up:
            return Checked(PASSKEY_INVALID, detail="user not present")
        if not auth_data.flags.uv:
            return Checked(PASSKEY_INVALID, detail="user not verified")
        parse_backup_flags(auth_data.flags)  # "backed up" without "may back up" is refused
        key, alg = _public_key(public_key)
        verify_signature(
            public_key=key,
            signature_alg=alg,
            signature=signature,
            data=auth_data_bytes + hashlib.sha256(client_data_bytes).digest(),
        )
    except InvalidSignature:
        return Checked(PASSKEY_INVALID, detail="signature")
    except (WebAuthnException, ValueError) as err:
        # Malformed base64, JSON or authenticator data, or a key the library cannot use.
        return Checked(PASSKEY_INVALID, detail=str(err))
    count = auth_data.sign_count
    # WebAuthn §6.1.1: a counter that is used (either side non-zero) must grow.
    if (count > 0 or stored_count > 0) and count <= stored_count:
        return Checked(PASSKEY_CLONED, sign_count=count, detail=f"{count} <= {stored_count}")
    return Checked(None, sign_count=count)


_TOKEN_BINDING = (TokenBindingStatus.SUPPORTED, TokenBindingStatus.PRESENT)


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@functools.lru_cache(maxsize=64)
def _rp_id_hash(rp_id: str) -> bytes:
    return hashlib.sha256(rp_id.encode()).digest()


# Keyed by the stored key's bytes, which never change for a credential: a revoked passkey
# or a moved counter needs no invalidation (status and counter are read locked per batch).
# Sized for a city's staff (about 2 KB a key), so the morning peak, each ASN once, finds
# yesterday's keys.
@functools.lru_cache(maxsize=30_000)
def _public_key(public_key: bytes) -> tuple[PublicKeyTypes, COSEAlgorithmIdentifier]:
    decoded = decode_credential_public_key(public_key)
    return decoded_public_key_to_cryptography(decoded), decoded.alg
