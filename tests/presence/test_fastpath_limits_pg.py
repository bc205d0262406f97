"""The ASGI fast path keeps the API's limits: per token, per address, bad tokens; 429 with
Retry-After, counted in process memory."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
from django.db import connection, connections

from hibrida.org.services import issue_api_token
from hibrida.presence import fastpath
from hibrida.presence.models import CheckIn

from .conftest import body

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lean(monkeypatch, settings):
    """The fast path with an inline writer, fresh limits and every limit off unless set."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    class InlineWriter(fastpath.BatchWriter):
        def submit(self, token, payload, received_at, relying_party=("", [])):
            future = asyncio.get_running_loop().create_future()
            future.set_result(self.process([(token, payload, received_at, relying_party)])[0])
            return future

    monkeypatch.setattr(fastpath, "WRITER", InlineWriter())
    monkeypatch.setattr(fastpath, "LIMITS", fastpath.Limits())
    for name in ("CHECKIN_RATE_TOKEN", "CHECKIN_RATE_ADDRESS"):
        setattr(settings, f"HIBRIDA_{name}", "")
    for name in ("API_AUTH_FAILURES_TOKEN", "API_AUTH_FAILURES_ADDRESS"):
        setattr(settings, f"HIBRIDA_{name}", "")
    return settings


def run(key: str, address: str = "127.0.0.1") -> tuple[int, dict, dict]:
    """One check-in through ``fastpath.application`` in its own thread and event loop."""
    out = {}

    async def call():
        sent = []
        scope = {
            "type": "http",
            "method": "POST",
            "path": fastpath.PATH,
            "client": (address, 50000),
            "headers": [(b"authorization", f"Bearer {key}".encode())],
        }
        chunks = [{"type": "http.request", "body": json.dumps(body()).encode()}]

        async def receive():
            return chunks.pop(0)

        async def send(message):
            sent.append(message)

        try:
            await fastpath.application(scope, receive, send)
        finally:
            connections.close_all()
        headers = {k.decode(): v.decode() for k, v in sent[0]["headers"]}
        return sent[0]["status"], json.loads(sent[1]["body"]), headers

    def target():
        try:
            out["value"] = asyncio.run(call())
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=30)
    return out["value"]


def token_of(user) -> str:
    return issue_api_token(actor=user, user=user, name="hp")[1]


def assert_throttled(answer) -> None:
    status, payload, headers = answer
    assert status == 429
    assert int(headers["retry-after"]) > 0
    assert "Terlalu banyak permintaan" in payload["detail"]


def test_fast_path_refuses_check_ins_past_the_token_rate(lean, city, office):
    lean.HIBRIDA_CHECKIN_RATE_TOKEN = "2/m"
    key = token_of(city.users["asn"])
    assert [run(key)[0] for _ in range(2)] == [201, 201]
    assert_throttled(run(key))
    assert CheckIn.objects.count() == 2


def test_fast_path_refuses_check_ins_past_the_address_rate(lean, city, office):
    from tests.factories import make_user

    lean.HIBRIDA_CHECKIN_RATE_ADDRESS = "1/m"
    first, second = token_of(city.users["asn"]), token_of(make_user(city.staff2))
    assert run(first)[0] == 201
    assert_throttled(run(second))
    assert run(second, address="198.51.100.20")[0] == 201


def test_fast_path_refuses_a_token_after_repeated_authentication_failures(lean, city, office):
    lean.HIBRIDA_API_AUTH_FAILURES_TOKEN = "2/10m"
    assert [run("token-palsu")[0] for _ in range(2)] == [401, 401]
    assert_throttled(run("token-palsu"))
