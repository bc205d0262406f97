"""API schemas of e-Presensi and the body parser shared by the ninja route and the fast path."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
from typing import Literal

from ninja import Schema
from pydantic import BaseModel, Field
from pydantic import ValidationError as PydanticValidationError

from hibrida.bounds import MAX_ID, NUL_MESSAGE, BoundedDateTime, Id, nul_path
from hibrida.openapi import field_errors_from_pydantic

MAX_BODY_BYTES = 6144
TOO_LARGE = {
    "detail": "Badan permintaan terlalu besar.",
    "errors": [{"field": "body", "message": "Maksimum 6 KB per presensi."}],
}


class PasskeyIn(BaseModel):
    """A WebAuthn assertion over the check-in's challenge (base64url fields as the browser
    gives them); ``nonce`` names the server nonce the challenge was derived from."""

    nonce: str = Field(min_length=1, max_length=64, strict=True)
    credential_id: str = Field(min_length=1, max_length=1400, strict=True)
    authenticator_data: str = Field(min_length=1, max_length=1000, strict=True)
    client_data_json: str = Field(min_length=1, max_length=2000, strict=True)
    signature: str = Field(min_length=1, max_length=1000, strict=True)


class CheckInIn(BaseModel):
    """A check-in as the phone sends it. ``uuid`` is generated on the phone (idempotency key).

    A plain pydantic model, not a ninja Schema: the Schema's ORM-friendly root validator
    costs more than the rest of the validation on the peak path.
    """

    uuid: uuid.UUID
    kind: Literal["in", "out"]
    # The offset is required: a bare local time is ambiguous for a phone in another zone.
    device_time: BoundedDateTime
    # Strict: JSON true or "12.3" is a broken client, not a coordinate (ints stay numbers).
    latitude: float = Field(ge=-90, le=90, allow_inf_nan=False, strict=True)
    longitude: float = Field(ge=-180, le=180, allow_inf_nan=False, strict=True)
    accuracy_m: float = Field(ge=0, le=100_000, allow_inf_nan=False, strict=True)
    altitude: float | None = Field(None, ge=-1000, le=10_000, allow_inf_nan=False, strict=True)
    speed: float | None = Field(None, ge=0, le=1000, allow_inf_nan=False, strict=True)
    provider: str = Field("", max_length=20, strict=True)
    mock_location: bool = Field(False, strict=True)
    device_id: str = Field(min_length=1, max_length=100, strict=True)
    sent_at: BoundedDateTime | None = None
    # Only for clarity of intent: an ASN may post for themself alone.
    employee_id: int | None = Field(None, ge=1, le=MAX_ID, strict=True)
    # The web page's second record of the same type on one day needs the person's "yes"
    # (services.record_check_in); token clients keep the original contract.
    confirm_repeat: bool = Field(False, strict=True)
    passkey: PasskeyIn | None = None


class FieldPingIn(Schema):
    """A location ping (optionally with a short note) during a field shift."""

    latitude: float = Field(ge=-90, le=90, allow_inf_nan=False, strict=True)
    longitude: float = Field(ge=-180, le=180, allow_inf_nan=False, strict=True)
    accuracy_m: float = Field(0, ge=0, le=100_000, allow_inf_nan=False, strict=True)
    note: str = Field("", max_length=500)


class FieldAreaIn(Schema):
    opd_id: Id
    unit_id: Id | None = None
    name: str = Field(min_length=1, max_length=200)
    polygon: list[list[float]]


class CreatedOut(Schema):
    id: int


class ReasonOut(Schema):
    code: str
    message: str


class CheckInOut(Schema):
    uuid: uuid.UUID
    kind: str
    status: str
    reasons: list[ReasonOut]
    expected_mode: str
    place: str
    distance_m: float | None
    accuracy_m: float
    device_time: str
    received_at: str
    late_synced: bool


class BadRequest(Exception):
    """A body the API refuses before any processing; carries the status and JSON body."""

    def __init__(self, status: int, body: dict):
        super().__init__(body.get("detail", ""))
        self.status = status
        self.body = body


def parse_check_in(raw: bytes) -> CheckInIn:
    """Validate raw JSON bytes into :class:`CheckInIn`, or raise :class:`BadRequest`.

    Field messages are Indonesian, in the same shape as the API's root error handler.
    """
    if len(raw) > MAX_BODY_BYTES:
        raise BadRequest(413, TOO_LARGE)
    if _NUL_ESCAPE not in raw and b"\x00" not in raw:
        # The common case in one pass in pydantic-core (bytes → model, no dict in between;
        # about a third of the parse's CPU on the check-in peak). Without those bytes no
        # string can hold a NUL. Whatever it refuses goes through the path below, which gives
        # the exact answer (400 for broken JSON, "harus berupa objek JSON", field messages).
        with contextlib.suppress(PydanticValidationError):
            return CheckInIn.model_validate_json(raw)
    return _parse_check_in_checked(raw)


# How JSON spells U+0000 inside a string (the digits have no case).
_NUL_ESCAPE = b"\\u0000"


def _parse_check_in_checked(raw: bytes) -> CheckInIn:
    """:func:`parse_check_in` step by step, with the exact answer for each refusal."""
    try:
        # json.loads accepts NaN/Infinity literals; the schema then refuses them per field.
        data = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(
            400,
            {
                "detail": "Data tidak sah.",
                "errors": [{"field": "body", "message": "badan permintaan bukan JSON yang sah"}],
            },
        ) from None
    if not isinstance(data, dict):
        raise BadRequest(
            422,
            {
                "detail": "Data tidak sah.",
                "errors": [{"field": "body", "message": "harus berupa objek JSON"}],
            },
        )
    if (path := nul_path(data)) is not None:
        error = {
            "field": ".".join(map(str, path)),
            "message": NUL_MESSAGE,
            "type": "null_character",
        }
        raise BadRequest(422, {"detail": "Data tidak sah.", "errors": [error]})
    try:
        return CheckInIn.model_validate(data)
    except PydanticValidationError as err:
        raise BadRequest(
            422,
            {"detail": "Data tidak sah.", "errors": field_errors_from_pydantic(err.errors())},
        ) from None


class NonceCountIn(Schema):
    count: int = Field(5, ge=1, le=10)


class NonceOut(Schema):
    nonce: str
    expires_at: str


class NoncesOut(Schema):
    nonces: list[NonceOut]


class PasskeyRegistrationIn(Schema):
    # The JSON of ``navigator.credentials.create()`` (PublicKeyCredential.toJSON()).
    credential: dict
    label: str = Field("", max_length=100)


class PasskeyOut(Schema):
    id: int
    label: str
    status: str
    status_label: str
    requested_at: str
    employee_id: int
    employee_name: str


class NoteIn(Schema):
    note: str = ""


class SelfieEvidenceOut(Schema):
    """The selfie check's scores: distances are dlib descriptor distances (lower = closer)."""

    state: str
    state_label: str
    distance: float | None
    threshold: float | None
    frames_distance: float | None
    turn: str
    turn_label: str
    turn_delta: float | None
    reasons: list[dict[str, str]]


class ReviewOut(Schema):
    check_in_id: int
    uuid: uuid.UUID
    employee_id: int
    employee_name: str
    kind: str
    device_time: str
    latitude: float
    longitude: float
    accuracy_m: float
    distance_m: float | None
    place: str
    expected_mode: str
    device_id: str
    passkey: str
    selfie: SelfieEvidenceOut | None = None
    reasons: list[ReasonOut]


class ReviewDecisionOut(Schema):
    check_in_id: int
    status: str
    note: str


class PresenceCheckOut(Schema):
    id: int
    uuid: uuid.UUID
    day: dt.date
    asked_at: dt.datetime
    deadline: dt.datetime
    answered_at: dt.datetime | None
    state: str
    state_label: str
    distance_m: int | None
    passkey_verified: bool
    evidence: str


class OpenCheckOut(Schema):
    """``check`` is the question to show now (null: nothing to answer); ``seconds_left`` is
    counted on the server's clock so a phone with a wrong clock still shows the right time."""

    consented: bool
    enabled: bool
    check: PresenceCheckOut | None
    seconds_left: int | None
    kind: str
    passkey_mode: str
    credential_ids: list[str]


class AnswerIn(Schema):
    """The answer: one location, the device time it was read at, and an assertion over
    SHA-256(nonce | check uuid|presence|device time|lat|lon), as for a check-in."""

    device_time: BoundedDateTime
    latitude: float = Field(ge=-90, le=90, allow_inf_nan=False, strict=True)
    longitude: float = Field(ge=-180, le=180, allow_inf_nan=False, strict=True)
    accuracy_m: float = Field(ge=0, le=100_000, allow_inf_nan=False, strict=True)
    passkey: PasskeyIn | None = None


class ConsentIn(Schema):
    consent: bool = Field(strict=True)


class ConsentOut(Schema):
    consented: bool
    changed_at: dt.datetime | None
    enabled: bool
    checks_per_day: int
    window_minutes: int


class CheckPolicyIn(Schema):
    opd_id: Id
    enabled: bool = Field(strict=True)
    checks_per_day: int = Field(2, ge=1, le=6, strict=True)
    window_minutes: int = Field(15, ge=5, le=60, strict=True)


class CheckPolicyOut(Schema):
    opd_id: int
    enabled: bool
    checks_per_day: int
    window_minutes: int


class TeamCheckOut(Schema):
    employee_id: int
    name: str
    consented: bool
    enabled: bool
    note: str
    asked: int
    concern: int
    counts: dict[str, int]
    checks: list[PresenceCheckOut]


class SelfieOut(Schema):
    check_in: uuid.UUID
    state: str
    state_label: str
    turn: str


class FaceReferenceOut(Schema):
    id: int
    employee_id: int
    employee_name: str
    status: str
    status_label: str
    requested_at: str


class SelfiePolicyIn(Schema):
    opd_id: int
    enabled: bool
    dpia_reference: str = Field("", max_length=400)


class SelfiePolicyOut(Schema):
    opd_id: int
    enabled: bool
    dpia_reference: str
