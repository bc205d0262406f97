"""What the OpenAPI schema of /api/v1/ says beyond ninja's defaults: the shared error body.

Every operation documents the error statuses its route can answer (auth, role, scope,
validation, conflicts, body size, throttles) from one rule here, so a new route cannot
forget them; `tests/test_openapi.py` and the schemathesis run hold the schema to the truth.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import AfterValidator, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from hibrida.bounds import NUL_MESSAGE

REF_TEMPLATE = "#/components/schemas/{model}"
BODY_SOURCES = ("body", "form", "file")
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class FieldErrorOut(Schema):
    field: str
    message: str
    type: str | None = None


class ErrorOut(Schema):
    """The body of every 4xx answer: a summary and, for bad input, one message per field."""

    detail: str
    errors: list[FieldErrorOut] = []


# Pydantic's error types in the words an Indonesian user reads; the rest keep pydantic's text.
PYDANTIC_MESSAGES_ID = {
    "missing": "wajib diisi",
    "float_parsing": "harus berupa angka",
    "float_type": "harus berupa angka (bukan teks atau true/false)",
    "int_type": "harus berupa bilangan bulat (bukan teks atau true/false)",
    "bool_type": "harus true atau false",
    "timezone_aware": "harus menyertakan selisih zona waktu, mis. 2025-12-01T07:30:00+07:00",
    "int_parsing": "harus berupa bilangan bulat",
    "finite_number": "harus berupa angka terhingga (bukan NaN/tak hingga)",
    "uuid_parsing": "harus berupa UUID yang sah",
    "datetime_from_date_parsing": "harus berupa waktu ISO 8601",
    "datetime_parsing": "harus berupa waktu ISO 8601",
    "date_from_datetime_parsing": "harus berupa tanggal ISO (YYYY-MM-DD)",
    "date_parsing": "harus berupa tanggal ISO (YYYY-MM-DD)",
    "less_than_equal": "terlalu besar",
    "greater_than_equal": "terlalu kecil",
    "string_too_long": "terlalu panjang",
    "string_too_short": "terlalu pendek",
    "enum": "nilai tidak dikenal",
    "literal_error": "nilai tidak dikenal",
    "bool_parsing": "harus true atau false",
    "json_invalid": "badan permintaan bukan JSON yang sah",
    "null_character": NUL_MESSAGE,
}


def field_errors_from_pydantic(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    out = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "payload", "query", "path")]
        kind = err.get("type", "")
        out.append(
            {
                "field": ".".join(loc) or "body",
                "message": PYDANTIC_MESSAGES_ID.get(kind, err.get("msg", "tidak sah")),
                "type": kind,
            }
        )
    return out


def _wall_clock(value: dt.time) -> dt.time:
    # Working hours and meeting times are read in the OPD's own zone (WIB); an offset would
    # silently shift them, so it is refused rather than converted.
    if value.tzinfo is not None:
        raise PydanticCustomError("time_offset", _("harus jam setempat tanpa zona waktu"))
    return value


# JSON Schema's "time" format is RFC 3339's full-time, which requires an offset; a local
# wall-clock time therefore gets a pattern of its own.
WallTime = Annotated[
    dt.time,
    AfterValidator(_wall_clock),
    PlainSerializer(lambda t: t.strftime("%H:%M:%S"), return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
            "description": "Jam setempat (WIB), HH:MM atau HH:MM:SS.",
            "examples": ["07:30:00"],
        }
    ),
]


def error_statuses(operation: Operation) -> list[int]:
    """The error statuses ``operation`` can answer, each produced by a handler in hibrida.api."""
    statuses = [403, 404, 422]  # access.require, a record outside the scope, bad input
    if operation.auth_callbacks:
        statuses.append(401)
    # Check-ins parse their raw body themselves and document it through openapi_extra.
    raw_body = "requestBody" in (operation.openapi_extra or {})
    if raw_body or any(m.__ninja_param_source__ in BODY_SOURCES for m in operation.models):
        statuses += [400, 413]  # unparsable body, body over DATA_UPLOAD_MAX_MEMORY_SIZE
    if WRITE_METHODS & set(operation.methods):
        statuses.append(409)  # the state changed underneath: a decision already taken
    if operation.throttle_objects:
        statuses.append(429)
    return sorted(statuses)


ERROR_DESCRIPTIONS = {
    400: "Badan permintaan tidak dapat dibaca",
    401: "Token tidak sah atau belum masuk",
    403: "Peran Anda tidak berwenang",
    404: "Tidak ditemukan (atau di luar cakupan Anda)",
    409: "Bertentangan dengan keadaan saat ini",
    413: "Badan permintaan terlalu besar",
    422: "Data tidak sah (pesan per kolom)",
    429: "Terlalu banyak permintaan",
}


class HibridaOpenAPISchema(OpenAPISchema):
    """ninja's schema plus the error responses of :func:`error_statuses` on every operation."""

    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        error_ref = self._error_schema_ref()
        for status in error_statuses(operation):
            # A route that declares its own body for a status (check-ins) keeps it.
            result.setdefault(
                status,
                {
                    "description": ERROR_DESCRIPTIONS[status],
                    "content": {self.api.renderer.media_type: {"schema": error_ref}},
                },
            )
        return result

    def _error_schema_ref(self) -> dict[str, str]:
        schema = ErrorOut.model_json_schema(
            ref_template=REF_TEMPLATE,
            schema_generator=NinjaGenerateJsonSchema,
            mode="serialization",
        )
        self.add_schema_definitions(schema.pop("$defs", {}))
        self.add_schema_definitions({"ErrorOut": schema})
        return {"$ref": REF_TEMPLATE.format(model="ErrorOut")}
