"""Client of BKN's SIASN web service (API gateway ``apimws.bkn.go.id``). No Django import.

Two tokens on every call: the gateway's (OAuth2 client credentials with the instansi's
consumer key) and an SSO token (Keycloak, realm ``public-siasn``); both are cached until shortly
before they expire. What is confirmed and what is assumed is listed in docs/national.md.
"""

from __future__ import annotations

import base64
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

# A token is renewed this many seconds before its stated expiry, so a call never carries a
# token that dies in flight.
EXPIRY_MARGIN_S = 30


class SiasnError(Exception):
    """A call failed for good (after the retries); ``message`` is Indonesian, for the page."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class SiasnMalformed(SiasnError):
    """The gateway answered something that is not the ``{code, count, data, message}`` wrapper."""


@dataclass(frozen=True)
class SiasnConfig:
    base_url: str  # e.g. https://apimws.bkn.go.id:8243/apisiasn/1.0
    token_url: str  # gateway OAuth2 token endpoint
    sso_token_url: str  # Keycloak token endpoint of realm public-siasn
    consumer_key: str
    consumer_secret: str
    sso_client_id: str
    sso_username: str
    sso_password: str
    timeout_s: float = 20.0
    max_retries: int = 4
    backoff_s: float = 1.0  # first wait; doubled per retry
    max_backoff_s: float = 60.0

    @property
    def configured(self) -> bool:
        return bool(self.base_url and self.consumer_key and self.sso_username)


@dataclass
class _Token:
    value: str
    expires_at: float


@dataclass(frozen=True)
class Envelope:
    """The gateway's wrapper around every answer."""

    code: int
    count: int | None
    data: Any
    message: str


def parse_envelope(raw: bytes) -> Envelope:
    """The wrapper of one answer; :class:`SiasnMalformed` names what is wrong."""
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SiasnMalformed(f"Jawaban SIASN bukan JSON yang sah ({exc}).") from None
    if not isinstance(body, dict) or "code" not in body or "data" not in body:
        raise SiasnMalformed("Jawaban SIASN tidak memakai bungkus {code, count, data, message}.")
    code = body["code"]
    if not isinstance(code, int) or isinstance(code, bool):
        raise SiasnMalformed(f"Kolom 'code' jawaban SIASN bukan bilangan: {code!r}.")
    count = body.get("count")
    if count is not None and not isinstance(count, int):
        raise SiasnMalformed(f"Kolom 'count' jawaban SIASN bukan bilangan: {count!r}.")
    return Envelope(code, count, body["data"], str(body.get("message") or ""))


def _retry_after(headers: Message) -> float | None:
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: fall back to the backoff


@dataclass
class SiasnClient:
    """One client per process and configuration; tokens live in the instance."""

    config: SiasnConfig
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _gateway: _Token | None = field(default=None, init=False, repr=False)
    _sso: _Token | None = field(default=None, init=False, repr=False)
    token_requests: int = field(default=0, init=False)

    # --- tokens ---------------------------------------------------------------------------

    def _fetch_token(self, url: str, form: dict[str, str], basic: tuple[str, str] | None) -> _Token:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if basic is not None:
            pair = f"{basic[0]}:{basic[1]}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        status, _, raw = self._send("POST", url, urllib.parse.urlencode(form).encode(), headers)
        self.token_requests += 1
        if status != 200:
            raise SiasnError(f"Token SIASN ditolak (HTTP {status}).", status=status)
        try:
            body = json.loads(raw.decode("utf-8"))
            token, lifetime = str(body["access_token"]), float(body.get("expires_in", 300))
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError):
            raise SiasnMalformed("Jawaban token SIASN tidak sah.") from None
        return _Token(token, self.clock() + lifetime - EXPIRY_MARGIN_S)

    def _valid(self, token: _Token | None) -> bool:
        return token is not None and token.expires_at > self.clock()

    def gateway_token(self) -> str:
        if not self._valid(self._gateway):
            cfg = self.config
            self._gateway = self._fetch_token(
                cfg.token_url,
                {"grant_type": "client_credentials"},
                (cfg.consumer_key, cfg.consumer_secret),
            )
        assert self._gateway is not None
        return self._gateway.value

    def sso_token(self) -> str:
        if not self._valid(self._sso):
            cfg = self.config
            self._sso = self._fetch_token(
                cfg.sso_token_url,
                {
                    "grant_type": "password",
                    "client_id": cfg.sso_client_id,
                    "username": cfg.sso_username,
                    "password": cfg.sso_password,
                },
                None,
            )
        assert self._sso is not None
        return self._sso.value

    def forget_tokens(self) -> None:
        self._gateway = self._sso = None

    # --- transport ------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        url: str,
        body: bytes | None,
        headers: dict[str, str],
    ) -> tuple[int, Message, bytes]:
        """One request with retries on 429, 5xx and timeouts; other statuses are returned."""
        attempt = 0
        while True:
            request = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=self.config.timeout_s) as response:
                    return response.status, response.headers, response.read()
            except urllib.error.HTTPError as exc:
                status, answer_headers, raw = exc.code, exc.headers, exc.read()
                if status != 429 and status < 500:
                    return status, answer_headers, raw
                wait = _retry_after(answer_headers) if status == 429 else None
                reason = f"HTTP {status}"
            except TimeoutError:
                wait, reason, status = None, "batas waktu habis", None
            except urllib.error.URLError as exc:
                if not isinstance(exc.reason, TimeoutError | socket.timeout | ConnectionError):
                    raise SiasnError(f"SIASN tidak dapat dihubungi: {exc.reason}.") from None
                wait, reason, status = None, "koneksi gagal", None
            attempt += 1
            if attempt > self.config.max_retries:
                raise SiasnError(
                    f"SIASN gagal setelah {attempt} percobaan ({reason}).", status=status
                )
            backoff = min(self.config.max_backoff_s, self.config.backoff_s * 2 ** (attempt - 1))
            self.sleep(backoff if wait is None else min(wait, self.config.max_backoff_s))

    def call(self, method: str, path: str, payload: Any = None) -> Envelope:
        """One gateway operation; an expired token (401) is renewed and the call made once more."""
        body = None if payload is None else json.dumps(payload).encode()
        for renewed in (False, True):
            headers = {
                "Accept": "application/json",
                "Authorization": f"Bearer {self.gateway_token()}",
                "Auth": f"bearer {self.sso_token()}",
            }
            if body is not None:
                headers["Content-Type"] = "application/json"
            status, _, raw = self._send(
                method, self.config.base_url.rstrip("/") + path, body, headers
            )
            if status == 401 and not renewed:
                self.forget_tokens()
                continue
            if status == 401:
                raise SiasnError("SIASN menolak token yang baru diperbarui (HTTP 401).", status=401)
            if status >= 400 and status != 404:
                raise SiasnError(f"SIASN menolak permintaan (HTTP {status}).", status=status)
            return parse_envelope(raw)
        raise AssertionError("unreachable")  # pragma: no cover

    # --- operations -----------------------------------------------------------------------

    def ref_unor(self) -> list[dict[str, Any]]:
        """The organisation tree: ``Id``, ``NamaUnor``, ``DiatasanId``, ``PemimpinPnsId``."""
        envelope = self.call("GET", "/referensi/ref-unor")
        if envelope.code != 1 or not isinstance(envelope.data, list):
            raise SiasnMalformed(f"Referensi unor tidak berupa daftar: {envelope.message}")
        return [row for row in envelope.data if isinstance(row, dict)]

    def data_utama(self, nip: str) -> dict[str, Any] | None:
        """An ASN's master data, or None when SIASN does not know the NIP (code 0)."""
        envelope = self.call("GET", f"/pns/data-utama/{urllib.parse.quote(nip)}")
        if envelope.code == 0:
            return None
        if envelope.code != 1 or not isinstance(envelope.data, dict):
            raise SiasnMalformed(f"Data utama {nip} tidak berupa objek: {envelope.message}")
        return envelope.data

    def history(self, kind: str, nip: str) -> list[dict[str, Any]]:
        """``/pns/rw-<kind>/{nip}`` (e.g. kinerjaperiodik, skp22): stored records, for the
        check before a write."""
        envelope = self.call("GET", f"/pns/rw-{kind}/{urllib.parse.quote(nip)}")
        if envelope.code == 0:
            return []
        if envelope.code != 1 or not isinstance(envelope.data, list):
            raise SiasnMalformed(f"Riwayat {kind} {nip} tidak berupa daftar: {envelope.message}")
        return [row for row in envelope.data if isinstance(row, dict)]

    def save(self, operation: str, payload: dict[str, Any]) -> str:
        """``POST /<operation>/save``; the id BKN gave the record."""
        envelope = self.call("POST", f"/{operation}/save", payload)
        if envelope.code != 1:
            raise SiasnError(f"BKN menolak data {operation}: {envelope.message or envelope.data}")
        data = envelope.data
        record_id = data.get("id") if isinstance(data, dict) else data
        if not record_id:
            raise SiasnMalformed(f"BKN tidak mengembalikan id untuk {operation}.")
        return str(record_id)
