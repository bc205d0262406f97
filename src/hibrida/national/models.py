"""SIASN sync runs and their diff, the links of SIASN units to local ones, the last values
accepted from SIASN per ASN, the write-back queue to BKN and imported Simpegnas days."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hibrida.audit.decisions import Decision
from hibrida.org.models import Employee, Opd, Unit


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("menunggu persetujuan")
    APPLIED = "applied", _("diterapkan")
    DISCARDED = "discarded", _("dibuang")
    FAILED = "failed", _("gagal")


class SyncRun(Decision):
    """One pull from SIASN and the diff it produced; BKPSDM applies or discards it."""

    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    started_at = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(
        "org.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    trigger = models.CharField(max_length=12)  # nightly | manual
    error = models.TextField(blank=True)
    # SIASN's answer as fetched, so applying uses exactly what was reviewed.
    unors = models.JSONField(default=list)
    people = models.JSONField(default=dict)  # nip -> comparable fields + pns_id, or null
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Sinkronisasi SIASN #{self.pk}"


class ItemKind(models.TextChoices):
    UNIT_NEW = "unit_new", _("unit baru")
    UNIT_CHANGED = "unit_changed", _("unit berubah")
    OPD_UNKNOWN = "opd_unknown", _("OPD belum dipetakan")
    NEW = "new", _("pegawai baru")
    MOVED = "moved", _("pindah unit")
    CHANGED = "changed", _("data berubah")
    LEFT = "left", _("keluar dari instansi")
    KEPT = "kept", _("koreksi lokal dipertahankan")


class SyncItem(models.Model):
    """One line of the diff: a unit or an ASN, with per-field local / SIASN / baseline values."""

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=12, choices=ItemKind.choices)
    key = models.CharField(max_length=64)  # NIP or unor id
    label = models.CharField(max_length=300)
    detail = models.JSONField(default=dict)
    # [{"field", "local", "siasn", "baseline", "conflict"}]
    changes = models.JSONField(default=list)
    choices = models.JSONField(default=dict)  # field -> "siasn" | "lokal" (conflicts)
    applied = models.BooleanField(default=False)

    class Meta:
        ordering = ["run", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"

    @property
    def has_conflict(self) -> bool:
        return any(c.get("conflict") for c in self.changes)


class UnorLink(models.Model):
    """Which local OPD (an OPD-level unor) or unit a SIASN unor is."""

    unor_id = models.CharField(max_length=64, unique=True)
    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, null=True, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True)

    def __str__(self) -> str:
        return self.unor_id


class SiasnRecord(models.Model):
    """The values SIASN had for an ASN at the last applied sync (the baseline of the diff):
    a local value different from these was corrected in Hibrida."""

    nip = models.CharField(max_length=18, unique=True)
    pns_id = models.CharField(max_length=64, blank=True)
    golongan = models.CharField(max_length=40, blank=True)
    values = models.JSONField(default=dict)
    synced_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.nip


class SendStatus(models.TextChoices):
    PENDING = "pending", _("menunggu")
    SENT = "sent", _("terkirim")
    FAILED = "failed", _("gagal")


class BknSubmission(models.Model):
    """One performance result to send to BKN; sent once (``key`` and the check before send)."""

    operation = models.CharField(max_length=20)  # kinerjaperiodik | skp22
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7)  # YYYY-MM or YYYY
    key = models.CharField(max_length=40, unique=True)
    payload = models.JSONField()
    status = models.CharField(
        max_length=8, choices=SendStatus.choices, default=SendStatus.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    bkn_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.operation} {self.period} {self.employee_id}"


class SimpegnasDay(models.Model):
    """A day of attendance imported from Simpegnas (one per ASN and date)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    mode = models.CharField(max_length=3)
    time_in = models.TimeField(null=True, blank=True)
    time_out = models.TimeField(null=True, blank=True)
    tm = models.CharField(max_length=3, blank=True)
    pc = models.CharField(max_length=3, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "day"], name="simpegnas_day_once")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.day}"
