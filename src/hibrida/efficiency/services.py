"""Writes of the efficiency app: one function per use case, one transaction, one audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hibrida.audit.decisions import text_error
from hibrida.audit.log import record_event, snapshot
from hibrida.org import access
from hibrida.org.models import Opd, User
from hibrida.org.tabular import RowError, TableError, read_table, rows_as_dicts

from . import selectors
from .models import Component, CostBaseline, Metric, PilotMetric, RealisedCost, ServiceLevel

MAX_AMOUNT = 100_000_000_000  # Rp 100 miliar a month: anything larger is a typing error
# The columns' sizes (RealisedCost.note, CostBaseline.source).
NOTE_MAX_CHARS = 300
SOURCE_MAX_CHARS = 200


def _require_cost_writer(actor: User, opd: Opd) -> None:
    access.require_writer(actor)
    access.require(
        access.can_manage_opd(actor, opd),
        "Hanya admin OPD tersebut atau BKPSDM yang dapat mengisi biaya OPD ini.",
    )


# ``value`` is whatever the caller received (a number, text or None); int() decides.
def _clean_amount(value: Any, field_name: str, errors: dict[str, str]) -> int | None:
    try:
        amount = int(value)
    except (TypeError, ValueError):
        errors[field_name] = "Jumlah harus berupa bilangan bulat rupiah."
        return None
    if amount < 0:
        errors[field_name] = "Jumlah tidak boleh negatif."
    elif amount > MAX_AMOUNT:
        errors[field_name] = "Jumlah terlalu besar (lebih dari Rp 100 miliar per bulan)."
    return amount


def record_realised_cost(
    *, actor: User, opd: Opd, month: dt.date, component: str, amount: int, note: str = ""
) -> RealisedCost:
    """Enter (or correct) an OPD's actual cost of one component in one month."""
    _require_cost_writer(actor, opd)
    errors: dict[str, str] = {}
    if component not in Component.values:
        errors["component"] = "Komponen biaya tidak dikenal."
    if not isinstance(month, dt.date):
        errors["month"] = "Bulan wajib diisi."
    elif month.replace(day=1) > timezone.localdate().replace(day=1):
        errors["month"] = "Realisasi tidak boleh untuk bulan yang akan datang."
    cleaned = _clean_amount(amount, "amount", errors)
    note = (note or "").strip()
    if message := text_error(note, max_chars=NOTE_MAX_CHARS):
        errors["note"] = message
    if errors:
        raise ValidationError(errors)
    assert cleaned is not None  # None comes with an error, raised above
    month = month.replace(day=1)
    with transaction.atomic():
        cost = (
            RealisedCost.objects.select_for_update()
            .filter(opd=opd, month=month, component=component)
            .first()
        )
        before = snapshot(cost) if cost else None
        cost = cost or RealisedCost(opd=opd, month=month, component=component)
        cost.amount = cleaned
        cost.note = note
        cost.synthetic = False
        cost.entered_by = actor
        cost.save()
        record_event(
            actor=actor,
            action="realised_cost.recorded",
            obj=cost,
            before=before,
            after=snapshot(cost),
        )
    return cost


def set_cost_baseline(
    *, actor: User, opd: Opd, component: str, monthly_amount: int, source: str = ""
) -> CostBaseline:
    """Set an OPD's planned monthly cost of one component under full WFO."""
    _require_cost_writer(actor, opd)
    errors: dict[str, str] = {}
    if component not in Component.values:
        errors["component"] = "Komponen biaya tidak dikenal."
    cleaned = _clean_amount(monthly_amount, "monthly_amount", errors)
    source = (source or "").strip()
    if message := text_error(source, max_chars=SOURCE_MAX_CHARS):
        errors["source"] = message
    if errors:
        raise ValidationError(errors)
    assert cleaned is not None  # None comes with an error, raised above
    with transaction.atomic():
        baseline = (
            CostBaseline.objects.select_for_update().filter(opd=opd, component=component).first()
        )
        before = snapshot(baseline) if baseline else None
        baseline = baseline or CostBaseline(opd=opd, component=component)
        baseline.monthly_amount = cleaned
        baseline.source = source
        baseline.save()
        record_event(
            actor=actor,
            action="cost_baseline.set",
            obj=baseline,
            before=before,
            after=snapshot(baseline),
        )
        transaction.on_commit(selectors.forget_city_inputs)
    return baseline


# --- service-level import ----------------------------------------------------------------

SERVICE_COLUMNS = {
    "opd": "opd",
    "service_point": "titik layanan",
    "date": "tanggal",
    "visitors_served": "pengunjung dilayani",
    "avg_wait_minutes": "waktu tunggu menit",
    "complaints": "pengaduan",
}


@dataclass
class ServiceImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


# One pass per spreadsheet row, one check per column; split, the checks lose the row.
def import_service_levels(*, actor: User, filename: str, content: bytes) -> ServiceImportResult:  # noqa: C901, PLR0915
    """Import daily service levels (CSV/XLSX): every row is checked first; all or nothing."""
    access.require_writer(actor)
    result = ServiceImportResult()
    try:
        headers, raw = read_table(filename, content)
    except TableError as error:
        result.errors.append(RowError(1, "-", str(error)))
        return result
    missing = [label for label in SERVICE_COLUMNS.values() if label not in headers]
    if missing:
        result.errors.append(
            RowError(1, "-", "Kolom wajib tidak ada: " + ", ".join(m.upper() for m in missing))
        )
        return result
    if not raw:
        result.errors.append(RowError(2, "-", "Berkas tidak berisi baris data."))
        return result
    manageable = set(access.manageable_opds(actor).values_list("id", flat=True))
    opds: dict[str, Opd] = {}
    for each in Opd.objects.all():
        for name in (each.code, each.short_name, each.name):
            opds[name.strip().lower()] = each
    parsed: list[tuple[Opd, str, dt.date, int, float, int]] = []
    seen: dict[tuple[int, str, dt.date], int] = {}
    for number, values in rows_as_dicts(headers, raw, SERVICE_COLUMNS):
        errs: list[RowError] = []

        def err(
            column: str, message: str, number: int = number, errs: list[RowError] = errs
        ) -> None:
            errs.append(RowError(number, SERVICE_COLUMNS[column].upper(), message))

        opd = opds.get(values["opd"].strip().lower())
        if opd is None:
            err("opd", f"OPD '{values['opd']}' tidak dikenal.")
        elif opd.pk not in manageable:
            err("opd", f"Anda tidak berwenang mengisi data {opd}.")
        point = values["service_point"].strip()
        if not point:
            err("service_point", "Titik layanan wajib diisi.")
        elif len(point) > 200:
            err("service_point", "Nama titik layanan terlalu panjang (maks. 200).")
        day: dt.date | None
        try:
            day = dt.date.fromisoformat(values["date"].strip())
        except ValueError:
            day = None
            err("date", f"Tanggal '{values['date']}' harus berformat YYYY-MM-DD.")
        ints: dict[str, int] = {}
        for key in ("visitors_served", "complaints"):
            try:
                ints[key] = int(values[key].strip())
                if ints[key] < 0:
                    raise ValueError
            except ValueError:
                err(key, f"'{values[key]}' harus bilangan bulat ≥ 0.")
        wait: float | None
        try:
            wait = float(values["avg_wait_minutes"].strip().replace(",", "."))
            if not 0 <= wait <= 24 * 60:
                raise ValueError
        except ValueError:
            wait = None
            err("avg_wait_minutes", f"'{values['avg_wait_minutes']}' harus angka menit 0–1440.")
        if opd is not None and point and day is not None:
            row_key = (opd.pk, point.lower(), day)
            if row_key in seen:
                err(
                    "date",
                    f"Baris ganda: titik layanan dan tanggal sama dengan baris {seen[row_key]}.",
                )
            else:
                seen[row_key] = number
        result.errors.extend(errs)
        if not errs:
            # Each is None only when its column recorded an error.
            assert opd is not None and day is not None and wait is not None
            parsed.append((opd, point, day, ints["visitors_served"], wait, ints["complaints"]))
    if result.errors:
        return result
    with transaction.atomic():
        for opd, point, day, visitors, wait, complaints in parsed:
            _obj, created = ServiceLevel.objects.update_or_create(
                opd=opd,
                service_point=point,
                date=day,
                defaults={
                    "visitors_served": visitors,
                    "avg_wait_minutes": wait,
                    "complaints": complaints,
                    "synthetic": False,
                },
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
        record_event(
            actor=actor,
            action="service_level.imported",
            object_type="efficiency.servicelevel",
            object_id=filename[:100],
            after={
                "file": filename,
                "created": result.created,
                "updated": result.updated,
                "opds": sorted({p[0].code for p in parsed}),
            },
        )
    return result


def store_pilot_metrics(
    *, actor: User | None, month: dt.date, values: dict[tuple[int, str], tuple[float, int]]
) -> int:
    """Store measured monthly metrics per OPD, replacing synthetic or older rows of that month.

    Called by the monthly task (actor None = the system); BKPSDM may also trigger it.
    """
    if actor is not None:
        access.require(access.scope_for(actor).city_writer, "Hanya BKPSDM yang dapat menghitung.")
    month = month.replace(day=1)
    known = set(Metric.values)
    rows = [
        PilotMetric(
            opd_id=opd_id,
            month=month,
            metric=metric,
            value=round(value, 3),
            staff=staff,
            synthetic=False,
        )
        for (opd_id, metric), (value, staff) in values.items()
        if metric in known
    ]
    with transaction.atomic():
        keys = {(r.opd_id, r.metric) for r in rows}
        for opd_id, metric in keys:
            PilotMetric.objects.filter(opd_id=opd_id, month=month, metric=metric).delete()
        PilotMetric.objects.bulk_create(rows)
        record_event(
            actor=actor,
            action="pilot_metrics.stored",
            object_type="efficiency.pilotmetric",
            object_id=month.isoformat(),
            after={"month": month, "rows": len(rows), "opds": len({r.opd_id for r in rows})},
        )
    return len(rows)
