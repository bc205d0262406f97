"""The atasan's decision on a FLAGGED check-in (accept → counts as valid, reject → absent).

The check-in stays as received; the decision is a :class:`CheckInReview` row decided through
:func:`hibrida.audit.decisions.decide`, read by working time and the audit risk score.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from hibrida.audit import decisions
from hibrida.org import access
from hibrida.org.models import User

from .models import CheckIn, CheckInReview, ReviewStatus, Verdict


def decide_check_in(
    *, actor: User, check_in: CheckIn, accept: bool, note: str = ""
) -> CheckInReview:
    """Only the employee's atasan (transitively) decides; a reason is required either way,
    since the decision overrides what the verification found."""
    access.require_writer(actor)
    access.require(
        access.is_supervisor_of(actor, check_in.employee_id),
        "Hanya atasan pegawai ini yang dapat meninjau presensinya.",
    )
    access.require(
        check_in.status == Verdict.FLAGGED, "Hanya presensi yang ditandai yang dapat ditinjau."
    )
    review = _review_row(check_in)
    return decisions.decide(
        actor=actor,
        model=CheckInReview,
        pk=review.pk,
        pending=[ReviewStatus.PENDING],
        to_status=ReviewStatus.ACCEPTED if accept else ReviewStatus.REJECTED,
        action="presence.check_in_accepted" if accept else "presence.check_in_rejected",
        note=note,
        note_required="Alasan keputusan wajib diisi.",
        already_message="Presensi ini sudah ditinjau.",
    )


def _review_row(check_in: CheckIn) -> CheckInReview:
    # Created on the first decision, not with every flagged check-in (the check-in peak
    # path stays one insert); the unique check_in column settles two atasan at once.
    try:
        with transaction.atomic():
            return CheckInReview.objects.get_or_create(check_in=check_in)[0]
    except IntegrityError:
        return CheckInReview.objects.get(check_in=check_in)
