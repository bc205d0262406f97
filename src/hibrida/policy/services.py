"""Writes to the work policy: one function per use case, one transaction, one audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from hibrida.audit import decisions
from hibrida.audit.decisions import text_error
from hibrida.audit.log import record_event, snapshot
from hibrida.org import access
from hibrida.org.models import Employee, Opd, OpdClass, Position, Unit, User

from .engine import PolicyBook
from .models import (
    CalendarDay,
    CalendarDayKind,
    DisciplineKind,
    DisciplineRecord,
    JobCriteria,
    LegalParameter,
    Level,
    ParameterKey,
    Pattern,
    Phase,
    PhaseStatus,
    PolicyRule,
    SpecialCircumstance,
    SpecialStatus,
    WfhReadiness,
    WorkingHours,
)
from .rules import JOB_CRITERIA, WEEKDAYS


def national_cap(day: dt.date) -> tuple[int, str]:
    """(days, legal source) of the national limit of location-flexible days a week on ``day``."""
    return PolicyBook(
        [], [], {}, list(LegalParameter.objects.filter(key=ParameterKey.MAX_LOCATION_DAYS))
    ).parameter(ParameterKey.MAX_LOCATION_DAYS, day)


def over_cap_message(cap: int, source: str) -> str:
    return (
        f"Paling banyak {cap} hari kerja fleksibel lokasi per minggu (PermenPANRB 4/2025 "
        f"Pasal 13 ayat (1); berlaku: {source}). Kota boleh menetapkan lebih sedikit."
    )


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


def _check_weekly_days(
    out: dict[str, Any], errors: dict[str, str], cap_in_force: tuple[int, str]
) -> None:
    """The weekly quota and maximum: whole numbers, never above the national cap."""
    for name in ("wfh_days_per_week", "max_wfh_per_week", "min_onsite_count"):
        value = out.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            errors[name] = "Isi dengan bilangan bulat."
            out[name] = None
    national, source = cap_in_force
    quota = out.get("wfh_days_per_week")
    if quota is not None and int(quota) > national:
        errors["wfh_days_per_week"] = over_cap_message(national, source)
    elif quota is not None and int(quota) < 1:
        errors["wfh_days_per_week"] = "Kuota WFH per minggu paling sedikit 1 hari."
    cap = out.get("max_wfh_per_week")
    if cap is not None and int(cap) > national:
        errors["max_wfh_per_week"] = over_cap_message(national, source)
    elif cap is not None and int(cap) < 0:
        errors["max_wfh_per_week"] = "Maksimum WFH per minggu tidak boleh negatif."
    if quota is not None and cap is not None and int(cap) < int(quota):
        errors["max_wfh_per_week"] = "Maksimum WFH per minggu tidak boleh di bawah kuota."


# One independent check per rule value; the branches count fields, not logic.
def clean_rule_values(  # noqa: C901
    values: dict[str, Any], day: dt.date | None = None, national: tuple[int, str] | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalised rule values and field-level Indonesian errors (empty when valid).

    ``national``: (days, source) of the cap of Pasal 13(1); read for ``day`` (today by
    default) when not given.
    """
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
    _check_weekly_days(out, errors, national or national_cap(day or timezone.localdate()))
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
        {k: data.get(k) for k in ("pattern", "fixed_weekday", "wfh_days_per_week", "wfh_share")},
        day=start,
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


# --- PermenPANRB 4/2025: job and staff criteria, special circumstances -------------------


def set_job_criteria(*, actor: User, position: Position, flags: dict[str, bool]) -> JobCriteria:
    """The OPD admin (or BKPSDM) sets the Pasal 23 checklist of a position of their OPD."""
    access.require_writer(actor)
    access.require(access.can_manage_opd(actor, position.opd_id))
    names = {name for name, _text in JOB_CRITERIA}
    unknown = sorted(set(flags) - names)
    if unknown:
        raise ValidationError({unknown[0]: "Kriteria jabatan tidak dikenal."})
    with transaction.atomic():
        row = JobCriteria.objects.select_for_update().filter(position=position).first()
        before = snapshot(row) if row else None
        row = row or JobCriteria(position=position)
        for name in names:
            setattr(row, name, bool(flags.get(name, False)))
        row.save()
        record_event(
            actor=actor,
            action="job_criteria.set",
            obj=row,
            before=before,
            after=snapshot(row),
        )
    return row


DISCIPLINE_REFERENCE_MAX_CHARS = 200  # DisciplineRecord.reference


def record_discipline(
    *,
    actor: User,
    employee: Employee,
    kind: str,
    start: dt.date | None,
    end: dt.date | None,
    reference: str,
) -> DisciplineRecord:
    """BKPSDM or the employee's OPD admin records a disciplinary process or sanction with its
    period (Pasal 25): the ASN is ineligible for flexible work from ``start`` to ``end``."""
    access.require_writer(actor)
    access.require(
        access.can_manage_employee(actor, employee),
        "Status disiplin dicatat oleh BKPSDM atau admin OPD pegawai.",
    )
    errors: dict[str, str] = {}
    if kind not in DisciplineKind.values:
        errors["kind"] = "Jenis harus proses (dalam proses) atau hukuman (sedang menjalani)."
    if start is None:
        errors["start"] = "Tanggal mulai wajib diisi."
    if end is None:
        errors["end"] = "Tanggal selesai wajib diisi."
    elif start is not None and end < start:
        errors["end"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    reference = (reference or "").strip()
    if message := text_error(
        reference,
        max_chars=DISCIPLINE_REFERENCE_MAX_CHARS,
        required_message="Isi nomor keputusan atau berkas pemeriksaan.",
    ):
        errors["reference"] = message
    if errors:
        raise ValidationError(errors)
    assert start is not None and end is not None  # checked above
    with transaction.atomic():
        row = DisciplineRecord.objects.create(
            employee=employee,
            kind=kind,
            start=start,
            end=end,
            reference=reference,
            recorded_by=actor,
        )
        record_event(actor=actor, action="discipline.recorded", obj=row, after=snapshot(row))
    return row


SPECIAL_MAX_DAYS = 366


def apply_special_circumstance(
    *, actor: User, employee: Employee, reason: str, end: dt.date | None
) -> SpecialCircumstance:
    """The ASN applies to their atasan for flexible work in special circumstances (Pasal 30)."""
    access.require_writer_for(actor, employee.pk)
    access.require(
        access.scope_for(actor).employee_id == employee.pk,
        "Permohonan keadaan khusus diajukan oleh pegawai yang bersangkutan.",
    )
    errors: dict[str, str] = {}
    text = (reason or "").strip()
    if message := text_error(
        text,
        max_chars=decisions.NOTE_MAX_CHARS,
        required_message="Tuliskan keadaan khusus yang Anda alami.",
    ):
        errors["reason"] = message
    today = timezone.localdate()
    if end is None:
        errors["end"] = "Tanggal berakhir wajib diisi."
    elif end < today:
        errors["end"] = "Tanggal berakhir tidak boleh sebelum hari ini."
    elif (end - today).days > SPECIAL_MAX_DAYS:
        errors["end"] = "Paling lama satu tahun; ajukan kembali setelah berakhir."
    if employee.supervisor_id is None:
        errors["reason"] = "Anda belum memiliki atasan yang dapat memutuskan permohonan."
    if errors:
        raise ValidationError(errors)
    assert end is not None  # checked above
    with transaction.atomic():
        row = SpecialCircumstance.objects.create(employee=employee, reason=text, end=end)
        record_event(
            actor=actor, action="special_circumstance.applied", obj=row, after=snapshot(row)
        )
    return row


def _special_guard(actor: User, row: SpecialCircumstance) -> None:
    access.require_writer(actor)
    access.require(
        access.is_supervisor_of(actor, row.employee_id),
        "Permohonan keadaan khusus diputuskan oleh atasan pegawai.",
    )


def approve_special_circumstance(
    *, actor: User, row: SpecialCircumstance, note: str = ""
) -> SpecialCircumstance:
    """The atasan approves: the ASN gets flexible work until the end date."""
    _special_guard(actor, row)
    return decisions.decide(
        actor=actor,
        model=SpecialCircumstance,
        pk=row.pk,
        pending=[SpecialStatus.PENDING],
        to_status=SpecialStatus.APPROVED,
        action="special_circumstance.approved",
        note=note,
    )


def reject_special_circumstance(
    *, actor: User, row: SpecialCircumstance, note: str
) -> SpecialCircumstance:
    """The atasan refuses, saying why."""
    _special_guard(actor, row)
    return decisions.decide(
        actor=actor,
        model=SpecialCircumstance,
        pk=row.pk,
        pending=[SpecialStatus.PENDING],
        to_status=SpecialStatus.REJECTED,
        action="special_circumstance.rejected",
        note=note,
        note_required="Tuliskan alasan penolakan.",
    )


LEGAL_SOURCE_MAX_CHARS = 300  # LegalParameter.legal_source


def add_legal_parameter(
    *, actor: User, key: str, value: int | None, legal_source: str, valid_from: dt.date | None
) -> LegalParameter:
    """BKPSDM records a figure from the day it applies; the row in force before it ends the day
    before, so every past day keeps the figure it had."""
    access.require_writer(actor)
    access.require(access.scope_for(actor).city_writer, "Parameter hukum ditetapkan oleh BKPSDM.")
    errors: dict[str, str] = {}
    if key not in ParameterKey.values:
        errors["key"] = "Parameter tidak dikenal."
    if value is None or not 0 <= value <= 120:
        errors["value"] = "Nilai harus bilangan bulat 0 sampai 120."
    elif key == ParameterKey.MAX_LOCATION_DAYS and value > 5:
        errors["value"] = "Satu minggu hanya memiliki 5 hari kerja."
    source = (legal_source or "").strip()
    if message := text_error(
        source,
        max_chars=LEGAL_SOURCE_MAX_CHARS,
        required_message="Sebutkan dasar hukumnya (peraturan, pasal).",
    ):
        errors["legal_source"] = message
    if valid_from is None:
        errors["valid_from"] = "Tanggal berlaku wajib diisi."
    elif LegalParameter.objects.filter(key=key, valid_from=valid_from).exists():
        errors["valid_from"] = "Sudah ada nilai yang berlaku mulai tanggal ini."
    if errors:
        raise ValidationError(errors)
    assert valid_from is not None and value is not None  # checked above
    with transaction.atomic():
        for previous in (
            LegalParameter.objects.select_for_update()
            .filter(key=key, valid_from__lt=valid_from)
            .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=valid_from))
        ):
            before = snapshot(previous)
            previous.valid_to = valid_from - dt.timedelta(days=1)
            previous.save(update_fields=["valid_to"])
            record_event(
                actor=actor,
                action="legal_parameter.ended",
                obj=previous,
                before=before,
                after=snapshot(previous),
            )
        later = (
            LegalParameter.objects.filter(key=key, valid_from__gt=valid_from)
            .order_by("valid_from")
            .first()
        )
        row = LegalParameter.objects.create(
            key=key,
            value=value,
            legal_source=source,
            valid_from=valid_from,
            valid_to=later.valid_from - dt.timedelta(days=1) if later else None,
        )
        record_event(actor=actor, action="legal_parameter.added", obj=row, after=snapshot(row))
    return row
