"""The append-only, hash-chained audit log of every write."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=80, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def payload(self) -> dict:
        """What the hash covers; must match :func:`hibrida.audit.log.record_event`."""
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "before": self.before,
            "after": self.after,
        }


class ChainHead(models.Model):
    """Singleton row locked while appending, so concurrent writers serialise on PostgreSQL."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"


class DailyAnchor(models.Model):
    """The chain head at the end of each day, listed for auditors."""

    day = models.DateField(unique=True)
    last_seq = models.PositiveBigIntegerField()
    head_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    # RFC 3161 token (DER) over the anchor line, when HIBRIDA_TSA_URL is set; see audit/anchors.py.
    tsa_token = models.BinaryField(null=True, blank=True)
    tsa_time = models.DateTimeField(null=True, blank=True)
    # When the line went to the Inspektorat (HIBRIDA_ANCHOR_EMAILS); empty: not sent (yet).
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day} #{self.last_seq}"


# --- Inspektorat audits (plans, risk-weighted samples, findings, follow-up) ---------------


class AuditPlanStatus(models.TextChoices):
    DRAFT = "draft", "Rencana"
    SAMPLED = "sampled", "Sampel diambil"
    REPORTED = "reported", "Dilaporkan"


class AuditPlan(models.Model):
    """An Inspektorat audit: a period, the OPDs in scope and the sample size.

    ``seed`` is stored when the sample is drawn, so anyone can redraw the same sample from the
    same records (reproducibility is the auditor's defence against "why me?").
    """

    title = models.CharField("judul", max_length=200)
    objective = models.TextField("tujuan", blank=True)
    period_start = models.DateField("periode mulai")
    period_end = models.DateField("periode selesai")
    opds = models.ManyToManyField("org.Opd", verbose_name="OPD dalam lingkup", related_name="+")
    sample_size = models.PositiveIntegerField("ukuran sampel")
    seed = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=AuditPlanStatus.choices, default=AuditPlanStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sampled_at = models.DateTimeField(null=True, blank=True)
    candidate_count = models.PositiveIntegerField(default=0)
    # SHA-256 of the scored candidate list at draw time: a redraw proves it used the same input.
    candidate_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class SampleItem(models.Model):
    """One (employee, day) drawn into an audit, with the risk score it had when drawn."""

    plan = models.ForeignKey(AuditPlan, on_delete=models.CASCADE, related_name="items")
    employee = models.ForeignKey("org.Employee", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    rank = models.PositiveIntegerField()
    risk_score = models.FloatField()
    risk_components = models.JSONField(default=list)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "employee", "day"], name="sample_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} #{self.rank}"


class Severity(models.TextChoices):
    LOW = "low", "Rendah"
    MEDIUM = "medium", "Sedang"
    HIGH = "high", "Tinggi"


class FindingStatus(models.TextChoices):
    OPEN = "open", "Terbuka"
    IN_PROGRESS = "in_progress", "Ditindaklanjuti"
    CLOSED = "closed", "Selesai"


class Finding(models.Model):
    """An audit finding addressed to one OPD; the OPD admin follows it up and closes it."""

    plan = models.ForeignKey(AuditPlan, on_delete=models.PROTECT, related_name="findings")
    item = models.ForeignKey(
        SampleItem, on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    opd = models.ForeignKey("org.Opd", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("judul", max_length=200)
    condition = models.TextField("kondisi")
    severity = models.CharField("tingkat", max_length=8, choices=Severity.choices)
    recommendation = models.TextField("rekomendasi")
    due_date = models.DateField("batas tindak lanjut", null=True, blank=True)
    status = models.CharField(max_length=12, choices=FindingStatus.choices, default="open")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["opd", "status"])]

    def __str__(self) -> str:
        return self.title


class FollowUp(models.Model):
    """One step of a finding's follow-up trail (OPD response, auditor note, closure)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="follow_ups")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField()
    note = models.TextField("catatan")
    status_after = models.CharField(max_length=12, choices=FindingStatus.choices)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.finding_id} · {self.at:%Y-%m-%d}"


class JokiFinding(models.Model):
    """A proxy-attendance ("joki") finding of the batch rules, for the Inspektorat.

    Derived from the check-ins by hibrida.audit.joki (docs/joki.md); never edited. ``key``
    makes a re-run over the same period add nothing; ``suspect_days`` lists the [employee id,
    ISO date] of the doubtful check-ins, which the audit risk score counts.
    """

    rule = models.CharField("aturan", max_length=24, db_index=True)
    key = models.CharField(max_length=64, unique=True)
    subject = models.CharField("perangkat/tempat", max_length=200)
    employees = models.ManyToManyField("org.Employee", related_name="+")
    check_in_ids = models.JSONField(default=list)
    suspect_ids = models.JSONField(default=list)
    suspect_days = models.JSONField(default=list)
    first_at = models.DateTimeField("presensi pertama", db_index=True)
    last_at = models.DateTimeField("presensi terakhir")
    explanation = models.TextField("penjelasan")
    facts = models.JSONField(default=dict)
    period_start = models.DateField("periode mulai")
    period_end = models.DateField("periode selesai")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-first_at", "-id"]
        verbose_name = "temuan joki"
        verbose_name_plural = "temuan joki"

    def __str__(self) -> str:
        return f"{self.rule} {self.subject} {self.first_at:%Y-%m-%d}"
