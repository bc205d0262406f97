"""Daily anchors as they leave the system, and the chain checked against copies kept outside.

Design and the operator's duties: docs/operations.md ("Tamper evidence").
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from .chain import GENESIS_HASH, event_hash
from .models import AuditEvent, DailyAnchor


def anchor_line(day: dt.date, last_seq: int, head_hash: str) -> str:
    """The canonical text of one anchor: what the RFC 3161 token covers."""
    return json.dumps(
        {"day": day.isoformat(), "last_seq": last_seq, "head_hash": head_hash},
        sort_keys=True,
        separators=(",", ":"),
    )


def anchor_digest(day: dt.date, last_seq: int, head_hash: str) -> bytes:
    return hashlib.sha256(anchor_line(day, last_seq, head_hash).encode()).digest()


def anchor_record(anchor: DailyAnchor) -> dict:
    """One line of the published file (JSON lines, one day per line, oldest first)."""
    token = bytes(anchor.tsa_token) if anchor.tsa_token else None
    return {
        "day": anchor.day.isoformat(),
        "last_seq": anchor.last_seq,
        "head_hash": anchor.head_hash,
        "tsa_token": base64.b64encode(token).decode() if token else None,
        "tsa_time": anchor.tsa_time.isoformat() if anchor.tsa_time else None,
    }


def published_anchors(limit: int | None = None) -> list[DailyAnchor]:
    """The stored anchors, newest first (all of them when ``limit`` is None)."""
    anchors = DailyAnchor.objects.order_by("-day")
    return list(anchors[:limit] if limit is not None else anchors)


def anchors_jsonl(anchors: Iterable[DailyAnchor]) -> str:
    ordered = sorted(anchors, key=lambda a: a.day)
    return "".join(json.dumps(anchor_record(a), sort_keys=True) + "\n" for a in ordered)


@dataclass(frozen=True)
class ExternalAnchor:
    day: dt.date
    last_seq: int
    head_hash: str
    tsa_token: bytes | None = None


def _parse_line(number: int, line: str) -> ExternalAnchor:
    where = f"baris {number}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as err:
        raise ValueError(f"{where}: bukan JSON ({err.msg})") from err
    if not isinstance(data, dict):
        raise ValueError(f"{where}: harus berupa objek JSON")
    try:
        day = dt.date.fromisoformat(str(data["day"]))
        last_seq = data["last_seq"]
        head_hash = str(data["head_hash"])
    except KeyError as err:
        raise ValueError(f"{where}: kolom {err.args[0]} tidak ada") from err
    except ValueError as err:
        raise ValueError(f"{where}: tanggal tidak sah") from err
    if not isinstance(last_seq, int) or isinstance(last_seq, bool) or last_seq < 0:
        raise ValueError(f"{where}: last_seq harus bilangan bulat ≥ 0")
    if len(head_hash) != 64 or any(c not in "0123456789abcdef" for c in head_hash):
        raise ValueError(f"{where}: head_hash harus 64 digit heksadesimal")
    token = None
    if data.get("tsa_token"):
        try:
            token = base64.b64decode(str(data["tsa_token"]), validate=True)
        except binascii.Error as err:
            raise ValueError(f"{where}: tsa_token bukan base64") from err
    return ExternalAnchor(day, last_seq, head_hash, token)


def parse_anchor_file(text: str) -> list[ExternalAnchor]:
    """Read a published anchors file (JSON lines); a bad line raises ValueError naming it."""
    anchors = [
        _parse_line(number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]
    if not anchors:
        raise ValueError("berkas jangkar kosong")
    return sorted(anchors, key=lambda a: a.day)


def recompute_heads(seqs: set[int]) -> dict[int, str]:
    """The chain hash at each of ``seqs``, recomputed from genesis and the stored payloads.

    Each event's hash is computed from the *recomputed* predecessor, never the stored one, so
    an edit at or before a point changes the hash there even when every stored hash after the
    edit was rewritten to match. A gap stops the computation: later points are left out.
    """
    computed: dict[int, str] = {0: GENESIS_HASH} if 0 in seqs else {}
    if not seqs or max(seqs) == 0:
        return computed
    prev = GENESIS_HASH
    expected_seq = 1
    events = AuditEvent.objects.filter(seq__lte=max(seqs)).order_by("seq")
    for event in events.iterator(chunk_size=5000):
        if event.seq != expected_seq:
            break
        prev = event_hash(prev, event.payload())
        if event.seq in seqs:
            computed[event.seq] = prev
        expected_seq += 1
    return computed


@dataclass(frozen=True)
class Disagreement:
    day: dt.date
    message: str


def check_external(external: list[ExternalAnchor]) -> tuple[int, Disagreement | None]:
    """Compare the stored chain with anchors kept outside; (anchors checked, first problem)."""
    computed = recompute_heads({a.last_seq for a in external})
    for anchor in sorted(external, key=lambda a: a.day):
        found = computed.get(anchor.last_seq)
        if found is None:
            return len(external), Disagreement(
                anchor.day,
                f"peristiwa #{anchor.last_seq} tidak ada lagi dalam rantai yang utuh",
            )
        if found != anchor.head_hash:
            return len(external), Disagreement(
                anchor.day,
                f"hash rantai pada peristiwa #{anchor.last_seq} adalah {found[:16]}…, "
                f"jangkar luar mencatat {anchor.head_hash[:16]}…",
            )
    return len(external), None
