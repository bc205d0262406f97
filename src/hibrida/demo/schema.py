"""A migrated, empty SQLite database kept as a file, copied into a fresh demo database.

Replaying every migration on SQLite costs ~12 s of CPU, nearly all of it Django re-rendering
the migration state after each operation. The result depends only on the migration files and
the Django and SQLite versions, so it is built once (``hibrida demo_schema``, run by
``make install``, or the first demo load) and copied with SQLite's backup API. See
docs/architecture.md, "Demo data".
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from pathlib import Path

import django
from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader


def snapshot_key() -> str:
    """A digest of everything that shapes the migrated schema and its rows."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    digest = hashlib.sha256(f"{django.__version__}|{sqlite3.sqlite_version}".encode())
    for key in sorted(loader.disk_migrations):
        migration = loader.disk_migrations[key]
        digest.update(repr(key).encode())
        digest.update(Path(sys.modules[type(migration).__module__].__file__ or "").read_bytes())
    return digest.hexdigest()[:20]


def snapshot_path(key: str | None = None) -> Path:
    return Path(settings.HIBRIDA_SCHEMA_CACHE_DIR) / f"sqlite-schema-{key or snapshot_key()}.db"


def is_empty_sqlite(connection: BaseDatabaseWrapper) -> bool:
    """True for a SQLite database without a single table (a fresh demo file)."""
    return connection.vendor == "sqlite" and not connection.introspection.table_names()


def restore(connection: BaseDatabaseWrapper) -> bool:
    """Copy the snapshot of the current migrations into the empty SQLite database behind
    ``connection``; False (nothing done) when there is no snapshot for them yet."""
    path = snapshot_path()
    if not path.exists():
        return False
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    return True


def save(source: sqlite3.Connection) -> Path:
    """Store the just migrated, still empty SQLite database ``source`` as the snapshot of the
    current migrations; written aside then renamed, so a reader never sees half a file."""
    path = snapshot_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    target = sqlite3.connect(partial)
    try:
        source.backup(target)
    finally:
        target.close()
    os.replace(partial, path)
    return path
