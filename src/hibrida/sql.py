"""Hand-written SQL in one place: run a statement, read its rows by column name.

Only where the ORM is too slow (dashboards, the check-in fast path, the audit chain); table
names, and column names of built field lists, come from the models' ``_meta``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Field, ForeignKey, JSONField, Model

# Positional (``%s``) or named (``%(name)s``) parameters, as the DB-API takes them.
Params = Sequence[Any] | Mapping[str, Any]
Row = dict[str, Any]


def table(model: type[Model] | Model) -> str:
    """The database table of ``model``."""
    return model._meta.db_table


def column(model: type[Model] | Model, name: str) -> str:
    """The database column of ``model``'s field ``name`` (``employee`` → ``employee_id``)."""
    field = model._meta.get_field(name)
    # Asked only for concrete fields; a reverse relation or many-to-many has no column.
    assert isinstance(field, Field) and field.column is not None, name
    return field.column


def _names(description: Sequence[Sequence[Any]]) -> list[str]:
    names = [d[0] for d in description]
    if len(set(names)) != len(names):
        # A dict would keep only the last of two equal names: alias them in the statement.
        raise ValueError(f"duplicate column names in a SQL result: {names}")
    return names


def execute(sql: str, params: Params = ()) -> int:
    """Run a statement that returns no rows; the number of rows it changed."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def rows(sql: str, params: Params = ()) -> list[Row]:
    """Every row of ``sql`` as a dict keyed by the result's column names (give aliases)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = _names(cursor.description)
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def one(sql: str, params: Params = ()) -> Row | None:
    """The first row of ``sql`` by column name, or None when there is none."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = _names(cursor.description)
        row = cursor.fetchone()
    return None if row is None else dict(zip(names, row, strict=True))


def result_sets(sql: str, params: Params = ()) -> list[list[Row]]:
    """Every result set of a multi-statement ``sql`` (PostgreSQL), each as :func:`rows`; a
    statement returning no rows (an INSERT without RETURNING) gives an empty list."""
    out: list[list[Row]] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            if cursor.description is None:
                out.append([])
            else:
                names = _names(cursor.description)
                out.append([dict(zip(names, row, strict=True)) for row in cursor.fetchall()])
            if not cursor.nextset():
                return out


def pg_local_offset_us(timestamp: str, day: str, tz_param: str = "tz") -> str:
    """PostgreSQL: microseconds from the local midnight of ``day`` (a date column) to
    ``timestamp`` (a timestamptz column) in the zone named by ``%(tz)s``, as a bigint.

    Wall-clock difference, as Python's subtraction of two datetimes of the same zone; the
    epoch of an interval is an exact numeric, so no float rounding."""
    return (
        f"(extract(epoch from ({timestamp} AT TIME ZONE %({tz_param})s) - {day}) * 1000000)::bigint"
    )


def insert_rows(model: type[Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert new rows of ``model`` given as {attname: value} (``employee_id``, not
    ``employee``); a field left out takes its default. Values are plain Python values the
    driver takes as they are (numbers, text, dates, JSON-able lists and dicts); no signals.

    PostgreSQL: one COPY. ``bulk_create`` there binds each column as an array, and psycopg
    escapes every JSON string of such an array with a regular expression: 30 s of the 25,000
    lines of the TPP recap; building and preparing model instances cost 3 s more. SQLite: one
    prepared INSERT run for every row (``bulk_create`` rebuilds a statement of 999 parameters
    per 100 rows and prepares every value: ~70 % of writing the demo's 72,000 schedule rows),
    values prepared by their field only where SQLite cannot take them as they are (dates, JSON,
    decimals, UUIDs). Other engines: ``bulk_create``.
    """
    if not rows:
        return
    if connection.vendor == "sqlite":
        _insert_sqlite(model, rows)
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=2000)
        return
    # The proxy ``connection`` looks the connection up on every use.
    db = connections[DEFAULT_DB_ALIAS]
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.pk]
    # As a model instance would hold them: "" for text without a default, None when nullable.
    defaults = {f.attname: f.get_db_prep_save(f.get_default(), db) for f in fields}
    json_fields = {f.attname for f in fields if isinstance(f, JSONField)}
    names = [f.attname for f in fields]
    quote = db.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    statement = f"COPY {quote(table(model))} ({columns}) FROM STDIN"
    with db.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            values = []
            for name in names:
                if name not in row:
                    values.append(defaults[name])
                elif name in json_fields:
                    values.append(db.ops.adapt_json_value(row[name], None))
                else:
                    values.append(row[name])
            copy.write_row(values)


# Fields whose Python values sqlite3 binds exactly as Django would store them (a foreign key:
# as its target field).
_SQLITE_AS_IS = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "FloatField",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}


def _as_is(field: Field) -> bool:
    if isinstance(field, ForeignKey):
        return _as_is(field.target_field)
    return field.get_internal_type() in _SQLITE_AS_IS


def _insert_sqlite(model: type[Model], rows: Sequence[Mapping[str, Any]]) -> None:
    db = connections[DEFAULT_DB_ALIAS]
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.pk]
    names = [f.attname for f in fields]
    defaults = [f.get_db_prep_save(f.get_default(), db) for f in fields]
    prepare = [None if _as_is(f) else f for f in fields]
    quote = db.ops.quote_name
    statement = (
        f"INSERT INTO {quote(table(model))} ({', '.join(quote(f.column) for f in fields)})"
        f" VALUES ({', '.join(['%s'] * len(fields))})"
    )

    def values(row: Mapping[str, Any]) -> tuple[Any, ...]:
        out = []
        for name, default, field in zip(names, defaults, prepare, strict=True):
            if name not in row:
                out.append(default)
            elif field is None:
                out.append(row[name])
            else:
                out.append(field.get_db_prep_save(row[name], db))
        return tuple(out)

    with db.cursor() as cursor:
        cursor.executemany(statement, [values(row) for row in rows])
