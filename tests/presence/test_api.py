"""Check-in API: verification answer, idempotency, validation (nothing stored), access."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from hibrida.audit.models import AuditEvent
from hibrida.org.models import ApiToken
from hibrida.org.services import issue_api_token, revoke_api_token
from hibrida.presence.models import CheckIn, Device
from tests.conftest import client_for

from .conftest import body, post

pytestmark = pytest.mark.django_db


def test_check_in_at_office_is_valid_and_audited(city, office, api_headers):
    """Rule: a check-in inside the office fence answers 201 VALID at once and is audited."""
    headers = api_headers(city.users["asn"])
    data = body()
    resp = post(Client(), data, headers)
    assert resp.status_code == 201, resp.content
    out = resp.json()
    assert out["status"] == "VALID" and out["expected_mode"] == "WFO"
    assert out["place"] == office.name and out["distance_m"] == 0
    row = CheckIn.objects.get(client_uuid=data["uuid"])
    assert row.employee_id == city.staff1.pk and row.work_date == timezone.localdate()
    event = AuditEvent.objects.filter(action="presence.check_ins_recorded").last()
    assert data["uuid"] in event.after["uuids"]
    # Trust on first use: the phone is now bound to the employee.
    assert Device.objects.filter(employee=city.staff1, device_id="hp-uji-1").exists()


def test_retry_with_same_uuid_returns_original_result_and_stores_once(city, office, api_headers):
    """Rule: idempotency — same UUID → 200 with the same body, never a second record."""
    headers = api_headers(city.users["asn"])
    data = body()
    first = post(Client(), data, headers)
    # A retry stamps a new send time; the content is the same, so it gets the stored answer.
    later = (timezone.now() + dt.timedelta(seconds=30)).isoformat()
    second = post(Client(), {**data, "sent_at": later}, headers)
    assert first.status_code == 201 and second.status_code == 200
    assert first.json() == second.json()
    assert CheckIn.objects.filter(client_uuid=data["uuid"]).count() == 1
    assert AuditEvent.objects.filter(action="presence.check_ins_recorded").count() == 1


def test_far_away_is_flagged_and_stored(city, office, api_headers):
    """Rule: outside the fence → FLAGGED with an Indonesian reason, still stored."""
    data = body(latitude=-6.2555)
    resp = post(Client(), data, api_headers(city.users["asn"]))
    assert resp.status_code == 201
    out = resp.json()
    assert out["status"] == "FLAGGED"
    assert [r["code"] for r in out["reasons"]] == ["outside_fence"]
    assert out["reasons"][0]["message"].startswith("Lokasi di luar area")
    assert CheckIn.objects.filter(client_uuid=data["uuid"], status="FLAGGED").exists()


def test_mock_location_is_rejected_but_stored(city, office, api_headers):
    """Rule: REJECTED check-ins are stored too (never silently dropped)."""
    data = body(mock_location=True)
    resp = post(Client(), data, api_headers(city.users["asn"]))
    assert resp.json()["status"] == "REJECTED"
    assert CheckIn.objects.filter(client_uuid=data["uuid"], status="REJECTED").exists()


@pytest.mark.parametrize(
    ("changes", "field", "status"),
    [
        ({"latitude": 91}, "latitude", 422),
        ({"longitude": -181}, "longitude", 422),
        ({"accuracy_m": -1}, "accuracy_m", 422),
        ({"kind": "lunch"}, "kind", 422),
        ({"uuid": "bukan-uuid"}, "uuid", 422),
        ({"device_id": ""}, "device_id", 422),
    ],
)
def test_invalid_fields_answer_422_with_field_messages_and_store_nothing(
    city, office, api_headers, changes, field, status
):
    """Rule: bad input → 422 naming the field (Indonesian message); nothing stored."""
    resp = post(Client(), body(**changes), api_headers(city.users["asn"]))
    assert resp.status_code == status
    errors = resp.json()["errors"]
    assert field in [e["field"] for e in errors]
    assert all(e["message"] for e in errors)
    assert CheckIn.objects.count() == 0


def test_nan_and_infinity_are_refused(city, office, api_headers):
    """Rule: NaN/inf coordinates (legal in Python's JSON) are refused per field."""
    raw = (
        '{"uuid": "6f1c1f8e-3c1e-4d7a-9a53-1b2c3d4e5f60", "kind": "in", '
        f'"device_time": "{timezone.now().isoformat()}", "latitude": NaN, '
        '"longitude": Infinity, "accuracy_m": 5, "device_id": "x"}'
    )
    resp = post(Client(), None, api_headers(city.users["asn"]), raw=raw)
    assert resp.status_code == 422
    fields = {e["field"]: e["message"] for e in resp.json()["errors"]}
    assert "latitude" in fields and "longitude" in fields
    assert "NaN" in fields["latitude"]
    assert CheckIn.objects.count() == 0


def test_missing_fields_are_named(city, office, api_headers):
    """Rule: every missing required field is reported."""
    resp = post(Client(), {"kind": "in"}, api_headers(city.users["asn"]))
    assert resp.status_code == 422
    fields = {e["field"] for e in resp.json()["errors"]}
    assert {"uuid", "device_time", "latitude", "longitude", "accuracy_m", "device_id"} <= fields
    assert CheckIn.objects.count() == 0


def test_future_device_time_beyond_skew_is_refused(city, office, api_headers):
    """Rule: device time more than the allowed skew in the future → 422, nothing stored."""
    future = (timezone.now() + dt.timedelta(minutes=30)).isoformat()
    resp = post(Client(), body(device_time=future), api_headers(city.users["asn"]))
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "device_time"
    assert CheckIn.objects.count() == 0


def test_oversized_body_answers_413_and_non_json_400(city, office, api_headers):
    """Rule: a body over 6 KB → 413, not JSON → 400, both in the API's JSON shape; nothing
    stored."""
    headers = api_headers(city.users["asn"])
    big = post(Client(), body(provider="x" * 7000), headers)
    assert big.status_code == 413 and big.json()["errors"][0]["field"] == "body"
    broken = post(Client(), None, headers, raw="{not json")
    assert broken.status_code == 400
    assert CheckIn.objects.count() == 0


def test_body_over_the_upload_limit_answers_413_json_not_an_html_page(
    city, office, api_headers, settings
):
    """Rule: a body Django itself refuses (over DATA_UPLOAD_MAX_MEMORY_SIZE) still gets the
    API's JSON error, on the check-in route and on any other API route."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    headers = api_headers(city.users["asn"])
    resp = post(Client(), body(provider="x" * 2000), headers)
    assert resp.status_code == 413
    assert resp["Content-Type"].startswith("application/json")
    assert resp.json()["errors"][0]["field"] == "body"
    other = Client().post(
        "/api/v1/presence/field-reports",
        data=json.dumps({"latitude": -6.2, "longitude": 106.9, "note": "x" * 2000}),
        content_type="application/json",
        **headers,
    )
    assert other.status_code == 413
    assert other.json()["detail"] == "Badan permintaan terlalu besar."
    assert CheckIn.objects.count() == 0


def test_device_time_without_timezone_is_refused_asking_for_the_offset(city, office, api_headers):
    """Rule: a device time without an offset is ambiguous → 422 naming device_time."""
    naive = timezone.localtime().replace(tzinfo=None).isoformat()
    resp = post(Client(), body(device_time=naive), api_headers(city.users["asn"]))
    assert resp.status_code == 422
    errors = {e["field"]: e["message"] for e in resp.json()["errors"]}
    assert "zona waktu" in errors["device_time"]
    assert CheckIn.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"latitude": True}, "latitude"),
        ({"latitude": "-6.2355"}, "latitude"),
        ({"longitude": False}, "longitude"),
        ({"accuracy_m": "8.5"}, "accuracy_m"),
        ({"mock_location": "false"}, "mock_location"),
    ],
)
def test_json_true_or_text_is_not_a_number(city, office, api_headers, changes, field):
    """Rule: strict types — JSON true or a quoted number is refused per field, not coerced."""
    resp = post(Client(), body(**changes), api_headers(city.users["asn"]))
    assert resp.status_code == 422
    assert [e["field"] for e in resp.json()["errors"]] == [field]
    assert CheckIn.objects.count() == 0


def test_whole_number_coordinates_are_still_numbers(city, office, api_headers):
    """Rule: strictness refuses booleans and text, not a JSON integer."""
    resp = post(Client(), body(accuracy_m=8), api_headers(city.users["asn"]))
    assert resp.status_code == 201


def test_same_uuid_with_different_content_is_a_409_naming_the_fields(city, office, api_headers):
    """Rule: re-sending a known UUID with other content → 409 naming the UUID and the
    differing fields; the stored record is unchanged and nothing else is written."""
    headers = api_headers(city.users["asn"])
    data = body()
    first = post(Client(), data, headers)
    resp = post(Client(), {**data, "latitude": -6.0, "kind": "out"}, headers)
    assert resp.status_code == 409
    out = resp.json()
    assert data["uuid"] in out["detail"]
    assert sorted(e["field"] for e in out["errors"]) == ["kind", "latitude"]
    row = CheckIn.objects.get(client_uuid=data["uuid"])
    assert (row.kind, row.latitude) == ("in", data["latitude"])
    assert AuditEvent.objects.filter(action="presence.check_ins_recorded").count() == 1
    # The original content still gets the stored answer.
    assert post(Client(), data, headers).json() == first.json()


def test_same_instant_in_another_offset_is_the_same_content(city, office, api_headers):
    """Rule: device times are compared as instants; 07:30+07:00 equals 00:30+00:00."""
    headers = api_headers(city.users["asn"])
    data = body()
    first = post(Client(), data, headers)
    jakarta = dt.timezone(dt.timedelta(hours=7))
    local = dt.datetime.fromisoformat(data["device_time"]).astimezone(jakarta).isoformat()
    assert local != data["device_time"]
    again = post(Client(), {**data, "device_time": local}, headers)
    assert again.status_code == 200 and again.json() == first.json()


def test_asn_cannot_post_for_someone_else(city, office, api_headers):
    """Rule: an ASN posts only for self — naming another employee is 403, nothing stored."""
    resp = post(Client(), body(employee_id=city.staff2.pk), api_headers(city.users["asn"]))
    assert resp.status_code == 403
    assert CheckIn.objects.count() == 0


def test_account_without_employee_cannot_check_in(city, office, api_headers):
    """Rule: a system account (no employee record) cannot create a check-in."""
    resp = post(Client(), body(), api_headers(city.users["bkpsdm"]))
    assert resp.status_code == 403


def test_uuid_of_someone_else_is_a_conflict_not_a_leak(city, office, api_headers):
    """Rule: reusing another person's UUID gives 409 and does not return their record."""
    data = body()
    post(Client(), data, api_headers(city.users["asn"]))
    resp = post(Client(), data, api_headers(city.users["atasan"]))
    assert resp.status_code == 409
    assert "latitude" not in resp.content.decode()


def test_unauthenticated_is_401(city, office):
    """Rule: no token and no session → 401."""
    assert post(Client(), body()).status_code == 401


def test_expired_token_cannot_check_in(city, office):
    """Rule: a token past its expiry is 401 on the check-in route and stores nothing."""
    token, key = issue_api_token(actor=city.users["asn"], user=city.users["asn"], name="hp")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    resp = post(Client(), body(), {"HTTP_AUTHORIZATION": f"Bearer {key}"})
    assert resp.status_code == 401
    assert "kedaluwarsa" in resp.json()["detail"]
    assert not CheckIn.objects.exists()


def test_revoked_token_cannot_check_in(city, office):
    """Rule: a revoked token is 401 on the check-in route and stores nothing."""
    asn = city.users["asn"]
    token, key = issue_api_token(actor=asn, user=asn, name="hp")
    revoke_api_token(actor=asn, token=token, reason="HP hilang")
    resp = post(Client(), body(), {"HTTP_AUTHORIZATION": f"Bearer {key}"})
    assert resp.status_code == 401
    assert not CheckIn.objects.exists()


def test_session_post_needs_csrf(city, office):
    """Rule: the browser path (session auth) is CSRF-protected."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(city.users["asn"])
    resp = post(client, body())
    assert resp.status_code == 403
    assert resp.json()["detail"] == "CSRF check Failed"
    assert CheckIn.objects.count() == 0


def test_session_post_from_page_works(city, office):
    """Rule: the check-in page's session path reaches the same service."""
    resp = post(client_for(city.users["asn"]), body())
    assert resp.status_code == 201
    assert CheckIn.objects.get().source == "web"


def test_late_synced_marked(city, office, api_headers, settings):
    """Rule: received − device time beyond the threshold marks the record late-synced."""
    settings.HIBRIDA_PRESENCE_LATE_SYNC_S = 600
    old = (timezone.now() - dt.timedelta(hours=2)).isoformat()
    resp = post(Client(), body(device_time=old, sent_at=None), api_headers(city.users["asn"]))
    assert resp.json()["late_synced"] is True
    fresh = post(Client(), body(), api_headers(city.users["asn"]))
    assert fresh.json()["late_synced"] is False


def test_repeated_desk_coordinates_flagged(city, office, api_headers):
    """Rule: the exact same coordinates on two earlier days flag the third."""
    headers = api_headers(city.users["asn"])
    spot = {"latitude": -6.23551234, "longitude": 106.99251234}
    for days_ago in (2, 1):
        when = (timezone.now() - dt.timedelta(days=days_ago)).isoformat()
        post(Client(), body(device_time=when, sent_at=timezone.now().isoformat(), **spot), headers)
    resp = post(Client(), body(**spot), headers)
    assert "repeated_coordinates" in [r["code"] for r in resp.json()["reasons"]]
