"""Selfie check (issue 15, off by default): the OPD setting, face enrolment and its approval,
the frames sent with a check-in, the background match that may flag it, and the sweep for
check-ins sent without frames. Design: docs/architecture.md, "Selfie check"; docs/dpia.md.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from hibrida.audit import decisions
from hibrida.audit.log import record_event, snapshot
from hibrida.org import access
from hibrida.org.models import Employee, Opd, User

from . import face, verify
from .models import (
    CheckIn,
    FaceReference,
    PasskeyStatus,
    SelfieCheck,
    SelfiePolicy,
    SelfieState,
    Verdict,
)

DPIA_REQUIRED = (
    "Rujukan DPIA wajib diisi sebelum swafoto diaktifkan: data biometrik adalah data pribadi "
    "yang bersifat spesifik (UU 27/2022 Pasal 4 dan Pasal 34)."
)
NOT_AN_EMPLOYEE = "Akun ini tidak terhubung dengan pegawai."


def threshold() -> float:
    return float(settings.HIBRIDA_SELFIE_THRESHOLD)


def min_turn() -> float:
    return float(settings.HIBRIDA_SELFIE_MIN_TURN)


LAYER_OFF = (
    "Swafoto belum diaktifkan untuk OPD ini, jadi foto wajah belum dapat didaftarkan. "
    "BKPSDM mengaktifkannya per OPD setelah DPIA dicatat."
)


def enabled_for(employee_id: int) -> bool:
    """Whether the employee's OPD has the selfie layer on (no row: off)."""
    return bool(
        Employee.objects.filter(pk=employee_id)
        .values_list("opd__selfie_policy__enabled", flat=True)
        .first()
    )


# --- the OPD setting ------------------------------------------------------------------------


def set_policy(*, actor: User, opd: Opd, enabled: bool, dpia_reference: str) -> SelfiePolicy:
    """BKPSDM turns the layer on or off for one OPD; on needs the DPIA's reference."""
    access.require_writer(actor)
    access.require(
        access.scope_for(actor).city_writer, "Hanya BKPSDM yang dapat mengatur swafoto per OPD."
    )
    reference = decisions.clean_text(dpia_reference, field="dpia_reference", max_chars=200)
    if enabled and not reference:
        raise ValidationError({"dpia_reference": DPIA_REQUIRED})
    with transaction.atomic():
        policy = SelfiePolicy.objects.select_for_update().filter(opd=opd).first()
        before = snapshot(policy, ["enabled", "dpia_reference"]) if policy else None
        if policy is None:
            policy = SelfiePolicy(opd=opd)
        policy.enabled = enabled
        policy.dpia_reference = reference
        policy.updated_by = actor
        policy.save()
        record_event(
            actor=actor,
            action="presence.selfie_policy_set",
            obj=policy,
            before=before,
            after=snapshot(policy, ["enabled", "dpia_reference"]),
        )
    return policy


# --- enrolment ------------------------------------------------------------------------------


def _image_bytes(upload: UploadedFile | None, field: str) -> bytes:
    if upload is None:
        raise ValidationError({field: "Foto wajib dikirim."})
    limit = int(settings.HIBRIDA_SELFIE_MAX_BYTES)
    size = upload.size or 0
    if size > limit:
        message = f"Foto paling besar {limit // 1024} KB (sekarang {size // 1024} KB)."
        raise ValidationError({field: message})
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def enrol_face(*, actor: User, employee_id: int, photo: UploadedFile | None) -> FaceReference:
    """A reference photo: the employee's own waits for the atasan or OPD admin; one sent by
    the OPD admin (who saw the person) counts at once. The embedding is computed here."""
    scope = access.scope_for(actor)
    own = scope.employee_id == employee_id
    access.require_writer_for(actor, employee_id)
    access.require(
        own or access.can_manage_employee(actor, employee_id),
        "Hanya pegawai itu sendiri atau admin OPD-nya yang dapat mendaftarkan foto wajah.",
    )
    # A face photo is specific personal data (UU 27/2022): none is collected before BKPSDM
    # switched the layer on for the OPD with a recorded DPIA reference.
    if not enabled_for(employee_id):
        raise ValidationError({"photo": LAYER_OFF})
    data = _image_bytes(photo, "photo")
    try:
        found = face.analyse(data)
    except face.BadImage:
        raise ValidationError(
            {"photo": "Berkas bukan gambar JPEG/PNG yang dapat dibaca."}
        ) from None
    if found is None:
        raise ValidationError(
            {"photo": "Wajah tidak terdeteksi; foto wajah lurus ke kamera dengan cahaya cukup."}
        )
    now = timezone.now()
    with transaction.atomic():
        item = FaceReference(
            employee_id=employee_id,
            embedding=list(found.descriptor),
            requested_by=actor,
            status=PasskeyStatus.PENDING if own else PasskeyStatus.APPROVED,
        )
        if not own:
            item.decided_by = actor
            item.decided_at = now
            _revoke_other_faces(employee_id, keep=None)
        item.photo.save(photo.name or "wajah.jpg", photo, save=False)  # type: ignore[union-attr]
        item.save()
        record_event(
            actor=actor,
            action="presence.face_enrolled",
            obj=item,
            after={"employee": employee_id, "status": item.status, "by_admin": not own},
        )
    return item


def _revoke_other_faces(employee_id: int, keep: int | None) -> int:
    rows = FaceReference.objects.filter(employee_id=employee_id, status=PasskeyStatus.APPROVED)
    if keep is not None:
        rows = rows.exclude(pk=keep)
    return rows.update(status=PasskeyStatus.REVOKED)


def decide_face(
    *, actor: User, item: FaceReference, approve: bool, note: str = ""
) -> FaceReference:
    """Atasan or OPD admin approves (the previous reference is revoked) or rejects with a
    reason, after comparing the photo with the person they know."""
    access.require_writer(actor)
    access.require(
        access.is_supervisor_of(actor, item.employee_id)
        or access.can_manage_employee(actor, item.employee_id),
        "Hanya atasan atau admin OPD yang dapat memutuskan foto wajah.",
    )
    return decisions.decide(
        actor=actor,
        model=FaceReference,
        pk=item.pk,
        pending=[PasskeyStatus.PENDING],
        to_status=PasskeyStatus.APPROVED if approve else PasskeyStatus.REJECTED,
        action="presence.face_approved" if approve else "presence.face_rejected",
        note=note,
        note_required="" if approve else "Alasan penolakan wajib diisi.",
        snapshot_fields=["status", "decided_at", "decision_note"],
        effects=(lambda row: {"revoked": _revoke_other_faces(row.employee_id, row.pk)})
        if approve
        else None,
    )


def reference_embedding(employee_id: int) -> list[float] | None:
    row = (
        FaceReference.objects.filter(employee_id=employee_id, status=PasskeyStatus.APPROVED)
        .order_by("-decided_at", "-id")
        .values_list("embedding", flat=True)
        .first()
    )
    return list(row) if row else None


# --- frames with a check-in -----------------------------------------------------------------


def submit_selfie(
    *,
    actor: User,
    client_uuid: uuid.UUID,
    turn: str,
    first: UploadedFile | None,
    second: UploadedFile | None,
) -> tuple[SelfieCheck, bool]:
    """Store the two frames of the actor's own check-in and queue the match; (row, created).

    The check-in was already answered: nothing here changes its answer, the background task
    may flag it later. A repeat upload for the same check-in returns the first one.
    """
    scope = access.scope_for(actor)
    if scope.employee_id is None:
        raise PermissionDenied(NOT_AN_EMPLOYEE)
    access.require_writer_for(actor, scope.employee_id)
    check_in = CheckIn.objects.filter(
        client_uuid=client_uuid, employee_id=scope.employee_id
    ).first()
    if check_in is None:
        # Someone else's UUID answers like an unknown one: no record is revealed.
        raise Http404("Presensi tidak ditemukan.")
    existing = SelfieCheck.objects.filter(check_in=check_in).first()
    if existing is not None:
        return existing, False
    if not enabled_for(scope.employee_id):
        raise ValidationError({"selfie": "Swafoto tidak diaktifkan untuk OPD Anda."})
    if turn not in face.TURNS:
        raise ValidationError({"turn": "Arah toleh harus 'left' atau 'right'."})
    frames = {"first": _image_bytes(first, "first"), "second": _image_bytes(second, "second")}
    for field, data in frames.items():
        try:
            face.load_rgb(data)
        except face.BadImage:
            raise ValidationError(
                {field: "Berkas bukan gambar JPEG/PNG yang dapat dibaca."}
            ) from None
    with transaction.atomic():
        row = SelfieCheck(
            check_in=check_in,
            employee_id=scope.employee_id,
            turn=turn,
            received_at=timezone.now(),
        )
        row.first.save(first.name or "1.jpg", first, save=False)  # type: ignore[union-attr]
        row.second.save(second.name or "2.jpg", second, save=False)  # type: ignore[union-attr]
        row.save()
        record_event(
            actor=actor,
            action="presence.selfie_received",
            obj=row,
            after={"check_in": str(client_uuid), "turn": turn},
        )
        pk = row.pk
        transaction.on_commit(lambda: _queue(pk))
    return row, True


def _queue(pk: int) -> None:
    from .tasks import check_selfie

    check_selfie.delay(pk)


def run_check(selfie_id: int) -> SelfieCheck:
    """Compute both frames' embeddings, judge them, store the scores and flag the check-in
    when the selfie does not support presence (never rejected: the atasan decides)."""
    row = SelfieCheck.objects.select_related("check_in").get(pk=selfie_id)
    if row.state != SelfieState.PENDING:
        return row  # a redelivered task: already judged
    faces = []
    for file in (row.first, row.second):
        with file.open("rb") as handle:
            data = handle.read()
        try:
            faces.append(face.analyse(data))
        except face.BadImage:
            faces.append(None)
    limit = threshold()
    judgement = face.judge(
        reference=reference_embedding(row.employee_id),
        first=faces[0],
        second=faces[1],
        turn=row.turn,
        threshold=limit,
        min_turn=min_turn(),
    )
    with transaction.atomic():
        row = SelfieCheck.objects.select_for_update().get(pk=selfie_id)
        if row.state != SelfieState.PENDING:
            return row
        row.state = SelfieState.FLAGGED if judgement.reasons else SelfieState.MATCHED
        row.reasons = list(judgement.reasons)
        row.embedding = list(faces[0].descriptor) if faces[0] else []
        row.distance = judgement.distance
        row.frames_distance = judgement.frames_distance
        row.turn_delta = judgement.turn_delta
        row.threshold = limit
        row.checked_at = timezone.now()
        row.save()
        after: dict[str, Any] = {
            "state": row.state,
            "reasons": row.reasons,
            "distance": row.distance,
            "frames_distance": row.frames_distance,
            "turn_delta": row.turn_delta,
            "threshold": limit,
        }
        if judgement.reasons:
            after["check_in"] = _flag(row.check_in_id, list(judgement.reasons))
        record_event(actor=None, action="presence.selfie_checked", obj=row, after=after)
    return row


def _flag(check_in_id: int, reasons: list[str]) -> dict[str, Any]:
    """VALID becomes FLAGGED with the selfie's reasons added; a FLAGGED or REJECTED one keeps
    its status and gains the reasons. The only later change to a check-in besides coarsening."""
    check_in = CheckIn.objects.select_for_update().get(pk=check_in_id)
    status, old = check_in.status, list(check_in.reasons)
    if check_in.status == Verdict.VALID:
        check_in.status = Verdict.FLAGGED
    check_in.reasons = old + [r for r in reasons if r not in old]
    check_in.save(update_fields=["status", "reasons"])
    return {
        "before": {"status": status, "reasons": old},
        "after": {"status": check_in.status, "reasons": check_in.reasons},
    }


def flag_missing(*, now: dt.datetime | None = None) -> int:
    """Check-ins of OPDs with the layer on that came without frames within the grace period
    are flagged ``selfie_missing`` (skipping the camera must not pass unnoticed). Only
    check-ins received after the OPD's setting last changed, and within the last day."""
    now = now or timezone.now()
    grace = dt.timedelta(seconds=int(settings.HIBRIDA_SELFIE_GRACE_S))
    candidates = list(
        CheckIn.objects.filter(
            employee__opd__selfie_policy__enabled=True,
            received_at__lt=now - grace,
            received_at__gte=now - dt.timedelta(days=1),
            selfie__isnull=True,
        )
        .exclude(status=Verdict.REJECTED)
        .filter(received_at__gt=F("employee__opd__selfie_policy__updated_at"))
        .values_list("pk", "reasons")
    )
    flagged = 0
    for pk, reasons in candidates:
        if verify.SELFIE_MISSING in reasons:
            continue
        with transaction.atomic():
            change = _flag(pk, [verify.SELFIE_MISSING])
            record_event(
                actor=None,
                action="presence.selfie_missing",
                object_type="presence.checkin",
                object_id=pk,
                after=change,
            )
        flagged += 1
    return flagged
