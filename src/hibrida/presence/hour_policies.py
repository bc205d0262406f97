"""Writes of work-hour policies and Ramadan dates (kept out of services.py, which is long).

One function per use case, one transaction, one audit event. Rules: docs/regulations-pay.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hibrida.audit.log import record_event, snapshot
from hibrida.org import access
from hibrida.org.models import Opd, Position, Unit, User

from . import hours as hours_mod
from . import worktime
from .models import HourKind, RamadanPeriod, WorkHourPolicy

# Perpres 21/2023 Pasal 3: 37 h 30 min a week, breaks excluded.
WEEKLY_MINUTES = 37 * 60 + 30
WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat")
MAX_BREAK = 180


def _time(value: str, field: str, errors: dict[str, str]) -> dt.time | None:
    text = (value or "").strip()
    if not text:
        errors.setdefault(field, "Jam wajib diisi (JJ:MM).")
        return None
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        errors.setdefault(field, "Jam harus berformat JJ:MM, misalnya 07:30.")
        return None


def _int(value: Any, field: str, errors: dict[str, str], lo: int, hi: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.setdefault(field, "Harus bilangan bulat.")
        return 0
    if not lo <= number <= hi:
        errors.setdefault(field, f"Harus antara {lo} dan {hi}.")
    return number


def _date(value: str, field: str, errors: dict[str, str], *, required: bool) -> dt.date | None:
    text = (value or "").strip()
    if not text:
        if required:
            errors.setdefault(field, "Tanggal wajib diisi.")
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors.setdefault(field, "Tanggal harus berformat YYYY-MM-DD.")
        return None


def parse_hours(data: Mapping[str, Any], errors: dict[str, str]) -> dict[int, worktime.Hours]:
    """Fields ``h<d>_start``, ``h<d>_end``, ``h<d>_break`` for Monday (0) to Friday (4)."""
    out = {}
    for day in range(5):
        start = _time(data.get(f"h{day}_start", ""), f"h{day}_start", errors)
        end = _time(data.get(f"h{day}_end", ""), f"h{day}_end", errors)
        brk = _int(data.get(f"h{day}_break", ""), f"h{day}_break", errors, 0, MAX_BREAK)
        if start and end:
            if end <= start:
                errors.setdefault(
                    f"h{day}_end", f"{WEEKDAY_NAMES[day]}: jam pulang harus setelah jam masuk."
                )
            else:
                out[day] = worktime.Hours(start, end, brk)
    return out


def _placement(
    opd: Opd, data: Mapping[str, Any], errors: dict[str, str]
) -> tuple[Unit | None, Position | None]:
    """The unit and position named in ``data``, each of ``opd`` or a field error."""
    unit = position = None
    if str(data.get("unit", "") or "").strip():
        unit = Unit.objects.filter(pk=_int(data["unit"], "unit", errors, 1, 2**31), opd=opd).first()
        if unit is None:
            errors.setdefault("unit", "Unit tidak ada di OPD ini.")
    if str(data.get("position", "") or "").strip():
        position = Position.objects.filter(
            pk=_int(data["position"], "position", errors, 1, 2**31), opd=opd
        ).first()
        if position is None:
            errors.setdefault("position", "Jabatan tidak ada di OPD ini.")
    return unit, position


@transaction.atomic
def create_hour_policy(*, actor: User, data: Mapping[str, Any]) -> WorkHourPolicy:
    """Record a work-hour policy for an OPD, or one unit or position of it."""
    access.require_writer(actor)
    errors: dict[str, str] = {}
    opd = Opd.objects.filter(pk=_int(data.get("opd", ""), "opd", errors, 1, 2**31)).first()
    if opd is None:
        raise ValidationError({"opd": "OPD tidak ditemukan."})
    access.require(
        access.can_manage_opd(actor, opd),
        "Jam kerja OPD ini diatur oleh admin OPD-nya atau BKPSDM.",
    )
    unit, position = _placement(opd, data, errors)
    kind = str(data.get("kind", ""))
    if kind not in HourKind.values:
        errors["kind"] = "Jenis harus tetap, dinamis atau sif."
    hours = parse_hours(data, errors)
    direct = str(data.get("direct_service", "")).lower() in ("1", "true", "on", "ya")
    window_start = window_end = None
    daily = 0
    if kind == HourKind.DYNAMIC:
        window_start = _time(data.get("window_start", ""), "window_start", errors)
        window_end = _time(data.get("window_end", ""), "window_end", errors)
        daily = _int(data.get("daily_minutes", ""), "daily_minutes", errors, 60, 720)
        if window_start and window_end and window_end <= window_start:
            errors.setdefault("window_end", "Akhir jendela masuk harus setelah awalnya.")
        weekly = daily * 5
    else:
        weekly = sum(worktime.required_minutes(h) for h in hours.values())
    if len(hours) == 5 and not errors and weekly < WEEKLY_MINUTES and not direct:
        errors["kind"] = (
            f"Jam kerja seminggu {weekly // 60} jam {weekly % 60} menit, kurang dari 37 jam 30 "
            "menit (Perpres 21/2023 Pasal 3; PermenPANRB 4/2025 Pasal 17: jam kerja "
            "seminggu tetap terpenuhi)."
        )
    valid_from = _date(data.get("valid_from", ""), "valid_from", errors, required=True)
    valid_to = _date(data.get("valid_to", ""), "valid_to", errors, required=False)
    if valid_from and valid_to and valid_to < valid_from:
        errors.setdefault("valid_to", "Tanggal akhir tidak boleh sebelum tanggal mulai.")
    source = str(data.get("source", "") or "").strip()
    if not source:
        errors["source"] = "Dasar hukum wajib diisi (mis. Perwal atau SK Kepala OPD)."
    elif len(source) > 300:
        errors["source"] = f"Paling panjang 300 karakter (sekarang {len(source)})."
    if errors:
        raise ValidationError(errors)
    assert valid_from is not None  # an empty date is an error above
    row = WorkHourPolicy.objects.create(
        opd=opd,
        unit=unit,
        position=position,
        kind=kind,
        hours=hours_mod.hours_to_json(hours),
        window_start=window_start,
        window_end=window_end,
        daily_minutes=daily,
        direct_service=direct,
        valid_from=valid_from,
        valid_to=valid_to,
        source=source,
        created_by=actor,
    )
    record_event(actor=actor, action="work_hours.created", obj=row, after=snapshot(row))
    return row


@transaction.atomic
def delete_hour_policy(*, actor: User, pk: int) -> None:
    access.require_writer(actor)
    row = WorkHourPolicy.objects.select_for_update().filter(pk=pk).first()
    if row is None or not access.can_manage_opd(actor, row.opd_id):
        raise WorkHourPolicy.DoesNotExist
    before = snapshot(row)
    row.delete()
    record_event(
        actor=actor,
        action="work_hours.deleted",
        object_type="presence.workhourpolicy",
        object_id=pk,
        before=before,
    )


@transaction.atomic
def add_ramadan_period(*, actor: User, data: Mapping[str, Any]) -> RamadanPeriod:
    """BKPSDM sets the dates of Ramadan working hours."""
    access.require_writer(actor)
    access.require(access.scope_for(actor).city_writer, "Tanggal Ramadan ditetapkan oleh BKPSDM.")
    errors: dict[str, str] = {}
    start = _date(data.get("start", ""), "start", errors, required=True)
    end = _date(data.get("end", ""), "end", errors, required=True)
    if start and end:
        if end < start:
            errors["end"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
        elif (end - start).days > 35:
            errors["end"] = "Ramadan paling lama 30 hari; periksa tanggalnya."
        elif RamadanPeriod.objects.filter(start__lte=end, end__gte=start).exists():
            errors["start"] = "Tanggal ini bertumpang tindih dengan periode Ramadan yang ada."
    source = str(data.get("source", "") or "").strip()
    if not source:
        errors["source"] = "Dasar (surat edaran) wajib diisi."
    elif len(source) > 300:
        errors["source"] = f"Paling panjang 300 karakter (sekarang {len(source)})."
    if errors:
        raise ValidationError(errors)
    assert start is not None and end is not None
    row = RamadanPeriod.objects.create(start=start, end=end, source=source, created_by=actor)
    record_event(actor=actor, action="ramadan.created", obj=row, after=snapshot(row))
    return row


@transaction.atomic
def delete_ramadan_period(*, actor: User, pk: int) -> None:
    access.require_writer(actor)
    access.require(access.scope_for(actor).city_writer, "Tanggal Ramadan ditetapkan oleh BKPSDM.")
    row = RamadanPeriod.objects.select_for_update().filter(pk=pk).first()
    if row is None:
        raise RamadanPeriod.DoesNotExist
    before = snapshot(row)
    row.delete()
    record_event(
        actor=actor,
        action="ramadan.deleted",
        object_type="presence.ramadanperiod",
        object_id=pk,
        before=before,
    )
