"""Sliding-window rate limits, pure: plain timestamps in, seconds-to-wait out (no Django).

Shared by the API throttles and login guard (histories kept in Django's cache) and by the
check-in fast path (histories kept in process memory, see :class:`Window`).
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    """At most ``count`` events in any ``period_s`` seconds."""

    count: int
    period_s: float


def parse_rate(text: str | None) -> Rate | None:
    """``"30/m"``, ``"20/30m"``, ``"5/10s"`` → :class:`Rate`; empty → None (no limit)."""
    if text is None or not text.strip():
        return None
    try:
        count_text, period_text = text.strip().split("/", 1)
        unit = period_text[-1:] if period_text[-1:] in UNITS else "s"
        number = period_text[: -1 if period_text[-1:] in UNITS else None] or "1"
        rate = Rate(int(count_text), float(number) * UNITS[unit])
    except ValueError:
        raise ValueError(f"rate must look like 30/m or 20/30m, not {text!r}") from None
    if rate.count < 1 or rate.period_s <= 0:
        raise ValueError(f"rate must allow at least one event in a positive period: {text!r}")
    return rate


def recent(history: list[float], rate: Rate, now: float) -> list[float]:
    """The timestamps of ``history`` still inside the window ending at ``now``."""
    return [t for t in history if t > now - rate.period_s]


def wait_for(history: list[float], rate: Rate, now: float) -> float | None:
    """Seconds until one more event is allowed, or None when it is allowed now.

    ``history`` must already be :func:`recent`; its oldest entry leaves the window first."""
    if len(history) < rate.count:
        return None
    return max(min(history) + rate.period_s - now, 0.001)


class Window:
    """In-process histories per key, for a path that must not pay a cache round trip.

    Memory is bounded: past ``max_keys`` keys the whole table is dropped (a burst of unknown
    keys must not grow the process; forgetting histories only ever lets requests through)."""

    def __init__(self, rate: Rate, max_keys: int = 200_000):
        self.rate = rate
        self.max_keys = max_keys
        self._lock = threading.Lock()
        self._history: dict[str, deque[float]] = {}

    def blocked(self, key: str, now: float) -> float | None:
        """Seconds to wait when ``key`` is at its limit, else None; records nothing."""
        with self._lock:
            history = self._trim(key, now)
            return wait_for(list(history), self.rate, now) if history else None

    def add(self, key: str, now: float) -> None:
        with self._lock:
            self._add(key, now)

    def hit(self, key: str, now: float) -> float | None:
        """Count one event for ``key`` if allowed (None); else the seconds to wait."""
        with self._lock:
            history = self._trim(key, now)
            wait = wait_for(list(history), self.rate, now) if history else None
            if wait is None:
                self._add(key, now)
            return wait

    def _add(self, key: str, now: float) -> None:
        if len(self._history) >= self.max_keys and key not in self._history:
            self._history.clear()
        self._history.setdefault(key, deque()).append(now)
        self._trim(key, now)

    def _trim(self, key: str, now: float) -> deque[float]:
        history = self._history.get(key, deque())
        while history and history[0] <= now - self.rate.period_s:
            history.popleft()
        while len(history) > self.rate.count:
            history.popleft()
        if not history:
            self._history.pop(key, None)
        return history
