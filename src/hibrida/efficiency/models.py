"""Cost baselines, realised costs, frontline service levels and pilot metrics per OPD.

Amounts are whole rupiah (BigIntegerField): budgets are planned and reported in rupiah, so
decimals would only invite rounding disputes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hibrida.org.models import Opd

from .model import COMPONENT_LABELS, COMPONENTS


class Component(models.TextChoices):
    LISTRIK_AIR = "listrik_air", _("Listrik & air")
    ATK_LOGISTIK = "atk_logistik", _("ATK & logistik")
    BBM_PERJALANAN = "bbm_perjalanan", _("BBM & perjalanan dinas")
    LEMBUR_PEMELIHARAAN = "lembur_pemeliharaan", _("Lembur & pemeliharaan")


assert tuple(Component.values) == COMPONENTS and set(COMPONENT_LABELS) == set(COMPONENTS)


class CostBaseline(models.Model):
    """An OPD's planned monthly cost per component under full WFO (the model's baseline)."""

    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="cost_baselines")
    component = models.CharField(_("komponen"), max_length=30, choices=Component.choices)
    monthly_amount = models.BigIntegerField(_("biaya per bulan (Rp)"))
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["opd__name", "component"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "component"], name="baseline_per_component")
        ]
        verbose_name = _("baseline biaya")
        verbose_name_plural = _("baseline biaya")

    def __str__(self) -> str:
        return f"{self.opd} · {self.get_component_display()}"


class RealisedCost(models.Model):
    """An actual monthly cost entered by the OPD's finance staff (OPD admin)."""

    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="realised_costs")
    month = models.DateField(_("bulan"), help_text=_("tanggal 1 bulan tersebut"))
    component = models.CharField(_("komponen"), max_length=30, choices=Component.choices)
    amount = models.BigIntegerField(_("realisasi (Rp)"))
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("data sintetis"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["opd__name", "month", "component"]
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "month", "component"], name="realised_cost_per_month"
            )
        ]
        verbose_name = _("realisasi biaya")
        verbose_name_plural = _("realisasi biaya")

    def __str__(self) -> str:
        return f"{self.opd} · {self.month:%Y-%m} · {self.get_component_display()}"


class ServiceLevel(models.Model):
    """One day at one frontline service point: visitors served, waiting time, complaints."""

    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="service_levels")
    service_point = models.CharField(_("titik layanan"), max_length=200)
    date = models.DateField(_("tanggal"))
    visitors_served = models.PositiveIntegerField(_("pengunjung dilayani"))
    avg_wait_minutes = models.FloatField(_("rata-rata waktu tunggu (menit)"))
    complaints = models.PositiveIntegerField(_("pengaduan"))
    synthetic = models.BooleanField(_("data sintetis"), default=False)

    class Meta:
        ordering = ["opd__name", "service_point", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "service_point", "date"], name="service_level_per_day"
            )
        ]
        indexes = [models.Index(fields=["opd", "date"])]
        verbose_name = _("tingkat layanan")
        verbose_name_plural = _("tingkat layanan")

    def __str__(self) -> str:
        return f"{self.service_point} · {self.date}"


class Metric(models.TextChoices):
    ATTENDANCE = "attendance_compliance", _("Kepatuhan presensi (%)")
    ON_TIME = "on_time_rate", _("Tepat waktu (%)")
    REPORT_SUBMISSION = "report_submission", _("Laporan harian terkirim (%)")
    REPORT_APPROVAL = "report_approval", _("Laporan disetujui (%)")
    OUTPUT_INDEX = "output_index", _("Indeks output")
    WFH_SHARE = "wfh_share", _("Porsi hari WFH (%)")
    ATTENDANCE_WFH = "attendance_wfh", _("Kepatuhan presensi hari WFH (%)")
    ATTENDANCE_WFO = "attendance_wfo", _("Kepatuhan presensi hari WFO (%)")
    OUTPUT_WFH = "output_wfh", _("Indeks output hari WFH")
    OUTPUT_WFO = "output_wfo", _("Indeks output hari WFO")


class PilotMetric(models.Model):
    """A monthly metric of one OPD. Filled by the demo (``synthetic``) when other apps have
    no data yet; real figures come from selectors.monthly_metrics."""

    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="pilot_metrics")
    month = models.DateField(_("bulan"))
    metric = models.CharField(_("indikator"), max_length=30, choices=Metric.choices)
    value = models.FloatField(_("nilai"))
    staff = models.PositiveIntegerField(_("jumlah pegawai yang diukur"), default=0)
    synthetic = models.BooleanField(_("data sintetis"), default=True)

    class Meta:
        ordering = ["opd__name", "month", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "month", "metric"], name="pilot_metric_once")
        ]
        verbose_name = _("indikator uji coba")
        verbose_name_plural = _("indikator uji coba")

    def __str__(self) -> str:
        return f"{self.opd} · {self.month:%Y-%m} · {self.metric}"
