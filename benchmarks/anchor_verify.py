"""Time `verify_audit_log --anchors` on a synthetic chain (one anchor per day).

Usage (a scratch folder; the database there is created and migrated):
    HIBRIDA_VAR_DIR=/tmp/anchor-var .venv/bin/python benchmarks/anchor_verify.py [EVENTS] [DAYS]
Prints the time to write the chain and to verify it against the published anchors file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hibrida.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from hibrida.audit.anchors import anchors_jsonl  # noqa: E402
from hibrida.audit.chain import GENESIS_HASH, event_hash  # noqa: E402
from hibrida.audit.models import AuditEvent, ChainHead, DailyAnchor  # noqa: E402


def build(events: int, days: int) -> None:
    AuditEvent.objects.all().delete()
    DailyAnchor.objects.all().delete()
    ChainHead.objects.all().delete()
    start = timezone.now() - dt.timedelta(days=days + 1)
    per_day = events // days
    prev, batch = GENESIS_HASH, []
    for seq in range(1, events + 1):
        at = start + dt.timedelta(seconds=seq * 86400 // per_day)
        event = AuditEvent(
            seq=seq, at=at, actor_label="sistem", action="bench.event", object_type="bench",
            object_id=str(seq), after={"i": seq}, prev_hash=prev,
        )  # fmt: skip
        event.hash = prev = event_hash(prev, event.payload())
        batch.append(event)
        if seq % per_day == 0:
            DailyAnchor.objects.create(day=at.date(), last_seq=seq, head_hash=prev)
        if len(batch) == 5000:
            AuditEvent.objects.bulk_create(batch)
            batch = []
    AuditEvent.objects.bulk_create(batch)
    ChainHead.objects.create(pk=1, last_seq=events, last_hash=prev)


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    days = int(sys.argv[2]) if len(sys.argv) > 2 else 365
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    build(events, days)
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "jangkar.jsonl"
        path.write_text(anchors_jsonl(DailyAnchor.objects.all()))
        size = path.stat().st_size
        out = io.StringIO()
        call_command("verify_audit_log", "--anchors", str(path), stdout=out)
    t2 = time.perf_counter()
    print(f"{events} events, {DailyAnchor.objects.count()} anchors ({size} bytes of JSON lines)")
    print(f"write chain: {t1 - t0:.1f} s; verify_audit_log --anchors: {t2 - t1:.1f} s")
    print(out.getvalue().strip())


if __name__ == "__main__":
    main()
