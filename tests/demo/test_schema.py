"""The pre-migrated demo schema: built by really migrating, restored only when it matches."""

from __future__ import annotations

import sqlite3

import pytest
from django.core.management import call_command
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.db.migrations.loader import MigrationLoader

from hibrida.demo import schema


def _sqlite(path) -> DatabaseWrapper:
    """A Django connection to its own SQLite file (whatever the test database is)."""
    base = connections.settings["default"]
    return DatabaseWrapper(
        {**base, "ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": {}},
        alias="schema_test",
    )


def _objects(path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()


@pytest.mark.django_db
def test_without_a_snapshot_nothing_is_restored(tmp_path, settings):
    settings.HIBRIDA_SCHEMA_CACHE_DIR = tmp_path / "cache"
    target = _sqlite(tmp_path / "demo.sqlite3")
    try:
        assert schema.is_empty_sqlite(target)
        assert schema.restore(target) is False
        assert schema.is_empty_sqlite(target)
    finally:
        target.close()


@pytest.mark.django_db
def test_restored_schema_is_fully_migrated(tmp_path, settings):
    """Rule: `demo_schema` migrates a real file; restored into an empty database it has every
    table and index of that file, every migration recorded (migrate has nothing left to do)
    and the rows the data migrations write (the audit chain's genesis head)."""
    settings.HIBRIDA_SCHEMA_CACHE_DIR = tmp_path / "cache"
    call_command("demo_schema")
    snapshot = schema.snapshot_path()
    assert snapshot.exists()
    target = _sqlite(tmp_path / "demo.sqlite3")
    try:
        assert schema.restore(target) is True
    finally:
        target.close()
    with sqlite3.connect(tmp_path / "demo.sqlite3") as db:
        applied = set(db.execute("SELECT app, name FROM django_migrations").fetchall())
        head = db.execute("SELECT last_seq, last_hash FROM audit_chainhead WHERE id = 1")
        assert head.fetchone() == (0, "0" * 64)
    assert applied == set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    assert len(_objects(tmp_path / "demo.sqlite3")) > 100
    assert _objects(tmp_path / "demo.sqlite3") == _objects(snapshot)
    # Built once: a second call finds it and leaves it alone.
    stamp = snapshot.stat().st_mtime_ns
    call_command("demo_schema")
    assert snapshot.stat().st_mtime_ns == stamp
