"""Schedules (versioned, immutable once published), change requests, leave and duty entries.

One :class:`ScheduleRow` per employee and version holds the month as one letter per day;
approved changes are an overlay (:class:`DayOverride`). See docs/architecture.md, "The roster
solver".
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hibrida.audit.decisions import Decision
from hibrida.org.models import Employee, Opd, Unit
from hibrida.policy.rules import PATTERN_LABELS

from .modes import WorkMode

MODE_CODES: dict[str, str] = {
    WorkMode.WFO: "O",
    WorkMode.WFH: "H",
    WorkMode.FIELD: "F",
    WorkMode.LEAVE: "L",
    WorkMode.DUTY: "D",
}
CODE_MODES = {v: k for k, v in MODE_CODES.items()}
MODE_LABELS = {
    WorkMode.WFO: _("WFO (kerja di kantor)"),
    WorkMode.WFH: _("WFH (kerja dari rumah)"),
    WorkMode.FIELD: _("Tugas lapangan"),
    WorkMode.DUTY: _("Dinas luar"),
    WorkMode.LEAVE: _("Cuti"),
}
NO_WORK = "-"  # weekend, holiday, cuti bersama


class ScheduleStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Terbit")
    SUPERSEDED = "superseded", _("Digantikan")
    DISCARDED = "discarded", _("Dibuang")


# The solver's status codes (roster.solver) as planners read them.
SOLVER_STATUS_LABELS = {
    "OPTIMAL": _("optimal"),
    "FEASIBLE": _("layak, belum tentu optimal (batas waktu tercapai)"),
}


class ImmutableError(Exception):
    """A published schedule version was about to be changed."""


class Schedule(models.Model):
    """One version of one OPD's month."""

    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="schedules")
    month = models.DateField(_("bulan"))  # first day of the month
    version = models.PositiveIntegerField(_("versi"))
    status = models.CharField(
        _("status"), max_length=12, choices=ScheduleStatus.choices, default=ScheduleStatus.DRAFT
    )
    phase = models.CharField(_("fase"), max_length=100, blank=True)
    pattern = models.CharField(_("pola"), max_length=20, blank=True)
    solver_status = models.CharField(max_length=20, blank=True)
    max_shortfall = models.IntegerField(default=0)
    total_shortfall = models.IntegerField(default=0)
    solve_seconds = models.FloatField(default=0)
    days = models.JSONField(default=list)  # the working days solved, ISO dates
    report = models.JSONField(default=dict)  # fairness report at generation time
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The request that generated this version (roster.services.generate_draft's key).
    generation_key = models.CharField(max_length=32, blank=True, default="", db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "opd__name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "month", "version"], name="schedule_version"),
            models.UniqueConstraint(
                fields=["opd", "month"],
                condition=models.Q(status="published"),
                name="one_published_schedule_per_month",
            ),
        ]
        indexes = [models.Index(fields=["month", "status"])]
        verbose_name = "jadwal rotasi"
        verbose_name_plural = "jadwal rotasi"

    def __str__(self) -> str:
        return f"{self.opd} {self.month:%Y-%m} v{self.version}"

    @property
    def month_end(self) -> dt.date:
        nxt = (self.month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return nxt - dt.timedelta(days=1)

    @property
    def is_editable(self) -> bool:
        return self.status == ScheduleStatus.DRAFT

    @property
    def solver_status_label(self) -> str:
        return str(SOLVER_STATUS_LABELS.get(self.solver_status, self.solver_status))

    @property
    def pattern_label(self) -> str:
        return PATTERN_LABELS.get(self.pattern, self.pattern)


class ScheduleRow(models.Model):
    """One employee's month in one schedule version: ``modes[i]`` is day ``i + 1``."""

    # No single-column indexes on schedule and employee: the two composite indexes below lead
    # with each, and with the extra schedule index PostgreSQL scanned every OPD's rows of a
    # month for a team's planned modes (1.9 ms) instead of the team's own rows (0.6 ms).
    schedule = models.ForeignKey(
        Schedule, on_delete=models.CASCADE, related_name="rows", db_index=False
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    modes = models.CharField(max_length=31)
    eligible = models.BooleanField(default=True)
    reason = models.CharField(max_length=300, blank=True)
    wfh_target = models.PositiveSmallIntegerField(default=0)
    wfh_days = models.PositiveSmallIntegerField(default=0)
    # Shortfall carried into this month from earlier ones (cumulative fairness).
    carry_shortfall = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["schedule", "employee"], name="one_row_per_employee")
        ]
        indexes = [models.Index(fields=["employee", "schedule"])]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.modes}"

    def save(self, *args, **kwargs):
        # A published version is a record of what staff were told: never rewritten.
        if self.pk and self.schedule.status != ScheduleStatus.DRAFT:
            raise ImmutableError("Jadwal yang sudah terbit tidak dapat diubah.")
        super().save(*args, **kwargs)

    def mode_on(self, day: dt.date) -> str | None:
        code = self.modes[day.day - 1] if day.day <= len(self.modes) else NO_WORK
        return CODE_MODES.get(code)

    @property
    def shortfall(self) -> int:
        return max(0, self.wfh_target - self.wfh_days) if self.eligible else 0


class AbsenceKind(models.TextChoices):
    LEAVE = "cuti", _("Cuti")
    DUTY = "dinas_luar", _("Dinas luar")


class Absence(models.Model):
    """Leave (cuti) or official duty outside the office (dinas luar) over a date range."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="absences")
    kind = models.CharField(_("jenis"), max_length=12, choices=AbsenceKind.choices)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    note = models.CharField(_("keterangan"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start"]
        indexes = [models.Index(fields=["employee", "start"])]
        verbose_name = "cuti / dinas luar"
        verbose_name_plural = "cuti / dinas luar"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.employee_id} {self.start}–{self.end}"


class RequestKind(models.TextChoices):
    MOVE = "move", _("Pindah hari WFH")
    SWAP = "swap", _("Tukar hari dengan rekan")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")
    WITHDRAWN = "withdrawn", _("Ditarik")


class ChangeRequest(Decision):
    """A change to a published schedule, approved by the atasan.

    move: the requester moves their WFH from ``day`` to ``other_day``.
    swap: the requester gives their WFH on ``day`` to ``counterpart`` and takes the
    counterpart's WFH on ``other_day``; the counterpart agrees first (it changes their days).
    """

    kind = models.CharField(_("jenis"), max_length=8, choices=RequestKind.choices)
    requester = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    counterpart = models.ForeignKey(
        Employee, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    day = models.DateField(_("hari WFH semula"))
    other_day = models.DateField(_("hari WFH baru"))
    reason = models.CharField(_("alasan"), max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    counterpart_agreed_at = models.DateTimeField(_("rekan setuju pada"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "permintaan perubahan jadwal"
        verbose_name_plural = "permintaan perubahan jadwal"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.requester_id} {self.day}→{self.other_day}"


class DayOverride(models.Model):
    """The overlay on published schedules: one employee's mode on one day, and why."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    mode = models.CharField(max_length=6)
    request = models.ForeignKey(
        ChangeRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="overrides"
    )
    absence = models.ForeignKey(
        Absence, on_delete=models.CASCADE, null=True, blank=True, related_name="overrides"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["employee_id", "day", "created_at"]
        indexes = [models.Index(fields=["employee", "day"])]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.day} {self.mode}"


class WfhPreference(models.Model):
    """Weekdays an ASN would like (or would rather not) work from home; the solver honours
    them after fairness and stability (priority 4 of the solver's objective)."""

    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, related_name="wfh_preference"
    )
    prefer_weekdays = models.JSONField(_("hari WFH yang diinginkan"), default=list, blank=True)
    avoid_weekdays = models.JSONField(_("hari WFH yang dihindari"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "preferensi WFH"
        verbose_name_plural = "preferensi WFH"

    def __str__(self) -> str:
        return f"Preferensi WFH {self.employee_id}"
