"""`hibrida backup` / `hibrida restore`: a backup restores into a new database with the same
rows and an intact audit chain, on whichever database the suite runs (SQLite or PostgreSQL)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import sql as pgsql

from hibrida.audit.models import AuditEvent
from hibrida.operations.backup import BackupError, create_backup, prune, restore_backup
from hibrida.org.models import ApiToken
from hibrida.org.services import issue_api_token

from ..factories import EmployeeFactory, make_user

SRC = Path(__file__).resolve().parents[2] / "src"


def _hibrida(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hibrida.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _pg_url(name: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _pg_admin() -> psycopg.Connection:
    return psycopg.connect(_pg_url("postgres"), autocommit=True)


@pytest.fixture
def target(tmp_path):
    """An empty database of the suite's engine (URL, counter of its rows per table)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def counts() -> dict[str, int]:
            with sqlite3.connect(path) as conn:
                names = [
                    r[0]
                    for r in conn.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table'"
                        " AND name NOT LIKE 'sqlite_%'"
                    )
                ]
                return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}

        yield f"sqlite:///{path}", counts
        return
    name = f"{connection.settings_dict['NAME']}_restore_{os.getpid()}"
    with _pg_admin() as admin:
        admin.execute(pgsql.SQL("DROP DATABASE IF EXISTS {}").format(pgsql.Identifier(name)))
        admin.execute(pgsql.SQL("CREATE DATABASE {}").format(pgsql.Identifier(name)))

    def counts() -> dict[str, int]:
        with psycopg.connect(_pg_url(name)) as conn:
            names = [
                r[0]
                for r in conn.execute(
                    "SELECT table_name FROM information_schema.tables"
                    " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                )
            ]
            return {
                n: conn.execute(
                    pgsql.SQL("SELECT count(*) FROM {}").format(pgsql.Identifier(n))
                ).fetchone()[0]
                for n in names
            }

    yield _pg_url(name), counts
    with _pg_admin() as admin:
        admin.execute(
            pgsql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(pgsql.Identifier(name))
        )


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_new_database_with_same_rows_and_intact_chain(
    tmp_path, settings, target
):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "presence").mkdir(parents=True)
    (settings.MEDIA_ROOT / "presence" / "foto.jpg").write_bytes(b"\xff\xd8 bukti")
    events_before = AuditEvent.objects.count()
    user = make_user(EmployeeFactory())
    issue_api_token(actor=user, user=user, name="ponsel")
    issue_api_token(actor=user, user=user, name="tablet")

    made = create_backup(tmp_path / "backups")

    manifest = json.loads((made.path / "manifest.json").read_text())
    # Two token issues: two rows, two audit events appended to whatever the migrations left.
    assert manifest["tables"]["org_apitoken"] == 2
    assert manifest["tables"]["audit_auditevent"] == events_before + 2
    assert manifest["audit_head"]["last_seq"] == events_before + 2
    assert manifest["audit_head"]["hash"] == AuditEvent.objects.order_by("-seq").first().hash
    assert manifest["media_files"] == 1
    assert manifest["engine"] == connection.vendor

    url, restored_counts = target
    restored_media = tmp_path / "restored-media"
    env = {
        **os.environ,
        "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "DATABASE_URL": url,
        "HIBRIDA_VAR_DIR": str(tmp_path / "var"),
        "HIBRIDA_MEDIA_ROOT": str(restored_media),
    }
    done = _hibrida(env, "restore", str(made.path))
    assert done.returncode == 0, done.stderr
    assert "rantai audit utuh" in done.stdout

    verified = _hibrida(env, "verify_audit_log")
    assert verified.returncode == 0, verified.stderr
    assert f"{events_before + 2} peristiwa diperiksa" in verified.stdout
    assert restored_counts() == manifest["tables"]
    assert (restored_media / "presence" / "foto.jpg").read_bytes() == b"\xff\xd8 bukti"

    # The restored database is no longer empty: a second restore into it is refused.
    again = _hibrida(env, "restore", str(made.path))
    assert again.returncode != 0
    assert "tidak kosong" in again.stderr


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_has_tables(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    made = create_backup(tmp_path / "backups")
    with pytest.raises(BackupError, match="Basis data tujuan tidak kosong"):
        restore_backup(made.path)
    assert ApiToken.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_changed_backup_file_is_refused_before_anything_is_loaded(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    made = create_backup(tmp_path / "backups")
    database = made.path / made.manifest["database_file"]
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="berubah"):
        restore_backup(made.path)


def test_prune_keeps_the_newest_complete_backups(tmp_path):
    names = [
        "hibrida-20261201T023000000000Z",
        "hibrida-20261202T023000000000Z",
        "hibrida-20261203T023000000000Z",
        "hibrida-20261204T023000000000Z",
    ]
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "manifest.json").write_text("{}")
    (tmp_path / ".hibrida-20261205T023000000000Z.partial").mkdir()

    removed = prune(tmp_path, keep=2)

    assert [p.name for p in removed] == names[:2]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".hibrida-20261205T023000000000Z.partial",
        *names[2:],
    ]
    with pytest.raises(BackupError):
        prune(tmp_path, keep=0)
