"""Tamper evidence: daily anchors of the chain head, and detection of altered history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from hibrida.audit import selectors, services
from hibrida.audit.log import record_event
from hibrida.audit.models import AuditEvent, DailyAnchor
from tests.conftest import client_for


def _events_on(day: dt.date, n: int) -> None:
    # Stored datetimes come back in UTC; hash them in UTC as record_event does.
    at = dt.datetime.combine(day, dt.time(10, 0), tzinfo=timezone.get_current_timezone())
    at = at.astimezone(dt.UTC)
    for i in range(n):
        with transaction.atomic():
            event = record_event(actor=None, action="uji.event", object_type="uji", object_id=i)
        # Place the event on the wanted day without breaking the chain: rewrite through the
        # same hashing the log uses (setup only; the test of tampering is below).
        from hibrida.audit.chain import event_hash
        from hibrida.audit.models import ChainHead

        event.at = at + dt.timedelta(minutes=i)
        event.hash = event_hash(event.prev_hash, event.payload())
        event.save()
        ChainHead.objects.filter(pk=1).update(last_hash=event.hash)


@pytest.fixture
def history(city):
    today = timezone.localdate()
    AuditEvent.objects.all().delete()
    from hibrida.audit.models import ChainHead

    ChainHead.objects.all().delete()
    d1, d2 = today - dt.timedelta(days=3), today - dt.timedelta(days=2)
    _events_on(d1, 3)
    _events_on(d2, 2)
    return d1, d2


def test_rule_anchor_stores_head_at_end_of_day_and_is_idempotent(history):
    d1, d2 = history
    a1 = services.anchor_day(day=d1)
    assert a1.last_seq == 3
    assert a1.head_hash == AuditEvent.objects.get(seq=3).hash
    again = services.anchor_day(day=d1)
    assert again.pk == a1.pk and DailyAnchor.objects.filter(day=d1).count() == 1
    a2 = services.anchor_day(day=d2)
    assert a2.last_seq == 5  # the anchoring event of d1 happened today, after d2
    with pytest.raises(ValidationError):
        services.anchor_day(day=timezone.localdate())


def test_rule_raw_update_of_an_event_breaks_the_anchor_check(history, city):
    """Rule: altering a stored event with a raw UPDATE (bypassing the app) makes the chain
    check fail and every anchor at or after that event stop matching."""
    d1, d2 = history
    services.anchor_day(day=d1)
    services.anchor_day(day=d2)
    viewer = city.users["inspektorat"]
    assert all(a["ok"] for a in selectors.anchor_status(viewer))
    assert selectors.chain_check(viewer)["ok"]
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE seq = %s",
            ["uji.dipalsukan", 2],
        )
    status = {a["anchor"].day: a["ok"] for a in selectors.anchor_status(viewer)}
    assert status == {d1: False, d2: False}
    check = selectors.chain_check(viewer)
    assert not check["ok"] and check["problem"].seq == 2


def test_rule_rewritten_chain_still_fails_against_anchor(history, city):
    """Rule: even an attacker who recomputes every stored hash after an edit is caught,
    because the anchor keeps the old head."""
    from hibrida.audit.chain import event_hash

    d1, _ = history
    services.anchor_day(day=d1)
    prev = None
    for event in AuditEvent.objects.order_by("seq"):
        if event.seq == 1:
            event.action = "uji.dipalsukan"
        if prev is not None:
            event.prev_hash = prev
        event.hash = event_hash(event.prev_hash, event.payload())
        AuditEvent.objects.filter(pk=event.pk).update(
            action=event.action, prev_hash=event.prev_hash, hash=event.hash
        )
        prev = event.hash
    viewer = city.users["inspektorat"]
    assert selectors.chain_check(viewer)["ok"]  # the chain alone looks consistent…
    assert not selectors.anchor_status(viewer)[0]["ok"]  # …but the anchor does not match


def test_rule_log_page_roles(history, city):
    services.anchor_day(day=history[0])
    for role in ("inspektorat", "bkpsdm", "diskominfo"):
        response = client_for(city.users[role]).get("/audit/log/")
        assert response.status_code == 200
        assert "anchors" in response.content.decode()
    for role in ("asn", "opd_admin"):
        assert client_for(city.users[role]).get("/audit/log/").status_code == 403


def test_rule_anchor_task(history):
    from hibrida.audit.tasks import anchor_yesterday

    result = anchor_yesterday.delay().get()
    assert result["day"] == (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert DailyAnchor.objects.filter(day=timezone.localdate() - dt.timedelta(days=1)).exists()
