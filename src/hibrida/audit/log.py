"""Writing audit events: called by every service inside its transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from hibrida import sql

from .chain import GENESIS_HASH, event_hash
from .models import AuditEvent, ChainHead


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_safe(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``instance`` (foreign keys by id), JSON-safe."""
    data = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        data[field.attname] = _json_safe(getattr(instance, field.attname))
    return data


def actor_label(actor) -> str:
    if actor is None:
        return "sistem"
    employee = getattr(actor, "employee", None)
    return f"{actor.get_username()} ({employee.name})" if employee else actor.get_username()


def record_event(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("record_event must be called inside transaction.atomic()")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = ChainHead.objects.create(pk=1, last_seq=0, last_hash=GENESIS_HASH)
    event = AuditEvent(
        seq=head.last_seq + 1,
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=_json_safe(before),
        after=_json_safe(after),
        prev_hash=head.last_hash,
    )
    event.hash = event_hash(event.prev_hash, event.payload())
    event.save()
    ChainHead.objects.filter(pk=1).update(last_seq=event.seq, last_hash=event.hash)
    return event


def record_batch_event(
    *,
    actor,
    action: str,
    object_type: str,
    object_id: str | int = "",
    before: dict | None = None,
    after: dict | None = None,
) -> tuple[int, str]:
    """:func:`record_event` in two raw SQL round trips, for hot paths; returns (seq, hash).

    The stored row, its payload and its hash are exactly those :func:`record_event` would
    write, so both may append to the same chain. The ORM version costs three round trips plus
    model overhead while holding the chain-head lock, which every writer waits for; here the
    lock is taken with the read, and the insert and the head update share one statement.
    ``actor`` is a user or None; ``obj`` is not accepted (give ``object_type``/``object_id``).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("record_batch_event must be called inside transaction.atomic()")
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    chain, events = sql.table(ChainHead), sql.table(AuditEvent)
    head = f"SELECT last_seq, last_hash FROM {chain} WHERE id = 1{lock}"
    row = sql.one(head)
    if row is None:
        # First event ever: writers that start together must not fail on creating the head.
        sql.execute(
            f"INSERT INTO {chain} (id, last_seq, last_hash) VALUES (1, 0, %s)"
            " ON CONFLICT (id) DO NOTHING",
            [GENESIS_HASH],
        )
        row = sql.one(head)
        assert row is not None  # inserted just now, or by the writer that won the conflict
    last_seq, prev_hash = row["last_seq"], row["last_hash"]
    at = timezone.now()
    actor_id = getattr(actor, "pk", None)
    before, after = _json_safe(before), _json_safe(after)
    # Built by hand (not a model instance): keep in step with AuditEvent.payload().
    payload = {
        "seq": last_seq + 1,
        "at": at.isoformat(),
        "actor": actor_id,
        "actor_label": actor_label(actor),
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "before": before,
        "after": after,
    }
    digest = event_hash(prev_hash, payload)
    # JSONField stores None as SQL NULL, a value as JSON text (jsonb on PostgreSQL).
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    params = [
        payload["seq"],
        connection.ops.adapt_datetimefield_value(at),
        actor_id,
        payload["actor_label"],
        action,
        object_type,
        payload["object_id"],
        None if before is None else json.dumps(before),
        None if after is None else json.dumps(after),
        prev_hash,
        digest,
    ]
    insert = (
        f"INSERT INTO {events} (seq, at, actor_id, actor_label, action, object_type,"
        " object_id, before, after, prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s,"
        f" %s{cast}, %s{cast}, %s, %s)"
    )
    update = f"UPDATE {chain} SET last_seq = %s, last_hash = %s WHERE id = 1"
    if connection.vendor == "postgresql":
        sql.execute(
            f"WITH e AS ({insert} RETURNING seq, hash) UPDATE {chain}"
            " SET last_seq = e.seq, last_hash = e.hash FROM e WHERE id = 1",
            params,
        )
    else:
        sql.execute(insert, params)
        sql.execute(update, [payload["seq"], digest])
    return payload["seq"], digest


@transaction.atomic
def last_seq(actions: tuple[str, ...]) -> int:
    """Sequence number of the last audit event with one of ``actions`` (0: none). Every write
    leaves an event, so this is a cache key for figures that only those writes change."""
    found = AuditEvent.objects.filter(action__in=actions).aggregate(last=models.Max("seq"))
    return found["last"] or 0


def record_standalone(**kwargs) -> AuditEvent:
    """For the rare write that is only an event (e.g. a login or an export)."""
    return record_event(**kwargs)
