"""A fresh, empty database of the test run's engine, for tests of one data migration.

Going back to an early migration in the test database unapplies every later migration that
depends on it (nearly all apps) and the test must then reapply them all. In an empty database
only the target and its dependencies are applied, and nothing has to be put back.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import load_backend


@contextmanager
def scratch_database() -> Iterator[str]:
    """Yield the alias of an empty database beside the test database (SQLite: in memory), for
    ``Model.objects.using(alias)`` and ``migrate(alias, ...)``. On PostgreSQL the test must not
    run in a transaction (CREATE DATABASE refuses one): ``django_db(transaction=True)``."""
    alias = f"scratch_{uuid.uuid4().hex[:12]}"
    settings_dict = dict(connection.settings_dict)
    postgres = connection.vendor == "postgresql"
    if postgres:
        settings_dict["NAME"] = alias
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{alias}"')
    else:
        settings_dict["NAME"] = ":memory:"
        settings_dict["OPTIONS"] = {}
    settings_dict["TEST"] = {}
    # A standalone wrapper, registered under its alias for the ORM's ``using()``.
    scratch = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    connections[alias] = scratch
    try:
        yield alias
    finally:
        # Django ignores close() on an in-memory SQLite database (it would lose the data).
        if scratch.connection is not None:
            scratch.connection.close()
        del connections[alias]
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE "{alias}"')


def migrate(alias: str, targets: list[tuple[str, str]]):
    """Migrate the scratch database to ``targets``; return the historical apps there."""
    executor = MigrationExecutor(connections[alias])
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def leaf_nodes() -> list[tuple[str, str]]:
    """The latest migration of every app (what the test database was built with)."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
