"""Kota Bekasi's organisation: OPDs, units, positions, employees (ASN), offices and roles."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OpdClass(models.TextChoices):
    PELAYANAN_LANGSUNG = "pelayanan_langsung", _("Pelayanan langsung (frontliner)")
    ADMINISTRATIF_TEKNIS = "administratif_teknis", _("Administratif / teknis")
    PENGAWASAN_LAPANGAN = "pengawasan_lapangan", _("Pengawasan / lapangan")


class OpdKind(models.TextChoices):
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    SATUAN = "satuan", _("Satuan")
    KECAMATAN = "kecamatan", _("Kecamatan")
    RSUD = "rsud", _("Rumah sakit daerah")


class Opd(models.Model):
    """Organisasi Perangkat Daerah: one city agency."""

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40)
    kind = models.CharField(_("jenis"), max_length=20, choices=OpdKind.choices)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    opd_class = models.CharField(_("kelas OPD"), max_length=30, choices=OpdClass.choices)
    class_reason = models.TextField(_("alasan kelas"), blank=True)
    # False marks a class Hibrida proposed that the city has not yet confirmed.
    class_confirmed = models.BooleanField(_("kelas sudah dikonfirmasi"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "OPD"
        verbose_name_plural = "OPD"

    def __str__(self) -> str:
        return self.short_name or self.name


class UnitKind(models.TextChoices):
    PIMPINAN = "pimpinan", _("Pimpinan")
    SEKRETARIAT = "sekretariat", _("Sekretariat / bagian")
    BIDANG = "bidang", _("Bidang")
    SEKSI = "seksi", _("Seksi / subbagian")
    UPTD = "uptd", _("UPTD")
    KELURAHAN = "kelurahan", _("Kelurahan")
    INSTALASI = "instalasi", _("Instalasi / layanan")


class Unit(models.Model):
    """A unit inside an OPD; units form a tree (bidang → seksi, kecamatan → kelurahan)."""

    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=UnitKind.choices)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["opd__name", "code"]
        constraints = [models.UniqueConstraint(fields=["opd", "code"], name="unit_code_per_opd")]
        verbose_name = "unit kerja"
        verbose_name_plural = "unit kerja"

    def __str__(self) -> str:
        return self.name


class PositionKind(models.TextChoices):
    STRUKTURAL = "struktural", _("Struktural")
    FUNGSIONAL = "fungsional", _("Fungsional")
    PELAKSANA = "pelaksana", _("Pelaksana")


class Position(models.Model):
    """A jabatan inside an OPD. ``requires_presence`` is the per-position WFH bar."""

    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="positions")
    name = models.CharField(_("nama jabatan"), max_length=200)
    kind = models.CharField(_("jenis jabatan"), max_length=20, choices=PositionKind.choices)
    requires_presence = models.BooleanField(_("wajib hadir di kantor"), default=False)
    presence_reason = models.CharField(_("alasan wajib hadir"), max_length=200, blank=True)
    field_work = models.BooleanField(_("tugas lapangan"), default=False)

    class Meta:
        ordering = ["opd__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "name"], name="position_name_per_opd")
        ]
        verbose_name = "jabatan"
        verbose_name_plural = "jabatan"

    def __str__(self) -> str:
        return self.name


class AsnType(models.TextChoices):
    PNS = "PNS", "PNS"
    PPPK = "PPPK", "PPPK"


class Gender(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


class Employee(models.Model):
    """An ASN. ``opd`` repeats ``unit.opd`` so that access scoping is a single indexed filter."""

    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    asn_type = models.CharField(_("jenis ASN"), max_length=4, choices=AsnType.choices)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="employees")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="employees")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="employees")
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("atasan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subordinates",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    # Terhitung mulai tanggal of the appointment (SK CPNS / PPPK), when recorded; otherwise
    # the new-employee rule (PermenPANRB 4/2025 Pasal 25) derives it from the NIP.
    tmt = models.DateField(_("TMT pengangkatan"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["opd", "unit"])]
        verbose_name = "pegawai"
        verbose_name_plural = "pegawai"

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"


class OfficeLocation(models.Model):
    """An office of an OPD or unit with its geofence: a circle, or a polygon when given."""

    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="offices")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="offices"
    )
    name = models.CharField(_("nama kantor"), max_length=200)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    latitude = models.FloatField(_("lintang"))
    longitude = models.FloatField(_("bujur"))
    radius_m = models.PositiveIntegerField(_("radius (meter)"), default=100)
    # [[lat, lon], ...] in order; empty means the circle is the fence.
    polygon = models.JSONField(_("poligon"), default=list, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["opd__name", "name"]
        verbose_name = "lokasi kantor"
        verbose_name_plural = "lokasi kantor"

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A login. ASN log in with their NIP; system roles come from :class:`RoleGrant`."""

    employee = models.OneToOneField(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="user"
    )


class GrantedRole(models.TextChoices):
    OPD_ADMIN = "opd_admin", _("Admin OPD")
    BKPSDM = "bkpsdm", _("Admin BKPSDM")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    DISKOMINFO = "diskominfo", _("Operator Diskominfostandi")


class RoleGrant(models.Model):
    """A system role given to a user; ASN and atasan are derived, never granted."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=20, choices=GrantedRole.choices)
    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "opd"], name="unique_role_grant"),
            models.CheckConstraint(
                condition=~models.Q(role="opd_admin") | models.Q(opd__isnull=False),
                name="opd_admin_needs_opd",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


def api_token_expiry() -> dt.datetime:
    """When a token issued now stops working (``HIBRIDA_API_TOKEN_DAYS``)."""
    return timezone.now() + dt.timedelta(days=settings.HIBRIDA_API_TOKEN_DAYS)


class TokenState(models.TextChoices):
    ACTIVE = "active", _("aktif")
    EXPIRED = "expired", _("kedaluwarsa")
    REVOKED = "revoked", _("dicabut")


class ApiTokenQuerySet(models.QuerySet):
    def live(self, now: dt.datetime | None = None) -> ApiTokenQuerySet:
        """Tokens that still authenticate: not revoked, not expired."""
        return self.filter(revoked=False, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    """A bearer token for the API. Only the SHA-256 of the secret is stored.

    A token dies at ``expires_at`` or when revoked; it is never revived (a new one is issued).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    # A default, not only the issuing service, so bulk-created tokens (benchmarks) expire too.
    expires_at = models.DateTimeField(default=api_token_expiry)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)
    # Empty on tokens revoked before these were recorded.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked=True) | models.Q(revoked_at__isnull=True),
                name="apitoken_revoked_at_needs_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def state(self, now: dt.datetime | None = None) -> TokenState:
        if self.revoked:
            return TokenState.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return TokenState.EXPIRED
        return TokenState.ACTIVE

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
