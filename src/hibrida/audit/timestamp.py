"""RFC 3161 time-stamps of the daily anchor lines (HIBRIDA_TSA_URL), built with asn1crypto.

The token proves an independent authority saw the line on a date; docs/operations.md says how
to check its signature with ``openssl ts -verify``.
"""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from asn1crypto import cms, tsp


class TimestampError(ValueError):
    """The authority refused, answered garbage, or the token does not cover the line."""


def build_request(digest: bytes, nonce: int) -> bytes:
    request = tsp.TimeStampReq(
        {
            "version": 1,
            "message_imprint": {
                "hash_algorithm": {"algorithm": "sha256"},
                "hashed_message": digest,
            },
            "nonce": nonce,
            "cert_req": True,
        }
    )
    return bytes(request.dump())


def _tst_info(token: cms.ContentInfo) -> tsp.TSTInfo:
    signed = token["content"]
    content = signed["encap_content_info"]
    if content["content_type"].native != "tst_info":
        raise TimestampError("token tidak berisi TSTInfo")
    return content["content"].parsed


def check_token(token_der: bytes, digest: bytes, nonce: int | None = None) -> dt.datetime:
    """The token's time, after checking it covers ``digest`` (and ``nonce`` when given)."""
    try:
        token = cms.ContentInfo.load(token_der)
        info = _tst_info(token)
        imprint = info["message_imprint"]
        algorithm = imprint["hash_algorithm"]["algorithm"].native
        hashed = imprint["hashed_message"].native
        gen_time = info["gen_time"].native
        token_nonce = info["nonce"].native
    except (ValueError, TypeError, KeyError) as err:
        raise TimestampError(f"token tidak dapat dibaca: {err}") from err
    if algorithm != "sha256" or hashed != digest:
        raise TimestampError("token tidak mencakup baris jangkar ini")
    if nonce is not None and token_nonce != nonce:
        raise TimestampError("nonce token tidak cocok dengan permintaan")
    return gen_time


def request_token(url: str, digest: bytes, timeout: float = 20.0) -> tuple[bytes, dt.datetime]:
    """Ask the authority at ``url`` to time-stamp ``digest``; (token DER, time) or raise."""
    nonce = secrets.randbits(63)
    http_request = urllib.request.Request(
        url,
        data=build_request(digest, nonce),
        headers={"Content-Type": "application/timestamp-query"},
        method="POST",
    )
    with urllib.request.urlopen(http_request, timeout=timeout) as response:  # noqa: S310
        body = response.read()
    try:
        reply = tsp.TimeStampResp.load(body)
        status = reply["status"]["status"].native
    except (ValueError, TypeError, KeyError) as err:
        raise TimestampError(f"jawaban otoritas waktu tidak dapat dibaca: {err}") from err
    if status not in ("granted", "granted_with_mods"):
        raise TimestampError(f"otoritas waktu menolak permintaan ({status})")
    token_der = bytes(reply["time_stamp_token"].dump())
    return token_der, check_token(token_der, digest, nonce)


def verify_signature(token_der: bytes, line: str, ca_file: Path) -> None:
    """Check the token's signature chains to ``ca_file`` (the openssl CLI), or raise."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise TimestampError("perintah openssl tidak ditemukan untuk memeriksa tanda tangan")
    with tempfile.TemporaryDirectory() as tmp:
        data, token = Path(tmp) / "line.txt", Path(tmp) / "token.tsr"
        data.write_text(line)
        token.write_bytes(token_der)
        result = subprocess.run(  # noqa: S603
            [
                openssl,
                "ts",
                "-verify",
                "-data",
                str(data),
                "-in",
                str(token),
                "-token_in",
                "-CAfile",
                str(ca_file),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise TimestampError(f"tanda tangan token tidak sah: {result.stderr.strip()[:200]}")
