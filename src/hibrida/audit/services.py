"""Writes of the Inspektorat audits and of the daily anchors.

The Inspektorat is read-only everywhere else (access.require_writer refuses it); here the
opposite holds: audit plans, samples and findings may be written only by the Inspektorat, and a
finding's follow-up only by the admin of the audited OPD (who alone may close it).
"""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hibrida.org import access
from hibrida.org.access import Role
from hibrida.org.models import Opd, User

from .chain import GENESIS_HASH
from .decisions import clean_note, lock_in_state
from .evidence import digest, plan_candidates
from .log import record_event, snapshot
from .models import (
    AuditEvent,
    AuditPlan,
    AuditPlanStatus,
    DailyAnchor,
    Finding,
    FindingStatus,
    FollowUp,
    SampleItem,
    Severity,
)
from .sampling import draw_sample as weighted_draw

MAX_PERIOD_DAYS = 184
MAX_SAMPLE = 500
PLAN_FIELDS = ["title", "objective", "period_start", "period_end", "sample_size", "status"]
FINDING_FIELDS = [
    "plan",
    "item",
    "opd",
    "title",
    "condition",
    "severity",
    "recommendation",
    "due_date",
    "status",
]


def require_auditor(actor: User) -> None:
    scope = access.scope_for(actor)
    access.require(scope.user_id is not None, "Silakan masuk terlebih dahulu.")
    access.require(scope.has(Role.INSPEKTORAT), "Hanya Inspektorat yang dapat mengubah data audit.")


def create_plan(
    *,
    actor: User,
    title: str,
    period_start: dt.date | None,
    period_end: dt.date | None,
    opds: list[Opd],
    sample_size: int | None,
    objective: str = "",
) -> AuditPlan:
    """A new audit plan (status "rencana"); the sample is drawn separately."""
    require_auditor(actor)
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = "Judul audit wajib diisi."
    if period_start is None:
        errors["period_start"] = "Tanggal mulai periode wajib diisi."
    if period_end is None:
        errors["period_end"] = "Tanggal selesai periode wajib diisi."
    if period_start and period_end:
        if period_end < period_start:
            errors["period_end"] = "Periode selesai tidak boleh sebelum periode mulai."
        elif (period_end - period_start).days > MAX_PERIOD_DAYS:
            errors["period_end"] = "Periode audit paling lama enam bulan."
        elif period_start > timezone.localdate():
            errors["period_start"] = "Periode audit harus sudah dimulai (audit atas catatan)."
    if not opds:
        errors["opds"] = "Pilih minimal satu OPD dalam lingkup audit."
    if sample_size is None or not 1 <= int(sample_size) <= MAX_SAMPLE:
        errors["sample_size"] = f"Ukuran sampel harus 1–{MAX_SAMPLE}."
    if errors:
        raise ValidationError(errors)
    # Each None above was an error, so none is left here.
    assert period_start is not None and period_end is not None and sample_size is not None
    with transaction.atomic():
        plan = AuditPlan.objects.create(
            title=title.strip(),
            objective=(objective or "").strip(),
            period_start=period_start,
            period_end=period_end,
            sample_size=int(sample_size),
            created_by=actor,
        )
        plan.opds.set(opds)
        after = snapshot(plan, PLAN_FIELDS)
        after["opds"] = sorted(o.pk for o in opds)
        record_event(actor=actor, action="audit_plan.created", obj=plan, after=after)
    return plan


def draw_sample(*, actor: User, plan: AuditPlan, seed: int | None = None) -> AuditPlan:
    """Draw the risk-weighted sample once; the seed and input digest are stored with it."""
    require_auditor(actor)
    if plan.status != AuditPlanStatus.DRAFT:
        raise ValidationError({"plan": "Sampel audit ini sudah diambil dan tidak dapat diulang."})
    seed = secrets.randbits(62) if seed is None else int(seed)
    candidates, scores, basis = plan_candidates(plan)
    if not candidates:
        raise ValidationError({"plan": "Tidak ada pegawai-hari dalam lingkup dan periode audit."})
    drawn = weighted_draw(candidates, plan.sample_size, seed)
    with transaction.atomic():
        plan = AuditPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != AuditPlanStatus.DRAFT:
            raise ValidationError({"plan": "Sampel audit ini sudah diambil."})
        items = []
        for rank, c in enumerate(drawn, start=1):
            emp, day_iso = c.key
            day = dt.date.fromisoformat(day_iso)
            items.append(
                SampleItem(
                    plan=plan,
                    employee_id=emp,
                    day=day,
                    rank=rank,
                    risk_score=c.risk,
                    risk_components=scores[(emp, day)].as_list(),
                )
            )
        SampleItem.objects.bulk_create(items)
        plan.seed = seed
        plan.status = AuditPlanStatus.SAMPLED
        plan.sampled_at = timezone.now()
        plan.candidate_count = len(candidates)
        plan.candidate_digest = digest(candidates)
        plan.save(
            update_fields=["seed", "status", "sampled_at", "candidate_count", "candidate_digest"]
        )
        record_event(
            actor=actor,
            action="audit_plan.sampled",
            obj=plan,
            after={
                "seed": seed,
                "candidates": len(candidates),
                "digest": plan.candidate_digest,
                "basis": basis,
                "items": [[i.employee_id, i.day, i.risk_score] for i in items],
            },
        )
    return plan


def issue_report(*, actor: User, plan: AuditPlan) -> AuditPlan:
    """Close fieldwork: the plan becomes "dilaporkan" and takes no new findings.

    Follow-up of its findings continues; the audit event lists the findings reported.
    """
    require_auditor(actor)
    if plan.status != AuditPlanStatus.SAMPLED:
        raise ValidationError({"plan": "Laporan diterbitkan setelah sampel diambil, sekali saja."})
    with transaction.atomic():
        plan = AuditPlan.objects.select_for_update().get(pk=plan.pk)
        plan.status = AuditPlanStatus.REPORTED
        plan.save(update_fields=["status"])
        record_event(
            actor=actor,
            action="audit_plan.reported",
            obj=plan,
            before={"status": AuditPlanStatus.SAMPLED},
            after={
                "status": plan.status,
                "findings": list(plan.findings.order_by("pk").values_list("pk", "severity")),
                "reviewed": plan.items.filter(reviewed_at__isnull=False).count(),
            },
        )
    return plan


def mark_reviewed(*, actor: User, item: SampleItem) -> SampleItem:
    """The auditor marks a worksheet as reviewed."""
    require_auditor(actor)
    with transaction.atomic():
        item = SampleItem.objects.select_for_update().get(pk=item.pk)
        if item.reviewed_at is None:
            item.reviewed_at = timezone.now()
            item.save(update_fields=["reviewed_at"])
            record_event(
                actor=actor, action="audit_item.reviewed", obj=item, after={"reviewed": True}
            )
    return item


def record_finding(
    *,
    actor: User,
    plan: AuditPlan,
    title: str,
    condition: str,
    severity: str,
    recommendation: str,
    item: SampleItem | None = None,
    opd: Opd | None = None,
    due_date: dt.date | None = None,
) -> Finding:
    """A finding with severity and recommendation, addressed to the OPD of the sampled ASN."""
    require_auditor(actor)
    errors: dict[str, str] = {}
    if plan.status == AuditPlanStatus.REPORTED:
        errors["plan"] = "Laporan audit ini sudah diterbitkan; temuan baru tidak dapat ditambah."
    if item is not None and item.plan_id != plan.pk:
        errors["item"] = "Sampel ini bukan bagian dari audit tersebut."
    if item is not None:
        opd = item.employee.opd
    if opd is None:
        errors["opd"] = "OPD yang diaudit wajib diisi."
    elif not plan.opds.filter(pk=opd.pk).exists():
        errors["opd"] = "OPD ini di luar lingkup audit."
    if not (title or "").strip():
        errors["title"] = "Judul temuan wajib diisi."
    if not (condition or "").strip():
        errors["condition"] = "Uraian kondisi wajib diisi."
    if not (recommendation or "").strip():
        errors["recommendation"] = "Rekomendasi wajib diisi."
    if severity not in Severity.values:
        errors["severity"] = "Tingkat temuan harus rendah, sedang, atau tinggi."
    if due_date is not None and due_date < timezone.localdate():
        errors["due_date"] = "Batas tindak lanjut tidak boleh di masa lalu."
    if errors:
        raise ValidationError(errors)
    assert opd is not None  # a missing OPD was an error above
    with transaction.atomic():
        finding = Finding.objects.create(
            plan=plan,
            item=item,
            opd=opd,
            title=title.strip(),
            condition=condition.strip(),
            severity=severity,
            recommendation=recommendation.strip(),
            due_date=due_date,
            created_by=actor,
        )
        record_event(
            actor=actor,
            action="finding.created",
            obj=finding,
            after=snapshot(finding, FINDING_FIELDS),
        )
    return finding


def add_follow_up(*, actor: User, finding: Finding, note: str, close: bool = False) -> FollowUp:
    """A follow-up step: the audited OPD's admin responds (and may close); the auditor notes.

    The auditor may reopen a closed finding by adding a note with ``close=False`` when the
    follow-up proves insufficient.
    """
    scope = access.scope_for(actor)
    is_opd_admin = finding.opd_id in scope.admin_opd_ids
    is_auditor = scope.has(Role.INSPEKTORAT)
    access.require(
        is_opd_admin or is_auditor,
        "Hanya admin OPD yang diaudit atau Inspektorat yang dapat menindaklanjuti temuan.",
    )
    note = clean_note(note, required_message="Catatan tindak lanjut wajib diisi.")
    if close and not is_opd_admin:
        raise ValidationError({"close": "Temuan ditutup oleh admin OPD yang diaudit."})
    # Only the auditor writes on a closed finding (to reopen it); checked under the lock so
    # an admin's step cannot land on a finding closed a moment earlier.
    allowed = (
        FindingStatus.values if is_auditor else [FindingStatus.OPEN, FindingStatus.IN_PROGRESS]
    )
    with transaction.atomic():
        finding = lock_in_state(
            Finding,
            finding.pk,
            allowed=allowed,
            message="Temuan sudah selesai; hubungi Inspektorat bila perlu.",
        )
        before = snapshot(finding, ["status", "closed_at"])
        if close:
            finding.status = FindingStatus.CLOSED
            finding.closed_at = timezone.now()
        elif is_opd_admin:
            finding.status = FindingStatus.IN_PROGRESS
        elif finding.status == FindingStatus.CLOSED:
            finding.status = FindingStatus.OPEN  # the auditor reopens
            finding.closed_at = None
        finding.save(update_fields=["status", "closed_at"])
        follow_up = FollowUp.objects.create(
            finding=finding,
            author=actor,
            at=timezone.now(),
            note=note,
            status_after=finding.status,
        )
        record_event(
            actor=actor,
            action="finding.followed_up",
            obj=finding,
            before=before,
            after={**snapshot(finding, ["status", "closed_at"]), "note": follow_up.note},
        )
    return follow_up


# --- tamper evidence: daily anchors ----------------------------------------------------


def end_of_day(day: dt.date) -> dt.datetime:
    """Midnight after ``day`` in the city's time zone (the anchor covers events before it)."""
    return dt.datetime.combine(
        day + dt.timedelta(days=1), dt.time.min, ZoneInfo(settings.TIME_ZONE)
    )


def anchor_day(*, day: dt.date) -> DailyAnchor:
    """Store the chain head as it stood at the end of ``day`` (idempotent).

    An existing anchor is returned unchanged: rewriting an anchor would defeat its purpose.
    """
    if day >= timezone.localdate():
        raise ValidationError(
            {"day": "Hari ini belum selesai; jangkar dibuat setelah tengah malam."}
        )
    existing = DailyAnchor.objects.filter(day=day).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        last = (
            AuditEvent.objects.filter(at__lt=end_of_day(day))
            .order_by("-seq")
            .values_list("seq", "hash")
            .first()
        )
        last_seq, head_hash = last if last else (0, GENESIS_HASH)
        anchor, created = DailyAnchor.objects.get_or_create(
            day=day, defaults={"last_seq": last_seq, "head_hash": head_hash}
        )
        if created:
            record_event(
                actor=None,
                action="audit.anchored",
                obj=anchor,
                after={"day": day, "last_seq": last_seq, "head_hash": head_hash},
            )
    return anchor
