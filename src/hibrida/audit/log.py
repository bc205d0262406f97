"""Writing audit events: called by every service inside its transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

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


@transaction.atomic
def record_standalone(**kwargs) -> AuditEvent:
    """For the rare write that is only an event (e.g. a login or an export)."""
    return record_event(**kwargs)
