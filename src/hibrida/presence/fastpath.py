"""ASGI entry point with a lean path for the morning check-in peak.

Bearer-token ``POST /api/v1/presence/check-ins`` goes to batching writer threads that verify,
insert and commit a batch with one audit event before answering; everything else goes to Django.
Why and how to size it: docs/architecture.md, "The check-in fast path".
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import math
import os
import queue
import sys
import threading
import time
from typing import Any, NamedTuple, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from hibrida import counters, sql
from hibrida.asgi import application as django_application  # sets Django up
from hibrida.org.models import ApiToken, User
from hibrida.ratelimit import Window, parse_rate

from . import context, passkeys, services
from .schemas import MAX_BODY_BYTES, TOO_LARGE, BadRequest, parse_check_in

log = logging.getLogger(__name__)

PATH = "/api/v1/presence/check-ins"
MAX_BATCH = 256
ANSWER_TIMEOUT_S = 20.0
# How long a writer may wait for more check-ins before committing a batch (bigger batches
# cost less per check-in; the wait adds to latency).
LINGER_S = float(os.environ.get("HIBRIDA_FASTPATH_LINGER_S", "0.003"))
# Writer threads per process: a second one overlaps its database waits with the first's work.
WRITERS = int(os.environ.get("HIBRIDA_FASTPATH_WRITERS", "2"))
# The writer thread does many short database round trips while the event-loop thread parses
# HTTP; with the default 5 ms GIL switch interval every round trip can wait up to 5 ms for
# the GIL (a convoy). A short interval keeps the writer's latency at the network's.
SWITCH_INTERVAL_S = float(os.environ.get("HIBRIDA_FASTPATH_SWITCH_INTERVAL", "0.001"))
TOKEN_TTL_S = 60.0
NEGATIVE_TTL_S = 5.0
JSON_HEADERS = [(b"content-type", b"application/json"), (b"cache-control", b"no-store")]


class TokenIdentity(NamedTuple):
    user_id: int
    employee_id: int | None
    expires_at: dt.datetime
    revoked: bool

    def refusal(self, now: dt.datetime) -> str | None:
        """Why this token no longer works, or None when it does (checked at use, because a
        cached token may expire while cached)."""
        if self.revoked:
            return "Token sudah dicabut; buat token baru di Akun → Token API."
        if self.expires_at <= now:
            return "Token sudah kedaluwarsa; buat token baru di Akun → Token API."
        return None


class TokenCache:
    """bearer secret → :class:`TokenIdentity` for a short time, to skip a query per request."""

    def __init__(self):
        self._data: dict[str, tuple[float, TokenIdentity | None]] = {}

    def get(self, key: str):
        hit = self._data.get(key)
        if hit and time.monotonic() < hit[0]:
            return True, hit[1]
        return False, None

    def put(self, key: str, value) -> None:
        if len(self._data) > 200_000:
            self._data.clear()
        ttl = TOKEN_TTL_S if value else NEGATIVE_TTL_S
        self._data[key] = (time.monotonic() + ttl, value)


def lookup_tokens(keys: set[str], now: dt.datetime) -> dict[str, TokenIdentity]:
    """The identity of each known token of an active account, revoked and expired ones
    included so the answer can say why; stamps last use on the live ones. One round trip."""
    by_hash = {ApiToken.hash_key(k): k for k in keys}
    tokens, users = sql.table(ApiToken), sql.table(User)
    rows = sql.rows(
        f"WITH found AS (SELECT t.id, t.key_hash, t.user_id, u.employee_id, t.expires_at,"
        f" t.revoked FROM {tokens} t JOIN {users} u ON u.id = t.user_id"
        " WHERE t.key_hash = ANY(%s) AND u.is_active),"
        f" stamped AS (UPDATE {tokens} t SET last_used_at = %s FROM found f"
        " WHERE t.id = f.id AND NOT f.revoked AND f.expires_at > %s)"
        " SELECT key_hash, user_id, employee_id, expires_at, revoked FROM found",
        [list(by_hash), now, now],
    )
    return {by_hash[row.pop("key_hash")]: TokenIdentity(**row) for row in rows}


class BatchWriter:
    """One thread per process that authenticates and commits queued check-ins in groups.

    The fast path runs on PostgreSQL (its SQL uses ``= ANY(array)``); the ordinary ninja route
    serves SQLite.
    """

    def __init__(self, max_batch: int = MAX_BATCH):
        self.max_batch = max_batch
        self.queue: queue.SimpleQueue = queue.SimpleQueue()
        self.places = context.OpdPlacesCache(ttl=60.0)
        self.tokens = TokenCache()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.batches = 0
        self.items = 0

    def submit(self, token: str, payload, received_at, relying_party=("", [])) -> asyncio.Future:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._ensure_thread()
        self.queue.put((token, payload, received_at, loop, future, relying_party))
        return future

    def _ensure_thread(self) -> None:
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    sys.setswitchinterval(SWITCH_INTERVAL_S)
                    for i in range(WRITERS):
                        thread = threading.Thread(
                            target=self._run, name=f"presence-batch-writer-{i}", daemon=True
                        )
                        thread.start()
                    self._thread = thread

    def _run(self) -> None:
        while True:
            batch = [self.queue.get()]
            deadline = time.monotonic() + LINGER_S
            while len(batch) < self.max_batch:
                try:
                    batch.append(self.queue.get_nowait())
                except queue.Empty:
                    wait = deadline - time.monotonic()
                    if wait <= 0:
                        break
                    try:
                        batch.append(self.queue.get(timeout=wait))
                    except queue.Empty:
                        break
            answers = None
            try:
                answers = self.process([(b[0], b[1], b[2], b[5]) for b in batch])
            # The one broad catch in the app code: this thread is the only writer for every
            # request waiting in the batch, so any fault is logged (with its traceback) and
            # answered 503 below instead of killing the thread and hanging all later check-ins.
            except Exception:  # noqa: BLE001
                log.exception("check-in batch of %d failed", len(batch))
                # A broken connection (server restart) is reopened on the next batch.
                with contextlib.suppress(DatabaseError):
                    connection.close()
            finally:
                if answers is None or len(answers) != len(batch):
                    answers = [(503, BUSY)] * len(batch)
                self.batches += 1
                self.items += len(batch)
                counters.count_batch(len(batch))
                self._settle(batch, answers)

    @staticmethod
    def _settle(batch, answers) -> None:
        # One wake-up per event loop for the whole batch, not one per request.
        by_loop: dict = {}
        for (_, _, _, loop, future, _), answer in zip(batch, answers, strict=True):
            by_loop.setdefault(loop, []).append((future, answer))
        for loop, settled in by_loop.items():
            with contextlib.suppress(RuntimeError):  # that loop has shut down
                loop.call_soon_threadsafe(_settle_all, settled)

    def process(self, items) -> list[tuple[int, dict]]:
        """(token, payload, received_at) → (HTTP status, JSON body), one commit for all."""
        try:
            with transaction.atomic():
                return self._process(items)
        except IntegrityError:
            if len(items) == 1:
                log.warning("check-in refused by the database", exc_info=True)
                return [(409, {"detail": "Presensi tidak dapat disimpan (data tidak konsisten)."})]
            # One bad row must not fail the others: settle them one by one.
            return [self.process([item])[0] for item in items]

    def _process(self, items) -> list[tuple[int, dict]]:
        identities = {}
        unknown = set()
        for token, *_ in items:
            found, identity = self.tokens.get(token)
            if found:
                identities[token] = identity
            else:
                unknown.add(token)
        now = timezone.now()
        if unknown:
            looked_up = lookup_tokens(unknown, now)
            for token in unknown:
                identities[token] = looked_up.get(token)
                self.tokens.put(token, identities[token])
        answers: list[tuple[int, dict[str, Any] | None] | None] = [None] * len(items)
        submissions, positions = [], []
        for i, (token, payload, received_at, *rest) in enumerate(items):
            # (token, payload, received_at[, relying party]): the RP is the request's host.
            relying_party = rest[0] if rest else ("", [])
            identity = identities.get(token)
            if identity is None:
                answers[i] = (401, {"detail": "Token tidak sah atau belum masuk."})
                continue
            refusal = identity.refusal(now)
            if refusal is not None:
                answers[i] = (401, {"detail": refusal})
                continue
            try:
                submissions.append(
                    services.build_submission(
                        user_id=identity.user_id,
                        employee_id=identity.employee_id,
                        payload=payload,
                        source="api",
                        received_at=received_at,
                        relying_party=relying_party,
                    )
                )
                positions.append(i)
            except PermissionDenied as err:
                answers[i] = (403, {"detail": str(err)})
            except ValidationError as err:
                errors = [{"field": f, "message": " ".join(m)} for f, m in err.message_dict.items()]
                answers[i] = (422, {"detail": "Data tidak sah.", "errors": errors})
        outcomes = services.record_check_ins_in_transaction(
            actor=None, submissions=submissions, opd_cache=self.places
        )
        for i, outcome in zip(positions, outcomes, strict=True):
            answers[i] = _answer(items[i][1].uuid, outcome)
        # Every item is answered above (refused, or given its outcome), and an outcome that is
        # no conflict always carries its stored result: no None is left.
        return cast("list[tuple[int, dict[str, Any]]]", answers)


def _answer(client_uuid, outcome: services.Outcome) -> tuple[int, dict[str, Any] | None]:
    if outcome.refusal is not None:
        return outcome.refusal
    if outcome.conflict:
        return 409, services.conflict_body(client_uuid, outcome)
    return 201 if outcome.created else 200, outcome.result


BUSY = {"detail": "Server sibuk; kirim ulang dengan UUID yang sama."}


def _settle_all(settled) -> None:
    for future, value in settled:
        if not future.done():
            future.set_result(value)


WRITER = BatchWriter()


class Limits:
    """The API's check-in and bearer-failure limits, counted in this process's memory: the
    lean path must not pay a cache round trip per request. Rates come from the same settings
    as :mod:`hibrida.throttles` (a changed setting starts a fresh window)."""

    def __init__(self):
        self._windows: dict[str, tuple[str, Window | None]] = {}

    def window(self, name: str) -> Window | None:
        text = getattr(settings, name)
        cached = self._windows.get(name)
        if cached is None or cached[0] != text:
            rate = parse_rate(text)
            cached = (text, Window(rate) if rate else None)
            self._windows[name] = cached
        return cached[1]

    def _waits(self, pairs, now: float, method: str) -> float | None:
        waits = []
        for name, key in pairs:
            window = self.window(name)
            if window is not None:
                waits.append(getattr(window, method)(key, now))
        return max((w for w in waits if w is not None), default=None)

    def admit(self, token: str, address: str, now: float) -> float | None:
        """Seconds to wait (answer 429), or None to go on; counts the check-in when admitted."""
        failed = self._waits(
            [
                ("HIBRIDA_API_AUTH_FAILURES_TOKEN", token),
                ("HIBRIDA_API_AUTH_FAILURES_ADDRESS", address),
            ],
            now,
            "blocked",
        )
        if failed is not None:
            return failed
        return self._waits(
            [("HIBRIDA_CHECKIN_RATE_TOKEN", token), ("HIBRIDA_CHECKIN_RATE_ADDRESS", address)],
            now,
            "hit",
        )

    def auth_failed(self, token: str, address: str, now: float) -> None:
        for name, key in (
            ("HIBRIDA_API_AUTH_FAILURES_TOKEN", token),
            ("HIBRIDA_API_AUTH_FAILURES_ADDRESS", address),
        ):
            window = self.window(name)
            if window is not None:
                window.add(key, now)


LIMITS = Limits()


def _client_address(scope) -> str:
    """Like :func:`hibrida.throttles.client_address`: the peer, or the one proxy's header."""
    if settings.HIBRIDA_BEHIND_PROXY:
        for name, value in scope["headers"]:
            if name == b"x-forwarded-for" and value.strip():
                return value.decode("latin-1").split(",")[-1].strip()
    client = scope.get("client")
    return client[0] if client else "unknown"


def _relying_party(scope) -> tuple[str, list[str]]:
    """Like the ninja route's: the configured RP ID and origins, or the request's host."""
    host = ""
    for name, value in scope["headers"]:
        if name == b"host":
            host = value.decode("latin-1")
            break
    return passkeys.relying_party(host=host, secure=scope.get("scheme") == "https")


async def _respond(send, status: int, body: dict, headers=()) -> None:
    counters.count_status(status, fastpath=True)
    payload = json.dumps(body, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                *JSON_HEADERS,
                *headers,
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


async def _read_body(receive) -> bytes | None:
    """The body, or None when it exceeds the limit (the rest is not buffered)."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b""
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


async def check_in(scope, receive, send, token: str) -> None:
    """The lean handler; same answers as :func:`hibrida.presence.api.create_check_in`."""
    address = _client_address(scope)
    wait = LIMITS.admit(token, address, time.monotonic())
    if wait is not None:
        seconds = math.ceil(wait)
        detail = f"Terlalu banyak permintaan. Coba lagi dalam {seconds} detik."
        await _respond(send, 429, {"detail": detail}, [(b"retry-after", str(seconds).encode())])
        return
    raw = await _read_body(receive)
    if raw is None:
        await _respond(send, 413, TOO_LARGE)
        return
    try:
        payload = parse_check_in(raw)
    except BadRequest as err:
        await _respond(send, err.status, err.body)
        return
    try:
        # Bounded: if the writer never answers, the phone retries with the same UUID.
        status, body = await asyncio.wait_for(
            WRITER.submit(token, payload, timezone.now(), _relying_party(scope)),
            ANSWER_TIMEOUT_S,
        )
    except TimeoutError:
        status, body = 503, BUSY
    if status == 401:
        LIMITS.auth_failed(token, address, time.monotonic())
    await _respond(send, status, body)


async def application(scope, receive, send):
    """Route bearer-token check-ins to the lean handler, everything else to Django."""
    if scope["type"] == "http" and scope["path"] == PATH and scope["method"] == "POST":
        for name, value in scope["headers"]:
            if name == b"authorization" and value[:7].lower() == b"bearer ":
                await check_in(scope, receive, send, value[7:].strip().decode("latin-1"))
                return
    if scope["type"] != "http":
        await django_application(scope, receive, send)
        return

    async def counting_send(message):
        if message["type"] == "http.response.start":
            counters.count_status(message["status"])
        await send(message)

    await django_application(scope, receive, counting_send)
