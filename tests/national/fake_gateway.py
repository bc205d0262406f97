"""A small real HTTP server playing BKN's SIASN gateway, for contract tests of the client.

It serves the operations Hibrida uses in the gateway's wrapper ``{code, count, data,
message}``, checks both tokens on every call (gateway bearer in ``Authorization``, SSO bearer in
``Auth``), and can be told to fail: a status (401/429/5xx) or a timeout for the next calls of a
path, a malformed body, or every token issued so far expired.
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PREFIX = "/apisiasn/1.0"
CONSUMER = ("kunci-uji", "rahasia-uji")
SSO_USER = ("199001012015031001", "sandi-uji")


@dataclass
class Gateway:
    unors: list[dict[str, Any]] = field(default_factory=list)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    stored: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # "op:nip" -> records
    faults: dict[str, list[Any]] = field(
        default_factory=dict
    )  # path -> [status|"timeout"|"malformed"]
    token_ttl: int = 3600
    save_delay_s: float = 0.0
    # Hold the N-th save (1-based; 0 = none) until ``release`` is set: the test decides when
    # BKN finishes storing it, however slow the machine is.
    hold_save: int = 0
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    saves_started: int = 0
    valid_gateway: set[str] = field(default_factory=set)
    valid_sso: set[str] = field(default_factory=set)
    token_calls: int = 0
    calls: list[tuple[str, str]] = field(default_factory=list)
    saves: list[dict[str, Any]] = field(default_factory=list)
    save_started: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    def fail(self, path: str, *outcomes: Any) -> None:
        self.faults.setdefault(path, []).extend(outcomes)

    def expire_tokens(self) -> None:
        with self.lock:
            self.valid_gateway.clear()
            self.valid_sso.clear()

    def new_id(self) -> str:
        return f"bkn-{next(self._ids):05d}"


def _wrap(data: Any, code: int = 1, message: str = "success") -> bytes:
    count = len(data) if isinstance(data, list) else None
    return json.dumps({"code": code, "count": count, "data": data, "message": message}).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    gw: Gateway
    timeout_sleep: float

    def log_message(self, *args: Any) -> None:  # quiet test output
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _fault(self, path: str) -> bool:
        with self.gw.lock:
            queue = self.gw.faults.get(path)
            outcome = queue.pop(0) if queue else None
        if outcome is None:
            return False
        if outcome == "timeout":
            time.sleep(self.timeout_sleep)
            self._send(504, _wrap(None, 0, "terlambat"))
        elif outcome == "malformed":
            self._send(200, b"<html>Bad gateway page</html>")
        elif outcome == 429:
            self._send(429, _wrap(None, 0, "too many"), {"Retry-After": "0"})
        else:
            self._send(int(outcome), _wrap(None, 0, f"status {outcome}"))
        return True

    def _token(self, kind: str, ttl: int) -> None:
        with self.gw.lock:
            self.gw.token_calls += 1
            value = f"{kind}-{self.gw.token_calls}"
            (self.gw.valid_gateway if kind == "gw" else self.gw.valid_sso).add(value)
        self._send(
            200,
            json.dumps({"access_token": value, "expires_in": ttl, "token_type": "Bearer"}).encode(),
        )

    def _authorised(self) -> bool:
        bearer = self.headers.get("Authorization", "").removeprefix("Bearer ")
        sso = self.headers.get("Auth", "").removeprefix("bearer ")
        with self.gw.lock:
            return bearer in self.gw.valid_gateway and sso in self.gw.valid_sso

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        path = urllib.parse.urlsplit(self.path).path
        body = self._body()
        if path == "/oauth2/token":
            expected = "Basic " + base64.b64encode(":".join(CONSUMER).encode()).decode()
            form = urllib.parse.parse_qs(body.decode())
            if self.headers.get("Authorization") != expected or form.get("grant_type") != [
                "client_credentials"
            ]:
                self._send(401, b'{"error": "invalid_client"}')
                return
            self._token("gw", self.gw.token_ttl)
            return
        if path == "/sso/token":
            form = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode()).items()}
            if (form.get("username"), form.get("password")) != SSO_USER:
                self._send(401, b'{"error": "invalid_grant"}')
                return
            self._token("sso", self.gw.token_ttl)
            return
        if self._fault(path):
            return
        if not self._authorised():
            self._send(401, _wrap(None, 0, "token expired"))
            return
        operation = path.removeprefix(PREFIX + "/").removesuffix("/save")
        record = json.loads(body)
        with self.gw.lock:
            self.gw.saves_started += 1
            held = self.gw.saves_started == self.gw.hold_save
        self.gw.save_started.set()
        if held:
            self.gw.holding.set()
            self.gw.release.wait(120)
        elif self.gw.save_delay_s:
            time.sleep(self.gw.save_delay_s)
        with self.gw.lock:
            nip = next(
                (n for n, p in self.gw.people.items() if p.get("id") == record.get("pnsDinilaiId")),
                record.get("pnsDinilaiId"),
            )
            stored = {**record, "id": self.gw.new_id()}
            self.gw.stored.setdefault(f"{operation}:{nip}", []).append(stored)
            self.gw.saves.append({"operation": operation, "nip": nip, **record})
        self._send(200, _wrap({"id": stored["id"]}))

    def do_GET(self) -> None:  # noqa: N802
        path = urllib.parse.urlsplit(self.path).path
        with self.gw.lock:
            self.gw.calls.append(("GET", path))
        if self._fault(path):
            return
        if not self._authorised():
            self._send(401, _wrap(None, 0, "token expired"))
            return
        rest = path.removeprefix(PREFIX)
        if rest == "/referensi/ref-unor":
            self._send(200, _wrap(self.gw.unors))
        elif rest.startswith("/pns/data-utama/"):
            person = self.gw.people.get(rest.rsplit("/", 1)[1])
            self._send(200, _wrap(person) if person else _wrap(None, 0, "Data tidak ditemukan"))
        elif rest.startswith("/pns/rw-"):
            kind, nip = rest.removeprefix("/pns/rw-").split("/", 1)
            with self.gw.lock:
                records = list(self.gw.stored.get(f"{kind}:{nip}", []))
            self._send(200, _wrap(records) if records else _wrap(None, 0, "Data tidak ditemukan"))
        else:
            self._send(404, _wrap(None, 0, "not found"))


def handler_for(gw: Gateway, timeout_sleep: float) -> type[BaseHTTPRequestHandler]:
    return type("BoundHandler", (Handler,), {"gw": gw, "timeout_sleep": timeout_sleep})


class FakeGatewayServer:
    def __init__(self, gw: Gateway, *, timeout_sleep: float = 1.5) -> None:
        self.gw = gw
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(gw, timeout_sleep))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeGatewayServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def settings(self) -> dict[str, Any]:
        """The HIBRIDA_SIASN_* settings that point Hibrida at this server."""
        return {
            "HIBRIDA_SIASN_BASE_URL": self.url + PREFIX,
            "HIBRIDA_SIASN_TOKEN_URL": self.url + "/oauth2/token",
            "HIBRIDA_SIASN_SSO_TOKEN_URL": self.url + "/sso/token",
            "HIBRIDA_SIASN_CONSUMER_KEY": CONSUMER[0],
            "HIBRIDA_SIASN_CONSUMER_SECRET": CONSUMER[1],
            "HIBRIDA_SIASN_SSO_CLIENT_ID": "kotabekasiws",
            "HIBRIDA_SIASN_SSO_USERNAME": SSO_USER[0],
            "HIBRIDA_SIASN_SSO_PASSWORD": SSO_USER[1],
        }
