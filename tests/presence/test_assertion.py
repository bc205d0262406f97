"""The check-in assertion check (pure): every WebAuthn step py_webauthn's
``verify_authentication_response`` makes, on a key decoded once per process. Each forged or
damaged assertion must be refused exactly when the library refuses it."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import struct
import uuid

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given, settings
from hypothesis import strategies as st
from webauthn import verify_authentication_response
from webauthn.helpers.exceptions import WebAuthnException

from hibrida.presence import assertion
from hibrida.presence.softkey import FLAG_UP, FLAG_UV, SoftKey, b64url

RP_ID = "hibrida.example"
ORIGIN = "https://hibrida.example"
KEY = SoftKey(rp_id=RP_ID, origin=ORIGIN)
OTHER = SoftKey(rp_id=RP_ID, origin=ORIGIN)
CONTENT = assertion.canonical(
    check_in_uuid=uuid.UUID(int=7),
    kind="in",
    device_time=dt.datetime(2026, 1, 5, 0, 30, tzinfo=dt.UTC),
    lat=-6.2355,
    lon=106.9925,
)
CHALLENGE = assertion.challenge("nonce-1", CONTENT)


def forge(
    *,
    challenge: bytes = CHALLENGE,
    origin: str = ORIGIN,
    rp_id: str = RP_ID,
    flags: int = FLAG_UP | FLAG_UV,
    count: int = 5,
    kind: str = "webauthn.get",
    extra: dict | None = None,
    signer: SoftKey = KEY,
    client_data: bytes | None = None,
    auth_data: bytes | None = None,
) -> assertion.Assertion:
    """An assertion as an authenticator would make it, with any part chosen."""
    if auth_data is None:
        auth_data = hashlib.sha256(rp_id.encode()).digest() + bytes([flags])
        auth_data += struct.pack(">I", count)
    if client_data is None:
        fields = {"type": kind, "challenge": b64url(challenge), "origin": origin, **(extra or {})}
        client_data = json.dumps(fields).encode()
    signature = signer.key.sign(
        auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
    )
    return assertion.Assertion(
        nonce="nonce-1",
        credential_id=b64url(KEY.credential_id),
        authenticator_data=b64url(auth_data),
        client_data_json=b64url(client_data),
        signature=b64url(signature),
    )


def ours(signed: assertion.Assertion, stored_count: int = 0) -> assertion.Checked:
    return assertion.check(
        signed,
        expected_challenge=CHALLENGE,
        rp_id=RP_ID,
        origins=[ORIGIN, "https://other.example"],
        public_key=KEY._cose_public_key(),
        stored_count=stored_count,
    )


def library_accepts(signed: assertion.Assertion, stored_count: int = 0) -> bool:
    try:
        verify_authentication_response(
            credential={
                "id": signed.credential_id,
                "rawId": signed.credential_id,
                "type": "public-key",
                "response": {
                    "authenticatorData": signed.authenticator_data,
                    "clientDataJSON": signed.client_data_json,
                    "signature": signed.signature,
                },
            },
            expected_challenge=CHALLENGE,
            expected_rp_id=RP_ID,
            expected_origin=[ORIGIN, "https://other.example"],
            credential_public_key=KEY._cose_public_key(),
            credential_current_sign_count=stored_count,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError):
        return False
    return True


def test_a_good_assertion_passes_with_its_counter():
    checked = ours(forge(count=9), stored_count=8)
    assert checked.reason is None and checked.sign_count == 9


def test_a_second_origin_in_the_list_is_accepted():
    assert ours(forge(origin="https://other.example")).reason is None


@pytest.mark.parametrize(
    "signed",
    [
        forge(challenge=assertion.challenge("nonce-2", CONTENT)),
        forge(origin="https://evil.example"),
        forge(origin="https://hibrida.example.evil.example"),
        forge(rp_id="evil.example"),
        forge(flags=FLAG_UP),  # user not verified (no fingerprint or face)
        forge(flags=FLAG_UV),  # user not present
        forge(kind="webauthn.create"),
        forge(flags=FLAG_UP | FLAG_UV | 0x10),  # backed up (BS) though not eligible (BE)
        forge(signer=OTHER),
        forge(extra={"tokenBinding": {"status": "not-supported"}}),
        forge(client_data=b"not json"),
        forge(client_data=b'["a list"]'),
        forge(client_data=json.dumps({"type": "webauthn.get", "origin": ORIGIN}).encode()),
        forge(auth_data=hashlib.sha256(RP_ID.encode()).digest() + bytes([5])),  # too short
    ],
    ids=[
        "other challenge",
        "other origin",
        "origin sharing a prefix",
        "other RP ID",
        "no UV flag",
        "no UP flag",
        "registration type",
        "backup state without eligibility",
        "someone else's key",
        "bad token binding",
        "client data not JSON",
        "client data not an object",
        "client data without challenge",
        "authenticator data cut short",
    ],
)
def test_a_forged_assertion_is_invalid_as_the_library_says(signed):
    assert not library_accepts(signed)
    assert ours(signed).reason == assertion.PASSKEY_INVALID


def test_a_damaged_signature_or_field_is_invalid():
    good = forge()
    raw = bytearray(base64.urlsafe_b64decode(good.signature + "=="))
    raw[-1] ^= 1
    for damaged in (
        assertion.Assertion(**{**good.__dict__, "signature": b64url(bytes(raw))}),
        assertion.Assertion(**{**good.__dict__, "signature": "!!"}),
        assertion.Assertion(**{**good.__dict__, "client_data_json": "a"}),
    ):
        assert not library_accepts(damaged)
        assert ours(damaged).reason == assertion.PASSKEY_INVALID


def test_a_counter_that_does_not_grow_is_a_clone_not_a_bad_signature():
    signed = forge(count=5)
    assert not library_accepts(signed, stored_count=5)
    checked = ours(signed, stored_count=5)
    assert checked.reason == assertion.PASSKEY_CLONED and checked.sign_count == 5


def test_an_authenticator_without_a_counter_may_keep_zero():
    assert ours(forge(count=0), stored_count=0).reason is None


GOOD_FLAGS = [FLAG_UP | FLAG_UV, FLAG_UP, FLAG_UV, 0, FLAG_UP | FLAG_UV | 0x18, 0x15]


@settings(max_examples=300, deadline=None)
@given(
    flags=st.one_of(st.sampled_from(GOOD_FLAGS), st.integers(0, 255)),
    count=st.one_of(st.integers(0, 3), st.integers(0, 2**32 - 1)),
    stored=st.one_of(st.integers(0, 3), st.integers(0, 2**32 - 1)),
    kind=st.sampled_from(["webauthn.get", "webauthn.get", "webauthn.create", "", "payment.get"]),
    origin=st.sampled_from([ORIGIN, "https://other.example", "http://hibrida.example", ""]),
    tail=st.one_of(st.just(b""), st.binary(max_size=40)),
)
def test_the_verdict_agrees_with_the_library(flags, count, stored, kind, origin, tail):
    """Rule: whatever the flags (attested data and extensions included, with junk after
    them), counters, type and origin, our check accepts exactly what py_webauthn accepts (a
    non-growing counter being our only separate verdict, a clone), and never raises."""
    auth_data = hashlib.sha256(RP_ID.encode()).digest() + bytes([flags])
    auth_data += struct.pack(">I", count) + tail
    signed = forge(auth_data=auth_data, kind=kind, origin=origin)
    checked = ours(signed, stored_count=stored)
    assert (checked.reason is None) == library_accepts(signed, stored_count=stored)
    if checked.reason == assertion.PASSKEY_CLONED:
        assert library_accepts(signed)
