"""The two acknowledgements of a monthly evaluation (Pasal 35), each through ``decide``."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hibrida.audit import decisions
from hibrida.org import access
from hibrida.org.models import Opd, Unit, User

from . import selectors
from .models import EvaluationStatus, MonthlyEvaluation


def acknowledge_unit(
    *, actor: User, opd: Opd, unit: Unit | None, month: dt.date, note: str = ""
) -> MonthlyEvaluation:
    """The unit head acknowledges a finished month: the figures are read now and frozen."""
    access.require_writer(actor)
    access.require(
        selectors.is_unit_head(actor, opd, unit),
        "Evaluasi diakui oleh kepala unit (atasan seluruh pegawai unit).",
    )
    month = month.replace(day=1)
    if selectors.month_end(month) >= timezone.localdate():
        raise ValidationError({"month": "Bulan ini belum berakhir; evaluasi diakui setelahnya."})
    figures = selectors.compute_figures(actor, opd, unit, month)
    with transaction.atomic():
        row, _created = MonthlyEvaluation.objects.get_or_create(opd=opd, unit=unit, month=month)
        return decisions.decide(
            actor=actor,
            model=MonthlyEvaluation,
            pk=row.pk,
            pending=[EvaluationStatus.PENDING],
            to_status=EvaluationStatus.UNIT,
            action="evaluation.unit_acknowledged",
            note=note,
            changes={
                "figures": figures,
                "unit_acknowledged_by": actor,
                "unit_acknowledged_at": timezone.now(),
                "unit_note": decisions.clean_note(note),
            },
            already_message="Evaluasi bulan ini sudah diakui kepala unit.",
        )


def acknowledge_ppk(*, actor: User, row: MonthlyEvaluation, note: str = "") -> MonthlyEvaluation:
    """BKPSDM, acting for the PPK, acknowledges the figures the unit head froze; final after."""
    access.require_writer(actor)
    access.require(
        access.scope_for(actor).city_writer,
        "Pengakuan PPK dilakukan oleh BKPSDM atas nama PPK.",
    )
    return decisions.decide(
        actor=actor,
        model=MonthlyEvaluation,
        pk=row.pk,
        pending=[EvaluationStatus.UNIT],
        to_status=EvaluationStatus.FINAL,
        action="evaluation.ppk_acknowledged",
        note=note,
        already_message="Evaluasi ini belum diakui kepala unit atau sudah final.",
    )
