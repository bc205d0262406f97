"""The monthly evaluation of a unit or an OPD (monitoring berjenjang, PermenPANRB 4/2025
Pasal 35): its figures frozen when the unit head acknowledges it, then acknowledged by the PPK
(BKPSDM acting for the PPK); final and immutable after that. Design in docs/regulations.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hibrida.audit.decisions import Decision
from hibrida.org.models import Opd, Unit


class EvaluationStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu pengakuan kepala unit")
    UNIT = "unit", _("Diakui kepala unit; menunggu PPK")
    FINAL = "final", _("Diakui PPK (final)")


class MonthlyEvaluation(Decision):
    """One month of one unit (``unit`` set) or of a whole OPD (``unit`` empty)."""

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.PENDING,
    )
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    month = models.DateField(_("bulan"))
    # The figures as the unit head saw them; the PPK acknowledges exactly these.
    figures = models.JSONField(_("angka evaluasi"), default=dict)
    unit_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diakui kepala unit oleh"),
    )
    unit_acknowledged_at = models.DateTimeField(null=True, blank=True)
    unit_note = models.TextField(_("catatan kepala unit"), blank=True)

    class Meta:
        ordering = ["-month", "opd_id", "unit_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "unit", "month"],
                condition=models.Q(unit__isnull=False),
                name="one_evaluation_per_unit_month",
            ),
            models.UniqueConstraint(
                fields=["opd", "month"],
                condition=models.Q(unit__isnull=True),
                name="one_evaluation_per_opd_month",
            ),
        ]
        verbose_name = "evaluasi bulanan (Pasal 35)"
        verbose_name_plural = "evaluasi bulanan (Pasal 35)"

    def __str__(self) -> str:
        return f"Evaluasi {self.month:%Y-%m} {self.opd_id}/{self.unit_id or '-'}"
