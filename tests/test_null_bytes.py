"""Input holding a NUL character is a field error, never a database error (PostgreSQL text
cannot store NUL): API bodies and query strings, page forms, and the check-in fast path."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from hibrida.audit.models import AuditEvent
from hibrida.org.models import ApiToken
from hibrida.org.services import issue_api_token
from hibrida.presence.schemas import BadRequest, parse_check_in

from .conftest import client_for
from .presence.conftest import body


def test_api_body_with_nul_is_a_field_error_naming_the_field(city, api_headers, client):
    owner = city.users["asn"]
    token, _ = issue_api_token(actor=owner, user=owner, name="hp")
    events = AuditEvent.objects.count()
    response = client.post(
        f"/api/v1/org/tokens/{token.pk}/revoke",
        data=json.dumps({"reason": "hilang\x00"}),
        content_type="application/json",
        **api_headers(owner),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reason"
    assert "NUL" in response.json()["errors"][0]["message"]
    assert ApiToken.objects.get(pk=token.pk).revoked is False
    # The token issued for the request is the only new event.
    assert AuditEvent.objects.count() == events + 1


def test_api_body_with_nul_in_a_nested_key_is_refused(city, api_headers, client):
    response = client.post(
        "/api/v1/org/tokens/1/revoke",
        data=json.dumps({"reason": "x", "extra": [{"a\x00": 1}]}),
        content_type="application/json",
        **api_headers(city.users["asn"]),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "extra.0.a\x00"


def test_api_query_with_nul_is_a_field_error(city, api_headers, client):
    response = client.get("/api/v1/org/employees?q=Staf%00", **api_headers(city.users["bkpsdm"]))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "q"


def test_page_query_with_nul_answers_400(city):
    response = client_for(city.users["bkpsdm"]).get("/organisasi/pegawai/?q=Staf%00")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_page_form_with_nul_answers_400_and_writes_nothing(city):
    events = AuditEvent.objects.count()
    response = client_for(city.users["asn"]).post("/akun/token/", {"name": "hp\x00"})
    assert response.status_code == 400
    assert AuditEvent.objects.count() == events


def test_check_in_with_nul_is_a_field_error_before_the_batch():
    """The fast path parses before it batches: one bad phone cannot fail its batch."""
    with pytest.raises(BadRequest) as caught:
        parse_check_in(json.dumps(body(device_id="hp\x00")).encode())
    assert caught.value.status == 422
    assert [e["field"] for e in caught.value.body["errors"]] == ["device_id"]


@pytest.mark.postgres
def test_on_postgresql_the_same_api_request_still_answers_422(city, api_headers, client):
    """The database that cannot store NUL: the refusal happens before any query."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    response = client.get("/api/v1/org/employees?q=%00", **api_headers(city.users["bkpsdm"]))
    assert response.status_code == 422
