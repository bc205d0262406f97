"""The hand-written SQL helper: rows by column name, names from the models' _meta, and no
hard-coded table name left in the SQL of the apps that use it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps

from hibrida import sql
from hibrida.org.models import Employee, Opd
from hibrida.presence.models import CheckIn

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parent.parent / "src" / "hibrida"


def test_rows_are_read_by_column_name(city):
    opd = city.opd_a
    rows = sql.rows(f"SELECT name AS opd_name, id FROM {sql.table(Opd)} WHERE id = %s", [opd.pk])
    assert rows == [{"opd_name": opd.name, "id": opd.pk}]


def test_one_is_none_without_a_row(city):
    assert sql.one(f"SELECT id FROM {sql.table(Opd)} WHERE id = %s", [-1]) is None


def test_two_columns_of_the_same_name_are_refused_not_merged(city):
    # A dict would silently keep the second "id": the statement must alias one of them.
    with pytest.raises(ValueError):
        sql.rows(
            f"SELECT e.id, o.id FROM {sql.table(Employee)} e"
            f" JOIN {sql.table(Opd)} o ON o.id = e.opd_id"
        )


def test_table_and_column_come_from_the_model():
    assert sql.table(CheckIn) == CheckIn._meta.db_table
    assert sql.column(CheckIn, "employee") == "employee_id"


def test_no_table_name_is_written_by_hand_in_sql():
    """Rule: SQL strings name tables through sql.table(Model) (or _meta), never literally."""
    tables = {m._meta.db_table for m in apps.get_models() if m.__module__.startswith("hibrida")}
    pattern = re.compile(
        r"\b(?:FROM|JOIN|INTO|UPDATE|COPY)\s+(" + "|".join(sorted(tables)) + r")\b",
        re.IGNORECASE,
    )
    found = [
        f"{path.relative_to(SRC)}: {m.group(0)}"
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        for m in pattern.finditer(path.read_text())
    ]
    assert found == []


def test_insert_rows_stores_what_the_orm_stores(city):
    """Rule: a row written by sql.insert_rows (prepared INSERTs on SQLite, COPY on
    PostgreSQL) reads back like the same values saved through the ORM: aware datetimes, dates,
    UUIDs, JSON, booleans, floats, foreign keys and the defaults of fields left out."""
    import datetime as dt
    import uuid
    from zoneinfo import ZoneInfo

    when = dt.datetime(2025, 11, 3, 7, 21, 5, 250000, tzinfo=ZoneInfo("Asia/Jakarta"))
    common = {
        "employee_id": city.staff1.pk,
        "kind": "in",
        "device_time": when,
        "received_at": when + dt.timedelta(seconds=2),
        "work_date": dt.date(2025, 11, 3),
        "latitude": -6.2383123,
        "longitude": 106.9756456,
        "accuracy_m": 12.5,
        "mock_location": True,
        "device_id": "hp-1",
        "status": "FLAGGED",
        "reasons": ["outside_fence", "clock_skew"],
    }
    by_orm = CheckIn.objects.create(client_uuid=uuid.uuid4(), **common)
    by_sql = uuid.uuid4()
    sql.insert_rows(CheckIn, [{"client_uuid": by_sql, **common}])

    def stored(key):
        row = CheckIn.objects.filter(client_uuid=key).values().get()
        del row["id"], row["client_uuid"]
        return row

    assert stored(by_sql) == stored(by_orm.client_uuid)
    assert stored(by_sql)["device_time"] == when
    assert stored(by_sql)["source"] == "api" and stored(by_sql)["late_synced"] is False
