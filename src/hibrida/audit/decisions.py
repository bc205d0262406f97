"""One way to decide a pending request (approve, reject, return, answer, confirm, record).

Locks the row, re-checks its state inside the lock, validates the note with one rule for every
flow, and writes the decision with its audit event; the caller checks who may decide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .log import record_event, snapshot

M = TypeVar("M", bound=models.Model)

# One limit for every decision note, comment or reason, so no flow cuts text silently.
NOTE_MAX_CHARS = 1000


class AlreadyDecided(ValidationError):
    """Someone decided first: the row is no longer in the state this decision expects.

    A ``ValidationError`` on the ``status`` field, so pages show it as a message like any
    other refusal; the API answers it with 409 Conflict.
    """

    def __init__(self, message: str | None = None):
        self.detail = message or _("Permintaan ini sudah diputuskan.")
        super().__init__({"status": self.detail})


def text_error(text: str, *, max_chars: int, required_message: str = "") -> str:
    """The field message for an already stripped ``text``, or "" when it is acceptable."""
    if required_message and not text:
        return required_message
    if len(text) > max_chars:
        return _("Paling panjang %(max)d karakter (sekarang %(n)d).") % {
            "max": max_chars,
            "n": len(text),
        }
    return ""


def clean_text(value: str | None, *, field: str, max_chars: int, required_message: str = "") -> str:
    """``value`` stripped; a field error when required and empty, or longer than allowed
    (never cut: a silently shortened reason is not what the person wrote)."""
    text = (value or "").strip()
    message = text_error(text, max_chars=max_chars, required_message=required_message)
    if message:
        raise ValidationError({field: message})
    return text


def clean_note(value: str | None, *, field: str = "note", required_message: str = "") -> str:
    """A decision note: stripped, at most :data:`NOTE_MAX_CHARS`, required when a message is
    given (a rejection or a return must say why)."""
    return clean_text(
        value, field=field, max_chars=NOTE_MAX_CHARS, required_message=required_message
    )


def lock_in_state(
    model: type[M],
    pk: Any,
    *,
    allowed: Collection[str],
    status_field: str = "status",
    message: str | None = None,
) -> M:
    """The row, locked until the transaction ends, if it is still in one of ``allowed``.

    Call inside ``transaction.atomic()``. The read is fresh: a status read before the lock
    may already be stale, which is how two decisions both used to succeed.
    """
    row = model.objects.select_for_update().get(pk=pk)
    if getattr(row, status_field) not in allowed:
        raise AlreadyDecided(message)
    return row


@dataclass(frozen=True)
class DecisionFields:
    """Where a model keeps its decision (column names differ between apps)."""

    status: str = "status"
    by: str = "decided_by"
    at: str = "decided_at"
    note: str | None = "decision_note"


def decide(
    *,
    actor,
    model: type[M],
    pk: Any,
    pending: Collection[str],
    to_status: str,
    action: str,
    note: str | None = None,
    note_required: str = "",
    note_field: str = "note",
    note_text: Callable[[str], str] | None = None,
    fields: DecisionFields = DecisionFields(),
    changes: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
    snapshot_fields: list[str] | None = None,
    already_message: str | None = None,
    check: Callable[[M], None] | None = None,
    effects: Callable[[M], dict | None] | None = None,
) -> M:
    """Decide the row ``pk`` of ``model``: lock, re-check, write, audit; return the row.

    ``pending``: the states the decision may start from; otherwise :class:`AlreadyDecided`
    (``already_message``). ``note_required``: the field message when the note is empty;
    ``note_text`` turns the cleaned note into the stored text. ``changes``: other columns set
    with the decision; ``at``: the decision time when the flow has its own clock.
    ``check(row)`` re-checks the flow's own rules under the lock (raise to refuse);
    ``effects(row)`` runs the flow's side effects after the row is saved and returns extra
    keys for the audit event's ``after``.
    """
    cleaned = (
        clean_note(note, field=note_field, required_message=note_required) if fields.note else ""
    )
    with transaction.atomic():
        row = lock_in_state(
            model, pk, allowed=pending, status_field=fields.status, message=already_message
        )
        if check is not None:
            check(row)
        before = snapshot(row, snapshot_fields)
        setattr(row, fields.status, to_status)
        setattr(row, fields.by, actor)
        setattr(row, fields.at, at or timezone.now())
        if fields.note:
            setattr(row, fields.note, note_text(cleaned) if note_text else cleaned)
        for name, value in (changes or {}).items():
            setattr(row, name, value)
        row.save()
        extra = effects(row) if effects is not None else None
        record_event(
            actor=actor,
            action=action,
            obj=row,
            before=before,
            after={**snapshot(row, snapshot_fields), **(extra or {})},
        )
    return row
