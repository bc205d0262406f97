"""TPP deduction tables, monthly recaps with their lines, and PP 94/2021 early-warning notices.

A recap line is reviewed by the atasan, then BKPSDM makes the month final; a final month is
never changed (a later correction becomes an adjustment of the next month). Rules:
docs/regulations-pay.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hibrida.audit.decisions import Decision
from hibrida.org.models import Employee


class TierTable(models.Model):
    """The city's deduction percentages, as its regulation sets them, for a validity period."""

    name = models.CharField(_("nama"), max_length=200)
    source = models.CharField(_("dasar hukum"), max_length=300)
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    # [[upper bound in minutes or null, "percent"], ...]; the last bound is null (no record too).
    tl_tiers = models.JSONField(_("tingkat TL"))
    psw_tiers = models.JSONField(_("tingkat PSW"))
    absent_percent = models.DecimalField(
        _("% per hari tanpa keterangan"), max_digits=5, decimal_places=2
    )
    # Null: missing daily reports are not deducted (the city turns it on by setting a value).
    missing_report_percent = models.DecimalField(
        _("% per laporan harian kosong"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "tabel potongan TPP"
        verbose_name_plural = "tabel potongan TPP"

    def __str__(self) -> str:
        return self.name


class RecapStatus(models.TextChoices):
    DRAFT = "draft", _("Ditinjau atasan")
    FINAL = "final", _("Final")


class MonthRecap(Decision):
    """One month of the city. Final (decided by BKPSDM) = immutable."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    month = models.PositiveSmallIntegerField(_("bulan"))
    status = models.CharField(max_length=12, choices=RecapStatus.choices, default=RecapStatus.DRAFT)
    computed_at = models.DateTimeField(_("dihitung pada"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    computed_until = models.DateField(_("dihitung sampai"))

    class Meta:
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="one_recap_per_month")
        ]
        verbose_name = "rekap TPP bulanan"
        verbose_name_plural = "rekap TPP bulanan"

    def __str__(self) -> str:
        return f"Rekap TPP {self.year}-{self.month:02d}"


class LineStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu tinjauan atasan")
    REVIEWED = "reviewed", _("Ditinjau atasan")


class RecapLine(Decision):
    """One ASN in one month: the total and every deduction with its day and record."""

    recap = models.ForeignKey(MonthRecap, on_delete=models.CASCADE, related_name="lines")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=LineStatus.choices, default=LineStatus.PENDING)
    percent = models.DecimalField(_("potongan (%)"), max_digits=6, decimal_places=2)
    tl_percent = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    psw_percent = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    absent_percent = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    report_percent = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    adjustment_percent = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    absent_days = models.PositiveSmallIntegerField(default=0)
    # [{"day", "code", "tier", "minutes", "percent", "record", "table"}]
    items = models.JSONField(default=list)
    # [{"week", "worked", "required"}]: the weekly 37.5-hour check (information, no deduction)
    weeks = models.JSONField(default=list)
    absent_dates = models.JSONField(default=list)

    class Meta:
        ordering = ["recap", "employee_id"]
        constraints = [
            models.UniqueConstraint(fields=["recap", "employee"], name="one_line_per_employee")
        ]

    def __str__(self) -> str:
        return f"TPP {self.employee_id} {self.recap_id}"


class DisciplineNotice(models.Model):
    """An early warning (PP 94/2021) sent once per employee, year and threshold: information."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    level = models.PositiveSmallIntegerField(_("tingkat"))
    category = models.CharField(_("kategori"), max_length=200)
    article = models.CharField(_("pasal"), max_length=100)
    days = models.PositiveSmallIntegerField(_("hari tanpa keterangan"))
    consecutive_days = models.PositiveSmallIntegerField(_("hari berturut-turut"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year", "level"], name="one_notice_per_level"
            )
        ]

    def __str__(self) -> str:
        return f"Peringatan {self.employee_id} {self.year} tingkat {self.level}"
