"""Work policy: layered rules, pilot phases, WFH readiness, the working-day calendar.

A rule is one row at one level (kota, kelas OPD, OPD, unit, jabatan); every value column is
nullable and an empty value means "inherit from the level above". ``policy.rules`` resolves the
layers; ``policy.selectors.effective_policy`` loads them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hibrida.audit.decisions import Decision
from hibrida.org.models import Employee, Opd, OpdClass, Position, Unit


class Pattern(models.TextChoices):
    NONE = "none", _("Tanpa WFH (WFO penuh)")
    FIXED_WEEKDAY = "fixed_weekday", _("Hari tetap setiap minggu")
    WEEKLY_QUOTA = "weekly_quota", _("Kuota mingguan")
    ROTATION = "rotation", _("Rotasi harian (mis. 50:50)")


class Weekday(models.TextChoices):
    MON = "mon", _("Senin")
    TUE = "tue", _("Selasa")
    WED = "wed", _("Rabu")
    THU = "thu", _("Kamis")
    FRI = "fri", _("Jumat")


class Level(models.TextChoices):
    KOTA = "kota", _("Kota")
    KELAS = "kelas", _("Kelas OPD")
    OPD = "opd", _("OPD")
    UNIT = "unit", _("Unit")
    JABATAN = "jabatan", _("Jabatan")


class PolicyRule(models.Model):
    """One layer of the work policy; empty values inherit from the level above."""

    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    opd_class = models.CharField(
        _("kelas OPD"), max_length=30, choices=OpdClass.choices, blank=True
    )
    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, null=True, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True)
    position = models.ForeignKey(Position, on_delete=models.CASCADE, null=True, blank=True)

    wfh_allowed = models.BooleanField(_("WFH diizinkan"), null=True, blank=True)
    pattern = models.CharField(_("pola"), max_length=20, choices=Pattern.choices, blank=True)
    fixed_weekday = models.CharField(
        _("hari WFH tetap"), max_length=3, choices=Weekday.choices, blank=True
    )
    wfh_days_per_week = models.PositiveSmallIntegerField(
        _("kuota WFH per minggu"), null=True, blank=True
    )
    max_wfh_per_week = models.PositiveSmallIntegerField(
        _("maksimum WFH per minggu"), null=True, blank=True
    )
    allowed_weekdays = models.JSONField(_("hari yang boleh WFH"), null=True, blank=True)
    min_onsite_share = models.FloatField(_("porsi minimum di kantor"), null=True, blank=True)
    min_onsite_count = models.PositiveSmallIntegerField(
        _("jumlah minimum di kantor"), null=True, blank=True
    )
    wfh_share = models.FloatField(_("porsi WFH harian (rotasi)"), null=True, blank=True)
    # Blackout dates add up across levels: a city budget deadline and an OPD's own both hold.
    blackout_dates = models.JSONField(_("tanggal tanpa WFH"), default=list, blank=True)
    field_rotation = models.BooleanField(_("rotasi tugas lapangan"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["level", "opd_class", "opd_id", "unit_id", "position_id"]
        # One rule per target; partial constraints because NULL targets never collide.
        constraints = [
            models.UniqueConstraint(
                fields=["level"], condition=models.Q(level="kota"), name="policy_one_city_rule"
            ),
            models.UniqueConstraint(
                fields=["opd_class"], condition=models.Q(level="kelas"), name="policy_one_per_class"
            ),
            models.UniqueConstraint(
                fields=["opd"], condition=models.Q(level="opd"), name="policy_one_per_opd"
            ),
            models.UniqueConstraint(
                fields=["unit"], condition=models.Q(level="unit"), name="policy_one_per_unit"
            ),
            models.UniqueConstraint(
                fields=["position"],
                condition=models.Q(level="jabatan"),
                name="policy_one_per_position",
            ),
        ]
        verbose_name = "aturan kebijakan kerja"
        verbose_name_plural = "aturan kebijakan kerja"

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.target_label}"

    @property
    def target_label(self) -> str:
        if self.level == Level.KELAS:
            return str(OpdClass(self.opd_class).label)
        if self.unit is not None:
            return f"{self.unit.name} ({self.unit.opd})"
        if self.position is not None:
            return f"{self.position.name} ({self.position.opd})"
        return str(self.opd or "Kota Bekasi")

    def set_values(self) -> list[tuple[str, str]]:
        """(label, value) of the values this rule sets; the rest inherit."""
        import datetime as dt

        from .rules import FIELD_LABELS, display_value

        out = []
        for name, label in FIELD_LABELS.items():
            value = getattr(self, name)
            if value is None or value == "" or value == []:
                continue
            if name == "blackout_dates":
                value = tuple(dt.date.fromisoformat(v) for v in value)
            out.append((label, display_value(name, value)))
        return out


class PhaseStatus(models.TextChoices):
    DRAFT = "draft", _("Rancangan")
    ACTIVE = "aktif", _("Berlaku")


class Phase(models.Model):
    """A named pilot period (baseline, Tahap I, Tahap II, model 2026) with its pattern.

    While an active phase covers a day and the employee's OPD (no OPD listed = all OPDs), its
    pattern values replace the layered ones: the programme decides the rhythm, while eligibility
    (class, unit, position, readiness) still comes from the layers.
    """

    name = models.CharField(_("nama"), max_length=100, unique=True)
    description = models.TextField(_("uraian"), blank=True)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    status = models.CharField(
        _("status"), max_length=10, choices=PhaseStatus.choices, default=PhaseStatus.DRAFT
    )
    pattern = models.CharField(_("pola"), max_length=20, choices=Pattern.choices)
    fixed_weekday = models.CharField(
        _("hari WFH tetap"), max_length=3, choices=Weekday.choices, blank=True
    )
    wfh_days_per_week = models.PositiveSmallIntegerField(
        _("kuota WFH per minggu"), null=True, blank=True
    )
    wfh_share = models.FloatField(_("porsi WFH harian (rotasi)"), null=True, blank=True)
    opds = models.ManyToManyField(Opd, blank=True, verbose_name=_("OPD"))

    class Meta:
        ordering = ["start", "name"]
        verbose_name = "fase uji coba"
        verbose_name_plural = "fase uji coba"

    def __str__(self) -> str:
        return self.name


class WfhReadiness(models.Model):
    """The three WFH readiness conditions an ASN records for themself."""

    employee = models.OneToOneField(Employee, on_delete=models.CASCADE, related_name="readiness")
    connectivity_checked_at = models.DateTimeField(_("uji konektivitas"), null=True, blank=True)
    connectivity_mbps = models.FloatField(_("kecepatan (Mbps)"), null=True, blank=True)
    device_registered_at = models.DateTimeField(_("perangkat terdaftar"), null=True, blank=True)
    device_label = models.CharField(_("perangkat dinas"), max_length=100, blank=True)
    security_accepted_at = models.DateTimeField(
        _("pernyataan keamanan data"), null=True, blank=True
    )

    class Meta:
        verbose_name = "kesiapan WFH"
        verbose_name_plural = "kesiapan WFH"

    def __str__(self) -> str:
        return f"Kesiapan WFH {self.employee_id}"


class CalendarDayKind(models.TextChoices):
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
    LIBUR_DAERAH = "libur_daerah", _("Libur daerah")


class CalendarDay(models.Model):
    """A day off beside the national public holidays; edited by BKPSDM."""

    date = models.DateField(_("tanggal"), unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=CalendarDayKind.choices)
    name = models.CharField(_("keterangan"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["date"]
        verbose_name = "hari libur tambahan"
        verbose_name_plural = "hari libur tambahan"

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class WorkingHours(models.Model):
    """An OPD's hours for one weekday (0 = Monday); missing rows use the city default."""

    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="working_hours")
    weekday = models.PositiveSmallIntegerField(_("hari"))
    start = models.TimeField(_("masuk"))
    end = models.TimeField(_("pulang"))
    break_minutes = models.PositiveSmallIntegerField(_("istirahat (menit)"), default=60)

    class Meta:
        ordering = ["opd_id", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "weekday"], name="working_hours_per_day"),
        ]
        verbose_name = "jam kerja"
        verbose_name_plural = "jam kerja"

    def __str__(self) -> str:
        return f"{self.opd_id} {self.weekday} {self.start}–{self.end}"


class ParameterKey(models.TextChoices):
    MAX_LOCATION_DAYS = "max_location_days_per_week", _("Maksimum hari fleksibel lokasi per minggu")
    NEW_EMPLOYEE_MONTHS = "new_employee_months", _("Masa kerja minimum sejak TMT (bulan)")


class LegalParameter(models.Model):
    """A figure of the flexible-work rules with its legal source and validity dates.

    A figure never lives in code: when a regulation changes, BKPSDM adds a row from the day it
    applies and the old row keeps answering for the days before (docs/regulations.md).
    """

    key = models.CharField(_("parameter"), max_length=40, choices=ParameterKey.choices)
    value = models.PositiveSmallIntegerField(_("nilai"))
    legal_source = models.CharField(_("dasar hukum"), max_length=300)
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        ordering = ["key", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="legal_parameter_per_day"),
        ]
        verbose_name = "parameter hukum"
        verbose_name_plural = "parameter hukum"

    def __str__(self) -> str:
        return f"{self.key}={self.value} ({self.legal_source})"


class JobCriteria(models.Model):
    """The five job criteria of PermenPANRB 4/2025 Pasal 23 for one position.

    A position without a row has not been assessed and counts as meeting them (its
    ``requires_presence`` bar still applies); the OPD admin unticks what the job fails.
    """

    position = models.OneToOneField(Position, on_delete=models.CASCADE, related_name="job_criteria")
    outside_office = models.BooleanField(_("dapat dikerjakan di luar kantor"), default=True)
    no_special_equipment = models.BooleanField(
        _("tidak memerlukan ruang/peralatan khusus"), default=True
    )
    ict_capable = models.BooleanField(_("dapat dikerjakan dengan TIK"), default=True)
    minimal_face_to_face = models.BooleanField(_("minim tatap muka"), default=True)
    no_constant_supervision = models.BooleanField(
        _("tidak memerlukan pengawasan terus-menerus"), default=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kriteria jabatan (Pasal 23)"
        verbose_name_plural = "kriteria jabatan (Pasal 23)"

    def __str__(self) -> str:
        return f"Kriteria Pasal 23: {self.position}"


class DisciplineKind(models.TextChoices):
    IN_PROCESS = "proses", _("Dalam proses penjatuhan hukuman disiplin")
    SANCTION = "hukuman", _("Sedang menjalani hukuman disiplin")


class DisciplineRecord(models.Model):
    """A disciplinary process or sanction with its period (Pasal 25 staff criterion)."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="discipline_records"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=DisciplineKind.choices)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    reference = models.CharField(_("nomor keputusan / berkas"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start"]
        indexes = [models.Index(fields=["employee", "start", "end"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="discipline_end_after_start"
            )
        ]
        verbose_name = "status disiplin"
        verbose_name_plural = "status disiplin"

    def __str__(self) -> str:
        return f"{self.employee_id} {self.kind} {self.start}–{self.end}"


class SpecialStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu atasan")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")


class SpecialCircumstance(Decision):
    """An ASN's application for flexible work in special circumstances (Pasal 30), decided by
    the unit head (the atasan); while approved and not past ``end`` the ASN is eligible."""

    status = models.CharField(
        _("status"), max_length=12, choices=SpecialStatus.choices, default=SpecialStatus.PENDING
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="special_circumstances"
    )
    reason = models.TextField(_("alasan"))
    end = models.DateField(_("berlaku sampai"))
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "keadaan khusus (Pasal 30)"
        verbose_name_plural = "keadaan khusus (Pasal 30)"

    def __str__(self) -> str:
        return f"Keadaan khusus {self.employee_id} s.d. {self.end}"
