"""Writes to the organisation: one function per use case, one transaction, one audit event."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hibrida.audit.log import record_event, snapshot

from . import access
from .models import (
    ApiToken,
    AsnType,
    Employee,
    OfficeLocation,
    Opd,
    Position,
    RoleGrant,
    Unit,
    User,
    api_token_expiry,
)
from .nip import NipError, parse_asn_number

EMPLOYEE_FIELDS = [
    "nip",
    "name",
    "asn_type",
    "opd",
    "unit",
    "position",
    "supervisor",
    "email",
    "phone",
    "is_active",
]

TOKEN_FIELDS = ["name", "prefix", "user", "expires_at", "revoked", "revoked_at", "revoked_by"]


def supervisor_cycle(employee_id: int | None, supervisor_id: int | None) -> bool:
    """True when making ``supervisor_id`` the atasan of ``employee_id`` would close a loop."""
    if employee_id is None or supervisor_id is None:
        return False
    seen: set[int] = set()
    current: int | None = supervisor_id
    while current is not None and current not in seen:
        if current == employee_id:
            return True
        seen.add(current)
        current = (
            Employee.objects.filter(pk=current).values_list("supervisor_id", flat=True).first()
        )
    return current is not None  # an existing loop above is also refused


def clean_employee(data: dict[str, Any], instance: Employee | None = None) -> dict[str, str]:
    """Field-level errors (Indonesian) for employee data; empty when valid. Writes nothing."""
    errors: dict[str, str] = {}
    asn_type = data.get("asn_type") or AsnType.PNS
    if asn_type not in AsnType.values:
        errors["asn_type"] = "Jenis ASN harus PNS atau PPPK."
    else:
        try:
            info = parse_asn_number(str(data.get("nip") or ""), asn_type)
            data["_nip_info"] = info
        except NipError as err:
            errors["nip"] = err.message
    if "nip" not in errors:
        dup = Employee.objects.filter(nip=str(data["nip"]).strip())
        if instance is not None:
            dup = dup.exclude(pk=instance.pk)
        if dup.exists():
            errors["nip"] = f"NIP {data['nip']} sudah terdaftar."
    if not (data.get("name") or "").strip():
        errors["name"] = "Nama wajib diisi."
    unit: Unit | None = data.get("unit")
    opd: Opd | None = data.get("opd") or (unit.opd if unit else None)
    position: Position | None = data.get("position")
    if unit is None:
        errors["unit"] = "Unit kerja wajib diisi."
    elif opd is not None and unit.opd_id != opd.pk:
        errors["unit"] = f"Unit {unit.name} bukan bagian dari {opd}."
    if position is None:
        errors["position"] = "Jabatan wajib diisi."
    elif opd is not None and position.opd_id != opd.pk:
        errors["position"] = f"Jabatan {position.name} bukan jabatan di {opd}."
    supervisor: Employee | None = data.get("supervisor")
    if supervisor is not None:
        if instance is not None and supervisor.pk == instance.pk:
            errors["supervisor"] = "Pegawai tidak dapat menjadi atasan dirinya sendiri."
        elif instance is not None and supervisor_cycle(instance.pk, supervisor.pk):
            errors["supervisor"] = (
                f"{supervisor.name} adalah bawahan (langsung/tidak langsung) pegawai ini; "
                "atasan tidak boleh membentuk lingkaran."
            )
    return errors


def _apply_employee(employee: Employee, data: dict[str, Any]) -> None:
    info = data.get("_nip_info")
    employee.nip = info.number if info else str(data["nip"]).strip()
    employee.name = data["name"].strip()
    employee.asn_type = data.get("asn_type") or AsnType.PNS
    if info:
        employee.gender = info.gender
        employee.birth_date = info.birth_date
    employee.unit = data["unit"]
    employee.opd = data["unit"].opd
    employee.position = data["position"]
    employee.supervisor = data.get("supervisor")
    employee.email = (data.get("email") or "").strip()
    employee.phone = (data.get("phone") or "").strip()
    employee.is_active = data.get("is_active", True)


def create_employee(*, actor, data: dict[str, Any]) -> Employee:
    """Register a new ASN in an OPD the actor manages."""
    access.require_writer(actor)
    errors = clean_employee(data)
    unit = data.get("unit")
    if unit is not None and not access.can_manage_opd(actor, unit.opd_id):
        errors["unit"] = "Anda tidak berwenang menambah pegawai di OPD ini."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        employee = Employee()
        _apply_employee(employee, data)
        employee.save()
        record_event(
            actor=actor,
            action="employee.created",
            obj=employee,
            after=snapshot(employee, EMPLOYEE_FIELDS),
        )
    return employee


def update_employee(*, actor, employee: Employee, data: dict[str, Any]) -> Employee:
    """Change an ASN's master data; refuses atasan cycles and moves outside the actor's OPDs."""
    access.require_writer(actor)
    access.require(access.can_manage_employee(actor, employee))
    errors = clean_employee(data, instance=employee)
    unit = data.get("unit")
    if unit is not None and not access.can_manage_opd(actor, unit.opd_id):
        errors["unit"] = "Anda tidak berwenang memindahkan pegawai ke OPD ini."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        employee = Employee.objects.select_for_update().get(pk=employee.pk)
        before = snapshot(employee, EMPLOYEE_FIELDS)
        _apply_employee(employee, data)
        after = snapshot(employee, EMPLOYEE_FIELDS)
        if after == before:
            return employee
        employee.save()
        record_event(
            actor=actor, action="employee.updated", obj=employee, before=before, after=after
        )
        if before["is_active"] and not employee.is_active:
            # Reactivating the employee later must not bring old tokens back.
            for login in User.objects.filter(employee=employee):
                revoke_user_tokens(actor=actor, user=login, reason="Pegawai dinonaktifkan.")
    return employee


def set_supervisor(*, actor, employee: Employee, supervisor: Employee | None) -> Employee:
    """Set or clear the atasan of ``employee``; a loop in the tree is refused."""
    data = {f: getattr(employee, f) for f in EMPLOYEE_FIELDS}
    data["supervisor"] = supervisor
    return update_employee(actor=actor, employee=employee, data=data)


def _save_with_event(actor, instance, action: str, fields: list[str] | None, before=None):
    with transaction.atomic():
        instance.full_clean()
        instance.save()
        record_event(
            actor=actor,
            action=action,
            obj=instance,
            before=before,
            after=snapshot(instance, fields),
        )
    return instance


def create_opd(*, actor, **fields) -> Opd:
    access.require(access.scope_for(actor).city_writer, "Hanya BKPSDM yang dapat menambah OPD.")
    return _save_with_event(actor, Opd(**fields), "opd.created", None)


def update_opd(*, actor, opd: Opd, **fields) -> Opd:
    """Change an OPD; its class and class reason are the city's (BKPSDM) decision."""
    access.require_writer(actor)
    access.require(access.can_manage_opd(actor, opd))
    if {"opd_class", "class_confirmed", "code"} & fields.keys():
        access.require(access.scope_for(actor).city_writer, "Kelas OPD ditetapkan oleh BKPSDM.")
    before = snapshot(opd)
    for key, value in fields.items():
        setattr(opd, key, value)
    return _save_with_event(actor, opd, "opd.updated", None, before)


def create_unit(*, actor, opd: Opd, **fields) -> Unit:
    access.require_writer(actor)
    access.require(access.can_manage_opd(actor, opd))
    parent = fields.get("parent")
    if parent is not None and parent.opd_id != opd.pk:
        raise ValidationError({"parent": "Unit induk harus berada di OPD yang sama."})
    return _save_with_event(actor, Unit(opd=opd, **fields), "unit.created", None)


def create_position(*, actor, opd: Opd, **fields) -> Position:
    access.require_writer(actor)
    access.require(access.can_manage_opd(actor, opd))
    if fields.get("requires_presence") and not fields.get("presence_reason"):
        raise ValidationError(
            {"presence_reason": "Sebutkan alasan jabatan ini wajib hadir (mis. loket pelayanan)."}
        )
    return _save_with_event(actor, Position(opd=opd, **fields), "position.created", None)


def update_position(*, actor, position: Position, **fields) -> Position:
    access.require_writer(actor)
    access.require(access.can_manage_opd(actor, position.opd_id))
    before = snapshot(position)
    for key, value in fields.items():
        setattr(position, key, value)
    if position.requires_presence and not position.presence_reason:
        raise ValidationError(
            {"presence_reason": "Sebutkan alasan jabatan ini wajib hadir (mis. loket pelayanan)."}
        )
    return _save_with_event(actor, position, "position.updated", None, before)


def create_office_location(*, actor, opd: Opd, **fields) -> OfficeLocation:
    access.require_writer(actor)
    access.require(access.can_manage_opd(actor, opd))
    errors = {}
    lat, lon = fields.get("latitude"), fields.get("longitude")
    if lat is None or not -90 <= lat <= 90:
        errors["latitude"] = "Lintang harus antara -90 dan 90."
    if lon is None or not -180 <= lon <= 180:
        errors["longitude"] = "Bujur harus antara -180 dan 180."
    polygon = fields.get("polygon") or []
    if polygon and len(polygon) < 3:
        errors["polygon"] = "Poligon memerlukan sedikitnya 3 titik."
    if errors:
        raise ValidationError(errors)
    return _save_with_event(
        actor, OfficeLocation(opd=opd, **fields), "office_location.created", None
    )


def grant_role(*, actor, user: User, role: str, opd: Opd | None = None) -> RoleGrant:
    """Give a system role; only BKPSDM may, and only Diskominfo-run set-up may bootstrap it."""
    access.require(
        actor is None or access.scope_for(actor).city_writer,
        "Hanya BKPSDM yang dapat memberi peran.",
    )
    with transaction.atomic():
        grant, created = RoleGrant.objects.get_or_create(user=user, role=role, opd=opd)
        if created:
            record_event(actor=actor, action="role.granted", obj=grant, after=snapshot(grant))
    return grant


def create_user_for_employee(*, actor, employee: Employee, password: str) -> User:
    """A login for an ASN, with the NIP as username."""
    with transaction.atomic():
        user = User(username=employee.nip, employee=employee, email=employee.email)
        user.first_name = employee.name[:150]
        user.set_password(password)
        user.save()
        record_event(
            actor=actor,
            action="user.created",
            obj=user,
            after={"username": user.username, "employee": employee.pk},
        )
    return user


def change_password(*, actor, user: User, new_password: str) -> None:
    """Set a new password; every live API token of the account dies with the old one."""
    access.require(actor is not None and actor.pk == user.pk)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record_event(actor=actor, action="user.password_changed", obj=user)
        revoke_user_tokens(actor=actor, user=user, reason="Kata sandi diubah.")


def issue_api_token(*, actor, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the secret is returned once and only its hash is kept."""
    access.require(
        actor is not None and (actor.pk == user.pk or access.scope_for(actor).city_writer)
    )
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            key_hash=ApiToken.hash_key(key),
            prefix=key[:8],
            expires_at=api_token_expiry(),
        )
        record_event(
            actor=actor,
            action="api_token.issued",
            obj=token,
            after={"name": name, "user": user.pk, "expires_at": token.expires_at},
        )
    return token, key


REVOKE_REASON_MAX = 200


def _clean_reason(reason: str) -> str:
    # The reason is kept in the audit log as written: callers pass Indonesian, not gettext,
    # so the record does not depend on the actor's language.
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan pencabutan wajib diisi.")})
    if len(reason) > REVOKE_REASON_MAX:
        raise ValidationError(
            {"reason": _("Alasan paling banyak %(max)d karakter.") % {"max": REVOKE_REASON_MAX}}
        )
    return reason


def _token_entry(token: ApiToken) -> dict[str, Any]:
    return {"id": token.pk, "name": token.name, "prefix": token.prefix}


@transaction.atomic
def revoke_api_token(*, actor, token: ApiToken, reason: str) -> ApiToken:
    """Revoke one token: its owner, or an OPD admin/BKPSDM who manages the owner."""
    access.require(
        access.can_revoke_tokens_of(actor, token.user),
        _("Hanya pemilik token, admin OPD-nya, atau BKPSDM yang dapat mencabut token."),
    )
    reason = _clean_reason(reason)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked:
        raise ValidationError({"token": _("Token ini sudah dicabut.")})
    before = snapshot(token, TOKEN_FIELDS)
    token.revoked = True
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked", "revoked_at", "revoked_by"])
    record_event(
        actor=actor,
        action="api_token.revoked",
        obj=token,
        before=before,
        after={**snapshot(token, TOKEN_FIELDS), "reason": reason},
    )
    return token


def revoke_user_tokens(*, actor, user: User, reason: str) -> int:
    """Revoke every live token of ``user`` (owner, or an OPD admin/BKPSDM who manages them);
    returns how many. For password changes and deactivations."""
    access.require(
        access.can_revoke_tokens_of(actor, user),
        _("Hanya pemilik token, admin OPD-nya, atau BKPSDM yang dapat mencabut token."),
    )
    return revoke_user_tokens_unchecked(actor=actor, user=user, reason=reason)


@transaction.atomic
def revoke_user_tokens_unchecked(*, actor, user: User, reason: str) -> int:
    """:func:`revoke_user_tokens` for a caller whose own decision already authorised ``actor``
    (an atasan approving a phone reset may not otherwise revoke tokens). Call it inside that
    decision's transaction.

    ONE audit event on the user lists the tokens: it is one decision, it commits or not as a
    whole, and an auditor looks for it on the account whose access ended.
    """
    reason = _clean_reason(reason)
    now = timezone.now()
    tokens = list(ApiToken.objects.select_for_update().filter(user=user).live(now).order_by("pk"))
    if not tokens:
        return 0
    ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).update(
        revoked=True, revoked_at=now, revoked_by=actor if getattr(actor, "pk", None) else None
    )
    record_event(
        actor=actor,
        action="api_token.revoked_all",
        obj=user,
        after={"reason": reason, "tokens": [_token_entry(t) for t in tokens]},
    )
    return len(tokens)
