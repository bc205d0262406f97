"""e-Presensi: places (home, field areas), devices, check-ins, field reports, corrections.

Office fences live in :class:`hibrida.org.models.OfficeLocation`. A :class:`CheckIn` is the
append-only record of presence: it is never updated except by the privacy job that coarsens
old coordinates; corrections are separate, audited :class:`CorrectionRequest` rows.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hibrida.audit.decisions import Decision
from hibrida.org.models import Employee, Opd, Position, Unit


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu persetujuan")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")
    SUPERSEDED = "superseded", _("Digantikan")


class HomeLocation(Decision):
    """A registered home for WFH days. Each change is a new row; the newest approved one counts."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="homes")
    latitude = models.FloatField(_("lintang"))
    longitude = models.FloatField(_("bujur"))
    radius_m = models.PositiveIntegerField(_("radius (meter)"), default=100)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    status = models.CharField(
        max_length=12, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "lokasi rumah"
        verbose_name_plural = "lokasi rumah"

    def __str__(self) -> str:
        return f"Rumah {self.employee_id} ({self.get_status_display()})"


class FieldArea(models.Model):
    """A polygon where field staff of an OPD (or one unit) work, e.g. a Satpol PP patrol area."""

    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="field_areas")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="field_areas"
    )
    name = models.CharField(_("nama area"), max_length=200)
    # [[lat, lon], ...] in order, at least three points.
    polygon = models.JSONField(_("poligon"), default=list)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["opd__name", "name"]
        verbose_name = "area lapangan"
        verbose_name_plural = "area lapangan"

    def __str__(self) -> str:
        return self.name


class Device(models.Model):
    """A phone bound to an employee. The first device used is bound on first use; an approved
    reset retires the bound phones, and the next one used is bound in their place."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="devices")
    device_id = models.CharField(max_length=100)
    registered_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "device_id"], name="device_per_employee")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}:{self.device_id}"


class DeviceReset(Decision):
    """An employee's request to release their registered phone (lost, replaced); decided by
    the atasan or the OPD admin."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("alasan"), max_length=300)
    status = models.CharField(
        max_length=12, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "reset perangkat"
        verbose_name_plural = "reset perangkat"

    def __str__(self) -> str:
        return f"Reset perangkat {self.employee_id} ({self.get_status_display()})"


class Kind(models.TextChoices):
    IN = "in", _("Masuk")
    OUT = "out", _("Pulang")


class Verdict(models.TextChoices):
    VALID = "VALID", _("Sah")
    FLAGGED = "FLAGGED", _("Ditandai")
    REJECTED = "REJECTED", _("Ditolak")


class CheckIn(models.Model):
    """One check-in or check-out as received, with its verification result (append-only)."""

    client_uuid = models.UUIDField(unique=True)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="check_ins")
    kind = models.CharField(max_length=3, choices=Kind.choices)
    device_time = models.DateTimeField()
    received_at = models.DateTimeField()
    # Local (Asia/Jakarta) date of device_time: the working day this record belongs to.
    work_date = models.DateField()
    latitude = models.FloatField()
    longitude = models.FloatField()
    accuracy_m = models.FloatField()
    altitude = models.FloatField(null=True, blank=True)
    speed = models.FloatField(null=True, blank=True)
    provider = models.CharField(max_length=20, blank=True)
    mock_location = models.BooleanField(default=False)
    device_id = models.CharField(max_length=100)
    expected_mode = models.CharField(max_length=8, blank=True)
    place = models.CharField(max_length=200, blank=True)
    distance_m = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Verdict.choices)
    reasons = models.JSONField(default=list)
    late_synced = models.BooleanField(default=False)
    coarsened = models.BooleanField(default=False)
    source = models.CharField(max_length=8, default="api")

    class Meta:
        ordering = ["-device_time"]
        indexes = [
            models.Index(fields=["employee", "work_date"]),
            models.Index(fields=["work_date"]),
        ]
        verbose_name = "presensi"
        verbose_name_plural = "presensi"

    def __str__(self) -> str:
        return f"{self.employee_id} {self.kind} {self.device_time:%Y-%m-%d %H:%M} {self.status}"


def field_photo_path(instance, filename: str) -> str:
    return f"presence/field/{instance.employee_id}/{uuid.uuid4().hex}{_ext(filename)}"


def _ext(filename: str) -> str:
    name = filename.lower()
    return ".png" if name.endswith(".png") else ".jpg"


class FieldReport(models.Model):
    """A location ping or short report with an optional photo during a field shift."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="field_reports")
    at = models.DateTimeField()
    latitude = models.FloatField()
    longitude = models.FloatField()
    accuracy_m = models.FloatField(default=0)
    note = models.CharField(_("catatan"), max_length=500, blank=True)
    photo = models.FileField(upload_to=field_photo_path, blank=True)
    coarsened = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["employee", "at"])]

    def __str__(self) -> str:
        return f"Laporan lapangan {self.employee_id} {self.at:%Y-%m-%d %H:%M}"


class CorrectionKind(models.TextChoices):
    FORGOT_OUT = "forgot_out", _("Lupa presensi pulang")
    FORGOT_IN = "forgot_in", _("Lupa presensi masuk")
    GPS_FAILED = "gps_failed", _("GPS/jaringan gagal")
    OTHER = "other", _("Lainnya")


class CorrectionRequest(Decision):
    """A request to correct one day's times; counts only once the atasan approved it."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="corrections")
    work_date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=12, choices=CorrectionKind.choices)
    time_in = models.TimeField(_("jam masuk"), null=True, blank=True)
    time_out = models.TimeField(_("jam pulang"), null=True, blank=True)
    reason = models.TextField(_("alasan"))
    status = models.CharField(
        max_length=12, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["employee", "work_date"])]

    def __str__(self) -> str:
        return f"Koreksi {self.employee_id} {self.work_date}"


class LocationView(models.Model):
    """Who looked at whose location, when, and through which page (UU 27/2022)."""

    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    context = models.CharField(max_length=40)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.viewer_id} → {self.employee_id} ({self.context})"


class HourKind(models.TextChoices):
    FIXED = "fixed", _("Tetap")
    DYNAMIC = "dynamic", _("Dinamis (jendela masuk)")
    SHIFT = "shift", _("Sif")


class WorkHourPolicy(models.Model):
    """Working hours of an OPD, a unit or a position; the most specific valid one applies.

    Perpres 21/2023 sets the default (see ``policy.calendar.DEFAULT_HOURS``); PermenPANRB 4/2025
    Pasal 17 allows dynamic hours and shifts as long as the weekly hours are met.
    """

    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("jenis"), max_length=8, choices=HourKind.choices)
    # weekday (0 = Monday … 4 = Friday) -> {"start": "HH:MM", "end": "HH:MM", "break": minutes}
    hours = models.JSONField(_("jam per hari"), default=dict)
    window_start = models.TimeField(_("jendela masuk mulai"), null=True, blank=True)
    window_end = models.TimeField(_("jendela masuk sampai"), null=True, blank=True)
    daily_minutes = models.PositiveSmallIntegerField(_("menit kerja per hari"), default=0)
    direct_service = models.BooleanField(_("pelayanan langsung (jam tetap saat Ramadan)"))
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    source = models.CharField(_("dasar hukum"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["opd_id", "unit_id", "position_id", "-valid_from"]
        verbose_name = "kebijakan jam kerja"
        verbose_name_plural = "kebijakan jam kerja"

    def __str__(self) -> str:
        return f"Jam kerja {self.opd_id}/{self.unit_id}/{self.position_id} {self.kind}"


class RamadanPeriod(models.Model):
    """The dates BKPSDM sets as Ramadan working hours (Perpres 21/2023: 32 h 30 min from 08.00)."""

    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    source = models.CharField(_("dasar (surat edaran)"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = "jam kerja Ramadan"
        verbose_name_plural = "jam kerja Ramadan"

    def __str__(self) -> str:
        return f"Ramadan {self.start}–{self.end}"


class PasskeyStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu persetujuan")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")
    REVOKED = "revoked", _("Dicabut")


class Passkey(Decision):
    """A WebAuthn credential enrolled on an employee's own phone; counts once approved by the
    atasan or the OPD admin. Only the credential id, the public key and the signature counter
    are stored: the fingerprint or face never leaves the phone."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="passkeys")
    # base64url of the raw credential id, as the browser names it.
    credential_id = models.CharField(max_length=1400, unique=True)
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    label = models.CharField(_("nama perangkat"), max_length=100, blank=True)
    status = models.CharField(
        max_length=12, choices=PasskeyStatus.choices, default=PasskeyStatus.PENDING
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "passkey"
        verbose_name_plural = "passkey"

    def __str__(self) -> str:
        return f"Passkey {self.employee_id} ({self.get_status_display()})"


class NoncePurpose(models.TextChoices):
    REGISTER = "register", _("Pendaftaran passkey")
    CHECK_IN = "check_in", _("Presensi")


class PasskeyNonce(models.Model):
    """A server nonce: single use, valid for a bounded time, bound to one employee. A check-in
    challenge is derived from it and the check-in's own content (docs/architecture.md)."""

    nonce = models.CharField(max_length=64, unique=True)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=10, choices=NoncePurpose.choices)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["employee", "expires_at"])]

    def __str__(self) -> str:
        return f"Nonce {self.employee_id} {self.purpose}"


class PasskeyMode(models.TextChoices):
    REQUIRED = "required", _("Wajib: presensi tanpa passkey sah ditolak")
    FALLBACK = "fallback", _("Cadangan: presensi tanpa passkey sah ditandai untuk atasan")
    OFF = "off", _("Tidak dipakai")


class PasskeyPolicy(models.Model):
    """The passkey layer's mode for one OPD; an OPD without a row follows the city default
    (setting ``HIBRIDA_PASSKEY_DEFAULT_MODE``)."""

    opd = models.OneToOneField(Opd, on_delete=models.CASCADE, related_name="passkey_policy")
    mode = models.CharField(max_length=10, choices=PasskeyMode.choices)

    class Meta:
        verbose_name = "kebijakan passkey"
        verbose_name_plural = "kebijakan passkey"

    def __str__(self) -> str:
        return f"Passkey {self.opd_id}: {self.mode}"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu tinjauan")
    ACCEPTED = "accepted", _("Diterima (dihitung sah)")
    REJECTED = "rejected", _("Ditolak (dihitung tidak hadir)")


class CheckInReview(Decision):
    """The atasan's decision on a FLAGGED check-in. The check-in itself stays as received;
    working time and the risk score read the decision (accepted → valid, rejected → absent)."""

    check_in = models.OneToOneField(CheckIn, on_delete=models.PROTECT, related_name="review")
    status = models.CharField(
        max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )

    class Meta:
        verbose_name = "tinjauan presensi"
        verbose_name_plural = "tinjauan presensi"

    def __str__(self) -> str:
        return f"Tinjauan {self.check_in_id} ({self.get_status_display()})"


class PresenceCheckPolicy(models.Model):
    """An OPD's random presence checks on WFH days (issue 15, layer 4); off without a row."""

    opd = models.OneToOneField(Opd, on_delete=models.CASCADE, related_name="presence_check_policy")
    enabled = models.BooleanField(_("aktif"), default=False)
    checks_per_day = models.PositiveSmallIntegerField(_("cek per hari WFH"), default=2)
    window_minutes = models.PositiveSmallIntegerField(_("batas waktu menjawab (menit)"), default=15)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kebijakan cek kehadiran acak"
        verbose_name_plural = "kebijakan cek kehadiran acak"

    def __str__(self) -> str:
        return f"Cek acak {self.opd_id}: {'aktif' if self.enabled else 'mati'}"


class PresenceCheckConsent(models.Model):
    """The ASN's own choice to take part; without ``consented`` nobody is asked. The audit log
    keeps every change (given, withdrawn)."""

    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, related_name="presence_check_consent"
    )
    consented = models.BooleanField(_("bersedia"))
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "persetujuan cek kehadiran acak"
        verbose_name_plural = "persetujuan cek kehadiran acak"

    def __str__(self) -> str:
        return f"Persetujuan cek acak {self.employee_id}: {self.consented}"


class CheckResult(models.TextChoices):
    HOME = "home", _("Dijawab tepat waktu di rumah")
    ELSEWHERE = "elsewhere", _("Dijawab tepat waktu di luar lokasi rumah")
    LATE = "late", _("Dijawab terlambat")


class PresenceCheck(models.Model):
    """One random question to confirm presence. Planned ahead (never shown before
    ``asked_at``); answered once with one location, or missed when ``closes_at`` passes."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    seq = models.PositiveSmallIntegerField()
    asked_at = models.DateTimeField()
    deadline = models.DateTimeField()
    # End of the day's working hours: a later answer still counts, as "late", until then.
    closes_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    device_time = models.DateTimeField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    accuracy_m = models.FloatField(null=True, blank=True)
    distance_m = models.FloatField(null=True, blank=True)
    result = models.CharField(max_length=10, choices=CheckResult.choices, blank=True)
    passkey_verified = models.BooleanField(default=False)
    # Why the assertion did not count, when the OPD's passkey mode let the answer through.
    passkey_reason = models.CharField(max_length=20, blank=True)
    coarsened = models.BooleanField(default=False)

    class Meta:
        ordering = ["-asked_at"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "day", "seq"], name="one_check_per_slot")
        ]
        indexes = [models.Index(fields=["employee", "asked_at"]), models.Index(fields=["day"])]
        verbose_name = "cek kehadiran acak"
        verbose_name_plural = "cek kehadiran acak"

    def __str__(self) -> str:
        return f"Cek acak {self.employee_id} {self.day} #{self.seq}"


class SelfiePolicy(models.Model):
    """The selfie layer of one OPD (off when there is no row). Biometric data is specific
    personal data (UU 27/2022 Pasal 4), so turning it on requires the DPIA's reference."""

    opd = models.OneToOneField(Opd, on_delete=models.CASCADE, related_name="selfie_policy")
    enabled = models.BooleanField(_("swafoto aktif"), default=False)
    dpia_reference = models.CharField(_("rujukan DPIA"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kebijakan swafoto"
        verbose_name_plural = "kebijakan swafoto"

    def __str__(self) -> str:
        return f"Swafoto {self.opd_id}: {'aktif' if self.enabled else 'mati'}"


def face_photo_path(instance, filename: str) -> str:
    return f"presence/face/{instance.employee_id}/{uuid.uuid4().hex}{_ext(filename)}"


def selfie_path(instance, filename: str) -> str:
    return f"presence/selfie/{instance.employee_id}/{uuid.uuid4().hex}{_ext(filename)}"


class FaceReference(Decision):
    """An employee's enrolled face: the 128-float embedding is kept; the photo only until the
    decision is older than ``HIBRIDA_FACE_PHOTO_RETENTION_DAYS`` (the atasan needs to see it)."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="faces")
    embedding = models.JSONField(default=list)
    photo = models.FileField(upload_to=face_photo_path, blank=True)
    status = models.CharField(
        max_length=12, choices=PasskeyStatus.choices, default=PasskeyStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "foto rujukan wajah"
        verbose_name_plural = "foto rujukan wajah"

    def __str__(self) -> str:
        return f"Wajah {self.employee_id} ({self.get_status_display()})"


class SelfieState(models.TextChoices):
    PENDING = "pending", _("Menunggu pemeriksaan")
    MATCHED = "matched", _("Cocok")
    FLAGGED = "flagged", _("Ditandai")


class SelfieCheck(models.Model):
    """The two frames sent with one check-in and what the background check found. Frames are
    deleted after ``HIBRIDA_SELFIE_RETENTION_DAYS``; the embedding and scores stay."""

    check_in = models.OneToOneField(CheckIn, on_delete=models.PROTECT, related_name="selfie")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    turn = models.CharField(max_length=5)
    first = models.FileField(upload_to=selfie_path, blank=True)
    second = models.FileField(upload_to=selfie_path, blank=True)
    received_at = models.DateTimeField()
    state = models.CharField(max_length=8, choices=SelfieState.choices, default=SelfieState.PENDING)
    reasons = models.JSONField(default=list)
    embedding = models.JSONField(default=list)
    distance = models.FloatField(null=True, blank=True)
    frames_distance = models.FloatField(null=True, blank=True)
    turn_delta = models.FloatField(null=True, blank=True)
    threshold = models.FloatField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["received_at"])]
        verbose_name = "swafoto presensi"
        verbose_name_plural = "swafoto presensi"

    def __str__(self) -> str:
        return f"Swafoto {self.check_in_id} ({self.get_state_display()})"
