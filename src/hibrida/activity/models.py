"""SKP targets, daily activity reports, their validation trail, Plt delegations, notices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hibrida.audit.decisions import Decision
from hibrida.org.models import Employee
from hibrida.roster.modes import WorkMode


class SkpTarget(models.Model):
    """A planned result (rencana hasil kerja) of an employee's SKP for one year."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="skp_targets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    title = models.CharField(_("rencana hasil kerja"), max_length=300)
    indicator = models.CharField(_("indikator"), max_length=300)
    target_quantity = models.DecimalField(_("target kuantitas"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("satuan"), max_length=50)
    # Cascading: the atasan's result this one contributes to.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("hasil kerja atasan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year", "title"], name="skp_target_unique_title"
            )
        ]
        verbose_name = "target SKP"
        verbose_name_plural = "target SKP"

    def __str__(self) -> str:
        return self.title


class ActionPlan(models.Model):
    """A monthly action plan (rencana aksi) of a target, with its planned quantity."""

    target = models.ForeignKey(SkpTarget, on_delete=models.CASCADE, related_name="action_plans")
    month = models.PositiveSmallIntegerField(_("bulan"))
    description = models.CharField(_("rencana aksi"), max_length=300)
    planned_quantity = models.DecimalField(_("kuantitas rencana"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["target", "month"]
        constraints = [
            models.UniqueConstraint(fields=["target", "month"], name="action_plan_per_month"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="action_plan_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} · {self.month}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Menunggu validasi")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")


EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
LOCKED_STATUSES = (ReportStatus.APPROVED, ReportStatus.REJECTED)


class ReportMode(models.TextChoices):
    """The roster's work modes a report may state; a day of cuti has no report."""

    # The acronyms are the labels people know; they read the same in every language.
    WFO = WorkMode.WFO.value, WorkMode.WFO.value
    WFH = WorkMode.WFH.value, WorkMode.WFH.value
    FIELD = WorkMode.FIELD.value, _("Lapangan")
    DUTY = WorkMode.DUTY.value, _("Dinas luar")


class DailyReport(Decision):
    """One employee's report for one working day; locked once validated."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="reports")
    day = models.DateField(_("tanggal"))
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    work_mode = models.CharField(_("mode kerja"), max_length=6, choices=ReportMode.choices)
    # Copied from presence when the report is written: what the day's attendance said.
    attendance = models.JSONField(_("presensi"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(_("terlambat"), default=False)
    # Who must validate now (the atasan, or the next one up after escalation).
    validator = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    validation_due = models.DateField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    is_synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "day"], name="one_report_per_day")
        ]
        indexes = [
            models.Index(fields=["validator", "status"]),
            models.Index(fields=["status", "validation_due"]),
            models.Index(fields=["day", "status"]),
        ]
        verbose_name = "laporan harian"
        verbose_name_plural = "laporan harian"

    def __str__(self) -> str:
        return f"{self.employee.name} · {self.day}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def locked(self) -> bool:
        return self.status in LOCKED_STATUSES


class Activity(models.Model):
    """One activity of a daily report: what was done, towards which target, with evidence."""

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="activities")
    description = models.TextField(_("uraian kegiatan"))
    target = models.ForeignKey(
        SkpTarget,
        verbose_name=_("target SKP"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    output = models.CharField(_("hasil / output"), max_length=300)
    quantity = models.DecimalField(_("kuantitas"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("satuan"), max_length=50)
    minutes = models.PositiveIntegerField(_("waktu (menit)"))
    # Relative to MEDIA_ROOT; never served directly, only through the access-checked view.
    evidence_path = models.CharField(max_length=300, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    evidence_size = models.PositiveIntegerField(default=0)
    evidence_link = models.URLField(_("tautan bukti"), max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "kegiatan"
        verbose_name_plural = "kegiatan"

    def __str__(self) -> str:
        return self.description[:60]


class EventKind(models.TextChoices):
    CREATED = "created", _("Dibuat")
    UPDATED = "updated", _("Diubah")
    SUBMITTED = "submitted", _("Dikirim")
    OPENED = "opened", _("Dibuka validator")
    APPROVED = "approved", _("Disetujui")
    RETURNED = "returned", _("Dikembalikan")
    REJECTED = "rejected", _("Ditolak")
    ESCALATED = "escalated", _("Dieskalasi")


class ReportEvent(models.Model):
    """The trail of one report, shown to the employee, the validators and auditors."""

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} · {self.kind}"


class ReportOpening(models.Model):
    """When a validator first opened a report: bulk approval needs one per report."""

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="openings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="one_opening_per_validator")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} · {self.user_id}"


class Delegation(models.Model):
    """A Plt: ``delegate`` validates on behalf of ``principal`` during the period."""

    principal = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    delegate = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    reason = models.CharField(_("alasan"), max_length=200)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="plt_period"
            ),
            models.CheckConstraint(
                condition=~models.Q(principal=models.F("delegate")), name="plt_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"Plt {self.delegate_id} untuk {self.principal_id} ({self.start}–{self.end})"


class Notification(models.Model):
    """An in-app notice (reminders); shown on the report pages until read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_notifications"
    )
    kind = models.CharField(max_length=40)
    # Text: a notice quotes the validator's whole note (audit.decisions.NOTE_MAX_CHARS).
    message = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message
