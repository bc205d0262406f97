"""Hash chain of audit events. Pure: no Django import.

Each event's hash covers its own content and the previous event's hash, so changing, removing
or reordering any stored event breaks every hash after it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


def canonical(payload: dict[str, Any]) -> str:
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def event_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(payload)).encode()).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    message: str


def verify_chain(events: Iterable[tuple[int, dict[str, Any], str, str]]) -> ChainProblem | None:
    """Check ``(seq, payload, prev_hash, hash)`` tuples in seq order; return the first problem."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    for seq, payload, prev_hash, stored_hash in events:
        if seq != expected_seq:
            return ChainProblem(
                expected_seq, f"peristiwa #{expected_seq} hilang (berikutnya #{seq})"
            )
        if prev_hash != expected_prev:
            return ChainProblem(seq, f"peristiwa #{seq}: hash sebelumnya tidak cocok")
        if event_hash(prev_hash, payload) != stored_hash:
            return ChainProblem(seq, f"peristiwa #{seq}: isi telah diubah (hash tidak cocok)")
        expected_prev = stored_hash
        expected_seq += 1
    return None
