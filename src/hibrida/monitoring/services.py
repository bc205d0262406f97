"""The one write of monitoring: rebuilding the pre-aggregated summaries for a period.

Reads the other apps' tables (read-only) in bulk: a month of the whole city is a handful of
queries and one pass over its person-days in Python.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from hibrida import sql
from hibrida.audit.log import record_event
from hibrida.org import access
from hibrida.org.models import Employee, User

from . import counting, metrics
from .models import DailySummary, OpdDailySummary, PersonDailySummary

MAX_DAYS = 400


PERSON_BATCH = 2000  # employees counted per pass: bounds the per-person-day objects in memory
PERSON_KEYS = ["employee_id", "day", "opd_id", "unit_id", "mode"]
# Each rollup is the sum of the table before it, grouped by fewer keys.
ROLLUPS = (
    (PersonDailySummary, DailySummary, ["day", "opd_id", "unit_id", "mode"]),
    (DailySummary, OpdDailySummary, ["day", "opd_id", "mode"]),
)


def _insert(
    model: type[Model], keys: list[str], batch: list[tuple[Any, ...]], now: dt.datetime
) -> None:
    """Write summary rows; COPY on PostgreSQL (a city month is ~260,000 person rows), else one
    prepared INSERT for every row (model instances cost more than the insert itself)."""
    columns = [*keys, *metrics.COUNT_FIELDS, "refreshed_at"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            statement = f"COPY {sql.table(model)} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(statement) as copy:
                for row in batch:
                    copy.write_row((*row, now))
            return
        stamp = connection.ops.adapt_datetimefield_value(now)
        cursor.executemany(
            f"INSERT INTO {model._meta.db_table} ({', '.join(columns)})"
            f" VALUES ({', '.join(['%s'] * len(columns))})",
            [(*row, stamp) for row in batch],
        )


def _roll_up(
    source: type[Model],
    target: type[Model],
    keys: list[str],
    lo: dt.date,
    hi: dt.date,
    opd_ids: Collection[int] | None,
    now: dt.datetime,
) -> int:
    """INSERT the sums of ``source`` per ``keys`` for [lo, hi] (and ``opd_ids``) into
    ``target``; returns the number of rows written."""
    where, params = "day BETWEEN %s AND %s", [lo, hi]
    if opd_ids is not None:
        among, opd_params = counting.id_in("opd_id", opd_ids)
        where, params = f"{where} AND {among}", [*params, *opd_params]
    group = ", ".join(keys)
    sums = ", ".join(f"SUM({c})" for c in metrics.COUNT_FIELDS)
    return sql.execute(
        f"INSERT INTO {sql.table(target)} ({group}, {', '.join(metrics.COUNT_FIELDS)},"
        f" refreshed_at) SELECT {group}, {sums}, %s FROM {sql.table(source)}"
        f" WHERE {where} GROUP BY {group}",
        [connection.ops.adapt_datetimefield_value(now), *params],
    )


# One C call per row instead of a generator of getattr: a city month is ~260,000 rows.
_COUNTS = operator.attrgetter(*metrics.COUNT_FIELDS)


def _values(c: metrics.Counts) -> tuple:
    return _COUNTS(c)


def refresh_daily_summary(
    *, actor: User | None = None, start: dt.date, end: dt.date, opd_ids: list[int] | None = None
) -> dict[str, int]:
    """Rebuild the summary rows of [start, end] (optionally some OPDs only): one row per
    person-day, then the unit and OPD rollups summed from them by the database.

    ``actor`` is None for the scheduled job; a user must be a city or OPD writer. Returns the
    number of person-days, person rows and unit rows written.
    """
    if actor is not None:
        access.require_writer(actor)
        allowed = set(access.manageable_opds(actor).values_list("id", flat=True))
        if opd_ids is None:
            access.require(access.scope_for(actor).city_writer)
        else:
            access.require(set(opd_ids) <= allowed)
    if end < start:
        raise ValidationError({"end": "Tanggal akhir harus sama dengan atau setelah tanggal awal."})
    if (end - start).days >= MAX_DAYS:
        raise ValidationError({"end": f"Rentang paling lama {MAX_DAYS} hari sekali jalan."})
    people = Employee.objects.filter(is_active=True)
    if opd_ids is not None:
        people = people.filter(opd_id__in=opd_ids)
    employees = list(people.values_list("id", "opd_id", "unit_id").order_by("id"))
    now = timezone.now()
    rows = person_rows = person_days = 0
    with transaction.atomic():
        for lo, hi in counting.month_chunks(start, end):
            for model in (PersonDailySummary, DailySummary, OpdDailySummary):
                old = model.objects.filter(day__range=(lo, hi))
                if opd_ids is not None:
                    old = old.filter(opd_id__in=opd_ids)
                old.delete()
            for i in range(0, len(employees), PERSON_BATCH):
                counts = counting.count_period(
                    employees[i : i + PERSON_BATCH], lo, hi, key=counting.by_person_day
                )
                _insert(
                    PersonDailySummary,
                    PERSON_KEYS,
                    [(*key, *_values(c)) for key, c in counts.items()],
                    now,
                )
                person_rows += len(counts)
                person_days += sum(c.planned for c in counts.values())
            for source, target, keys in ROLLUPS:
                written = _roll_up(source, target, keys, lo, hi, opd_ids, now)
                rows += written if target is DailySummary else 0
        result = {"rows": rows, "person_rows": person_rows, "person_days": person_days}
        record_event(
            actor=actor,
            action="monitoring.summary_refreshed",
            object_type="monitoring.dailysummary",
            object_id=f"{start}..{end}",
            after={"start": start, "end": end, "opd_ids": opd_ids, **result},
        )
    return result


def record_export(*, actor: User, dashboard: str, table: str, query: dict, rows: int) -> None:
    """Leave an audit event for a dashboard export (who took which figures out, and how many
    rows): person tables carry personal data (UU 27/2022)."""
    with transaction.atomic():
        record_event(
            actor=actor,
            action="monitoring.exported",
            object_type="monitoring.dashboard",
            object_id=f"{dashboard}/{table}",
            after={"query": query, "rows": rows},
        )
