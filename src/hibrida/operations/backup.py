"""Backups that restore: a consistent database copy, the media files and a checkable manifest.

The drill, the layout and the figures: docs/operations.md, "Backup and restore".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import connections
from psycopg import sql as pgsql
from psycopg.conninfo import make_conninfo

from hibrida.audit.models import ChainHead
from hibrida.audit.verify import verify_stored_chain

MANIFEST = "manifest.json"
PREFIX = "hibrida-"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict[str, Any]


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    audit_events: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"Basis data {vendor} tidak didukung; hanya PostgreSQL dan SQLite.")
    return vendor


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_params(using: str) -> dict[str, str]:
    db = settings.DATABASES[using]
    return {
        "dbname": db["NAME"],
        "user": db.get("USER") or "",
        "password": db.get("PASSWORD") or "",
        "host": db.get("HOST") or "",
        "port": str(db.get("PORT") or ""),
    }


def _pg_connect(params: dict[str, str]) -> psycopg.Connection:
    conninfo = make_conninfo("", **{k: v for k, v in params.items() if v})
    return psycopg.connect(conninfo, autocommit=True)


def pg_tool(name: str, server_version: int) -> str:
    """pg_dump/pg_restore matching the server's major version (an older client refuses)."""
    if settings.HIBRIDA_PG_BIN_DIR:
        return str(Path(settings.HIBRIDA_PG_BIN_DIR) / name)
    candidate = Path("/usr/lib/postgresql") / str(server_version // 10000) / "bin" / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} tidak ditemukan; pasang klien PostgreSQL atau isi HIBRIDA_PG_BIN_DIR."
        )
    return found


def _pg_env(params: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    if params["password"]:
        env["PGPASSWORD"] = params["password"]
    return env


def _pg_args(params: dict[str, str]) -> list[str]:
    args = []
    for flag, key in (("-h", "host"), ("-p", "port"), ("-U", "user")):
        if params[key]:
            args += [flag, params[key]]
    return args


def _pg_tables(cursor: psycopg.Cursor) -> list[str]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
    )
    return [row[0] for row in cursor.fetchall()]


def _pg_state(cursor: psycopg.Cursor) -> tuple[dict[str, int], dict[str, Any] | None]:
    counts = {}
    for table in _pg_tables(cursor):
        cursor.execute(pgsql.SQL("SELECT count(*) FROM {}").format(pgsql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]  # type: ignore[index]
    head = None
    if ChainHead._meta.db_table in counts:
        cursor.execute(
            pgsql.SQL("SELECT last_seq, last_hash FROM {} WHERE id = 1").format(
                pgsql.Identifier(ChainHead._meta.db_table)
            )
        )
        row = cursor.fetchone()
        head = {"last_seq": row[0], "hash": row[1]} if row else None
    return counts, head


def _pg_dump(using: str, target: Path) -> tuple[dict[str, int], dict[str, Any] | None]:
    """Counts, chain head and dump all from one snapshot, so the manifest describes the dump."""
    params = _pg_params(using)
    with _pg_connect(params) as conn, conn.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version_num')::int")
        snapshot, version = cursor.fetchone()  # type: ignore[misc]
        counts, head = _pg_state(cursor)
        command = [
            pg_tool("pg_dump", version),
            *_pg_args(params),
            "--format=custom",
            f"--snapshot={snapshot}",
            f"--file={target}",
            params["dbname"],
        ]
        done = subprocess.run(command, env=_pg_env(params), capture_output=True, text=True)
        cursor.execute("COMMIT")
    if done.returncode != 0:
        raise BackupError(f"pg_dump gagal: {done.stderr.strip()}")
    return counts, head


def _pg_restore(using: str, source: Path) -> None:
    params = _pg_params(using)
    with _pg_connect(params) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int")
        version = cursor.fetchone()[0]  # type: ignore[index]
    command = [
        pg_tool("pg_restore", version),
        *_pg_args(params),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={params['dbname']}",
        str(source),
    ]
    done = subprocess.run(command, env=_pg_env(params), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"pg_restore gagal: {done.stderr.strip()}")


def _pg_current(using: str) -> tuple[dict[str, int], dict[str, Any] | None]:
    with _pg_connect(_pg_params(using)) as conn, conn.cursor() as cursor:
        return _pg_state(cursor)


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_state(conn: sqlite3.Connection) -> tuple[dict[str, int], dict[str, Any] | None]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    head = None
    if ChainHead._meta.db_table in counts:
        row = conn.execute(
            f'SELECT last_seq, last_hash FROM "{ChainHead._meta.db_table}" WHERE id = 1'
        ).fetchone()
        head = {"last_seq": row[0], "hash": row[1]} if row else None
    return counts, head


def _sqlite_raw(using: str) -> sqlite3.Connection:
    connection = connections[using]
    connection.ensure_connection()
    return connection.connection


def _sqlite_copy(using: str, target: Path) -> tuple[dict[str, int], dict[str, Any] | None]:
    """SQLite's online backup API: a consistent copy even while the demo server writes."""
    copy = sqlite3.connect(target)
    try:
        _sqlite_raw(using).backup(copy)
        return _sqlite_state(copy)
    finally:
        copy.close()


def _sqlite_restore(using: str, source: Path) -> None:
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        origin.backup(_sqlite_raw(using))
    finally:
        origin.close()


# --- both ---------------------------------------------------------------------------------------


def current_state(using: str = "default") -> tuple[dict[str, int], dict[str, Any] | None]:
    """Rows per table and the audit-chain head of the database as it is now."""
    if _vendor(using) == "postgresql":
        return _pg_current(using)
    return _sqlite_state(_sqlite_raw(using))


def _archive_media(media: Path, target: Path) -> int:
    files = 0
    with tarfile.open(target, "w") as archive:
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media)), recursive=False)
                    files += 1
    return files


def create_backup(root: Path, *, using: str = "default") -> Backup:
    """Write ``root/hibrida-<UTC time>/`` with the database, media.tar and manifest.json.

    The folder appears under its final name only when complete, so a crash leaves a
    ``.partial`` folder that restore and retention never take for a backup.
    """
    vendor = _vendor(using)
    root.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    name = PREFIX + started.strftime("%Y%m%dT%H%M%S%fZ")
    work = root / f".{name}.partial"
    work.mkdir()
    database = work / ("database.dump" if vendor == "postgresql" else "database.sqlite3")
    if vendor == "postgresql":
        counts, head = _pg_dump(using, database)
    else:
        counts, head = _sqlite_copy(using, database)
    media_files = _archive_media(Path(settings.MEDIA_ROOT), work / "media.tar")
    files = {
        path.name: {"bytes": path.stat().st_size, "sha256": _sha256(path)}
        for path in (database, work / "media.tar")
    }
    manifest = {
        "format": FORMAT,
        "created_at": started.isoformat(),
        "engine": vendor,
        "database_file": database.name,
        "files": files,
        "media_files": media_files,
        "audit_head": head,
        "tables": counts,
        "seconds": round((dt.datetime.now(dt.UTC) - started).total_seconds(), 3),
    }
    (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    final = root / name
    work.rename(final)
    return Backup(final, manifest)


def prune(root: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` complete backups in ``root``; returns what went."""
    if keep < 1:
        raise BackupError("HIBRIDA_BACKUP_KEEP minimal 1: cadangan terakhir tidak boleh dihapus.")
    found = sorted(p for p in root.glob(PREFIX + "*") if (p / MANIFEST).is_file())
    removed = found[:-keep]
    for path in removed:
        shutil.rmtree(path)
    return removed


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest, after checking every listed file against its size and SHA-256."""
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{path} bukan folder cadangan Hibrida (tidak ada {MANIFEST}).")
    manifest = json.loads(manifest_path.read_text())
    for name, expected in manifest["files"].items():
        file = path / name
        if not file.is_file() or _sha256(file) != expected["sha256"]:
            raise BackupError(f"Berkas cadangan {name} hilang atau berubah (SHA-256 tidak cocok).")
    return manifest


def restore_backup(path: Path, *, using: str = "default") -> Restored:
    """Load a backup into an EMPTY database and media folder, then prove it complete.

    Refuses a database that has any table: restoring over data would mix two histories.
    Afterwards every table's row count and the audit-chain head must equal the manifest and
    the whole chain must verify.
    """
    manifest = read_manifest(path)
    vendor = _vendor(using)
    if manifest["engine"] != vendor:
        raise BackupError(
            f"Cadangan ini dari {manifest['engine']}; basis data tujuan {vendor}. "
            "Pulihkan ke mesin basis data yang sama."
        )
    tables, _ = current_state(using)
    if tables:
        sample = ", ".join(sorted(tables)[:3])
        raise BackupError(
            f"Basis data tujuan tidak kosong ({len(tables)} tabel, mis. {sample}). Pemulihan "
            "hanya ke basis data kosong: buat basis data baru, arahkan DATABASE_URL ke sana, "
            "lalu ulangi."
        )
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        raise BackupError(
            f"Folder media {media} tidak kosong; pulihkan ke folder kosong (HIBRIDA_MEDIA_ROOT)."
        )
    database = path / manifest["database_file"]
    if vendor == "postgresql":
        _pg_restore(using, database)
    else:
        _sqlite_restore(using, database)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path / "media.tar") as archive:
        archive.extractall(media, filter="data")
    counts, head = current_state(using)
    if counts != manifest["tables"]:
        differ = sorted(
            t
            for t in set(counts) | set(manifest["tables"])
            if counts.get(t) != manifest["tables"].get(t)
        )
        raise BackupError(f"Jumlah baris berbeda dari manifes pada tabel: {', '.join(differ)}.")
    if head != manifest["audit_head"]:
        raise BackupError("Ujung rantai audit berbeda dari manifes.")
    events, problem = verify_stored_chain()
    if problem is not None:
        raise BackupError(
            f"Rantai audit hasil pemulihan RUSAK pada #{problem.seq}: {problem.message}"
        )
    return Restored(tables=len(counts), rows=sum(counts.values()), audit_events=events)
