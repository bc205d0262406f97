"""Which OPDs and units a viewer may open on a dashboard (through hibrida.org.access).

An OPD or unit outside the viewer's reach is ``Http404``, the same answer as one that does
not exist; the views and the API map it to 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from hibrida.org import access
from hibrida.org.models import Opd, Unit, User

from .filters import Filters
from .summary import (
    Aggregate,
    Head,
    _aggregate,
    _fetch_one,
)


def can_see_people(viewer: User) -> bool:
    """Person rows: not for Diskominfostandi (aggregates only) nor the public."""
    scope = access.scope_for(viewer)
    return scope.city_reader or bool(scope.admin_opd_ids)


def dashboard_opds(viewer: User) -> QuerySet[Opd]:
    """OPDs whose aggregates ``viewer`` may see on a dashboard."""
    scope = access.scope_for(viewer)
    if access.can_view_city_aggregates(viewer):
        return Opd.objects.all()
    return Opd.objects.filter(id__in=scope.admin_opd_ids)


def _opd_lookup(viewer: User, opd_id: int | None) -> tuple[str, list, str] | None:
    """(where, params, order) of OPD ``opd_id`` among :func:`dashboard_opds` of ``viewer``;
    with ``opd_id`` None, the first active one by name (the OPD page's default, as
    ``opd_choices().first()``). None when the viewer has no OPD at all."""
    where, params = [], []
    if not access.can_view_city_aggregates(viewer):
        ids = sorted(access.scope_for(viewer).admin_opd_ids)
        if not ids:
            return None
        where.append(f"id IN ({', '.join(['%s'] * len(ids))})")
        params += ids
    if opd_id is None:
        where.append("is_active")
        order = " ORDER BY name, id"
    else:
        where.append("id = %s")
        params.append(opd_id)
        order = ""
    return " AND ".join(where), params, order


def _dashboard_opd(viewer: User, opd_id: int | None) -> Opd | None:
    """OPD ``opd_id`` as :func:`_opd_lookup` selects it, or None."""
    lookup = _opd_lookup(viewer, opd_id)
    return None if lookup is None else _fetch_one(Opd, *lookup)


def _opd_units(
    viewer: User, f: Filters, opd_id: int | None, counts: tuple[str, ...]
) -> tuple[Opd, Unit | None, Aggregate]:
    """The OPD of a page (as :func:`_dashboard_opd`, 404 when not visible), the unit of the
    filters (404 when not in that OPD) and the sums per unit, in one round trip when the OPD's
    id is known beforehand (picked, or an admin's only OPD): the lookups cost as much as the
    sums of 30 days."""
    known = opd_id
    if known is None and not access.can_view_city_aggregates(viewer):
        admin_of = access.scope_for(viewer).admin_opd_ids
        known = next(iter(admin_of)) if len(admin_of) == 1 else None
    lookup = _opd_lookup(viewer, opd_id)
    if lookup is None:
        raise Http404("OPD tidak ditemukan.")
    if known is None:
        opd = _fetch_one(Opd, *lookup)
        if opd is None:
            raise Http404("OPD tidak ditemukan.")
        unit = _visible_unit(opd, f.unit_id)
        return opd, unit, _aggregate(f, [opd.pk], "unit_id", names=True, counts=counts)
    where, params, order = lookup
    heads: list[Head] = [(Opd, where, params, order)]
    if f.unit_id:
        heads.append((Unit, "id = %s AND opd_id = %s", [f.unit_id, known], ""))
    agg = _aggregate(f, [known], "unit_id", names=True, counts=counts, heads=heads)
    opd, unit = (agg.heads + [None])[:2]
    if opd is None:
        raise Http404("OPD tidak ditemukan.")
    if f.unit_id and unit is None:
        raise Http404("Unit tidak ditemukan.")
    return opd, unit, agg


def _visible_opd(viewer: User, opd_id: int | None) -> Opd | None:
    if opd_id is None:
        return None
    opd = _dashboard_opd(viewer, opd_id)
    if opd is None:
        raise Http404("OPD tidak ditemukan.")
    return opd


def _visible_unit(opd: Opd | None, unit_id: int | None) -> Unit | None:
    if unit_id is None:
        return None
    unit = _fetch_one(Unit, "id = %s AND opd_id = %s", [unit_id, opd.pk]) if opd else None
    if unit is None:
        raise Http404("Unit tidak ditemukan.")
    return unit


def opd_choices(viewer: User) -> QuerySet[Opd]:
    return dashboard_opds(viewer).filter(is_active=True).order_by("name")


def unit_choices(viewer: User, opd: Opd | None) -> QuerySet[Unit]:
    if opd is None:
        return Unit.objects.none()
    return Unit.objects.filter(opd=opd, is_active=True).order_by("name")
