"""Writes of the e-Activity Report: one function per use case, one transaction, one audit event.

The report rules (working days, deadline and lateness, who validates, locking) are listed in
docs/architecture.md, "Activity: performance formulas and exports".
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from hibrida.audit import decisions
from hibrida.audit.log import actor_label, record_event, snapshot
from hibrida.org import access
from hibrida.org.models import Employee, User
from hibrida.policy.calendar import add_working_days, is_working_day
from hibrida.roster.modes import WorkMode

from . import facts
from .evidence import EvidenceError, check_evidence
from .models import (
    ActionPlan,
    Activity,
    DailyReport,
    Delegation,
    EventKind,
    ReportEvent,
    ReportMode,
    ReportOpening,
    ReportStatus,
    SkpTarget,
)

REPORT_FIELDS = [
    "status",
    "work_mode",
    "note",
    "submitted_at",
    "is_late",
    "validator",
    "validation_due",
    "escalation_level",
    "decided_at",
    "decided_by",
    "decision_note",
]
ACTIVITY_FIELDS = [
    "description",
    "target",
    "output",
    "quantity",
    "unit",
    "minutes",
    "evidence_path",
    "evidence_name",
    "evidence_type",
    "evidence_size",
    "evidence_link",
]
MAX_MINUTES_PER_DAY = 24 * 60


def now() -> dt.datetime:
    """The current time; one seam so that tests can fix the clock."""
    return timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


def grace_minutes() -> int:
    return int(getattr(settings, "HIBRIDA_REPORT_GRACE_MINUTES", 0))


def validation_days() -> int:
    return int(getattr(settings, "HIBRIDA_VALIDATION_WORKING_DAYS", 3))


def deadline_for(day: dt.date) -> dt.datetime:
    """Submission deadline: 23:59 (end of that minute) Asia/Jakarta on ``day`` plus the grace."""
    local = dt.datetime.combine(day, dt.time(23, 59, 59, 999999))
    aware = timezone.make_aware(local, timezone.get_default_timezone())
    return aware + dt.timedelta(minutes=grace_minutes())


def _own_employee(actor: User) -> Employee:
    access.require_writer_for(actor, getattr(actor, "employee_id", None))
    employee = getattr(actor, "employee", None)
    if employee is None:
        raise PermissionDenied("Hanya ASN yang dapat menulis laporan harian.")
    return employee


def _require_owner(actor: User, report: DailyReport) -> None:
    employee = _own_employee(actor)
    access.require(
        report.employee_id == employee.pk, "Anda hanya dapat mengubah laporan Anda sendiri."
    )


def _require_editable(report: DailyReport) -> None:
    if report.locked:
        raise ValidationError({"status": "Laporan sudah divalidasi dan terkunci."})
    if report.status == ReportStatus.SUBMITTED:
        raise ValidationError(
            {"status": "Laporan sedang menunggu validasi dan tidak dapat diubah."}
        )


def _trail(report: DailyReport, actor: User | None, kind: str, comment: str = "") -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        at=now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label(actor),
        kind=kind,
        comment=comment,
    )


def _mode_for(employee: Employee, day: dt.date) -> str:
    mode = facts.work_mode(employee, day)
    return mode if mode in ReportMode.values or mode == WorkMode.LEAVE else WorkMode.WFO


# --- daily reports ----------------------------------------------------------------------------


def check_report_day(employee: Employee, day: dt.date) -> str:
    """The work mode of ``day`` when a report may be written for it; field errors otherwise."""
    if day > today():
        raise ValidationError({"day": "Laporan untuk hari yang akan datang belum dapat dibuat."})
    if not is_working_day(day):
        raise ValidationError({"day": f"{day:%d-%m-%Y} bukan hari kerja; laporan tidak perlu."})
    mode = _mode_for(employee, day)
    if mode == WorkMode.LEAVE:
        raise ValidationError(
            {"day": f"Anda tercatat cuti pada {day:%d-%m-%Y}; laporan tidak diperlukan."}
        )
    return mode


def start_report(*, actor: User, day: dt.date) -> DailyReport:
    """Open (or return the existing) report of the actor for ``day``, as a draft.

    The work mode and the day's attendance are filled in from the roster and presence."""
    employee = _own_employee(actor)
    existing = DailyReport.objects.filter(employee=employee, day=day).first()
    if existing is not None:
        return existing
    mode = check_report_day(employee, day)
    # Read before the transaction: a failing presence query must not poison it (PostgreSQL).
    attendance = facts.attendance(employee, day)
    with transaction.atomic():
        report, created = DailyReport.objects.get_or_create(
            employee=employee,
            day=day,
            defaults={"work_mode": mode, "attendance": attendance},
        )
        if created:
            _trail(report, actor, EventKind.CREATED)
            record_event(
                actor=actor,
                action="activity_report.created",
                obj=report,
                after=snapshot(report, REPORT_FIELDS),
            )
    return report


# One independent check per form field; the branches count fields, not logic.
def _clean_activity(employee: Employee, day: dt.date, data: dict) -> dict:  # noqa: C901
    errors: dict[str, str] = {}
    clean: dict = {}
    for key, label in (
        ("description", "Uraian kegiatan"),
        ("output", "Hasil/output"),
        ("unit", "Satuan"),
    ):
        value = str(data.get(key) or "").strip()
        if not value:
            errors[key] = f"{label} wajib diisi."
        clean[key] = value
    try:
        quantity = Decimal(str(data.get("quantity")))
        if not quantity.is_finite() or quantity <= 0 or quantity >= Decimal("1e8"):
            raise InvalidOperation
        clean["quantity"] = quantity
    except (InvalidOperation, ValueError, TypeError):
        errors["quantity"] = "Kuantitas harus angka lebih dari 0."
    try:
        minutes = int(data.get("minutes", ""))
        if not 1 <= minutes <= MAX_MINUTES_PER_DAY:
            raise ValueError
        clean["minutes"] = minutes
    except (ValueError, TypeError):
        errors["minutes"] = "Waktu harus 1 sampai 1.440 menit."
    target = data.get("target")
    if isinstance(target, int | str):
        raw = str(target).strip()
        target = SkpTarget.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        if raw and target is None:
            errors["target"] = "Target SKP tidak dikenal."
    if target is not None and (target.employee_id != employee.pk or target.year != day.year):
        errors["target"] = f"Target SKP harus milik Anda untuk tahun {day.year}."
    clean["target"] = target or None
    link = str(data.get("evidence_link") or "").strip()
    if link and not (link.startswith("https://") or link.startswith("http://")):
        errors["evidence_link"] = "Tautan bukti harus diawali http:// atau https://."
    if len(link) > 500:
        errors["evidence_link"] = "Tautan bukti terlalu panjang (maks. 500 karakter)."
    clean["evidence_link"] = link
    if errors:
        raise ValidationError(errors)
    return clean


def _store_evidence(report: DailyReport, filename: str, content: bytes) -> dict:
    try:
        info = check_evidence(filename, content)
    except EvidenceError as err:
        raise ValidationError({"evidence": str(err)}) from None
    # A random name: the uploaded name is kept only as a label, never used as a path.
    path = f"activity/{report.day:%Y/%m}/{uuid.uuid4().hex}{info.extension}"
    saved = default_storage.save(path, ContentFile(content))
    return {
        "evidence_path": saved,
        "evidence_name": (filename or "bukti")[-200:],
        "evidence_type": info.content_type,
        "evidence_size": info.size,
    }


def add_activity(
    *, actor: User, report: DailyReport, data: dict, evidence: tuple[str, bytes] | None = None
) -> Activity:
    """Add one activity (with optional evidence upload or link) to a draft or returned report."""
    _require_owner(actor, report)
    return write_activity(actor=actor, day=report.day, data=data, evidence=evidence)


def write_activity(
    *, actor: User, day: dt.date, data: dict, evidence: tuple[str, bytes] | None = None
) -> Activity:
    """Add one activity to the actor's report of ``day``, opening the draft if needed.

    Everything is checked first (day, fields, evidence content), so a refused activity leaves
    neither an empty draft nor a stray file behind."""
    employee = _own_employee(actor)
    report = DailyReport.objects.filter(employee=employee, day=day).first()
    if report is None:
        check_report_day(employee, day)
    else:
        _require_editable(report)
    clean = _clean_activity(employee, day, data)
    if evidence:
        try:
            check_evidence(*evidence)
        except EvidenceError as err:
            raise ValidationError({"evidence": str(err)}) from None
    stored: dict = {}
    committed = False
    try:
        with transaction.atomic():
            report = start_report(actor=actor, day=day)
            report = DailyReport.objects.select_for_update().get(pk=report.pk)
            _require_editable(report)
            stored = _store_evidence(report, *evidence) if evidence else {}
            activity = Activity.objects.create(report=report, **clean, **stored)
            record_event(
                actor=actor,
                action="activity_report.activity_added",
                obj=activity,
                after=snapshot(activity, ACTIVITY_FIELDS),
            )
        committed = True
    finally:
        # Whatever stopped the transaction, a rolled-back activity must not leave its file.
        if stored and not committed:
            default_storage.delete(stored["evidence_path"])
    return activity


def remove_activity(*, actor: User, activity: Activity) -> None:
    """Remove an activity from a report that is still editable (its evidence file too)."""
    report = activity.report
    _require_owner(actor, report)
    _require_editable(report)
    path = activity.evidence_path
    with transaction.atomic():
        before = snapshot(activity, ACTIVITY_FIELDS)
        record_event(
            actor=actor, action="activity_report.activity_removed", obj=activity, before=before
        )
        activity.delete()
        if path:
            transaction.on_commit(lambda: default_storage.delete(path))


def save_draft(*, actor: User, day: dt.date, note: str, activities: list[dict]) -> DailyReport:
    """Create or replace the draft of ``day`` in one go (API): note and activities with links.

    Replacing drops the previous activities (and their uploaded files) of that draft."""
    employee = _own_employee(actor)
    existing = DailyReport.objects.filter(employee=employee, day=day).first()
    if existing is None:
        check_report_day(employee, day)
    else:
        _require_editable(existing)
    errors: dict[str, str] = {}
    cleaned = []
    for i, data in enumerate(activities):
        try:
            cleaned.append(_clean_activity(employee, day, data))
        except ValidationError as err:
            for field, messages in err.message_dict.items():
                errors[f"activities.{i}.{field}"] = " ".join(messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = start_report(actor=actor, day=day)
        report = DailyReport.objects.select_for_update().get(pk=report.pk)
        _require_editable(report)
        before = snapshot(report, REPORT_FIELDS)
        before["activities"] = list(report.activities.values(*ACTIVITY_FIELDS))
        paths = [p for p in report.activities.values_list("evidence_path", flat=True) if p]
        report.activities.all().delete()
        Activity.objects.bulk_create([Activity(report=report, **c) for c in cleaned])
        report.note = (note or "").strip()
        report.save()
        _trail(report, actor, EventKind.UPDATED)
        after = snapshot(report, REPORT_FIELDS)
        after["activities"] = [{k: c[k] for k in c if k != "target"} for c in cleaned]
        record_event(
            actor=actor,
            action="activity_report.draft_saved",
            obj=report,
            before=before,
            after=after,
        )
        for path in paths:
            transaction.on_commit(partial(default_storage.delete, path))
    return report


def update_note(*, actor: User, report: DailyReport, note: str) -> DailyReport:
    """Change the free note of an editable report."""
    _require_owner(actor, report)
    _require_editable(report)
    with transaction.atomic():
        before = snapshot(report, REPORT_FIELDS)
        report.note = (note or "").strip()
        report.save(update_fields=["note", "updated_at"])
        record_event(
            actor=actor,
            action="activity_report.updated",
            obj=report,
            before=before,
            after=snapshot(report, REPORT_FIELDS),
        )
    return report


def submit_report(*, actor: User, report: DailyReport) -> DailyReport:
    """Send a draft (or a revised returned report) to the validator.

    Lateness is judged on the first submission only: revising a returned report after the
    deadline is what the atasan asked for and is not a late report."""
    _require_owner(actor, report)
    _require_editable(report)
    if not report.activities.exists():
        raise ValidationError(
            {"activities": "Tambahkan sedikitnya satu kegiatan sebelum mengirim."}
        )
    employee = report.employee
    if employee.supervisor_id is None:
        raise ValidationError(
            {"validator": "Anda belum memiliki atasan di data kepegawaian; hubungi admin OPD."}
        )
    attendance = facts.attendance(employee, report.day)
    due = add_working_days(today(), validation_days())
    with transaction.atomic():
        report = DailyReport.objects.select_for_update().get(pk=report.pk)
        _require_editable(report)
        before = snapshot(report, REPORT_FIELDS)
        moment = now()
        if report.submitted_at is None:
            report.is_late = moment > deadline_for(report.day)
            report.validator_id = employee.supervisor_id
        report.submitted_at = moment
        report.status = ReportStatus.SUBMITTED
        # The draft may predate the check-out: take the day's attendance as it is now.
        report.attendance = attendance or report.attendance
        report.validation_due = due
        report.save()
        _trail(report, actor, EventKind.SUBMITTED, "terlambat" if report.is_late else "")
        record_event(
            actor=actor,
            action="activity_report.submitted",
            obj=report,
            before=before,
            after=snapshot(report, REPORT_FIELDS),
        )
    return report


# --- validation ---------------------------------------------------------------------------


def delegations_to(employee_id: int, day: dt.date) -> QuerySet[Delegation]:
    """Active Plt delegations held by ``employee_id`` on ``day``."""
    return Delegation.objects.filter(
        delegate_id=employee_id, is_active=True, start__lte=day, end__gte=day
    )


def acting_for(user: User, day: dt.date | None = None) -> set[int]:
    """Employee ids whose reports ``user`` validates on ``day``: self and Plt principals."""
    employee_id = getattr(user, "employee_id", None)
    if not employee_id:
        return set()
    day = day or today()
    return {employee_id, *delegations_to(employee_id, day).values_list("principal_id", flat=True)}


def validates_anyone(user: User) -> bool:
    """An atasan, or a Plt today, who may write: the validation inbox and the Plt page."""
    scope = access.scope_for(user)
    if scope.read_only or not scope.employee_id:
        return False
    return scope.has(access.Role.ATASAN) or len(acting_for(user)) > 1


def can_validate(user: User, report: DailyReport) -> bool:
    """Only the assigned validator or their Plt, never for their own report, never read-only."""
    scope = access.scope_for(user)
    if scope.read_only or not scope.employee_id or report.employee_id == scope.employee_id:
        return False
    return report.validator_id is not None and report.validator_id in acting_for(user)


def _require_validator(actor: User, report: DailyReport) -> None:
    access.require_writer(actor)
    if getattr(actor, "employee_id", None) == report.employee_id:
        raise PermissionDenied("Tidak ada yang boleh memvalidasi laporannya sendiri.")
    access.require(can_validate(actor, report), "Anda bukan validator laporan ini.")


def mark_opened(*, actor: User, report: DailyReport) -> bool:
    """Record that the validator opened the report (needed for bulk approval); True if new."""
    if not can_validate(actor, report):
        return False
    if ReportOpening.objects.filter(report=report, user=actor).exists():
        return False
    with transaction.atomic():
        _, created = ReportOpening.objects.get_or_create(
            report=report, user=actor, defaults={"opened_at": now()}
        )
        if created:
            _trail(report, actor, EventKind.OPENED)
            record_event(actor=actor, action="activity_report.opened", obj=report)
    return created


def _decide(
    actor: User,
    report: DailyReport,
    *,
    status: str,
    kind: str,
    action: str,
    note: str,
    note_field: str = "comment",
    note_required: str = "",
) -> DailyReport:
    _require_validator(actor, report)

    def trail_and_tell(row: DailyReport) -> None:
        _trail(row, actor, kind, row.decision_note)
        _tell_author(row, status, row.decision_note)

    return decisions.decide(
        actor=actor,
        model=DailyReport,
        pk=report.pk,
        pending=[ReportStatus.SUBMITTED],
        to_status=status,
        action=action,
        note=note,
        note_field=note_field,
        note_required=note_required,
        at=now(),
        snapshot_fields=REPORT_FIELDS,
        already_message="Laporan ini tidak sedang menunggu validasi.",
        # The validator may have changed (escalation) since the caller's read.
        check=lambda row: _require_validator(actor, row),
        effects=trail_and_tell,
    )


def _tell_author(report: DailyReport, status: str, comment: str) -> None:
    """In-app notice to the author when a report comes back or is rejected."""
    from .notify import InAppChannel

    user = User.objects.filter(employee_id=report.employee_id).first()
    if user is None or status == ReportStatus.APPROVED:
        return
    verb = "dikembalikan untuk perbaikan" if status == ReportStatus.RETURNED else "ditolak"
    InAppChannel().send(
        user=user,
        kind=f"report_{status}",
        message=f"Laporan {report.day:%d-%m-%Y} {verb}: {comment}",
        url=reverse("activity:write", args=[report.day.isoformat()]),
    )


def approve_report(*, actor: User, report: DailyReport, comment: str = "") -> DailyReport:
    """Approve: the report is locked from now on."""
    return _decide(
        actor,
        report,
        status=ReportStatus.APPROVED,
        kind=EventKind.APPROVED,
        action="activity_report.approved",
        note=comment,
    )


def return_report(*, actor: User, report: DailyReport, comment: str) -> DailyReport:
    """Return for revision; the comment says what to fix (required)."""
    return _decide(
        actor,
        report,
        status=ReportStatus.RETURNED,
        kind=EventKind.RETURNED,
        action="activity_report.returned",
        note=comment,
        note_required="Tuliskan apa yang perlu diperbaiki.",
    )


def reject_report(*, actor: User, report: DailyReport, reason: str) -> DailyReport:
    """Reject; the reason is required and the report is locked."""
    return _decide(
        actor,
        report,
        status=ReportStatus.REJECTED,
        kind=EventKind.REJECTED,
        action="activity_report.rejected",
        note=reason,
        note_field="reason",
        note_required="Alasan penolakan wajib diisi.",
    )


def bulk_approve(*, actor: User, reports: list[DailyReport]) -> int:
    """Approve several reports at once, only when the actor opened each one first.

    All or nothing: one report decided meanwhile by someone else refuses the whole batch."""
    access.require_writer(actor)
    if not reports:
        raise ValidationError({"reports": "Pilih sedikitnya satu laporan."})
    opened = set(
        ReportOpening.objects.filter(report__in=reports, user=actor).values_list(
            "report_id", flat=True
        )
    )
    not_opened = [r for r in reports if r.pk not in opened]
    if not_opened:
        names = ", ".join(f"{r.employee.name} ({r.day:%d-%m-%Y})" for r in not_opened[:5])
        raise ValidationError(
            {"reports": f"Buka dan periksa dulu setiap laporan sebelum setuju massal: {names}."}
        )
    for report in reports:
        _require_validator(actor, report)
    with transaction.atomic():
        # Locks taken in id order: two overlapping batches wait instead of deadlocking.
        for report in sorted(reports, key=lambda r: r.pk):
            _decide(
                actor,
                report,
                status=ReportStatus.APPROVED,
                kind=EventKind.APPROVED,
                action="activity_report.approved",
                note="",
            )
    return len(reports)


def escalate_overdue(*, actor: User | None = None, on: dt.date | None = None) -> int:
    """Move every report past its validation deadline up to the validator's own atasan.

    A report whose validator has no atasan (the head of the city) stays where it is; the next
    atasan is never the report's author."""
    on = on or today()
    count = 0
    overdue = DailyReport.objects.filter(
        status=ReportStatus.SUBMITTED, validation_due__lt=on
    ).select_related("validator")
    next_due = add_working_days(on, validation_days())
    with transaction.atomic():
        for report in overdue.select_for_update(of=("self",)):
            nxt = report.validator.supervisor_id if report.validator else None
            if nxt is None or nxt == report.employee_id:
                continue
            before = snapshot(report, REPORT_FIELDS)
            report.validator_id = nxt
            report.escalation_level += 1
            report.validation_due = next_due
            report.save(
                update_fields=["validator", "escalation_level", "validation_due", "updated_at"]
            )
            _trail(report, actor, EventKind.ESCALATED, "batas waktu validasi terlewati")
            record_event(
                actor=actor,
                action="activity_report.escalated",
                obj=report,
                before=before,
                after=snapshot(report, REPORT_FIELDS),
            )
            count += 1
    return count


# --- Plt delegation -------------------------------------------------------------------------


def create_delegation(
    *,
    actor: User,
    principal: Employee,
    delegate: Employee,
    start: dt.date,
    end: dt.date,
    reason: str,
) -> Delegation:
    """Name a Plt to validate for ``principal`` (e.g. on leave) from ``start`` to ``end``.

    The principal, their own atasan, their OPD admin or BKPSDM may do it."""
    access.require_writer(actor)
    scope = access.scope_for(actor)
    access.require(
        scope.employee_id == principal.pk
        or access.is_supervisor_of(actor, principal)
        or access.can_manage_employee(actor, principal),
        "Anda tidak berwenang menunjuk Plt untuk pegawai ini.",
    )
    errors = {}
    if delegate.pk == principal.pk:
        errors["delegate"] = "Plt tidak boleh pegawai yang sama."
    elif not delegate.is_active:
        errors["delegate"] = "Plt harus pegawai aktif."
    if end < start:
        errors["end"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    if not (reason or "").strip():
        errors["reason"] = "Alasan wajib diisi (mis. cuti tahunan)."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        delegation = Delegation.objects.create(
            principal=principal, delegate=delegate, start=start, end=end, reason=reason.strip()
        )
        record_event(
            actor=actor,
            action="activity_delegation.created",
            obj=delegation,
            after=snapshot(delegation),
        )
    return delegation


def end_delegation(*, actor: User, delegation: Delegation) -> Delegation:
    """Stop a Plt before its end date."""
    access.require_writer(actor)
    principal = delegation.principal
    access.require(
        access.scope_for(actor).employee_id == principal.pk
        or access.is_supervisor_of(actor, principal)
        or access.can_manage_employee(actor, principal)
    )
    with transaction.atomic():
        before = snapshot(delegation)
        delegation.is_active = False
        delegation.save(update_fields=["is_active"])
        record_event(
            actor=actor,
            action="activity_delegation.ended",
            obj=delegation,
            before=before,
            after=snapshot(delegation),
        )
    return delegation


# --- SKP targets ----------------------------------------------------------------------------


def can_plan_for(actor: User, employee: Employee) -> bool:
    """SKP targets are set by the employee with their atasan; OPD admin and BKPSDM may too."""
    scope = access.scope_for(actor)
    if scope.read_only:
        return scope.employee_id == employee.pk
    return (
        scope.employee_id == employee.pk
        or access.is_supervisor_of(actor, employee)
        or access.can_manage_employee(actor, employee)
    )


# One independent check per form field; the branches count fields, not logic.
def clean_target(employee: Employee, data: dict) -> dict:  # noqa: C901
    """Field errors (Indonesian) of one SKP target; returns the cleaned values."""
    errors: dict[str, str] = {}
    clean: dict = {}
    try:
        year = int(data.get("year", ""))
        if not 2000 <= year <= 2100:
            raise ValueError
        clean["year"] = year
    except (TypeError, ValueError):
        errors["year"] = "Tahun harus empat angka, mis. 2026."
    for key, label, length in (
        ("title", "Rencana hasil kerja", 300),
        ("indicator", "Indikator", 300),
        ("unit", "Satuan", 50),
    ):
        value = str(data.get(key) or "").strip()
        if not value:
            errors[key] = f"{label} wajib diisi."
        elif len(value) > length:
            errors[key] = f"{label} terlalu panjang (maks. {length} karakter)."
        clean[key] = value
    try:
        quantity = Decimal(str(data.get("target_quantity")).replace(",", "."))
        if not quantity.is_finite() or quantity <= 0 or quantity >= Decimal("1e10"):
            raise InvalidOperation
        clean["target_quantity"] = quantity
    except (InvalidOperation, ValueError, TypeError):
        errors["target_quantity"] = "Target kuantitas harus angka lebih dari 0."
    parent = data.get("parent")
    if parent is not None and "year" in clean:
        if parent.employee_id != employee.supervisor_id:
            errors["parent"] = "Hasil kerja yang diacu harus milik atasan langsung."
        elif parent.year != clean["year"]:
            errors["parent"] = "Hasil kerja atasan harus untuk tahun yang sama."
    clean["parent"] = parent
    if (
        not errors
        and SkpTarget.objects.filter(
            employee=employee, year=clean["year"], title=clean["title"]
        ).exists()
    ):
        errors["title"] = "Rencana hasil kerja ini sudah ada untuk tahun tersebut."
    if errors:
        raise ValidationError(errors)
    return clean


def create_target(*, actor: User, employee: Employee, data: dict) -> SkpTarget:
    """Add a planned result to an employee's SKP."""
    access.require_writer_for(actor, employee.pk)
    access.require(can_plan_for(actor, employee), "Anda tidak berwenang mengisi SKP pegawai ini.")
    clean = clean_target(employee, data)
    with transaction.atomic():
        target = SkpTarget.objects.create(employee=employee, **clean)
        record_event(actor=actor, action="skp_target.created", obj=target, after=snapshot(target))
    return target


def set_action_plan(
    *, actor: User, target: SkpTarget, month: int, description: str, planned_quantity: Any
) -> ActionPlan:
    """Create or change the action plan of ``target`` for ``month`` (1–12)."""
    access.require_writer_for(actor, target.employee_id)
    access.require(can_plan_for(actor, target.employee), "Anda tidak berwenang mengisi SKP ini.")
    errors = {}
    if not isinstance(month, int) or not 1 <= month <= 12:
        errors["month"] = "Bulan harus 1 sampai 12."
    if not (description or "").strip():
        errors["description"] = "Rencana aksi wajib diisi."
    try:
        quantity = Decimal(str(planned_quantity))
        if not quantity.is_finite() or quantity < 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError, TypeError):
        errors["planned_quantity"] = "Kuantitas rencana harus angka 0 atau lebih."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = ActionPlan.objects.filter(target=target, month=month).first()
        before = snapshot(plan) if plan else None
        plan = plan or ActionPlan(target=target, month=month)
        plan.description = description.strip()
        plan.planned_quantity = quantity
        plan.save()
        record_event(
            actor=actor,
            action="skp_action_plan.saved",
            obj=plan,
            before=before,
            after=snapshot(plan),
        )
    return plan
