"""Monthly evaluation pages (Pasal 35): overview per OPD, one unit or OPD, its PDF and XLSX,
and the two acknowledgements."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hibrida import bounds
from hibrida.activity.exports import to_pdf
from hibrida.org import access
from hibrida.org.access import AuthedRequest, Role
from hibrida.org.models import Opd
from hibrida.org.tabular import to_xlsx

from . import selectors, services
from .models import MonthlyEvaluation

HEADERS = ["Aspek", "Ukuran", "Nilai"]


def _errors(err: ValidationError) -> str:
    if hasattr(err, "message_dict"):
        return " ".join(" ".join(m) for m in err.message_dict.values())
    return " ".join(err.messages)


def _opds(request: AuthedRequest):
    scope = access.scope_for(request.user)
    if scope.city_reader:
        return access.visible_opds(request.user)
    if scope.admin_opd_ids:
        return access.manageable_opds(request.user)
    employee = access.scope_for(request.user).employee_id
    return Opd.objects.filter(employees__pk=employee or 0)


@access.roles_required(Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT)
def index(request: AuthedRequest) -> HttpResponse:
    """The OPD and its units with the month's acknowledgement status."""
    month = bounds.month_param(request, "bulan", selectors.last_month())
    opds = _opds(request)
    opd_id = bounds.id_param(request, "opd", label="OPD")
    opd = (opds.filter(pk=opd_id).first() if opd_id else None) or opds.first()
    rows = selectors.overview(request.user, opd, month) if opd is not None else []
    return render(
        request,
        "evaluation/index.html",
        {"month": month, "opds": opds, "opd": opd, "rows": rows},
    )


def _group(request: AuthedRequest, opd_id: int):
    unit_id = bounds.id_param(request, "unit", label="Unit")
    opd, unit = selectors.group_for(request.user, opd_id, unit_id)
    month = bounds.month_param(request, "bulan", selectors.last_month())
    return opd, unit, month


@login_required
def detail(request: AuthedRequest, opd_id: int) -> HttpResponse:
    """One unit (``?unit=``) or the whole OPD for a month (``?bulan=YYYY-MM``)."""
    opd, unit, month = _group(request, opd_id)
    context = selectors.evaluation_page(request.user, opd, unit, month)
    return render(request, "evaluation/detail.html", context)


def _title(opd, unit, month: dt.date) -> str:
    group = f"{unit.name} ({opd.short_name})" if unit else opd.name
    return f"Evaluasi bulanan {month:%m-%Y}: {group}"


def _notes(context: dict) -> list[str]:
    notes = [f"Status: {context['status_label']}"]
    row = context["row"]
    if row is not None and row.unit_acknowledged_at:
        when = timezone.localtime(row.unit_acknowledged_at)
        notes.append(f"Diakui kepala unit {when:%d-%m-%Y %H.%M} WIB; angka dibekukan saat itu.")
    else:
        notes.append("Angka dibaca saat berkas dibuat (belum diakui).")
    notes.append("Dasar: PermenPANRB 4/2025 Pasal 35 (monitoring berjenjang).")
    return notes


@login_required
def export_pdf(request: AuthedRequest, opd_id: int) -> HttpResponse:
    opd, unit, month = _group(request, opd_id)
    context = selectors.evaluation_page(request.user, opd, unit, month)
    body = to_pdf(_title(opd, unit, month), HEADERS, context["rows"], _notes(context))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="evaluasi-{month:%Y-%m}.pdf"'
    return response


@login_required
def export_xlsx(request: AuthedRequest, opd_id: int) -> HttpResponse:
    opd, unit, month = _group(request, opd_id)
    context = selectors.evaluation_page(request.user, opd, unit, month)
    body = to_xlsx(
        _title(opd, unit, month),
        HEADERS,
        [list(r) for r in context["rows"]],
        _notes(context),
        sheet_title="Evaluasi",
    )
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="evaluasi-{month:%Y-%m}.xlsx"'
    return response


def _back(opd_id: int, unit_id: int | None, month: dt.date) -> str:
    query = f"?bulan={month:%Y-%m}" + (f"&unit={unit_id}" if unit_id else "")
    return reverse("evaluation:detail", args=[opd_id]) + query


@require_POST
@login_required
def acknowledge_unit(request: AuthedRequest, opd_id: int) -> HttpResponse:
    raw_unit = request.POST.get("unit", "").strip()
    unit_id = int(raw_unit) if raw_unit.isascii() and raw_unit.isdigit() else None
    opd, unit = selectors.group_for(request.user, opd_id, unit_id)
    month = bounds.parse_month_text(request.POST.get("bulan", "").strip())
    if month is None:
        messages.error(request, "Bulan harus berformat YYYY-MM.")
        return redirect(_back(opd.pk, unit_id, selectors.last_month()))
    try:
        services.acknowledge_unit(
            actor=request.user, opd=opd, unit=unit, month=month, note=request.POST.get("note", "")
        )
    except ValidationError as err:
        messages.error(request, _errors(err))
    else:
        messages.success(request, "Evaluasi diakui kepala unit; menunggu PPK.")
    return redirect(_back(opd.pk, unit_id, month))


@require_POST
@access.roles_required(Role.BKPSDM)
def acknowledge_ppk(request: AuthedRequest, pk: int) -> HttpResponse:
    row = MonthlyEvaluation.objects.filter(pk=pk).first()
    if row is None:
        raise Http404("Evaluasi tidak ditemukan.")
    try:
        services.acknowledge_ppk(actor=request.user, row=row, note=request.POST.get("note", ""))
    except ValidationError as err:
        messages.error(request, _errors(err))
    else:
        messages.success(request, "Evaluasi diakui PPK; kini final.")
    return redirect(_back(row.opd_id, row.unit_id, row.month))
