"""The fast path checks passkeys like the ninja route, a whole batch at once (PostgreSQL)."""

from __future__ import annotations

import json
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from hibrida.org.services import issue_api_token
from hibrida.presence import assertion, fastpath, passkeys
from hibrida.presence.models import CheckIn, Passkey
from hibrida.presence.schemas import parse_check_in
from tests.conftest import client_for

from .conftest import body
from .passkey_kit import ORIGIN, RP_ID, enrol, nonces, sign

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def pg_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")


def test_one_batch_verifies_each_assertion(pg_only, city, office, settings):
    """Rule: in one batch a signed check-in is VALID, an unsigned one 422, a second use of
    the same nonce 403 (replay) and a lower counter 403 (clone); only the first is stored."""
    settings.HIBRIDA_PASSKEY_DEFAULT_MODE = "required"
    client = client_for(city.users["asn"])
    key, resp = enrol(client)
    passkeys.decide_passkey(
        actor=city.users["atasan"], item=Passkey.objects.get(pk=resp.json()["id"]), approve=True
    )
    n1, n2 = nonces(client, 2)
    good = sign(body(), key, n1, count=10)
    replay = sign(body(kind="out"), key, n1, count=11)
    clone = sign(body(kind="out"), key, n2, count=3)
    _, token = issue_api_token(actor=city.users["asn"], user=city.users["asn"], name="uji")
    now = timezone.now()
    party = (RP_ID, [ORIGIN])
    items = [
        (token, parse_check_in(json.dumps(d).encode()), now, party)
        for d in (good, body(kind="out"), replay, clone)
    ]
    answers = fastpath.BatchWriter().process(items)
    assert [a[0] for a in answers] == [201, 422, 403, 403]
    assert answers[0][1]["status"] == "VALID"
    assert answers[2][1]["detail"] == assertion.MESSAGES[assertion.PASSKEY_REPLAY]
    assert answers[3][1]["detail"] == assertion.MESSAGES[assertion.PASSKEY_CLONED]
    assert [str(u) for u in CheckIn.objects.values_list("client_uuid", flat=True)] == [good["uuid"]]
    assert Passkey.objects.get().sign_count == 10


@pytest.mark.django_db(transaction=True)
def test_retry_while_the_first_attempt_commits_gets_the_stored_answer(
    pg_only, city, office, settings
):
    """Rule: a retry (same UUID, same assertion) that arrives while the first attempt's batch
    still holds its transaction waits for the nonce's lock and then answers the stored check-in
    (200), not "nonce already used" (403): idempotency outlives the single-use nonce."""
    settings.HIBRIDA_PASSKEY_DEFAULT_MODE = "required"
    client = client_for(city.users["asn"])
    key, resp = enrol(client)
    passkeys.decide_passkey(
        actor=city.users["atasan"], item=Passkey.objects.get(pk=resp.json()["id"]), approve=True
    )
    signed = sign(body(), key, nonces(client, 1)[0])
    _, token = issue_api_token(actor=city.users["asn"], user=city.users["asn"], name="uji")
    items = [
        (token, parse_check_in(json.dumps(signed).encode()), timezone.now(), (RP_ID, [ORIGIN]))
    ]
    inserted, release = threading.Event(), threading.Event()
    answers: dict[str, list] = {}
    # One writer, as in the server: the retry finds the token cached and does not wait on
    # the token's last-use stamp, only on the passkey rows.
    writer = fastpath.BatchWriter()

    def first():
        try:
            with transaction.atomic():
                answers["first"] = writer._process(items)
                inserted.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    def retry():
        try:
            answers["retry"] = writer.process(items)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=retry)]
    threads[0].start()
    assert inserted.wait(timeout=30)
    threads[1].start()
    with connections["default"].cursor() as cur:
        for _ in range(300):  # until the retry's backend waits for the first one's row lock
            cur.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cur.fetchone()[0]:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the retry never waited for the first attempt's lock")
    release.set()
    for t in threads:
        t.join(timeout=30)
    assert answers["first"][0][0] == 201
    assert answers["retry"][0][0] == 200 and answers["retry"][0][1] == answers["first"][0][1]
    assert CheckIn.objects.filter(client_uuid=signed["uuid"]).count() == 1
