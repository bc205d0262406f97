"""Checking the stored chain (used by the command and the auditors' page)."""

from __future__ import annotations

from .chain import ChainProblem, verify_chain
from .models import AuditEvent, ChainHead


def verify_stored_chain(batch_size: int = 5000) -> tuple[int, ChainProblem | None]:
    """Return (events checked, first problem or None), streaming the table in seq order."""
    count = 0

    def rows():
        nonlocal count
        for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
            count += 1
            yield event.seq, event.payload(), event.prev_hash, event.hash

    problem = verify_chain(rows())
    if problem is None:
        head = ChainHead.objects.filter(pk=1).first()
        # A deleted tail leaves a consistent prefix; the head row still remembers the end.
        if head is not None and head.last_seq != count:
            problem = ChainProblem(
                count + 1, f"peristiwa #{count + 1}–#{head.last_seq} hilang dari ujung rantai"
            )
    return count, problem
