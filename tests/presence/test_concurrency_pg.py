"""Idempotency under concurrent duplicates and the fast path, on real PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
import uuid

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from hibrida.audit.models import AuditEvent
from hibrida.org.models import ApiToken
from hibrida.org.services import issue_api_token, revoke_api_token
from hibrida.presence import fastpath
from hibrida.presence.models import CheckIn
from hibrida.presence.schemas import BadRequest, parse_check_in

from .conftest import body, post

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_store_exactly_once(pg_only, city, office):
    """Rule: 8 threads posting the same UUID at once → one 201, the rest 200 with the same
    body, one row and one audit event (unique constraint + ON CONFLICT settle the race)."""
    _, key = issue_api_token(actor=city.users["asn"], user=city.users["asn"], name="uji")
    data = body()
    barrier = threading.Barrier(8)
    answers = []
    lock = threading.Lock()

    def worker():
        try:
            client = Client()
            barrier.wait(timeout=10)
            resp = post(client, data, {"HTTP_AUTHORIZATION": f"Bearer {key}"})
            with lock:
                answers.append((resp.status_code, resp.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    statuses = sorted(a[0] for a in answers)
    assert statuses == [200] * 7 + [201]
    assert len({json.dumps(a[1], sort_keys=True) for a in answers}) == 1
    assert CheckIn.objects.filter(client_uuid=data["uuid"]).count() == 1
    events = [
        e
        for e in AuditEvent.objects.filter(action="presence.check_ins_recorded")
        if data["uuid"] in e.after["uuids"]
    ]
    assert len(events) == 1


@pytest.mark.django_db(transaction=True)
def test_batch_writer_one_commit_many_answers(pg_only, city, office):
    """Rule: the fast path's batch answers each request on its own: duplicates inside the
    batch are stored once, a bad token is 401, someone else's employee id is 403, and the
    batch writes ONE audit event listing the stored UUIDs."""
    _, key1 = issue_api_token(actor=city.users["asn"], user=city.users["asn"], name="a")
    _, key2 = issue_api_token(actor=city.users["atasan"], user=city.users["atasan"], name="b")
    now = timezone.now()
    a, b = body(), body(device_id="hp-kabid")
    items = [
        (key1, parse_check_in(json.dumps(a).encode()), now),
        (key1, parse_check_in(json.dumps(a).encode()), now),
        (key2, parse_check_in(json.dumps(b).encode()), now),
        ("salah", parse_check_in(json.dumps(body()).encode()), now),
        (key1, parse_check_in(json.dumps(body(employee_id=city.staff2.pk)).encode()), now),
    ]
    writer = fastpath.BatchWriter()
    answers = writer.process(items)
    assert [s for s, _ in answers] == [201, 200, 201, 401, 403]
    assert answers[0][1] == answers[1][1]
    assert CheckIn.objects.count() == 2
    event = AuditEvent.objects.filter(action="presence.check_ins_recorded").get()
    assert sorted(event.after["uuids"]) == sorted([a["uuid"], b["uuid"]])
    # A later retry of the same UUID gets the stored body again.
    again = writer.process([(key1, parse_check_in(json.dumps(a).encode()), timezone.now())])
    assert again == [(200, answers[0][1])]


@pytest.mark.django_db(transaction=True)
def test_asgi_fast_path_answers_like_the_api(pg_only, city, office, monkeypatch):
    """Rule: the ASGI entry point routes bearer check-ins to the lean handler, which gives the
    same validation errors (422/400) and results (201/200) as the ninja route."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    _, key = issue_api_token(actor=city.users["asn"], user=city.users["asn"], name="a")

    class InlineWriter(fastpath.BatchWriter):
        def submit(self, token, payload, received_at, relying_party=("", [])):
            future = asyncio.get_running_loop().create_future()
            future.set_result(self.process([(token, payload, received_at, relying_party)])[0])
            return future

    monkeypatch.setattr(fastpath, "WRITER", InlineWriter())

    async def call(raw: bytes):
        sent = []
        scope = {
            "type": "http",
            "method": "POST",
            "path": fastpath.PATH,
            "headers": [(b"authorization", f"Bearer {key}".encode())],
        }
        chunks = [{"type": "http.request", "body": raw, "more_body": False}]

        async def receive():
            return chunks.pop(0)

        async def send(message):
            sent.append(message)

        try:
            await fastpath.application(scope, receive, send)
        finally:
            # Connections opened inside the loop belong to its context: close them here.
            connections.close_all()
        return sent[0]["status"], json.loads(sent[1]["body"])

    def run(raw: bytes):
        # Own thread and loop: a session-scoped Playwright loop may own the main thread.
        out = {}

        def target():
            try:
                out["value"] = asyncio.run(call(raw))
            finally:
                connection.close()

        thread = threading.Thread(target=target)
        thread.start()
        thread.join(timeout=30)
        return out["value"]

    data = body()
    first = run(json.dumps(data).encode())
    second = run(json.dumps(data).encode())
    assert first[0] == 201 and second == (200, first[1])
    status, err = run(json.dumps({**data, "kind": "out"}).encode())
    assert status == 409 and [e["field"] for e in err["errors"]] == ["kind"]
    status, err = run(json.dumps(body(latitude=100)).encode())
    assert status == 422 and err["errors"][0]["field"] == "latitude"
    status, err = run(b"x" * 7000)
    assert status == 413 and err["errors"][0]["field"] == "body"
    assert CheckIn.objects.count() == 1
    assert str(uuid.UUID(first[1]["uuid"])) == data["uuid"]


@pytest.mark.django_db(transaction=True)
def test_fast_path_refuses_naive_time_and_non_numbers_like_the_api(pg_only, city, office):
    """Rule: the fast path parses with the same strict schema: a device time without an
    offset, JSON true or a quoted number as a coordinate → 422 naming the field."""
    naive = timezone.localtime().replace(tzinfo=None).isoformat()
    cases = [
        (body(device_time=naive), "device_time"),
        (body(latitude=True), "latitude"),
        (body(longitude="106.99"), "longitude"),
    ]
    for data, field in cases:
        with pytest.raises(BadRequest) as caught:
            parse_check_in(json.dumps(data).encode())
        assert caught.value.status == 422
        assert [e["field"] for e in caught.value.body["errors"]] == [field]


@pytest.mark.django_db(transaction=True)
def test_fast_path_answers_409_for_a_known_uuid_with_other_content(pg_only, city, office):
    """Rule: in one batch and across batches, the same UUID with different content → 409
    naming the UUID and the fields; an identical copy gets the stored answer."""
    _, key = issue_api_token(actor=city.users["asn"], user=city.users["asn"], name="a")
    now = timezone.now()
    a = body()
    moved = {**a, "latitude": a["latitude"] + 0.01}
    writer = fastpath.BatchWriter()
    answers = writer.process(
        [
            (key, parse_check_in(json.dumps(a).encode()), now),
            (key, parse_check_in(json.dumps(moved).encode()), now),
            (key, parse_check_in(json.dumps(a).encode()), now),
        ]
    )
    assert [s for s, _ in answers] == [201, 409, 200]
    assert a["uuid"] in answers[1][1]["detail"]
    assert [e["field"] for e in answers[1][1]["errors"]] == ["latitude"]
    assert answers[2][1] == answers[0][1]
    later = writer.process(
        [(key, parse_check_in(json.dumps({**a, "device_id": "hp-lain"}).encode()), now)]
    )
    assert later[0][0] == 409
    assert [e["field"] for e in later[0][1]["errors"]] == ["device_id"]
    assert CheckIn.objects.get(client_uuid=a["uuid"]).latitude == a["latitude"]
    assert CheckIn.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_fast_path_refuses_expired_and_revoked_tokens_saying_why(pg_only, city, office):
    """Rule: the batch's one token query also knows expired and revoked tokens; they answer
    401 with the reason, store nothing and are not stamped as used, while a live token of the
    same batch checks in."""
    asn = city.users["asn"]
    expired, expired_key = issue_api_token(actor=asn, user=asn, name="lama")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    revoked, revoked_key = issue_api_token(actor=asn, user=asn, name="dicabut")
    revoke_api_token(actor=asn, token=revoked, reason="HP hilang")
    _, live_key = issue_api_token(actor=asn, user=asn, name="aktif")
    now = timezone.now()
    items = [
        (key, parse_check_in(json.dumps(body()).encode()), now)
        for key in (expired_key, revoked_key, live_key)
    ]
    answers = fastpath.BatchWriter().process(items)
    assert [s for s, _ in answers] == [401, 401, 201]
    assert "kedaluwarsa" in answers[0][1]["detail"] and "dicabut" in answers[1][1]["detail"]
    assert CheckIn.objects.count() == 1
    assert ApiToken.objects.get(pk=expired.pk).last_used_at is None
    assert ApiToken.objects.get(name="aktif").last_used_at is not None


@pytest.mark.django_db(transaction=True)
def test_fast_path_refuses_a_cached_token_once_it_expires(pg_only, city, office, time_machine):
    """Rule: a token cached while live is refused from its expiry on, not a minute later."""
    asn = city.users["asn"]
    token, key = issue_api_token(actor=asn, user=asn, name="hp")
    writer = fastpath.BatchWriter()

    def send():
        item = (key, parse_check_in(json.dumps(body()).encode()), timezone.now())
        return writer.process([item])[0][0]

    time_machine.move_to(token.expires_at - dt.timedelta(seconds=2))
    assert send() == 201
    time_machine.move_to(token.expires_at)
    assert send() == 401
