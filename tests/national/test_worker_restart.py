"""The write-back queue survives a worker killed in the middle of a send: a real Celery worker
process with the machine's Redis, killed (SIGKILL) while BKN's fake gateway is storing a record,
then started again; every record reaches the gateway exactly once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.db import connection

from hibrida.national import services
from hibrida.national.models import BknSubmission
from hibrida.org.models import Employee

from ..factories import EmployeeFactory
from .results import scored

SRC = str(Path(services.__file__).resolve().parents[2])
# A database of its own on the machine's Redis, so the default queue is this test's alone.
REDIS_URL = "redis://127.0.0.1:6379/5"
RECORDS = 5


def worker_database(tmp_path: Path) -> tuple[str, object]:
    """A URL the worker process can open with this test's committed rows, and a reader."""
    if connection.vendor == "sqlite":
        # The test database lives in this process's memory: hand the worker a file copy.
        path = tmp_path / "worker.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()

        def read() -> list[tuple]:
            with sqlite3.connect(path) as db:
                return db.execute(
                    "SELECT id, status, bkn_id FROM national_bknsubmission ORDER BY id"
                ).fetchall()

        return f"sqlite:///{path}", read
    s = connection.settings_dict
    host = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    url = f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{host}/{s['NAME']}"

    def read_pg() -> list[tuple]:
        return list(BknSubmission.objects.order_by("id").values_list("id", "status", "bkn_id"))

    return url, read_pg


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "hibrida.celery",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_every_record_is_sent_once_across_a_killed_worker(city, gateway, siasn_settings, tmp_path):
    people = [city.staff1, city.staff2] + [
        EmployeeFactory(unit=city.staff1.unit, position=city.staff1.position, supervisor=city.kabid)
        for _ in range(RECORDS - 2)
    ]
    for n, employee in enumerate(people):
        scored(employee, year=2026, month=1, done=9, pns_id=f"pns-{n}")
    services.queue_results(
        actor=city.users["bkpsdm"], operation="kinerjaperiodik", year=2026, month=1
    )
    ids = list(BknSubmission.objects.order_by("id").values_list("id", flat=True))
    assert len(ids) == RECORDS
    for n, employee in enumerate(people):
        gateway.gw.people[employee.nip] = {"id": f"pns-{n}", "nipBaru": employee.nip}

    database_url, read_rows = worker_database(tmp_path)
    broker = redis.Redis.from_url(REDIS_URL)
    broker.flushdb()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HIBRIDA_", "DJANGO_"))}
    env.update(
        PYTHONPATH=SRC,
        DATABASE_URL=database_url,
        REDIS_URL=REDIS_URL,
        HIBRIDA_VAR_DIR=str(tmp_path / "var"),
        HIBRIDA_SIASN_ROOT_UNOR_ID="ROOT",
        HIBRIDA_SIASN_BACKOFF_S="0.01",
        HIBRIDA_TASK_VISIBILITY_TIMEOUT_S="2",
        **gateway.settings(),
    )
    # Not the current app: the project's tasks in this process must keep the project's (eager)
    # app, or every later .delay() here would go to this sender without a result backend.
    sender = Celery("uji", broker=REDIS_URL, set_as_current=False)
    for pk in ids:
        sender.send_task("national.tasks.send_submission", args=[pk])

    gateway.gw.hold_save = 3  # BKN is storing the third record when the worker dies
    worker = start_worker(env)
    try:
        wait_for(gateway.gw.holding.is_set, 120, "the third send to reach BKN")
        worker.kill()  # mid-send: BKN stores the record, Hibrida never hears back
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=30)
    gateway.gw.release.set()
    wait_for(lambda: len(gateway.gw.saves) >= 3, 30, "BKN to finish storing the cut-off record")
    sent_before = {row[0] for row in read_rows() if row[1] == "sent"}
    # BKN holds one record more than Hibrida marked sent: the one cut off.
    assert len(sent_before) == len(gateway.gw.saves) - 1 < RECORDS

    worker = start_worker(env)
    try:
        # The periodic sweep; the killed task's own message also comes back after the
        # visibility timeout and then finds its row already sent.
        sender.send_task("national.tasks.send_pending")
        wait_for(lambda: all(row[1] == "sent" for row in read_rows()), 120, "every record sent")
        time.sleep(3)  # let a redelivered message run too: it must not send again
    finally:
        worker.kill()
        worker.wait(timeout=30)
        broker.flushdb()

    rows = read_rows()
    assert [row[1] for row in rows] == ["sent"] * RECORDS
    sent_nips = sorted(save["nip"] for save in gateway.gw.saves)
    assert sent_nips == sorted(
        e.nip for e in Employee.objects.filter(pk__in=[p.pk for p in people])
    )
    assert len({row[2] for row in rows}) == RECORDS  # one BKN id each
