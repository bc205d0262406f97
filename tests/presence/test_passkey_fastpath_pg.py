"""The fast path checks passkeys like the ninja route, a whole batch at once (PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
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
