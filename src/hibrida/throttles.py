"""Request limits kept in Django's cache: the check-in route per token and per address, bearer
authentication failures, and failed logins per address (password spraying).

Rates are settings (``"30/m"``; empty switches a limit off), read on every use so a deployment
or a test can change them; the arithmetic is the pure :mod:`hibrida.ratelimit`.
"""

from __future__ import annotations

import hashlib
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from hibrida.ratelimit import Rate, parse_rate, recent, wait_for


def client_address(request: HttpRequest) -> str:
    """The caller's address: the peer, or the proxy's X-Forwarded-For entry behind one proxy.

    The header is ignored otherwise: a client could put any address there and escape the limit."""
    if settings.HIBRIDA_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def token_key(token: str) -> str:
    """A bearer secret as a cache key: its SHA-256, never the secret itself."""
    return hashlib.sha256(token.encode()).hexdigest()


class CacheWindow:
    """A sliding window per key, its history in the cache; the rate is the setting ``name``."""

    def __init__(self, name: str):
        self.name = name

    @property
    def rate(self) -> Rate | None:
        return parse_rate(getattr(settings, self.name))

    def _history(self, key: str, rate: Rate, now: float) -> list[float]:
        return recent(cache.get(f"rl:{self.name}:{key}", []), rate, now)

    def blocked(self, key: str) -> float | None:
        """Seconds to wait when ``key`` is at its limit, else None; records nothing."""
        rate, now = self.rate, time.time()
        return None if rate is None else wait_for(self._history(key, rate, now), rate, now)

    def add(self, key: str) -> None:
        rate, now = self.rate, time.time()
        if rate is not None:
            history = [*self._history(key, rate, now), now][-rate.count :]
            cache.set(f"rl:{self.name}:{key}", history, int(rate.period_s) + 1)

    def hit(self, key: str) -> float | None:
        """Count one event if allowed (None), else the seconds to wait (nothing counted)."""
        wait = self.blocked(key)
        if wait is None:
            self.add(key)
        return wait


CHECK_IN_PER_TOKEN = CacheWindow("HIBRIDA_CHECKIN_RATE_TOKEN")
CHECK_IN_PER_ADDRESS = CacheWindow("HIBRIDA_CHECKIN_RATE_ADDRESS")
AUTH_FAILURES_PER_TOKEN = CacheWindow("HIBRIDA_API_AUTH_FAILURES_TOKEN")
AUTH_FAILURES_PER_ADDRESS = CacheWindow("HIBRIDA_API_AUTH_FAILURES_ADDRESS")
LOGIN_FAILURES_PER_ADDRESS = CacheWindow("HIBRIDA_LOGIN_ADDRESS_FAILURES")


def bearer_token(request: HttpRequest) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    return header[7:].strip() if header[:7].lower() == "bearer " else None


class _WindowThrottle(BaseThrottle):
    """A ninja throttle over a :class:`CacheWindow`. The wait is kept per thread, because one
    throttle object serves every request of the route."""

    window: CacheWindow

    def __init__(self):
        self._local = threading.local()

    def key(self, request: HttpRequest) -> str:
        raise NotImplementedError

    def allow_request(self, request: HttpRequest) -> bool:
        self._local.wait = self.window.hit(self.key(request))
        return self._local.wait is None

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


class PerToken(_WindowThrottle):
    """Check-ins per bearer token (a phone in a retry loop), per user for a browser session."""

    window = CHECK_IN_PER_TOKEN

    def key(self, request: HttpRequest) -> str:
        token = bearer_token(request)
        return token_key(token) if token else f"user:{request.user.pk}"


class PerAddress(_WindowThrottle):
    window = CHECK_IN_PER_ADDRESS

    def key(self, request: HttpRequest) -> str:
        return client_address(request)


def auth_failure_wait(request: HttpRequest, token: str) -> float | None:
    """Seconds this token or address must wait after too many failed bearer authentications."""
    waits = [
        AUTH_FAILURES_PER_TOKEN.blocked(token_key(token)),
        AUTH_FAILURES_PER_ADDRESS.blocked(client_address(request)),
    ]
    return max((w for w in waits if w is not None), default=None)


def record_auth_failure(request: HttpRequest, token: str) -> None:
    AUTH_FAILURES_PER_TOKEN.add(token_key(token))
    AUTH_FAILURES_PER_ADDRESS.add(client_address(request))
