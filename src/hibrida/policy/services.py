"""Writes to the work policy: one function per use case, one transaction, one audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hibrida.audit.decisions import text_error
from hibrida.audit.log import record_event, snapshot
from hibrida.org import access
from hibrida.org.models import Employee, Opd, OpdClass, Position, Unit, User

from .models import (
    CalendarDay,
    CalendarDayKind,
    Level,
    Pattern,
    Phase,
    PhaseStatus,
    PolicyRule,
    WfhReadiness,
    WorkingHours,
)
from .rules import WEEKDAYS

RULE_VALUE_FIELDS = (
    "wfh_allowed",
    "pattern",
    "fixed_weekday",
    "wfh_days_per_week",
    "max_wfh_per_week",
    "allowed_weekdays",
    "min_onsite_share",
    "min_onsite_count",
    "wfh_share",
    "blackout_dates",
    "field_rotation",
    "note",
)


def _clean_dates(value: Any, field: str, errors: dict[str, str]) -> list[str]:
    out = []
    for item in value or []:
        try:
            out.append(dt.date.fromisoformat(str(item)).isoformat())
        except ValueError:
            errors[field] = f"Tanggal '{item}' tidak sah; gunakan format YYYY-MM-DD."
    return sorted(set(out))


# One independent check per rule value; the branches count fields, not logic.
def clean_rule_values(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:  # noqa: C901
    """Normalised rule values and field-level Indonesian errors (empty when valid)."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for name in RULE_VALUE_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if value == "":
            value = None
        out[name] = value
    pattern = out.get("pattern")
    if pattern is not None and pattern not in Pattern.values:
        errors["pattern"] = (
            "Pola harus salah satu dari: none, fixed_weekday, weekly_quota, rotation."
        )
    weekday = out.get("fixed_weekday")
    if weekday is not None and weekday not in WEEKDAYS:
        errors["fixed_weekday"] = "Hari WFH tetap harus mon, tue, wed, thu, atau fri."
    if pattern == Pattern.FIXED_WEEKDAY and not weekday:
        errors["fixed_weekday"] = "Pola hari tetap memerlukan hari WFH tetap."
    quota = out.get("wfh_days_per_week")
    if quota is not None and quota not in (1, 2):
        errors["wfh_days_per_week"] = "Kuota WFH per minggu harus 1 atau 2 hari."
    cap = out.get("max_wfh_per_week")
    if cap is not None and not 0 <= int(cap) <= 5:
        errors["max_wfh_per_week"] = "Maksimum WFH per minggu harus antara 0 dan 5."
    if quota is not None and cap is not None and int(cap) < int(quota):
        errors["max_wfh_per_week"] = "Maksimum WFH per minggu tidak boleh di bawah kuota."
    days = out.get("allowed_weekdays")
    if days is not None:
        if not isinstance(days, list | tuple) or any(d not in WEEKDAYS for d in days):
            errors["allowed_weekdays"] = "Hari yang boleh WFH hanya mon, tue, wed, thu, fri."
        else:
            out["allowed_weekdays"] = [d for d in WEEKDAYS if d in days]
    for name in ("min_onsite_share", "wfh_share"):
        share = out.get(name)
        if share is not None and not 0.0 <= float(share) <= 1.0:
            errors[name] = "Porsi harus antara 0 dan 1 (mis. 0,5 untuk 50 %)."
    count = out.get("min_onsite_count")
    if count is not None and int(count) < 0:
        errors["min_onsite_count"] = "Jumlah minimum di kantor tidak boleh negatif."
    if "blackout_dates" in out:
        out["blackout_dates"] = _clean_dates(out["blackout_dates"], "blackout_dates", errors)
    if out.get("note") is None and "note" in out:
        out["note"] = ""
    if len(out.get("note") or "") > 300:
        errors["note"] = "Catatan paling panjang 300 karakter."
    for name in ("pattern", "fixed_weekday"):
        # Text columns store "inherit" as an empty string, not NULL.
        if name in out and out[name] is None:
            out[name] = ""
    return out, errors


def _target_filter(
    level: str, opd_class: str, opd: Opd | None, unit: Unit | None, position: Position | None
) -> dict[str, Any]:
    filters: dict[str, dict[str, Any]] = {
        Level.KOTA: {},
        Level.KELAS: {"opd_class": opd_class},
        Level.OPD: {"opd": opd},
        Level.UNIT: {"unit": unit},
        Level.JABATAN: {"position": position},
    }
    return filters[level]


def set_policy_rule(
    *,
    actor: User,
    level: str,
    values: dict[str, Any],
    opd_class: str = "",
    opd: Opd | None = None,
    unit: Unit | None = None,
    position: Position | None = None,
) -> PolicyRule:
    """Create or change the rule of one target. City and class rules belong to BKPSDM;
    OPD, unit and position rules to the OPD's admin (or BKPSDM)."""
    access.require_writer(actor)
    errors: dict[str, str] = {}
    if level not in Level.values:
        raise ValidationError({"level": "Tingkat harus kota, kelas, opd, unit, atau jabatan."})
    if level == Level.KELAS and opd_class not in OpdClass.values:
        errors["opd_class"] = "Kelas OPD tidak dikenal."
    if level == Level.OPD and opd is None:
        errors["opd"] = "OPD wajib dipilih."
    if level == Level.UNIT and unit is None:
        errors["unit"] = "Unit wajib dipilih."
    if level == Level.JABATAN and position is None:
        errors["position"] = "Jabatan wajib dipilih."
    if errors:
        raise ValidationError(errors)
    if level in (Level.KOTA, Level.KELAS):
        access.require(
            access.scope_for(actor).city_writer,
            "Kebijakan kota dan kelas OPD ditetapkan oleh BKPSDM.",
        )
    else:
        target_opd = opd or (unit.opd if unit else None) or (position.opd if position else None)
        # The level's own target was required above, so one of the three is set.
        assert target_opd is not None
        access.require(access.can_manage_opd(actor, target_opd))
    cleaned, errors = clean_rule_values(values)
    if errors:
        raise ValidationError(errors)
    target = _target_filter(level, opd_class, opd, unit, position)
    with transaction.atomic():
        rule = PolicyRule.objects.select_for_update().filter(level=level, **target).first()
        before = snapshot(rule) if rule else None
        if rule is None:
            rule = PolicyRule(level=level, **target)
        for name, value in cleaned.items():
            setattr(rule, name, [] if name == "blackout_dates" and value is None else value)
        rule.save()
        record_event(
            actor=actor,
            action="policy_rule.updated" if before else "policy_rule.created",
            obj=rule,
            before=before,
            after=snapshot(rule),
        )
    return rule


def _clean_phase(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not (data.get("name") or "").strip():
        errors["name"] = "Nama fase wajib diisi."
    elif len(data["name"].strip()) > 100:
        errors["name"] = "Nama fase paling panjang 100 karakter."
    start, end = data.get("start"), data.get("end")
    if start is None:
        errors["start"] = "Tanggal mulai wajib diisi."
    if end is None:
        errors["end"] = "Tanggal selesai wajib diisi."
    if start and end and end < start:
        errors["end"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    if data.get("status", PhaseStatus.DRAFT) not in PhaseStatus.values:
        errors["status"] = "Status harus draft atau aktif."
    _, rule_errors = clean_rule_values(
        {k: data.get(k) for k in ("pattern", "fixed_weekday", "wfh_days_per_week", "wfh_share")}
    )
    errors.update(rule_errors)
    if not data.get("pattern"):
        errors["pattern"] = "Pola wajib diisi."
    return errors


def save_phase(*, actor: User, data: dict[str, Any], phase: Phase | None = None) -> Phase:
    """Create or change a pilot phase (BKPSDM). ``data['opds']``: OPDs, empty = all."""
    access.require_writer(actor)
    access.require(access.scope_for(actor).city_writer, "Fase uji coba ditetapkan oleh BKPSDM.")
    errors = _clean_phase(data)
    name = (data.get("name") or "").strip()
    dup = Phase.objects.filter(name=name)
    if phase is not None:
        dup = dup.exclude(pk=phase.pk)
    if name and dup.exists():
        errors["name"] = f"Fase bernama {name} sudah ada."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = None
        if phase is not None:
            phase = Phase.objects.select_for_update().get(pk=phase.pk)
            before = {**snapshot(phase), "opds": sorted(phase.opds.values_list("pk", flat=True))}
        else:
            phase = Phase()
        phase.name = name
        phase.description = data.get("description", "")
        phase.start, phase.end = data["start"], data["end"]
        phase.status = data.get("status", PhaseStatus.DRAFT)
        phase.pattern = data["pattern"]
        phase.fixed_weekday = data.get("fixed_weekday") or ""
        phase.wfh_days_per_week = data.get("wfh_days_per_week")
        phase.wfh_share = data.get("wfh_share")
        phase.save()
        phase.opds.set(data.get("opds") or [])
        after = {**snapshot(phase), "opds": sorted(o.pk for o in data.get("opds") or [])}
        record_event(
            actor=actor,
            action="phase.updated" if before else "phase.created",
            obj=phase,
            before=before,
            after=after,
        )
    return phase


def add_calendar_day(*, actor: User, date: dt.date, kind: str, name: str) -> CalendarDay:
    """Record a cuti bersama or local day off (BKPSDM)."""
    access.require_writer(actor)
    access.require(access.scope_for(actor).city_writer, "Kalender kerja diubah oleh BKPSDM.")
    errors: dict[str, str] = {}
    if kind not in CalendarDayKind.values:
        errors["kind"] = "Jenis harus cuti_bersama atau libur_daerah."
    if not (name or "").strip():
        errors["name"] = "Keterangan wajib diisi."
    elif len(name.strip()) > 200:
        errors["name"] = "Keterangan paling panjang 200 karakter."
    if date is not None and date.weekday() >= 5:
        errors["date"] = "Tanggal jatuh pada akhir pekan; tidak perlu dicatat."
    if date is not None and CalendarDay.objects.filter(date=date).exists():
        errors["date"] = f"Tanggal {date:%d-%m-%Y} sudah tercatat sebagai hari libur."
    if date is None:
        errors["date"] = "Tanggal wajib diisi."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        day = CalendarDay.objects.create(date=date, kind=kind, name=name.strip(), created_by=actor)
        record_event(actor=actor, action="calendar_day.created", obj=day, after=snapshot(day))
    return day


def remove_calendar_day(*, actor: User, day: CalendarDay) -> None:
    """Delete a cuti bersama or local day off (BKPSDM); the day becomes a working day."""
    access.require_writer(actor)
    access.require(access.scope_for(actor).city_writer, "Kalender kerja diubah oleh BKPSDM.")
    with transaction.atomic():
        before = snapshot(day)
        pk = day.pk
        day.delete()
        record_event(
            actor=actor,
            action="calendar_day.deleted",
            object_type="policy.calendarday",
            object_id=pk,
            before=before,
        )


def set_working_hours(
    *, actor: User, opd: Opd, weekday: int, start: dt.time, end: dt.time, break_minutes: int
) -> WorkingHours:
    """Set an OPD's office hours for one weekday (OPD admin of that OPD or BKPSDM)."""
    access.require_writer(actor)
    access.require(access.can_manage_opd(actor, opd))
    errors: dict[str, str] = {}
    if not 0 <= weekday <= 4:
        errors["weekday"] = "Hari harus 0 (Senin) sampai 4 (Jumat)."
    if end <= start:
        errors["end"] = "Jam pulang harus setelah jam masuk."
    elif break_minutes < 0 or break_minutes >= (
        (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    ):
        errors["break_minutes"] = "Istirahat harus nol atau lebih dan lebih pendek dari jam kerja."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = WorkingHours.objects.filter(opd=opd, weekday=weekday).first()
        before = snapshot(row) if row else None
        row = row or WorkingHours(opd=opd, weekday=weekday)
        row.start, row.end, row.break_minutes = start, end, break_minutes
        row.save()
        record_event(
            actor=actor, action="working_hours.set", obj=row, before=before, after=snapshot(row)
        )
    return row


READINESS_ITEMS = ("connectivity", "device", "security")
DEVICE_LABEL_MAX_CHARS = 100  # WfhReadiness.device_label


def record_readiness(
    *,
    actor: User,
    employee: Employee,
    item: str,
    connectivity_mbps: float | None = None,
    device_label: str = "",
) -> WfhReadiness:
    """The ASN records one readiness condition for themself: a connectivity check (with the
    measured speed), an official device, or acceptance of the data-security statement."""
    access.require_writer_for(actor, employee.pk)
    access.require(
        access.scope_for(actor).employee_id == employee.pk,
        "Kesiapan WFH dicatat oleh pegawai yang bersangkutan.",
    )
    errors: dict[str, str] = {}
    if item not in READINESS_ITEMS:
        errors["item"] = "Butir kesiapan harus connectivity, device, atau security."
    if item == "connectivity" and (connectivity_mbps is None or connectivity_mbps <= 0):
        errors["connectivity_mbps"] = "Isi hasil uji kecepatan internet (Mbps, lebih dari 0)."
    device_label = (device_label or "").strip()
    if item == "device" and (
        message := text_error(
            device_label,
            max_chars=DEVICE_LABEL_MAX_CHARS,
            required_message="Isi nama/nomor inventaris perangkat dinas.",
        )
    ):
        errors["device_label"] = message
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        readiness, _ = WfhReadiness.objects.select_for_update().get_or_create(employee=employee)
        before = snapshot(readiness)
        if item == "connectivity":
            readiness.connectivity_checked_at = now
            # Validated above: a connectivity check comes with its measured speed.
            assert connectivity_mbps is not None
            readiness.connectivity_mbps = float(connectivity_mbps)
        elif item == "device":
            readiness.device_registered_at = now
            readiness.device_label = device_label
        else:
            readiness.security_accepted_at = now
        readiness.save()
        record_event(
            actor=actor,
            action=f"wfh_readiness.{item}",
            obj=readiness,
            before=before,
            after=snapshot(readiness),
        )
    return readiness
