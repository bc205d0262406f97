"""The one write of monitoring: rebuilding the pre-aggregated DailySummary for a period.

Reads the other apps' tables (read-only) in bulk: a month of the whole city is a handful of
queries and one pass over its person-days in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from hibrida.audit.log import record_event
from hibrida.org import access
from hibrida.org.models import Employee

from . import counting, metrics
from .models import DailySummary, OpdDailySummary

MAX_DAYS = 400


def _insert(model, keys: list[str], batch: list[tuple], now) -> None:
    """Write summary rows; COPY on PostgreSQL (a city month is ~30,000 rows), else bulk insert."""
    columns = [*keys, *metrics.COUNT_FIELDS, "refreshed_at"]
    if connection.vendor == "postgresql":
        sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in batch:
                copy.write_row((*row, now))
        return
    model.objects.bulk_create(
        [model(**dict(zip(columns, (*row, now), strict=True))) for row in batch],
        batch_size=2000,
    )


def _values(c: metrics.Counts) -> tuple:
    return tuple(getattr(c, f) for f in metrics.COUNT_FIELDS)


def refresh_daily_summary(
    *, actor=None, start: dt.date, end: dt.date, opd_ids: list[int] | None = None
) -> dict[str, int]:
    """Rebuild the DailySummary rows of [start, end] (optionally some OPDs only).

    ``actor`` is None for the scheduled job; a user must be a city or OPD writer. Returns the
    number of person-days and rows written.
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
    rows = person_days = 0
    with transaction.atomic():
        for lo, hi in counting.month_chunks(start, end):
            counts = counting.count_period(employees, lo, hi)
            for model in (DailySummary, OpdDailySummary):
                old = model.objects.filter(day__range=(lo, hi))
                if opd_ids is not None:
                    old = old.filter(opd_id__in=opd_ids)
                old.delete()
            per_opd: dict[tuple, metrics.Counts] = defaultdict(metrics.Counts)
            for (day, opd_id, _unit, mode), c in counts.items():
                per_opd[(day, opd_id, mode)].add(c)
            batch = [(*key, *_values(c)) for key, c in counts.items()]
            _insert(DailySummary, ["day", "opd_id", "unit_id", "mode"], batch, now)
            _insert(
                OpdDailySummary,
                ["day", "opd_id", "mode"],
                [(*key, *_values(c)) for key, c in per_opd.items()],
                now,
            )
            rows += len(batch)
            person_days += sum(c.planned for c in counts.values())
        result = {"rows": rows, "person_days": person_days}
        record_event(
            actor=actor,
            action="monitoring.summary_refreshed",
            object_type="monitoring.dailysummary",
            object_id=f"{start}..{end}",
            after={"start": start, "end": end, "opd_ids": opd_ids, **result},
        )
    return result


def record_export(*, actor, dashboard: str, table: str, query: dict, rows: int) -> None:
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
