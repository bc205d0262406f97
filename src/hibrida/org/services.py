"""Writes to the organisation: one function per use case, one transaction, one audit event."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hibrida.audit.log import record_event, snapshot

from . import access, geofence
from .models import (
    ApiToken,
    AsnType,
    Employee,
    GrantedRole,
    OfficeLocation,
    Opd,
    Position,
    PositionKind,
    RoleGrant,
    Unit,
    UnitKind,
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
    "tmt",
]

TOKEN_FIELDS = ["name", "prefix", "user", "expires_at", "revoked", "revoked_at", "revoked_by"]

_M = TypeVar("_M", bound=models.Model)


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


# One independent check per form field; the branches count fields, not logic.
def clean_employee(data: dict[str, Any], instance: Employee | None = None) -> dict[str, str]:  # noqa: C901
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
    tmt: dt.date | None = data.get("tmt")
    birth = data["_nip_info"].birth_date if data.get("_nip_info") else None
    if tmt is not None and tmt > timezone.localdate():
        errors["tmt"] = "TMT pengangkatan tidak boleh di masa depan."
    elif tmt is not None and birth is not None and tmt < birth:
        errors["tmt"] = "TMT pengangkatan tidak boleh sebelum tanggal lahir (dari NIP)."
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
    if "tmt" in data:  # callers that do not know the field keep what is recorded
        employee.tmt = data["tmt"]


def create_employee(*, actor: User, data: dict[str, Any]) -> Employee:
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


def update_employee(*, actor: User, employee: Employee, data: dict[str, Any]) -> Employee:
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


def set_supervisor(*, actor: User, employee: Employee, supervisor: Employee | None) -> Employee:
    """Set or clear the atasan of ``employee``; a loop in the tree is refused."""
    data = {f: getattr(employee, f) for f in EMPLOYEE_FIELDS}
    data["supervisor"] = supervisor
    return update_employee(actor=actor, employee=employee, data=data)


def _save_with_event(
    actor: User,
    instance: _M,
    action: str,
    fields: list[str] | None,
    before: dict[str, Any] | None = None,
) -> _M:
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


def create_opd(*, actor: User, **fields: Any) -> Opd:
    access.require(access.scope_for(actor).city_writer, "Hanya BKPSDM yang dapat menambah OPD.")
    return _save_with_event(actor, Opd(**fields), "opd.created", None)


def update_opd(*, actor: User, opd: Opd, **fields: Any) -> Opd:
    """Change an OPD; its class and class reason are the city's (BKPSDM) decision."""
    access.require_writer(actor)
    access.require(access.can_manage_opd(actor, opd))
    if {"opd_class", "class_confirmed", "code"} & fields.keys():
        access.require(access.scope_for(actor).city_writer, "Kelas OPD ditetapkan oleh BKPSDM.")
    before = snapshot(opd)
    for key, value in fields.items():
        setattr(opd, key, value)
    return _save_with_event(actor, opd, "opd.updated", None, before)


def _text(
    errors: dict[str, str],
    field: str,
    value: str,
    model: type[models.Model],
    *,
    required: bool = True,
) -> str:
    """``value`` stripped; a field error when missing or longer than the model column."""
    value = (value or "").strip()
    column = model._meta.get_field(field)
    # Only text columns come here, and each has a max_length.
    assert isinstance(column, models.Field) and column.max_length is not None, field
    limit = column.max_length
    if required and not value:
        errors[field] = _("Kolom ini wajib diisi.")
    elif len(value) > limit:
        errors[field] = _("Paling banyak %(limit)d karakter (sekarang %(length)d).") % {
            "limit": limit,
            "length": len(value),
        }
    return value


def _choice(errors: dict[str, str], field: str, value: str, choices: type[models.Choices]) -> str:
    if value not in choices.values:
        errors[field] = _("Pilihan tidak dikenal.")
    return value


def _require_manager(actor: User, opd_id: int) -> None:
    access.require_writer(actor)
    access.require(access.can_manage_opd(actor, opd_id), _("Anda tidak mengelola OPD ini."))


def _opd_error(errors: dict[str, str], actor: User, opd: Opd) -> None:
    # A create names its OPD in the form: out of scope is a field error, not a silent write.
    access.require_writer(actor)
    if not access.can_manage_opd(actor, opd):
        errors["opd"] = _("Anda tidak berwenang mengelola data induk OPD ini.")


def unit_cycle(unit_id: int | None, parent_id: int | None) -> bool:
    """True when ``parent_id`` is ``unit_id`` or lies below it (the tree would loop)."""
    if unit_id is None or parent_id is None:
        return False
    seen: set[int] = set()
    current: int | None = parent_id
    while current is not None and current not in seen:
        if current == unit_id:
            return True
        seen.add(current)
        current = Unit.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return current is not None  # an existing loop above is also refused


def _clean_unit(
    errors: dict[str, str],
    *,
    opd_id: int,
    unit_id: int | None,
    name: str,
    code: str,
    kind: str,
    parent: Unit | None,
) -> tuple[str, str]:
    name = _text(errors, "name", name, Unit)
    code = _text(errors, "code", code, Unit)
    _choice(errors, "kind", kind, UnitKind)
    taken = Unit.objects.filter(opd_id=opd_id, code=code)
    if unit_id is not None:  # an edit: the unit's own code is no clash
        taken = taken.exclude(pk=unit_id)
    if code and taken.exists():
        errors["code"] = _("Kode %(code)s sudah dipakai unit lain di OPD ini.") % {"code": code}
    if parent is not None:
        if parent.opd_id != opd_id:
            errors["parent"] = _("Unit induk harus berada di OPD yang sama.")
        elif unit_cycle(unit_id, parent.pk):
            errors["parent"] = _(
                "Unit induk tidak boleh unit ini sendiri atau unit di bawahnya (lingkaran)."
            )
    return name, code


@transaction.atomic
def create_unit(
    *, actor: User, opd: Opd, name: str, code: str, kind: str, parent: Unit | None = None
) -> Unit:
    """A new unit in an OPD the actor manages; its parent must be a unit of the same OPD."""
    errors: dict[str, str] = {}
    _opd_error(errors, actor, opd)
    name, code = _clean_unit(
        errors, opd_id=opd.pk, unit_id=None, name=name, code=code, kind=kind, parent=parent
    )
    if errors:
        raise ValidationError(errors)
    unit = Unit.objects.create(opd=opd, name=name, code=code, kind=kind, parent=parent)
    record_event(actor=actor, action="unit.created", obj=unit, after=snapshot(unit))
    return unit


@transaction.atomic
def update_unit(
    *, actor: User, unit: Unit, name: str, code: str, kind: str, parent: Unit | None
) -> Unit:
    """Rename or re-parent a unit; its OPD stays (staff, rosters and rules hang on it)."""
    _require_manager(actor, unit.opd_id)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    errors: dict[str, str] = {}
    name, code = _clean_unit(
        errors, opd_id=unit.opd_id, unit_id=unit.pk, name=name, code=code, kind=kind, parent=parent
    )
    if errors:
        raise ValidationError(errors)
    before = snapshot(unit)
    unit.name, unit.code, unit.kind, unit.parent = name, code, kind, parent
    return _save_if_changed(actor, unit, "unit.updated", before)


def _save_if_changed(actor: User, instance: _M, action: str, before: dict[str, Any]) -> _M:
    after = snapshot(instance)
    if after != before:
        instance.save()
        record_event(actor=actor, action=action, obj=instance, before=before, after=after)
    return instance


def _clean_position(
    errors: dict[str, str],
    *,
    opd_id: int,
    position_id: int | None,
    name: str,
    kind: str,
    requires_presence: bool,
    reason: str,
) -> tuple[str, str]:
    name = _text(errors, "name", name, Position)
    _choice(errors, "kind", kind, PositionKind)
    reason = _text(errors, "presence_reason", reason, Position, required=requires_presence)
    if requires_presence and "presence_reason" in errors and not reason:
        errors["presence_reason"] = _(
            "Sebutkan alasan jabatan ini wajib hadir (mis. loket pelayanan)."
        )
    taken = Position.objects.filter(opd_id=opd_id, name__iexact=name)
    if position_id is not None:  # an edit: the position's own name is no clash
        taken = taken.exclude(pk=position_id)
    if name and taken.exists():
        errors["name"] = _("Jabatan %(name)s sudah ada di OPD ini.") % {"name": name}
    return name, reason


@transaction.atomic
def create_position(
    *,
    actor: User,
    opd: Opd,
    name: str,
    kind: str,
    requires_presence: bool = False,
    presence_reason: str = "",
    field_work: bool = False,
) -> Position:
    """A new jabatan; one that must be present at the office says why (the WFH bar)."""
    errors: dict[str, str] = {}
    _opd_error(errors, actor, opd)
    name, reason = _clean_position(
        errors,
        opd_id=opd.pk,
        position_id=None,
        name=name,
        kind=kind,
        requires_presence=requires_presence,
        reason=presence_reason,
    )
    if errors:
        raise ValidationError(errors)
    position = Position.objects.create(
        opd=opd,
        name=name,
        kind=kind,
        requires_presence=requires_presence,
        presence_reason=reason,
        field_work=field_work,
    )
    record_event(actor=actor, action="position.created", obj=position, after=snapshot(position))
    return position


@transaction.atomic
def update_position(
    *,
    actor: User,
    position: Position,
    name: str,
    kind: str,
    requires_presence: bool,
    presence_reason: str,
    field_work: bool,
) -> Position:
    """Change a jabatan; its OPD stays (the staff holding it belong to that OPD)."""
    _require_manager(actor, position.opd_id)
    position = Position.objects.select_for_update().get(pk=position.pk)
    errors: dict[str, str] = {}
    name, reason = _clean_position(
        errors,
        opd_id=position.opd_id,
        position_id=position.pk,
        name=name,
        kind=kind,
        requires_presence=requires_presence,
        reason=presence_reason,
    )
    if errors:
        raise ValidationError(errors)
    before = snapshot(position)
    position.name, position.kind, position.field_work = name, kind, field_work
    position.requires_presence, position.presence_reason = requires_presence, reason
    return _save_if_changed(actor, position, "position.updated", before)


POLYGON_MESSAGES = {
    geofence.NOT_A_LIST: gettext_lazy(
        "Poligon harus berupa daftar titik [lintang, bujur], mis. "
        "[[-6.235, 106.992], [-6.236, 106.993], [-6.237, 106.991]]."
    ),
    geofence.OUTSIDE: gettext_lazy("Setiap titik poligon harus berada di wilayah Indonesia."),
    geofence.TOO_FEW: gettext_lazy(
        "Poligon memerlukan sedikitnya 3 titik berbeda. Kosongkan kolom poligon untuk memakai "
        "lingkaran radius."
    ),
    geofence.TOO_MANY: gettext_lazy("Poligon terlalu banyak titik."),
    geofence.NO_AREA: gettext_lazy(
        "Titik-titik poligon segaris atau terlalu rapat; poligon harus melingkupi area kantor."
    ),
    geofence.CROSSING: gettext_lazy("Sisi-sisi poligon tidak boleh saling berpotongan."),
}


def _clean_office(errors: dict[str, str], *, opd_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    """Field errors of an office and its fence; ``polygon`` None means the circle is the fence."""
    clean: dict[str, Any] = {
        "name": _text(errors, "name", fields["name"], OfficeLocation),
        "address": _text(errors, "address", fields["address"], OfficeLocation, required=False),
        "unit": fields["unit"],
        "latitude": fields["latitude"],
        "longitude": fields["longitude"],
        "radius_m": fields["radius_m"],
        "polygon": [],
    }
    if clean["unit"] is not None and clean["unit"].opd_id != opd_id:
        errors["unit"] = _("Unit harus unit di OPD yang sama.")
    bounds = {"min": geofence.LAT_MIN, "max": geofence.LAT_MAX}
    if not geofence.latitude_ok(clean["latitude"]):
        errors["latitude"] = (
            _("Lintang harus di wilayah Indonesia (%(min)s s.d. %(max)s).") % bounds
        )
    bounds = {"min": geofence.LON_MIN, "max": geofence.LON_MAX}
    if not geofence.longitude_ok(clean["longitude"]):
        errors["longitude"] = _("Bujur harus di wilayah Indonesia (%(min)s s.d. %(max)s).") % bounds
    if not geofence.radius_ok(clean["radius_m"]):
        errors["radius_m"] = _("Radius harus antara %(min)d dan %(max)d meter.") % {
            "min": geofence.RADIUS_MIN_M,
            "max": geofence.RADIUS_MAX_M,
        }
    if fields["polygon"] is not None:
        points, problem = geofence.polygon_points(fields["polygon"])
        if problem:
            errors["polygon"] = str(POLYGON_MESSAGES[problem])
        clean["polygon"] = [list(p) for p in points]
    return clean


@transaction.atomic
def create_office_location(
    *,
    actor: User,
    opd: Opd,
    name: str,
    latitude: float,
    longitude: float,
    radius_m: int = 100,
    polygon: list | None = None,
    unit: Unit | None = None,
    address: str = "",
) -> OfficeLocation:
    """A new office and its geofence (a circle, or the polygon when one is given)."""
    errors: dict[str, str] = {}
    _opd_error(errors, actor, opd)
    fields = dict(
        name=name,
        address=address,
        unit=unit,
        latitude=latitude,
        longitude=longitude,
        radius_m=radius_m,
        polygon=polygon,
    )
    clean = _clean_office(errors, opd_id=opd.pk, fields=fields)
    if errors:
        raise ValidationError(errors)
    office = OfficeLocation.objects.create(opd=opd, **clean)
    record_event(actor=actor, action="office_location.created", obj=office, after=snapshot(office))
    return office


@transaction.atomic
def update_office_location(
    *,
    actor: User,
    office: OfficeLocation,
    name: str,
    latitude: float,
    longitude: float,
    radius_m: int,
    polygon: list | None,
    unit: Unit | None,
    address: str,
    is_active: bool,
) -> OfficeLocation:
    """Move or reshape an office's geofence, or close the office (``is_active``)."""
    _require_manager(actor, office.opd_id)
    office = OfficeLocation.objects.select_for_update().get(pk=office.pk)
    errors: dict[str, str] = {}
    fields = dict(
        name=name,
        address=address,
        unit=unit,
        latitude=latitude,
        longitude=longitude,
        radius_m=radius_m,
        polygon=polygon,
    )
    clean = _clean_office(errors, opd_id=office.opd_id, fields=fields)
    if errors:
        raise ValidationError(errors)
    before = snapshot(office)
    for key, value in clean.items():
        setattr(office, key, value)
    office.is_active = is_active
    return _save_if_changed(actor, office, "office_location.updated", before)


@transaction.atomic
def grant_role(*, actor: User | None, user: User, role: str, opd: Opd | None = None) -> RoleGrant:
    """Give a system role; only BKPSDM may, and only the city's set-up (no actor) bootstraps it."""
    access.require(
        actor is None or access.scope_for(actor).city_writer,
        _("Hanya BKPSDM yang dapat memberi peran."),
    )
    errors: dict[str, str] = {}
    _choice(errors, "role", role, GrantedRole)
    if role == GrantedRole.OPD_ADMIN and opd is None:
        errors["opd"] = _("Admin OPD memerlukan OPD yang dikelolanya.")
    elif role != GrantedRole.OPD_ADMIN and opd is not None:
        errors["opd"] = _("Peran ini berlaku untuk seluruh kota; kosongkan OPD.")
    if not user.is_active:
        errors["user"] = _("Akun ini nonaktif; aktifkan dulu sebelum memberi peran.")
    if not errors and RoleGrant.objects.filter(user=user, role=role, opd=opd).exists():
        errors["role"] = _("Pengguna ini sudah memiliki peran tersebut.")
    if errors:
        raise ValidationError(errors)
    grant = RoleGrant.objects.create(user=user, role=role, opd=opd)
    record_event(actor=actor, action="role.granted", obj=grant, after=snapshot(grant))
    return grant


@transaction.atomic
def revoke_role(*, actor: User, grant: RoleGrant) -> None:
    """Take a system role back (BKPSDM); nobody revokes their own BKPSDM role (lock-out)."""
    access.require(
        access.scope_for(actor).city_writer, _("Hanya BKPSDM yang dapat mencabut peran.")
    )
    locked = RoleGrant.objects.select_for_update().filter(pk=grant.pk).first()
    if locked is None:
        raise ValidationError({NON_FIELD_ERRORS: _("Peran ini sudah dicabut.")})
    if locked.user_id == actor.pk and locked.role == GrantedRole.BKPSDM:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "Peran BKPSDM Anda sendiri hanya dapat dicabut oleh petugas BKPSDM lain."
                )
            }
        )
    before, pk = snapshot(locked), locked.pk
    locked.delete()
    record_event(
        actor=actor, action="role.revoked", object_type="org.rolegrant", object_id=pk, before=before
    )


ACCOUNT_REASON_MAX = 300


@transaction.atomic
def set_account_active(*, actor: User, user: User, active: bool, reason: str) -> User:
    """Deactivate or reactivate a login, with the reason kept in the audit event.

    An inactive account can no longer log in and its open sessions end at their next request
    (Django refuses inactive users); the employee record and its history stay.
    """
    access.require_writer(actor)
    access.require(
        access.manageable_accounts(actor).filter(pk=user.pk).exists(),
        _("Anda tidak berwenang mengubah akun ini."),
    )
    user = User.objects.select_for_update().get(pk=user.pk)
    errors: dict[str, str] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Alasan wajib diisi.")
    elif len(reason) > ACCOUNT_REASON_MAX:
        errors["reason"] = _("Paling banyak %(limit)d karakter (sekarang %(length)d).") % {
            "limit": ACCOUNT_REASON_MAX,
            "length": len(reason),
        }
    if user.is_active == active:
        errors[NON_FIELD_ERRORS] = (
            _("Akun ini sudah aktif.") if active else _("Akun ini sudah nonaktif.")
        )
    if errors:
        raise ValidationError(errors)
    user.is_active = active
    user.save(update_fields=["is_active"])
    record_event(
        actor=actor,
        action="user.reactivated" if active else "user.deactivated",
        obj=user,
        before={"is_active": not active},
        after={"is_active": active, "reason": reason},
    )
    if not active:
        # Reactivating later must not bring old tokens back; manageable_accounts above already
        # decided that the actor may end this login's access.
        revoke_user_tokens_unchecked(actor=actor, user=user, reason="Akun dinonaktifkan.")
    return user


def create_user_for_employee(*, actor: User, employee: Employee, password: str) -> User:
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


def change_password(*, actor: User, user: User, new_password: str) -> None:
    """Set a new password; every live API token of the account dies with the old one."""
    access.require(actor is not None and actor.pk == user.pk)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record_event(actor=actor, action="user.password_changed", obj=user)
        revoke_user_tokens(actor=actor, user=user, reason="Kata sandi diubah.")


def issue_api_token(*, actor: User, user: User, name: str) -> tuple[ApiToken, str]:
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
def revoke_api_token(*, actor: User, token: ApiToken, reason: str) -> ApiToken:
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


def revoke_user_tokens(*, actor: User, user: User, reason: str) -> int:
    """Revoke every live token of ``user`` (owner, or an OPD admin/BKPSDM who manages them);
    returns how many. For password changes and deactivations."""
    access.require(
        access.can_revoke_tokens_of(actor, user),
        _("Hanya pemilik token, admin OPD-nya, atau BKPSDM yang dapat mencabut token."),
    )
    return revoke_user_tokens_unchecked(actor=actor, user=user, reason=reason)


@transaction.atomic
def revoke_user_tokens_unchecked(*, actor: User, user: User, reason: str) -> int:
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
