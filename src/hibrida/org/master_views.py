"""Master-data pages (units, positions, offices, role grants, accounts) for OPD admins and BKPSDM.

They replace the Django admin for every role, which is now a superuser-only break-glass tool:
each page parses a form, and the service checks access through access.py, validates and audits.
"""

from __future__ import annotations

import json
from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import access, selectors, services
from .access import Role
from .forms import AccountActiveForm, OfficeLocationForm, PositionForm, RoleGrantForm, UnitForm
from .models import Opd, Unit
from .twofactor import confirmed_device, needs_totp_for_admin

MANAGERS = (Role.OPD_ADMIN, Role.BKPSDM)


def master_data_page(*roles: str):
    """Only ``roles``, never read-only Inspektorat, and the second factor the city demands of
    admin roles (it guarded the Django admin these pages replace)."""

    def decorator(view):
        @access.roles_required(*roles)
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if needs_totp_for_admin(request):
                target = "totp_verify" if confirmed_device(request.user) else "totp_setup"
                return redirect(f"{reverse(target)}?next={quote(request.get_full_path())}")
            access.require_writer(request.user)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _form_errors(form, err: ValidationError) -> None:
    for field, msgs in err.message_dict.items():
        form.add_error(field if field in form.fields else None, msgs)


def _chosen_opd(request, opds: QuerySet[Opd]) -> Opd | None:
    """The OPD a create form is for: the posted or linked one if managed, else the only one."""
    raw = request.POST.get("opd") or request.GET.get("opd") or ""
    if raw.isdigit():
        return opds.filter(pk=int(raw)).first()
    return opds.first() if opds.count() == 1 else None


def _units_of(opd: Opd | None) -> QuerySet[Unit]:
    return Unit.objects.filter(opd=opd).order_by("code") if opd else Unit.objects.none()


@master_data_page(*MANAGERS)
def index(request):
    opds = access.manageable_opds(request.user).order_by("name")
    return render(
        request,
        "org/master_data.html",
        {"opds": opds, "city_writer": access.scope_for(request.user).city_writer},
    )


# --- units -------------------------------------------------------------------------------


def _unit_fields(data: dict) -> dict:
    return {k: data[k] for k in ("name", "code", "kind", "parent")}


@master_data_page(*MANAGERS)
def unit_create(request):
    opds = access.manageable_opds(request.user)
    opd = _chosen_opd(request, opds)
    form = UnitForm(request.POST or None, opds=opds, units=_units_of(opd), initial={"opd": opd})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.create_unit(actor=request.user, opd=data["opd"], **_unit_fields(data))
        except ValidationError as err:
            _form_errors(form, err)
        else:
            messages.success(request, _("Unit %(name)s ditambahkan.") % {"name": unit.name})
            return redirect("org:opd", pk=unit.opd_id)
    return render(request, "org/unit_form.html", {"form": form, "opd": opd, "unit": None})


@master_data_page(*MANAGERS)
def unit_edit(request, pk: int):
    unit = selectors.get_managed_unit(request.user, pk)
    initial = _unit_fields(vars(unit) | {"parent": unit.parent})
    units = _units_of(unit.opd).exclude(pk=unit.pk)
    form = UnitForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_unit(actor=request.user, unit=unit, **_unit_fields(data))
        except ValidationError as err:
            _form_errors(form, err)
        else:
            messages.success(request, _("Unit disimpan."))
            return redirect("org:opd", pk=unit.opd_id)
    return render(request, "org/unit_form.html", {"form": form, "opd": unit.opd, "unit": unit})


# --- positions ---------------------------------------------------------------------------


def _position_fields(data: dict) -> dict:
    keys = ("name", "kind", "requires_presence", "presence_reason", "field_work")
    return {k: data[k] for k in keys}


@master_data_page(*MANAGERS)
def position_create(request):
    opds = access.manageable_opds(request.user)
    opd = _chosen_opd(request, opds)
    form = PositionForm(request.POST or None, opds=opds, initial={"opd": opd})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            position = services.create_position(
                actor=request.user, opd=data["opd"], **_position_fields(data)
            )
        except ValidationError as err:
            _form_errors(form, err)
        else:
            messages.success(request, _("Jabatan %(name)s ditambahkan.") % {"name": position.name})
            return redirect("org:opd", pk=position.opd_id)
    return render(request, "org/position_form.html", {"form": form, "opd": opd, "position": None})


@master_data_page(*MANAGERS)
def position_edit(request, pk: int):
    position = selectors.get_managed_position(request.user, pk)
    initial = _position_fields(vars(position))
    form = PositionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_position(
                actor=request.user, position=position, **_position_fields(form.cleaned_data)
            )
        except ValidationError as err:
            _form_errors(form, err)
        else:
            messages.success(request, _("Jabatan disimpan."))
            return redirect("org:opd", pk=position.opd_id)
    return render(
        request,
        "org/position_form.html",
        {"form": form, "opd": position.opd, "position": position},
    )


# --- office locations (geofences) --------------------------------------------------------


def _office_fields(data: dict) -> dict:
    keys = ("name", "address", "unit", "latitude", "longitude", "radius_m", "polygon")
    return {k: data[k] for k in keys}


@master_data_page(*MANAGERS)
def office_create(request):
    opds = access.manageable_opds(request.user)
    opd = _chosen_opd(request, opds)
    form = OfficeLocationForm(
        request.POST or None, opds=opds, units=_units_of(opd), initial={"opd": opd}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            office = services.create_office_location(
                actor=request.user, opd=data["opd"], **_office_fields(data)
            )
        except ValidationError as err:
            _form_errors(form, err)
        else:
            messages.success(request, _("Lokasi kantor %(name)s ditambahkan.") % {"name": office})
            return redirect("org:opd", pk=office.opd_id)
    return render(request, "org/office_form.html", {"form": form, "opd": opd, "office": None})


@master_data_page(*MANAGERS)
def office_edit(request, pk: int):
    office = selectors.get_managed_office(request.user, pk)
    initial = {
        **_office_fields(vars(office) | {"unit": office.unit}),
        "polygon": json.dumps(office.polygon) if office.polygon else "",
        "is_active": office.is_active,
    }
    form = OfficeLocationForm(
        request.POST or None, units=_units_of(office.opd), editing=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_office_location(
                actor=request.user,
                office=office,
                is_active=data["is_active"],
                **_office_fields(data),
            )
        except ValidationError as err:
            _form_errors(form, err)
        else:
            messages.success(request, _("Lokasi kantor disimpan."))
            return redirect("org:opd", pk=office.opd_id)
    return render(
        request, "org/office_form.html", {"form": form, "opd": office.opd, "office": office}
    )


# --- role grants (BKPSDM) ----------------------------------------------------------------


@master_data_page(Role.BKPSDM)
def role_grants(request):
    form = RoleGrantForm(request.POST or None, opds=access.manageable_opds(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.grant_role(
                actor=request.user, user=data["user"], role=data["role"], opd=data["opd"]
            )
        except ValidationError as err:
            _form_errors(form, err)
        else:
            messages.success(request, _("Peran diberikan."))
            return redirect("org:role_grants")
    grants = Paginator(selectors.role_grant_list(request.user), 100).get_page(
        request.GET.get("hal")
    )
    return render(request, "org/role_grants.html", {"form": form, "page": grants})


@master_data_page(Role.BKPSDM)
def role_revoke(request, pk: int):
    grant = selectors.get_role_grant(request.user, pk)
    error = None
    if request.method == "POST":
        try:
            services.revoke_role(actor=request.user, grant=grant)
        except ValidationError as err:
            error = " ".join(err.messages)
        else:
            messages.success(request, _("Peran dicabut."))
            return redirect("org:role_grants")
    return render(request, "org/role_revoke.html", {"grant": grant, "error": error})


# --- accounts ----------------------------------------------------------------------------


@master_data_page(*MANAGERS)
def accounts(request):
    query = request.GET.get("q", "")
    people = selectors.account_list(request.user, query=query)
    page = Paginator(people, 50).get_page(request.GET.get("hal"))
    return render(request, "org/accounts.html", {"page": page, "q": query})


def _set_active(request, pk: int, active: bool):
    account = selectors.get_managed_account(request.user, pk)
    form = AccountActiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_account_active(
                actor=request.user, user=account, active=active, reason=form.cleaned_data["reason"]
            )
        except ValidationError as err:
            _form_errors(form, err)
        else:
            done = _("Akun diaktifkan kembali.") if active else _("Akun dinonaktifkan.")
            messages.success(request, done)
            return redirect("org:accounts")
    return render(
        request, "org/account_active.html", {"form": form, "account": account, "active": active}
    )


@master_data_page(*MANAGERS)
def account_deactivate(request, pk: int):
    return _set_active(request, pk, active=False)


@master_data_page(*MANAGERS)
def account_reactivate(request, pk: int):
    return _set_active(request, pk, active=True)
