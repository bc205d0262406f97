"""`make prod-check`: the production topology on 127.0.0.1, a smoke journey, crash drills.

Steps and what each proves: docs/operations.md, "prod-check". Exits 1 naming the broken step.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
from celery import Celery

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PASSWORD = "Bekasi2026!"  # hibrida.demo.accounts.DEMO_PASSWORD (importing it needs Django)
ZONE = ZoneInfo("Asia/Jakarta")
SUMMARY_TASK = "monitoring.tasks.refresh_daily_summary"


TEMPLATE_PREFIX = "hibrida_prodcheck_tpl_"


def template_name() -> str:
    """Named after everything that shapes the seeded database, so a change builds a new one."""
    digest = hashlib.sha256()
    src = ROOT / "src" / "hibrida"
    for path in sorted(
        [*src.glob("*/migrations/*.py"), *src.glob("demo/*.py"), *src.glob("org/*.py")]
    ):
        digest.update(str(path.relative_to(src)).encode())
        digest.update(path.read_bytes())
    return TEMPLATE_PREFIX + digest.hexdigest()[:16]


class StepFailed(Exception):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(what: str, test: Callable[[], object], timeout: float, every: float = 0.2):
    """Poll ``test`` until it returns something truthy; fail naming ``what``."""
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while time.monotonic() < deadline:
        try:
            value = test()
        except (OSError, urllib.error.URLError, psycopg.Error) as err:
            last_error, value = err, None
        if value:
            return value
        time.sleep(every)
    raise StepFailed(
        f"timed out after {timeout:.0f} s waiting for {what} (last error: {last_error})"
    )


def reap(proc: subprocess.Popen) -> None:
    """Wait for a signalled process group; SIGKILL it when it does not stop in time."""
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


class Http:
    """A browser-like client: cookies, CSRF token, no redirects followed."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(self, method: str, path: str, *, form=None, body=None, headers=None):
        data, head = None, dict(headers or {})
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            head["Content-Type"] = "application/x-www-form-urlencoded"
            head["Referer"] = self.base + path
        elif body is not None:
            data = json.dumps(body).encode()
            head["Content-Type"] = "application/json"
        req = urllib.request.Request(self.base + path, data=data, headers=head, method=method)
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def login(self, username: str) -> None:
        status, _ = self.request("GET", "/masuk/")
        if status != 200:
            raise StepFailed(f"GET /masuk/ answered {status}")
        status, text = self.request(
            "POST",
            "/masuk/",
            form={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
        )
        if status != 302:
            raise StepFailed(f"login of {username} answered {status}: {text[:300]}")


class Topology:
    """The processes: a private redis-server, uvicorn, one celery worker, celery beat."""

    def __init__(self, work: Path):
        self.work = work
        self.redis_port = free_port()
        self.web_port = free_port()
        self.db = f"hibrida_prodcheck_{os.getpid()}"
        admin = urllib.parse.urlsplit(PG_URL)
        self.db_url = urllib.parse.urlunsplit(admin._replace(path="/" + self.db))
        self.metrics_token = secrets.token_urlsafe(24)
        self.procs: dict[str, subprocess.Popen] = {}
        self.db_created = False
        var = work / "var"
        (var / "static").mkdir(parents=True)
        self.env = {
            **os.environ,
            "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
            "DJANGO_SETTINGS_MODULE": "hibrida.settings",
            "HIBRIDA_DEBUG": "0",
            "HIBRIDA_SECRET_KEY": secrets.token_urlsafe(50),
            "HIBRIDA_ALLOWED_HOSTS": "127.0.0.1",
            "HIBRIDA_VAR_DIR": str(var),
            "DATABASE_URL": self.db_url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "HIBRIDA_METRICS_TOKEN": self.metrics_token,
            # Short enough to watch within the run; production keeps the defaults.
            "HIBRIDA_HEARTBEAT_S": "2",
            "HIBRIDA_HEARTBEAT_MAX_AGE_S": "8",
            "HIBRIDA_TASK_VISIBILITY_TIMEOUT_S": "4",
            "HIBRIDA_LOG_LEVEL": "ERROR",
            # The smoke employee has no enrolled passkey: its check-in is stored FLAGGED
            # ("no_passkey") instead of refused. The passkey layer itself is covered by
            # tests/presence/test_passkey*.py and the virtual-authenticator browser test.
            "HIBRIDA_PASSKEY_DEFAULT_MODE": "fallback",
        }
        self.celery = Celery(broker=self.env["REDIS_URL"], backend=self.env["REDIS_URL"])
        self.celery.conf.broker_connection_retry_on_startup = True

    def log(self, name: str) -> Path:
        return self.work / f"{name}.log"

    def spawn(self, name: str, args: list[str]) -> None:
        with self.log(name).open("ab") as out:
            # A session of its own: SIGKILL reaches the prefork children too.
            self.procs[name] = subprocess.Popen(
                args,
                cwd=self.work,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "hibrida.cli", *args],
            env=self.env,
            cwd=self.work,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise StepFailed(f"hibrida {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start_redis(self) -> None:
        self.spawn(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.work),
            ],
        )
        wait_for(
            "redis-server", lambda: socket.create_connection(("127.0.0.1", self.redis_port)), 10
        )

    def start_web(self) -> None:
        self.spawn(
            "web",
            [
                sys.executable,
                "-m",
                "uvicorn",
                "hibrida.presence.fastpath:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.web_port),
                "--workers",
                "1",
                "--http",
                "httptools",
                "--loop",
                "uvloop",
                "--no-access-log",
            ],
        )

    def start_worker(self) -> None:
        self.spawn(
            "worker",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "hibrida.celery",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "1",
                "--loglevel",
                "WARNING",
                "-n",
                "prodcheck@%h",
            ],
        )

    def start_beat(self) -> None:
        self.spawn(
            "beat",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "hibrida.celery",
                "beat",
                "--loglevel",
                "WARNING",
                "--schedule",
                str(self.work / "beat-schedule"),
            ],
        )

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        proc = self.procs.pop(name, None)
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            reap(proc)

    def stop_all(self) -> None:
        # Signalled together, then waited for: each takes a few seconds to shut down cleanly.
        running = [p for p in self.procs.values() if p.poll() is None]
        self.procs.clear()
        for proc in running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in running:
            reap(proc)
        if self.db_created:
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)')

    def sql(self, query: str, params=()) -> list[tuple]:
        with psycopg.connect(self.db_url, autocommit=True) as conn:
            return conn.execute(query, params).fetchall()


class Check:
    def __init__(self, top: Topology):
        self.top = top
        self.web = Http(f"http://127.0.0.1:{top.web_port}")
        self.token = ""
        self.today = dt.datetime.now(ZONE).date()
        self.figures: dict[str, object] = {}

    def healthz(self) -> tuple[int, dict]:
        status, text = self.web.request("GET", "/healthz")
        return status, json.loads(text)

    def healthy(self) -> bool:
        status, _ = self.healthz()
        return status == 200

    # --- the steps ---------------------------------------------------------------------------

    def database(self) -> None:
        """A fresh database copied from a migrated, seeded template; the template is built once
        per set of migrations and demo code (building it takes most of a minute)."""
        name = template_name()
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            known = {r[0] for r in conn.execute("SELECT datname FROM pg_database").fetchall()}
        if name not in known:
            self.build_template(name, known)
        else:
            print(f"     database copied from the template {name}", flush=True)
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.top.db}" TEMPLATE "{name}"')
        self.top.db_created = True

    def build_template(self, name: str, known: set[str]) -> None:
        top = self.top
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{top.db}"')
        top.db_created = True
        top.manage("migrate", "--verbosity", "0")
        top.manage("seed_demo", "--employees", "500", "--skip-apps")
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            try:
                conn.execute(f'ALTER DATABASE "{top.db}" RENAME TO "{name}"')
            except psycopg.errors.DuplicateDatabase:
                conn.execute(f'DROP DATABASE "{top.db}"')  # another run built it meanwhile
            top.db_created = False
            for old in known:
                if old.startswith(TEMPLATE_PREFIX) and old != name:
                    conn.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
        print(f"     template {name} built (later runs copy it)", flush=True)

    def processes(self) -> None:
        top = self.top
        top.start_redis()
        top.start_web()
        top.start_worker()
        top.start_beat()
        wait_for("uvicorn to answer /healthz", lambda: self.web.request("GET", "/healthz")[0], 30)
        # 200 needs the database, Redis and a heartbeat that beat sent and a worker ran.
        wait_for("/healthz 200 (database, Redis, beat heartbeat)", self.healthy, 60)

    def login_and_token(self) -> None:
        self.web.login("asn")
        status, text = self.web.request(
            "POST",
            "/akun/token/",
            form={"name": "prod-check", "csrfmiddlewaretoken": self.web.csrf()},
        )
        found = re.search(r'data-testid="new-token">([^<]+)<', text)
        if status != 200 or not found:
            raise StepFailed(f"token page answered {status} without a new token")
        self.token = html.unescape(found.group(1)).strip()

    def check_in(self) -> None:
        body = {
            "uuid": str(uuid.uuid4()),
            "kind": "in",
            "device_time": dt.datetime.now(ZONE).isoformat(),
            "latitude": -6.2383,
            "longitude": 106.9756,
            "accuracy_m": 12.0,
            "device_id": "prod-check",
        }
        auth = {"Authorization": f"Bearer {self.token}"}
        status, text = self.web.request(
            "POST", "/api/v1/presence/check-ins", body=body, headers=auth
        )
        if status != 201:
            raise StepFailed(f"check-in answered {status}: {text[:300]}")
        status, text = self.web.request(
            "POST", "/api/v1/presence/check-ins", body=body, headers=auth
        )
        if status != 200:
            raise StepFailed(
                f"the same check-in sent again answered {status}, not 200: {text[:300]}"
            )
        stored = self.top.sql(
            "SELECT count(*) FROM presence_checkin WHERE client_uuid = %s", [body["uuid"]]
        )[0][0]
        if stored != 1:
            raise StepFailed(f"{stored} rows stored for one check-in sent twice")

    def daily_report(self) -> None:
        auth = {"Authorization": f"Bearer {self.token}"}
        marker = f"Uji produksi {secrets.token_hex(4)}"
        draft = {
            "day": self.today.isoformat(),
            "note": "",
            "activities": [
                {
                    "description": marker,
                    "output": "Catatan uji",
                    "quantity": "1",
                    "unit": "dokumen",
                    "minutes": 60,
                }
            ],
        }
        status, text = self.web.request(
            "POST", "/api/v1/activity/reports", body=draft, headers=auth
        )
        if status != 200:
            raise StepFailed(f"report draft answered {status}: {text[:300]}")
        report = json.loads(text)["id"]
        status, text = self.web.request(
            "POST", f"/api/v1/activity/reports/{report}/submit", body={}, headers=auth
        )
        if status != 200:
            raise StepFailed(f"report submit answered {status}: {text[:300]}")
        status, text = self.web.request("GET", f"/laporan/{report}/")
        if status != 200 or marker not in text:
            raise StepFailed(f"the report page (answer {status}) does not show the activity")

    def task_result_on_page(self) -> None:
        result = self.top.celery.send_task(SUMMARY_TASK)
        rows = result.get(timeout=30)
        if not rows.get("person_rows"):
            raise StepFailed(f"summary refresh wrote no person rows: {rows}")
        admin = Http(self.web.base)
        admin.login("bkpsdm")
        status, text = admin.request("GET", "/pemantauan/kota/figur/")
        shown = re.search(
            r"Ringkasan diperbarui</?[^:]*: (\d\d-\d\d-\d{4} \d\d:\d\d)", text
        ) or re.search(r"Ringkasan diperbarui: (\d\d-\d\d-\d{4} \d\d:\d\d)", text)
        if status != 200 or not shown:
            raise StepFailed(f"city dashboard (answer {status}) shows no refresh time")
        if not shown.group(1).startswith(self.today.strftime("%d-%m-%Y")):
            raise StepFailed(f"city dashboard shows refresh time {shown.group(1)}, not today")

    def metrics(self) -> None:
        status, _ = self.web.request("GET", "/metrics")
        if status != 403:
            raise StepFailed(f"/metrics without the token answered {status}, not 403")
        auth = {"Authorization": f"Bearer {self.top.metrics_token}"}
        status, text = self.web.request("GET", "/metrics", headers=auth)
        wanted = [
            'hibrida_checkin_fastpath_responses_total{class="2xx"} 2',
            "hibrida_checkin_batch_size_count 2",
            "hibrida_task_lag_seconds ",
            "hibrida_beat_heartbeat_age_seconds ",
        ]
        missing = [w for w in wanted if w not in text]
        if status != 200 or missing:
            raise StepFailed(f"/metrics (answer {status}) lacks {missing}")

    def worker_killed_mid_task(self) -> None:
        """SIGKILL the worker while the summary task holds its rows uncommitted; the task must
        run again after the broker's visibility timeout and leave one result, not two."""
        top = self.top
        day = self.today - dt.timedelta(days=3)
        object_id = f"{day}..{day}"
        with psycopg.connect(top.db_url) as blocker:
            # The task's last statement appends its audit event under this row's lock: holding
            # it stops the task after it deleted and rewrote the summary, before the commit.
            blocker.execute("SELECT 1 FROM audit_chainhead WHERE id = 1 FOR UPDATE")
            result = top.celery.send_task(SUMMARY_TASK, kwargs={"start": str(day), "end": str(day)})
            wait_for(
                "the worker to block inside the summary task",
                lambda: top.sql(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s"
                    " AND wait_event_type = 'Lock'",
                    [top.db],
                ),
                20,
                0.05,
            )
            killed_at = time.monotonic()
            top.kill("worker", signal.SIGKILL)
            if result.state != "STARTED":
                raise StepFailed(f"task state after the kill is {result.state}, not STARTED")
            blocker.rollback()
        events = lambda: top.sql(  # noqa: E731
            "SELECT count(*) FROM audit_auditevent WHERE action = 'monitoring.summary_refreshed'"
            " AND object_id = %s",
            [object_id],
        )[0][0]
        if events() != 0:
            raise StepFailed("the killed task's work was committed")
        # A new worker takes the unacknowledged task once the visibility timeout has passed.
        visibility = float(top.env["HIBRIDA_TASK_VISIBILITY_TIMEOUT_S"])
        time.sleep(max(0.0, visibility + 0.5 - (time.monotonic() - killed_at)))
        top.start_worker()
        rows = result.get(timeout=60)
        wait_for("the re-run's audit event", events, 10)
        time.sleep(1.0)
        count = events()
        stored = top.sql(
            "SELECT count(*) FROM monitoring_persondailysummary WHERE day = %s", [day]
        )[0][0]
        if count != 1 or stored != rows["person_rows"]:
            raise StepFailed(
                f"after the re-run: {count} audit events (want 1), {stored} summary rows "
                f"(task reported {rows['person_rows']})"
            )
        self.figures["rerun_person_rows"] = stored

    def redis_restart(self) -> None:
        top = self.top
        top.kill("redis", signal.SIGTERM)
        status, body = wait_for(
            "/healthz to report Redis down",
            lambda: (lambda s, b: (s, b) if s == 503 else None)(*self.healthz()),
            15,
        )
        if "redis" not in body["failing"]:
            raise StepFailed(f"/healthz with Redis down names {body['failing']}, not redis")
        top.start_redis()
        # Redis kept nothing: 200 again needs beat to send and a worker to run a new heartbeat.
        wait_for("/healthz 200 after the Redis restart", self.healthy, 60, 0.5)
        rows = top.celery.send_task(SUMMARY_TASK).get(timeout=30)
        if "person_rows" not in rows:
            raise StepFailed(f"task after the Redis restart returned {rows}")
        self.check_in()


def main() -> int:
    if shutil.which("redis-server") is None:
        print("prod-check: redis-server not found", file=sys.stderr)
        return 1
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="hibrida-prodcheck-"))
    top = Topology(work)
    check = Check(top)
    steps = [
        ("fresh PostgreSQL database, migrate, seed 500 ASN", check.database),
        ("start redis, uvicorn, celery worker, celery beat", check.processes),
        ("log in (asn) and create an API token", check.login_and_token),
        ("check in through the API (fast path), replay answered 200", check.check_in),
        ("write and submit a daily report, see it on its page", check.daily_report),
        (
            "summary refresh run by the worker, shown on the city dashboard",
            check.task_result_on_page,
        ),
        ("/metrics: 403 without token, counters with it", check.metrics),
        (
            "SIGKILL the worker mid-task: re-run once, nothing lost or doubled",
            check.worker_killed_mid_task,
        ),
        ("restart Redis: /healthz 503 then 200, worker and fast path recover", check.redis_restart),
    ]
    failed = None
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        for title, step in steps:
            at = time.monotonic()
            try:
                step()
            except StepFailed as err:
                failed = (title, str(err))
            except Exception as err:  # noqa: BLE001 — reported as this step's failure, then exit 1
                failed = (title, f"{err.__class__.__name__}: {err}")
            print(
                f"{'ok  ' if failed is None else 'FAIL'} {time.monotonic() - at:6.1f} s  {title}",
                flush=True,
            )
            if failed:
                break
    finally:
        at = time.monotonic()
        top.stop_all()
        print(f"ok   {time.monotonic() - at:6.1f} s  stop every process, drop the database")
    total = time.monotonic() - started
    if failed:
        print(f"\nprod-check FAILED at step: {failed[0]}\n  {failed[1]}", file=sys.stderr)
        print(f"  logs kept in {work}", file=sys.stderr)
        return 1
    shutil.rmtree(work, ignore_errors=True)
    print(f"prod-check passed in {total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
