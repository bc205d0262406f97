"""Choosing today's supervision spot checks. Pure: no Django import.

Seeded by HMAC-SHA256(server secret, date + atasan) and drawn without replacement, those not yet
checked this month first; why, in docs/architecture.md, "Background work".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import random
from collections.abc import Iterable

# Share of today's WFH subordinates called per day (at least one): with 1–2 WFH days a week
# per person, a quarter a day covers a team within about two weeks of its WFH days.
DAILY_SHARE = 0.25


def daily_sample_size(candidates: int, share: float = DAILY_SHARE) -> int:
    """How many of ``candidates`` WFH subordinates an atasan is asked to call today."""
    if candidates <= 0:
        return 0
    return min(candidates, max(1, math.ceil(candidates * share)))


def draw_seed(secret: bytes | str, day: dt.date, atasan_id: int) -> int:
    """The secret-keyed seed of one atasan's draw on one day."""
    key = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(key, f"spot-check:{day.isoformat()}:{atasan_id}".encode(), hashlib.sha256)
    return int.from_bytes(digest.digest()[:8], "big")


def choose_spot_checks(
    *,
    secret: bytes | str,
    day: dt.date,
    atasan_id: int,
    candidates: Iterable[int],
    checked_this_month: Iterable[int],
    size: int | None = None,
) -> list[int]:
    """Employee ids to call today: unchecked-this-month first, in a secret-seeded order."""
    pool = sorted(set(candidates))
    if size is None:
        size = daily_sample_size(len(pool))
    size = max(0, min(size, len(pool)))
    rng = random.Random(draw_seed(secret, day, atasan_id))
    checked = set(checked_this_month)
    fresh = [e for e in pool if e not in checked]
    seen = [e for e in pool if e in checked]
    rng.shuffle(fresh)
    rng.shuffle(seen)
    return (fresh + seen)[:size]
