"""Coordination meetings (twice a week per OPD with WFH) and supervision spot checks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hibrida.audit.decisions import Decision
from hibrida.org.models import Employee, Opd, Unit

WEEKDAY_LABELS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


class Meeting(models.Model):
    """A recurring coordination meeting: a weekly rule (weekdays + time) over a date range.

    Occurrences are materialised when the series is created, so attendance, minutes and the
    weekly compliance count are plain rows rather than recomputed recurrences.
    """

    title = models.CharField(_("judul"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    organiser_opd = models.ForeignKey(
        Opd, verbose_name=_("OPD penyelenggara"), on_delete=models.PROTECT, related_name="+"
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    invited_opds = models.ManyToManyField(Opd, verbose_name=_("OPD diundang"), blank=True)
    invited_units = models.ManyToManyField(Unit, verbose_name=_("unit diundang"), blank=True)
    # ISO weekday numbers 0=Monday … 6=Sunday.
    weekdays = models.JSONField(_("hari"), default=list)
    start_time = models.TimeField(_("jam mulai"))
    duration_minutes = models.PositiveSmallIntegerField(_("durasi (menit)"), default=60)
    start_date = models.DateField(_("mulai tanggal"))
    end_date = models.DateField(_("sampai tanggal"))
    video_url = models.URLField(_("tautan video"), max_length=500)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = "rapat koordinasi"
        verbose_name_plural = "rapat koordinasi"

    def __str__(self) -> str:
        return self.title

    @property
    def weekday_labels(self) -> str:
        return ", ".join(WEEKDAY_LABELS[d] for d in sorted(self.weekdays))


class OccurrenceStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Terjadwal")
    HELD = "held", _("Terlaksana")
    CANCELLED = "cancelled", _("Dibatalkan")


class MeetingOccurrence(models.Model):
    """One sitting of a meeting series, with its window and minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="occurrences")
    date = models.DateField(_("tanggal"))
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(
        max_length=12, choices=OccurrenceStatus.choices, default=OccurrenceStatus.SCHEDULED
    )
    minutes = models.TextField(_("notulen"), blank=True)
    minutes_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "date"], name="one_occurrence_per_day")
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.meeting.title} · {self.date}"


class AttendanceStatus(models.TextChoices):
    CHECKED_IN = "checked_in", _("Hadir (belum dikonfirmasi)")
    CONFIRMED = "confirmed", _("Hadir (dikonfirmasi)")
    REJECTED = "rejected", _("Ditolak penyelenggara")


class MeetingAttendance(Decision):
    """Self check-in during the window; the organiser confirms or rejects it afterwards."""

    occurrence = models.ForeignKey(
        MeetingOccurrence, on_delete=models.CASCADE, related_name="attendances"
    )
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    checked_in_at = models.DateTimeField()
    status = models.CharField(
        max_length=12, choices=AttendanceStatus.choices, default=AttendanceStatus.CHECKED_IN
    )

    class Meta:
        ordering = ["checked_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "employee"], name="one_attendance_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurrence_id} · {self.employee_id}"


class SpotCheckOutcome(models.TextChoices):
    PENDING = "pending", _("Belum dilakukan")
    REACHED = "reached", _("Terhubung")
    NOT_REACHED = "not_reached", _("Tidak terhubung")


class NotReachedReason(models.TextChoices):
    NO_ANSWER = "no_answer", _("Tidak menjawab panggilan")
    CONNECTION = "connection", _("Gangguan koneksi")
    NOT_AT_HOME = "not_at_home", _("Tidak berada di lokasi WFH")
    ON_DUTY = "on_duty", _("Sedang tugas lain yang sah")
    OTHER = "other", _("Lainnya")


class SpotCheck(Decision):
    """A supervision video call proposed to an atasan for one WFH subordinate on one day."""

    day = models.DateField(_("tanggal"))
    atasan = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    call_url = models.URLField(max_length=500)
    proposed_at = models.DateTimeField()
    # The call's result is its decision: reached / not reached.
    status = models.CharField(
        max_length=12, choices=SpotCheckOutcome.choices, default=SpotCheckOutcome.PENDING
    )
    reason = models.CharField(max_length=20, choices=NotReachedReason.choices, blank=True)

    class Meta:
        ordering = ["-day", "atasan_id", "employee_id"]
        constraints = [
            models.UniqueConstraint(fields=["day", "employee"], name="one_spot_check_per_day")
        ]
        indexes = [models.Index(fields=["atasan", "day"]), models.Index(fields=["employee", "day"])]

    def __str__(self) -> str:
        return f"{self.day} · {self.employee_id}"
