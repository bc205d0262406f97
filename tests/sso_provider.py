"""Start the real OpenID Connect provider of tests/oidc_provider (Node, panva's oidc-provider)
and walk its login form over HTTP, as a browser would."""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

PROVIDER_DIR = Path(__file__).parent / "oidc_provider"
CLIENT_ID = "hibrida-uji"
CLIENT_SECRET = "rahasia-uji-bukan-produksi"
CALLBACK = "http://testserver/masuk/sso/kembali/"
AFTER_LOGOUT = "http://testserver/masuk/"

# Valid NIPs (birth date, TMT CPNS, gender, sequence) worked out by hand.
NIP_BUDI = "198503122010011004"  # born 12 Mar 1985, CPNS Jan 2010, male, no. 4
NIP_SITI = "199001012015022001"  # born 1 Jan 1990, CPNS Feb 2015, female, no. 1
NIP_UNKNOWN = "197807172005011002"  # born 17 Jul 1978, CPNS Jan 2005, male, no. 2

USERS = {
    "budi": {
        "password": "sandi-budi",
        "sub": "3f0c-budi",
        "claims": {"preferred_username": NIP_BUDI, "name": "Budi Santoso"},
    },
    "siti": {
        "password": "sandi-siti",
        "sub": "3f0c-siti",
        "claims": {"preferred_username": NIP_SITI, "name": "Siti Aminah"},
    },
    "asing": {
        "password": "sandi-asing",
        "sub": "3f0c-asing",
        "claims": {"preferred_username": NIP_UNKNOWN, "name": "Orang Asing"},
    },
    "bukan-nip": {
        "password": "sandi-x",
        "sub": "3f0c-x",
        "claims": {"preferred_username": "admin-realm", "name": "Admin Realm"},
    },
}


@dataclass
class Provider:
    issuer: str
    process: subprocess.Popen
    output: list[str] = field(default_factory=list)


def _config(redirect_uris: list[str], post_logout: list[str]) -> dict:
    return {
        "realm": "hibrida-uji",
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": redirect_uris,
                "post_logout_redirect_uris": post_logout,
            },
            # Another application of the same realm: its tokens are not meant for Hibrida.
            {"client_id": "aplikasi-lain", "client_secret": "lain", "redirect_uris": redirect_uris},
            {"client_id": "hibrida-publik", "redirect_uris": redirect_uris},
        ],
        "users": USERS,
    }


@contextmanager
def running_provider(
    redirect_uris: list[str] = [CALLBACK],  # noqa: B006 (read only)
    post_logout: list[str] = [AFTER_LOGOUT],  # noqa: B006
) -> Iterator[Provider]:
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError(
            "tests/oidc_provider/node_modules is missing: run `make install-dev` (npm ci there)."
        )
    env = {**os.environ, "OIDC_TEST_CONFIG": json.dumps(_config(redirect_uris, post_logout))}
    process = subprocess.Popen(
        ["node", "server.mjs"],
        cwd=PROVIDER_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()
    issuer: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip())
            if line.startswith("READY "):
                issuer.append(line.split(" ", 1)[1].strip())
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        # Generous: Node's start-up on a loaded 2-core machine took up to a few seconds.
        if not ready.wait(60) or not issuer:
            raise RuntimeError("the test OIDC provider did not start:\n" + "\n".join(lines))
        yield Provider(issuer[0], process, lines)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def provider_login(authorize_url: str, username: str, password: str, session=None) -> str:
    """Follow the provider from ``authorize_url`` through its login form; return the URL it
    sends the browser back to (Hibrida's callback with code and state)."""
    session = session or requests.Session()
    url = authorize_url
    for _ in range(10):
        response = session.get(url, allow_redirects=False, timeout=30)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            if url.startswith("http://testserver"):
                return url
            continue
        form = re.search(r'<form id="kc-form-login" method="post" action="([^"]+)"', response.text)
        assert form, f"no login form at {url}: {response.status_code} {response.text[:300]}"
        url = urljoin(url, form.group(1))
        response = session.post(
            url,
            data={"username": username, "password": password},
            allow_redirects=False,
            timeout=30,
        )
        assert response.status_code == 303, response.text[:300]
        url = urljoin(url, response.headers["Location"])
        if url.startswith("http://testserver"):
            return url
    raise AssertionError("the provider never sent the browser back")


def asks_for_password(authorize_url: str, session) -> bool:
    """Whether the provider shows its login form (no live provider session) for this request,
    rather than sending the browser straight back to Hibrida."""
    url = authorize_url
    for _ in range(10):
        response = session.get(url, allow_redirects=False, timeout=30)
        if response.status_code not in (302, 303):
            return 'id="kc-form-login"' in response.text
        url = urljoin(url, response.headers["Location"])
        if url.startswith("http://testserver"):
            return False
    raise AssertionError("the provider kept redirecting")


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def local_path(url: str) -> str:
    """``http://testserver/path?query`` as the path and query Django's test client takes."""
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")
