"""Pages of the national rules (PermenPANRB 4/2025): legal parameters, the Pasal 23 job
checklist per position, Pasal 25 discipline records, Pasal 30 special-circumstance requests."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hibrida import bounds
from hibrida.org import access
from hibrida.org.access import AuthedRequest, Role
from hibrida.org.models import Employee

from . import selectors, services
from .models import DisciplineKind
from .rules import JOB_CRITERIA
from .views import _errors


def _date(post: QueryDict, name: str, errors: dict[str, str]) -> dt.date | None:
    raw = post.get(name, "").strip()
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        errors[name] = "Tanggal harus berformat YYYY-MM-DD."
        return None
    if not bounds.in_range(day):
        errors[name] = bounds.DATE_RANGE_MESSAGE
        return None
    return day


@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT)
def job_criteria_list(request: AuthedRequest) -> HttpResponse:
    """Positions with their Pasal 23 checklist (the OPD admin's OPD; the city for BKPSDM)."""
    opd_id = bounds.id_param(request, "opd", label="OPD")
    rows = selectors.job_criteria_rows(request.user, opd_id)
    scope = access.scope_for(request.user)
    return render(
        request,
        "policy/job_criteria_list.html",
        {
            "rows": rows,
            "criteria": JOB_CRITERIA,
            "can_edit": scope.has(Role.OPD_ADMIN, Role.BKPSDM) and not scope.read_only,
        },
    )


@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM)
def job_criteria_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Tick or untick the five Pasal 23 criteria of one position."""
    position = selectors.get_manageable_position(request.user, pk)
    if request.method == "POST":
        flags = {name: request.POST.get(name) == "on" for name, _text in JOB_CRITERIA}
        try:
            services.set_job_criteria(actor=request.user, position=position, flags=flags)
        except ValidationError as err:
            messages.error(request, _errors(err))
        else:
            messages.success(request, f"Kriteria jabatan {position.name} disimpan.")
            return redirect("policy:job_criteria")
    current = selectors.job_criteria_of(position)
    return render(
        request,
        "policy/job_criteria_edit.html",
        {
            "position": position,
            "flags": [(name, text, current[name]) for name, text in JOB_CRITERIA],
        },
    )


@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT)
def discipline_list(request: AuthedRequest) -> HttpResponse:
    """Discipline records (Pasal 25) and, for BKPSDM and the OPD admin, the form to add one."""
    scope = access.scope_for(request.user)
    return render(
        request,
        "policy/discipline.html",
        {
            "records": selectors.discipline_records(request.user)[:500],
            "kinds": DisciplineKind.choices,
            "can_edit": scope.has(Role.OPD_ADMIN, Role.BKPSDM) and not scope.read_only,
        },
    )


@require_POST
@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM)
def discipline_add(request: AuthedRequest) -> HttpResponse:
    errors: dict[str, str] = {}
    start = _date(request.POST, "start", errors)
    end = _date(request.POST, "end", errors)
    nip = request.POST.get("nip", "").strip()
    employee = access.manageable_employees(request.user).filter(nip=nip).first()
    if employee is None:
        errors["nip"] = "Pegawai dengan NIP ini tidak ditemukan di OPD yang Anda kelola."
    if errors:
        messages.error(request, " ".join(errors.values()))
        return redirect("policy:discipline")
    assert employee is not None  # no error means the employee was found
    try:
        services.record_discipline(
            actor=request.user,
            employee=employee,
            kind=request.POST.get("kind", ""),
            start=start,
            end=end,
            reference=request.POST.get("reference", ""),
        )
    except ValidationError as err:
        messages.error(request, _errors(err))
    else:
        messages.success(request, f"Status disiplin {employee.name} dicatat.")
    return redirect("policy:discipline")


@require_POST
@login_required
def special_apply(request: AuthedRequest) -> HttpResponse:
    """The ASN applies for flexible work in special circumstances (Pasal 30)."""
    employee_id = access.scope_for(request.user).employee_id
    if not employee_id:
        raise Http404("Akun ini tidak terhubung dengan data pegawai.")
    errors: dict[str, str] = {}
    end = _date(request.POST, "end", errors)
    if errors:
        messages.error(request, " ".join(errors.values()))
        return redirect("policy:mine")
    try:
        services.apply_special_circumstance(
            actor=request.user,
            employee=Employee.objects.get(pk=employee_id),
            reason=request.POST.get("reason", ""),
            end=end,
        )
    except ValidationError as err:
        messages.error(request, _errors(err))
    else:
        messages.success(request, "Permohonan keadaan khusus dikirim ke atasan.")
    return redirect("policy:mine")


@access.page_check(
    lambda user: bool(access.scope_for(user).subordinate_ids),
    "Halaman ini untuk atasan yang memutuskan permohonan keadaan khusus.",
)
def special_inbox(request: AuthedRequest) -> HttpResponse:
    """The atasan's pending Pasal 30 applications."""
    return render(
        request, "policy/special_inbox.html", {"rows": selectors.special_inbox(request.user)}
    )


def _decide_special(request: AuthedRequest, pk: int, approve: bool) -> HttpResponse:
    row = selectors.get_special(request.user, pk)
    note = request.POST.get("note", "")
    try:
        if approve:
            services.approve_special_circumstance(actor=request.user, row=row, note=note)
        else:
            services.reject_special_circumstance(actor=request.user, row=row, note=note)
    except ValidationError as err:
        messages.error(request, _errors(err))
    else:
        verb = "disetujui" if approve else "ditolak"
        messages.success(request, f"Permohonan {row.employee.name} {verb}.")
    return redirect("policy:special_inbox")


@require_POST
@login_required
def special_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decide_special(request, pk, approve=True)


@require_POST
@login_required
def special_reject(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decide_special(request, pk, approve=False)


@require_POST
@access.roles_required(Role.BKPSDM)
def parameter_add(request: AuthedRequest) -> HttpResponse:
    """BKPSDM records a legal parameter from the day it applies."""
    errors: dict[str, str] = {}
    valid_from = _date(request.POST, "valid_from", errors)
    raw = request.POST.get("value", "").strip()
    value = int(raw) if raw.isdigit() and len(raw) <= 4 else None
    if errors:
        messages.error(request, " ".join(errors.values()))
        return redirect("policy:index")
    try:
        services.add_legal_parameter(
            actor=request.user,
            key=request.POST.get("key", ""),
            value=value,
            legal_source=request.POST.get("legal_source", ""),
            valid_from=valid_from,
        )
    except ValidationError as err:
        messages.error(request, _errors(err))
    else:
        messages.success(request, "Parameter hukum dicatat.")
    return redirect("policy:index")
