"""Pages of work-hour policies and Ramadan dates (BKPSDM, admin OPD; Inspektorat reads)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hibrida.org import access
from hibrida.org.access import Role
from hibrida.org.models import Position, Unit

from . import hour_policies, hours
from .models import HourKind, RamadanPeriod, WorkHourPolicy


def _errors(err: ValidationError) -> dict[str, str]:
    return {k: " ".join(v) for k, v in err.message_dict.items()}


@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT)
def work_hours(request, errors: dict | None = None, form: dict | None = None):
    """Every policy the viewer may see, the Ramadan dates, and the form to add one."""
    scope = access.scope_for(request.user)
    opds = access.manageable_opds(request.user)
    defaults = {f"h{d}_start": "07:30" for d in range(5)}
    defaults.update({f"h{d}_end": "16:00" for d in range(4)})
    defaults.update({f"h{d}_break": "60" for d in range(4)})
    defaults.update({"h4_end": "16:30", "h4_break": "90"})
    context = {
        "policies": hours.visible_policies(request.user),
        "ramadan": RamadanPeriod.objects.all(),
        "opds": opds,
        "units": Unit.objects.filter(opd__in=opds).select_related("opd").order_by("name"),
        "positions": Position.objects.filter(opd__in=opds).select_related("opd").order_by("name"),
        "kinds": HourKind.choices,
        "weekdays": list(enumerate(hours.WEEKDAYS)),
        "can_edit": not scope.read_only and scope.has(Role.OPD_ADMIN, Role.BKPSDM),
        "can_edit_ramadan": scope.city_writer,
        "errors": errors or {},
        "form": {**defaults, **(form or {})},
    }
    return render(request, "presence/work_hours.html", context, status=422 if errors else 200)


@require_POST
@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM)
def work_hours_add(request):
    try:
        hour_policies.create_hour_policy(actor=request.user, data=request.POST)
    except ValidationError as err:
        return work_hours(request, errors=_errors(err), form=request.POST.dict())
    messages.success(request, "Kebijakan jam kerja disimpan.")
    return redirect("presence:work_hours")


@require_POST
@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM)
def work_hours_delete(request, pk: int):
    try:
        hour_policies.delete_hour_policy(actor=request.user, pk=pk)
    except WorkHourPolicy.DoesNotExist:
        raise Http404("Kebijakan jam kerja tidak ditemukan.") from None
    messages.success(request, "Kebijakan jam kerja dihapus.")
    return redirect("presence:work_hours")


@require_POST
@access.roles_required(Role.BKPSDM)
def ramadan_add(request):
    try:
        hour_policies.add_ramadan_period(actor=request.user, data=request.POST)
    except ValidationError as err:
        return work_hours(request, errors=_errors(err), form=request.POST.dict())
    messages.success(request, "Tanggal jam kerja Ramadan disimpan.")
    return redirect("presence:work_hours")


@require_POST
@access.roles_required(Role.BKPSDM)
def ramadan_delete(request, pk: int):
    try:
        hour_policies.delete_ramadan_period(actor=request.user, pk=pk)
    except RamadanPeriod.DoesNotExist:
        raise Http404("Periode Ramadan tidak ditemukan.") from None
    messages.success(request, "Periode Ramadan dihapus.")
    return redirect("presence:work_hours")
