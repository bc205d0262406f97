"""Reads of the organisation, always scoped to the viewer through org/access.py."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from . import access
from .models import ApiToken, Employee, Opd, Unit, User


def employee_list(
    viewer, *, opd_id: int | None = None, unit_id: int | None = None, query: str = ""
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


def opd_overview(viewer) -> QuerySet[Opd]:
    """Visible OPDs with their active staff counts."""
    return access.visible_opds(viewer).annotate(
        staff=Count("employees", filter=Q(employees__is_active=True)),
        unit_count=Count("units", distinct=True),
    )


def get_opd(viewer, pk: int) -> Opd:
    opd = access.visible_opds(viewer).filter(pk=pk).first()
    if opd is None:
        raise Http404("OPD tidak ditemukan.")
    return opd


@dataclass
class UnitNode:
    unit: Unit
    staff: int
    children: list[UnitNode] = field(default_factory=list)


def unit_tree(viewer, opd: Opd) -> list[UnitNode]:
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


def get_unit(viewer, pk: int) -> Unit:
    unit = Unit.objects.select_related("opd", "parent").filter(pk=pk).first()
    if unit is None or not access.visible_opds(viewer).filter(pk=unit.opd_id).exists():
        raise Http404("Unit tidak ditemukan.")
    return unit


def api_tokens_of(viewer, *, owner: User) -> QuerySet[ApiToken]:
    """``owner``'s tokens, newest first, revoked and expired ones included (their history)."""
    return access.visible_api_tokens(viewer).filter(user=owner).order_by("-created_at", "-pk")


def employee_profile(viewer, pk: int) -> dict:
    employee = access.get_visible_employee(viewer, pk)
    login = User.objects.filter(employee=employee).first()
    can_revoke = login is not None and access.can_revoke_tokens_of(viewer, login)
    subordinates = access.visible_employees(viewer).filter(supervisor=employee).order_by("name")
    chain = []
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
        if can_revoke and login.pk != viewer.pk
        else None,
    }
