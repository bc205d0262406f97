"""Reads of the organisation, always scoped to the viewer through org/access.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from . import access
from .models import ApiToken, Employee, OfficeLocation, Opd, Position, RoleGrant, Unit, User


def employee_list(
    viewer: User, *, opd_id: int | None = None, unit_id: int | None = None, query: str = ""
) -> QuerySet[Employee]:
    qs = access.visible_employees(viewer).select_related("opd", "unit", "position")
    if opd_id:
        qs = qs.filter(opd_id=opd_id)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    query = (query or "").strip()
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(nip__startswith=query))
    return qs.order_by("name")


def opd_overview(viewer: User) -> QuerySet[Opd]:
    """Visible OPDs with their active staff counts."""
    return access.visible_opds(viewer).annotate(
        staff=Count("employees", filter=Q(employees__is_active=True)),
        unit_count=Count("units", distinct=True),
    )


def get_opd(viewer: User, pk: int) -> Opd:
    opd = access.visible_opds(viewer).filter(pk=pk).first()
    if opd is None:
        raise Http404("OPD tidak ditemukan.")
    return opd


@dataclass
class UnitNode:
    unit: Unit
    staff: int
    children: list[UnitNode] = field(default_factory=list)


def unit_tree(viewer: User, opd: Opd) -> list[UnitNode]:
    """The units of ``opd`` as a tree with staff counts; the OPD must be visible."""
    get_opd(viewer, opd.pk)
    units = list(
        Unit.objects.filter(opd=opd)
        .annotate(staff=Count("employees", filter=Q(employees__is_active=True)))
        .order_by("code")
    )
    nodes = {u.pk: UnitNode(u, u.staff) for u in units}
    roots: list[UnitNode] = []
    for u in units:
        parent = nodes.get(u.parent_id) if u.parent_id else None
        (parent.children if parent else roots).append(nodes[u.pk])
    return roots


def get_unit(viewer: User, pk: int) -> Unit:
    unit = Unit.objects.select_related("opd", "parent").filter(pk=pk).first()
    if unit is None or not access.visible_opds(viewer).filter(pk=unit.opd_id).exists():
        raise Http404("Unit tidak ditemukan.")
    return unit


def api_tokens_of(viewer: User, *, owner: User) -> QuerySet[ApiToken]:
    """``owner``'s tokens, newest first, revoked and expired ones included (their history)."""
    return access.visible_api_tokens(viewer).filter(user=owner).order_by("-created_at", "-pk")


def employee_profile(viewer: User, pk: int) -> dict:
    employee = access.get_visible_employee(viewer, pk)
    login = User.objects.filter(employee=employee).first()
    can_revoke = login is not None and access.can_revoke_tokens_of(viewer, login)
    subordinates = access.visible_employees(viewer).filter(supervisor=employee).order_by("name")
    chain: list[Employee] = []
    current = employee.supervisor
    while current is not None and len(chain) < 12:
        chain.append(current)
        current = current.supervisor
    return {
        "employee": employee,
        "subordinates": subordinates,
        "supervisor_chain": chain,
        "can_manage": access.can_manage_employee(viewer, employee),
        # The owner has their own page (Akun → Token API); this list is for whoever manages them.
        "api_tokens": api_tokens_of(viewer, owner=login)
        if login is not None and can_revoke and login.pk != viewer.pk
        else None,
    }


# --- master data (the app pages that replaced the Django admin for roles) ---------------


def get_managed_opd(viewer: User, pk: int) -> Opd:
    """An OPD whose master data ``viewer`` manages; any other answers 404."""
    opd = access.manageable_opds(viewer).filter(pk=pk).first()
    if opd is None:
        raise Http404("OPD tidak ditemukan.")
    return opd


# The master-data models an OPD admin manages (each has an ``opd`` foreign key).
M = TypeVar("M", Unit, Position, OfficeLocation)


def _managed(viewer: User, model: type[M], pk: int) -> M:
    found = (
        model.objects.select_related("opd")
        .filter(pk=pk, opd__in=access.manageable_opds(viewer))
        .first()
    )
    if found is None:
        raise Http404(f"{model._meta.verbose_name} tidak ditemukan.")
    return found


def get_managed_unit(viewer: User, pk: int) -> Unit:
    return _managed(viewer, Unit, pk)


def get_managed_position(viewer: User, pk: int) -> Position:
    return _managed(viewer, Position, pk)


def get_managed_office(viewer: User, pk: int) -> OfficeLocation:
    return _managed(viewer, OfficeLocation, pk)


def opd_positions(viewer: User, opd: Opd) -> QuerySet[Position]:
    """The positions of an OPD ``viewer`` manages, with how many active staff hold each."""
    return (
        Position.objects.filter(opd=get_managed_opd(viewer, opd.pk))
        .annotate(staff=Count("employees", filter=Q(employees__is_active=True)))
        .order_by("name")
    )


def opd_offices(viewer: User, opd: Opd) -> QuerySet[OfficeLocation]:
    return (
        OfficeLocation.objects.filter(opd=get_managed_opd(viewer, opd.pk))
        .select_related("unit")
        .order_by("name")
    )


def account_list(viewer: User, *, query: str = "") -> QuerySet[User]:
    """Logins ``viewer`` may deactivate or reactivate, optionally filtered by name or NIP."""
    qs = access.manageable_accounts(viewer).select_related("employee__opd")
    query = (query or "").strip()
    if query:
        qs = qs.filter(
            Q(username__startswith=query)
            | Q(first_name__icontains=query)
            | Q(employee__name__icontains=query)
        )
    return qs.order_by("username")


def get_managed_account(viewer: User, pk: int) -> User:
    found = access.manageable_accounts(viewer).select_related("employee").filter(pk=pk).first()
    if found is None:
        raise Http404("Akun tidak ditemukan.")
    return found


def role_grant_list(viewer: User) -> QuerySet[RoleGrant]:
    """Every granted role in the city: BKPSDM's to see and change, nobody else's."""
    qs = RoleGrant.objects.select_related("user__employee", "opd").order_by(
        "role", "user__username"
    )
    return qs if access.scope_for(viewer).city_writer else qs.none()


def get_role_grant(viewer: User, pk: int) -> RoleGrant:
    found = role_grant_list(viewer).filter(pk=pk).first()
    if found is None:
        raise Http404("Peran tidak ditemukan.")
    return found
