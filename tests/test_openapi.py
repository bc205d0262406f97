"""The schema at /api/v1/openapi.json: valid OpenAPI 3.1 and true to what the routes answer.

Each test holds one finding of issue #11 (item 9) closed; tests/test_fuzz_api.py checks the
same promises against generated requests.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator

from hibrida.api import api
from hibrida.meetings.models import Meeting
from hibrida.openapi import error_statuses

from .conftest import client_for

DOC_URL = "/api/v1/openapi.json"


@pytest.fixture
def doc(db) -> dict:
    response = Client().get(DOC_URL)
    assert response.status_code == 200
    return response.json()


def _operations(doc: dict):
    for path, item in doc["paths"].items():
        for method, op in item.items():
            yield method.upper(), path, op


def _resolve(doc: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _validator(doc: dict, method: str, path: str, status: int) -> Draft202012Validator:
    content = doc["paths"][path][method.lower()]["responses"][str(status)]["content"]
    schema = content["application/json"]["schema"]
    # The components ride along so "#/components/schemas/..." resolves from this root.
    return Draft202012Validator(
        {**schema, "components": doc["components"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def _route_operations():
    for router_prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                yield router_prefix + path, operation


def test_schema_is_valid_openapi_3_1(doc):
    assert doc["openapi"].startswith("3.1")
    errors = [e.message for e in OpenAPIV31SpecValidator(doc).iter_errors()]
    assert errors == []


def test_every_request_body_documents_its_own_model(doc):
    """Two models once shared the name DraftIn, so /roster/drafts showed the activity body."""
    names = [s["title"] for s in doc["components"]["schemas"].values()]
    assert len(names) == len(set(names))
    draft = doc["paths"]["/api/v1/roster/drafts"]["post"]["requestBody"]
    schema = _resolve(doc, draft["content"]["application/json"]["schema"])
    assert set(schema["properties"]) == {"month", "opd_id"}
    report = doc["paths"]["/api/v1/activity/reports"]["post"]["requestBody"]
    schema = _resolve(doc, report["content"]["application/json"]["schema"])
    assert set(schema["properties"]) == {"day", "note", "activities"}


def test_no_schema_uses_tuple_items(doc):
    """``list[tuple[...]]`` became prefixItems, which validators read as an invalid items list."""
    text = json.dumps(doc)
    assert "prefixItems" not in text


def test_rule_answer_lists_named_label_value_pairs(city, doc):
    client = client_for(city.users["bkpsdm"])
    response = client.put(
        "/api/v1/policy/rules",
        {"level": "kota", "values": {"wfh_allowed": True}},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["values"] and set(body["values"][0]) == {"label", "value"}
    assert list(_validator(doc, "PUT", "/api/v1/policy/rules", 200).iter_errors(body)) == []


def test_eligibility_reasons_are_named_counts(city, doc):
    client = client_for(city.users["bkpsdm"])
    response = client.get("/api/v1/policy/eligibility")
    assert response.status_code == 200
    body = response.json()
    assert all(set(row) == {"reason", "count"} for row in body["by_reason"])
    assert list(_validator(doc, "GET", "/api/v1/policy/eligibility", 200).iter_errors(body)) == []


def test_meeting_start_time_matches_its_declared_format(city, doc):
    Meeting.objects.create(
        title="Koordinasi",
        organiser_opd=city.opd_a,
        weekdays=[0],
        start_time=dt.time(9, 0),
        start_date=dt.date(2026, 3, 2),
        end_date=dt.date(2026, 3, 30),
    )
    response = client_for(city.users["bkpsdm"]).get("/api/v1/meetings/meetings")
    assert response.status_code == 200
    body = response.json()
    assert body[0]["start_time"] == "09:00:00"
    errors = list(_validator(doc, "GET", "/api/v1/meetings/meetings", 200).iter_errors(body))
    assert errors == []


def test_working_hours_times_match_their_declared_format(city, doc):
    response = client_for(city.users["bkpsdm"]).get(
        f"/api/v1/policy/working-hours?opd={city.opd_a.pk}"
    )
    assert response.status_code == 200
    validator = _validator(doc, "GET", "/api/v1/policy/working-hours", 200)
    assert list(validator.iter_errors(response.json())) == []


def test_a_time_with_an_offset_is_refused_with_a_field_message(city):
    response = client_for(city.users["opd_admin"]).put(
        "/api/v1/policy/working-hours",
        {
            "opd_id": city.opd_a.pk,
            "weekday": 0,
            "start": "07:30:00+07:00",
            "end": "16:00:00",
            "break_minutes": 60,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["start"]
    assert errors[0]["message"] == "harus jam setempat tanpa zona waktu"


def test_every_operation_documents_its_error_statuses(doc):
    for method, path, op in _operations(doc):
        codes = {int(c) for c in op["responses"]}
        expected = {403, 404, 422}
        if op.get("security"):
            expected.add(401)
        if op.get("requestBody"):
            expected |= {400, 413}
        if method != "GET":
            expected.add(409)
        assert expected <= codes, f"{method} {path}: {sorted(expected - codes)}"
        for code in expected:
            schema = op["responses"][str(code)]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, f"{method} {path} {code}"


def test_throttled_operations_document_429():
    from ninja.throttling import AnonRateThrottle

    throttled = [op for _, op in _route_operations()][0]
    saved = throttled.throttle_objects
    throttled.throttle_objects = [AnonRateThrottle("10/m")]
    try:
        assert 429 in error_statuses(throttled)
    finally:
        throttled.throttle_objects = saved
    assert all(
        429 not in error_statuses(op) for _, op in _route_operations() if not op.throttle_objects
    )


def test_error_bodies_match_the_documented_error_schema(city, doc):
    client = Client()
    unauthenticated = client.get("/api/v1/org/me")
    assert unauthenticated.status_code == 401
    validator = _validator(doc, "GET", "/api/v1/org/me", 401)
    assert list(validator.iter_errors(unauthenticated.json())) == []
    invalid = client_for(city.users["bkpsdm"]).put(
        "/api/v1/policy/rules", {"level": "nope"}, content_type="application/json"
    )
    assert invalid.status_code == 422
    validator = _validator(doc, "PUT", "/api/v1/policy/rules", 422)
    assert list(validator.iter_errors(invalid.json())) == []


def test_malformed_json_answers_400_with_an_indonesian_field_message(city):
    response = client_for(city.users["bkpsdm"]).put(
        "/api/v1/policy/rules", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "body", "message": "badan permintaan bukan JSON yang sah", "type": "json_invalid"}
    ]


def test_a_body_over_the_upload_limit_answers_413(city, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client_for(city.users["bkpsdm"]).put(
        "/api/v1/policy/rules",
        {"level": "kota", "values": {"note": "x" * 2048}},
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.json()["detail"] == "Badan permintaan terlalu besar."
