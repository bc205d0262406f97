"""record_batch_event (raw SQL) appends to the same chain as record_event, indistinguishably."""

import datetime as dt
import decimal
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from hibrida.audit.chain import GENESIS_HASH, event_hash
from hibrida.audit.log import record_batch_event, record_event
from hibrida.audit.models import AuditEvent, ChainHead
from hibrida.audit.verify import verify_stored_chain

AFTER = {
    "count": 2,
    "uuids": [uuid.UUID(int=1), uuid.UUID(int=2)],
    "when": dt.datetime(2026, 11, 24, 7, 30, tzinfo=dt.UTC),
    "amount": decimal.Decimal("1.50"),
    "note": "Presensi tercatat — kantor ÜJI",
}


def _mixed(actor):
    with transaction.atomic():
        record_batch_event(actor=None, action="t.batch", object_type="presence.checkin")
    with transaction.atomic():
        record_event(actor=actor, action="t.orm", object_type="t", object_id=1, after=AFTER)
    with transaction.atomic():
        seq, digest = record_batch_event(
            actor=actor, action="t.batch", object_type="t", object_id=2, after=AFTER
        )
    with transaction.atomic():
        record_event(actor=None, action="t.orm", object_type="t", before={"a": 1}, after=None)
    return seq, digest


def test_chain_of_mixed_appends_verifies(city, capsys):
    """Rule: both append functions extend one chain that verify_audit_log accepts."""
    seq, digest = _mixed(city.users["bkpsdm"])
    count, problem = verify_stored_chain()
    assert (count, problem) == (4, None)
    head = ChainHead.objects.get(pk=1)
    assert head.last_seq == 4
    assert AuditEvent.objects.get(seq=seq).hash == digest
    assert AuditEvent.objects.get(seq=1).prev_hash == GENESIS_HASH
    call_command("verify_audit_log")
    assert "4 peristiwa" in capsys.readouterr().out


def test_batch_event_row_equals_the_orm_row(city):
    """Rule: the raw append stores exactly what record_event stores (payload and hash)."""
    _mixed(city.users["bkpsdm"])
    orm, raw = AuditEvent.objects.get(seq=2), AuditEvent.objects.get(seq=3)
    strip = {"seq", "at", "action", "object_id"}
    assert {k: v for k, v in orm.payload().items() if k not in strip} == {
        k: v for k, v in raw.payload().items() if k not in strip
    }
    assert raw.actor_id == city.users["bkpsdm"].pk
    assert raw.after["uuids"] == [str(uuid.UUID(int=1)), str(uuid.UUID(int=2))]
    assert raw.after["note"] == AFTER["note"]
    assert raw.before is None and AuditEvent.objects.get(seq=1).after is None
    assert raw.hash == event_hash(raw.prev_hash, raw.payload())
    assert raw.prev_hash == orm.hash


def test_tampered_batch_event_is_detected(city):
    """Rule: a changed raw-appended row breaks the chain at that event."""
    _mixed(city.users["bkpsdm"])
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET object_id = %s WHERE seq = 3", ["99"])
    with pytest.raises(CommandError) as err:
        call_command("verify_audit_log")
    assert "#3" in str(err.value)


def test_batch_event_outside_a_transaction_is_refused(transactional_db):
    """Rule: an audit event is only written inside the caller's transaction."""
    with pytest.raises(RuntimeError):
        record_batch_event(actor=None, action="x", object_type="t")
    assert not AuditEvent.objects.exists()
