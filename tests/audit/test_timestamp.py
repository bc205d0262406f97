"""RFC 3161 time-stamps of the daily anchors, against a local authority made with `openssl ts`."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import itertools
import json
import subprocess
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from hibrida.audit import services
from hibrida.audit.anchors import anchor_digest
from hibrida.audit.models import AuditEvent, ChainHead, DailyAnchor
from hibrida.audit.tasks import anchor_yesterday
from hibrida.audit.timestamp import TimestampError, check_token
from tests.audit.test_anchors import _events_on

TSA_CNF = """
[ tsa ]
default_tsa = uji
[ uji ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""

TSA_EXT = """basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
"""


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _make_ca(folder: Path, name: str) -> None:
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key",
        "-out", f"{name}.pem", "-days", "2", "-subj", f"/CN=Uji {name}", cwd=folder,
    )  # fmt: skip


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    """A CA, a TSA certificate it signed, and an HTTP server answering with `openssl ts -reply`."""
    folder = tmp_path_factory.mktemp("tsa")
    _make_ca(folder, "ca")
    _make_ca(folder, "lain")  # an unrelated CA: a token must not verify against it
    (folder / "tsa_ext.cnf").write_text(TSA_EXT)
    (folder / "tsa.cnf").write_text(TSA_CNF.format(dir=folder))
    (folder / "serial").write_text("01\n")
    _openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr",
        "-subj", "/CN=Uji TSA", cwd=folder,
    )  # fmt: skip
    _openssl(
        "x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "tsa.pem", "-days", "2", "-extfile", "tsa_ext.cnf",
        cwd=folder,
    )  # fmt: skip
    counter = itertools.count()
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with lock:
                n = next(counter)
                query, reply = folder / f"q{n}.tsq", folder / f"r{n}.tsr"
                query.write_bytes(body)
                _openssl(
                    "ts", "-reply", "-config", "tsa.cnf", "-queryfile", query.name,
                    "-out", reply.name, cwd=folder,
                )  # fmt: skip
            answer = reply.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}/", "folder": folder}
    server.shutdown()
    server.server_close()


@pytest.fixture
def stamped(city, authority, settings):
    AuditEvent.objects.all().delete()
    ChainHead.objects.all().delete()
    d1 = timezone.localdate() - dt.timedelta(days=3)
    _events_on(d1, 3)
    services.anchor_day(day=d1)
    settings.HIBRIDA_TSA_URL = authority["url"]
    result = anchor_yesterday.delay().get()
    return d1, result


def test_rule_task_stores_a_token_over_each_anchor_line(stamped):
    d1, result = stamped
    assert result["timestamped"] == 2  # d1 and yesterday
    anchor = DailyAnchor.objects.get(day=d1)
    token = bytes(anchor.tsa_token)
    at = check_token(token, anchor_digest(anchor.day, anchor.last_seq, anchor.head_hash))
    assert at == anchor.tsa_time
    assert abs(timezone.now() - at) < dt.timedelta(minutes=5)
    # The token covers this line only: another head hash does not match it.
    with pytest.raises(TimestampError, match="tidak mencakup"):
        check_token(token, anchor_digest(anchor.day, anchor.last_seq, "0" * 64))
    assert AuditEvent.objects.filter(action="audit.anchor_timestamped").count() == 2
    # Already stamped: the next run asks for nothing.
    assert anchor_yesterday.delay().get()["timestamped"] == 0


def _external(tmp_path: Path) -> Path:
    path = tmp_path / "jangkar.jsonl"
    path.write_bytes(Client().get("/publik/jangkar-audit.jsonl").content)
    return path


def test_rule_verify_checks_token_signatures_against_the_authority_ca(stamped, authority, tmp_path):
    external = _external(tmp_path)
    assert all(json.loads(line)["tsa_token"] for line in external.read_text().splitlines())
    out = io.StringIO()
    ca = str(authority["folder"] / "ca.pem")
    call_command("verify_audit_log", "--anchors", str(external), "--tsa-ca", ca, stdout=out)
    assert "2 stempel waktu sah (tanda tangan diperiksa)" in out.getvalue()
    other = str(authority["folder"] / "lain.pem")
    with pytest.raises(CommandError, match="tanda tangan token tidak sah"):
        call_command("verify_audit_log", "--anchors", str(external), "--tsa-ca", other)


def test_rule_a_token_moved_to_another_line_is_refused(stamped, tmp_path):
    d1, _ = stamped
    lines = [json.loads(line) for line in _external(tmp_path).read_text().splitlines()]
    # The insider keeps the authority's token but changes the hash it vouches for.
    lines[0]["head_hash"] = "f" * 64
    forged = tmp_path / "palsu.jsonl"
    forged.write_text("".join(json.dumps(line) + "\n" for line in lines))
    with pytest.raises(CommandError) as caught:
        call_command("verify_audit_log", "--anchors", str(forged))
    message = str(caught.value)
    assert f"Stempel waktu hari {d1.isoformat()} tidak sah" in message
    assert f"sejak hari {d1.isoformat()}" in message


def test_rule_unreachable_authority_leaves_the_anchor_unstamped(city, settings):
    AuditEvent.objects.all().delete()
    ChainHead.objects.all().delete()
    settings.HIBRIDA_TSA_URL = "http://127.0.0.1:9/"  # discard port: connection refused
    result = anchor_yesterday.delay().get()
    assert result["timestamped"] == 0
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    assert DailyAnchor.objects.get(day=yesterday).tsa_token is None
