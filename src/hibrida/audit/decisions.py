"""One way to decide a pending request (approve, reject, return, answer, confirm, record).

Locks the row, re-checks its state inside the lock, validates the note with one rule for every
flow, and writes the decision with its audit event; the caller checks who may decide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .log import record_event, snapshot

D = TypeVar("D", bound="Decision")
M = TypeVar("M", bound=models.Model)

# One limit for every decision note, comment or reason, so no flow cuts text silently.
NOTE_MAX_CHARS = 1000


class Decision(models.Model):
    """The columns every decided request shares, under the same names in every app.

    Each flow keeps its own ``status`` choices (a subclass overrides the field); who decided
    and when are read the same way by every screen, export and :func:`decide`.
    """

    status = models.CharField(gettext_lazy("status"), max_length=12)
    # PROTECT: the person who decided stays known for as long as the decision exists.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("diputuskan oleh"),
    )
    decided_at = models.DateTimeField(gettext_lazy("diputuskan pada"), null=True, blank=True)
    decision_note = models.TextField(gettext_lazy("catatan keputusan"), blank=True)

    class Meta:
        abstract = True


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
    message: str | None = None,
) -> M:
    """The row, locked until the transaction ends, if it is still in one of ``allowed``.

    Call inside ``transaction.atomic()``. The read is fresh: a status read before the lock
    may already be stale, which is how two decisions both used to succeed.
    """
    # The default manager: a bound TypeVar does not know ``objects``; every caller's model has
    # only that one manager.
    row = model._default_manager.select_for_update().get(pk=pk)
    # Every model locked here has a status field, which a TypeVar bound to Model cannot say.
    if getattr(row, "status") not in allowed:  # noqa: B009
        raise AlreadyDecided(message)
    return row


def decide(
    *,
    actor,
    model: type[D],
    pk: Any,
    pending: Collection[str],
    to_status: str,
    action: str,
    note: str | None = None,
    note_required: str = "",
    note_field: str = "note",
    note_text: Callable[[str], str] | None = None,
    changes: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
    snapshot_fields: list[str] | None = None,
    already_message: str | None = None,
    check: Callable[[D], None] | None = None,
    effects: Callable[[D], dict | None] | None = None,
) -> D:
    """Decide the row ``pk`` of ``model``: lock, re-check, write, audit; return the row.

    ``pending``: the states the decision may start from; otherwise :class:`AlreadyDecided`
    (``already_message``). ``note_required``: the field message when the note is empty;
    ``note_text`` turns the cleaned note into the stored text. ``changes``: other columns set
    with the decision; ``at``: the decision time when the flow has its own clock.
    ``check(row)`` re-checks the flow's own rules under the lock (raise to refuse);
    ``effects(row)`` runs the flow's side effects after the row is saved and returns extra
    keys for the audit event's ``after``.
    """
    cleaned = clean_note(note, field=note_field, required_message=note_required)
    with transaction.atomic():
        row = lock_in_state(model, pk, allowed=pending, message=already_message)
        if check is not None:
            check(row)
        before = snapshot(row, snapshot_fields)
        row.status = to_status
        row.decided_by = actor
        row.decided_at = at or timezone.now()
        row.decision_note = note_text(cleaned) if note_text else cleaned
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
