"""API schemas of e-Presensi and the body parser shared by the ninja route and the fast path."""

from __future__ import annotations

import json
import uuid
from typing import Literal

from ninja import Schema
from pydantic import BaseModel, Field
from pydantic import ValidationError as PydanticValidationError

from hibrida.bounds import MAX_ID, NUL_MESSAGE, BoundedDateTime, Id, nul_path
from hibrida.openapi import field_errors_from_pydantic

MAX_BODY_BYTES = 4096
TOO_LARGE = {
    "detail": "Badan permintaan terlalu besar.",
    "errors": [{"field": "body", "message": "Maksimum 4 KB per presensi."}],
}


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
