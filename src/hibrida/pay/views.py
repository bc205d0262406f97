"""TPP pages: tier tables, months, a month's lines, one line explained, review, final, XLSX,
the ASN's own recap and the PP 94/2021 early warnings. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hibrida import bounds
from hibrida.org import access
from hibrida.org.access import Role
from hibrida.org.tabular import to_xlsx

from . import discipline, selectors, services
from .models import MonthRecap, RecapLine

READERS = (Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT)
EXPORT_HEADERS = [
    "NIP",
    "Nama",
    "OPD",
    "Unit",
    "TL (%)",
    "PSW (%)",
    "Hari tanpa keterangan",
    "Tanpa keterangan (%)",
    "Laporan harian (%)",
    "Koreksi bulan lalu (%)",
    "Potongan (%)",
    "Status tinjauan",
]


def _errors(err: ValidationError) -> dict[str, str]:
    if hasattr(err, "message_dict"):
        return {k: " ".join(v) for k, v in err.message_dict.items()}
    return {"__all__": " ".join(err.messages)}


@access.roles_required(*READERS)
def index(request, errors: dict | None = None, form: dict | None = None):
    """Months computed, the form to compute one (BKPSDM), and the tier tables."""
    scope = access.scope_for(request.user)
    today = timezone.localdate()
    return render(
        request,
        "pay/index.html",
        {
            "recaps": selectors.recaps(),
            "tables": selectors.tier_tables(),
            "can_edit": scope.city_writer,
            "errors": errors or {},
            "form": form or {"month": f"{today:%Y-%m}"},
        },
        status=422 if errors else 200,
    )


@require_POST
@access.roles_required(Role.BKPSDM)
def table_add(request):
    try:
        services.create_tier_table(actor=request.user, data=request.POST)
    except ValidationError as err:
        return index(request, errors=_errors(err), form=request.POST.dict())
    messages.success(request, "Tabel potongan TPP disimpan.")
    return redirect("pay:index")


@require_POST
@access.roles_required(Role.BKPSDM)
def compute(request):
    month = bounds.parse_month_text(request.POST.get("month", ""))
    if month is None:
        return index(
            request, errors={"month": "Bulan harus berformat YYYY-MM."}, form=request.POST.dict()
        )
    try:
        recap = services.compute_month(actor=request.user, year=month.year, month=month.month)
    except ValidationError as err:
        return index(request, errors=_errors(err), form=request.POST.dict())
    messages.success(request, f"Rekap TPP {month:%m-%Y} dihitung.")
    return redirect("pay:month", pk=recap.pk)


@access.roles_required(*READERS)
def month(request, pk: int):
    recap = selectors.get_recap(pk)
    page = bounds.id_param(request, "halaman", label="Halaman") or 1
    context = selectors.recap_page(request.user, recap, page)
    context["can_finalise"] = access.scope_for(request.user).city_writer and recap.status == "draft"
    if context["can_finalise"]:
        context["undecided"] = selectors.pending_check_in_reviews(recap.year, recap.month)
    return render(request, "pay/month.html", context)


@login_required
def line(request, pk: int):
    """One ASN's month, every deduction with its day and record (404 outside the scope)."""
    found = selectors.get_line(request.user, pk)
    context = selectors.explain(found)
    context["can_review"] = (
        found.status == "pending"
        and found.recap.status == "draft"
        and (
            access.is_supervisor_of(request.user, found.employee_id)
            or (access.scope_for(request.user).city_writer and found.employee.supervisor_id is None)
        )
    )
    return render(request, "pay/line.html", context)


@require_POST
@access.roles_required(Role.ATASAN, Role.BKPSDM)
def review(request, pk: int):
    try:
        found = services.review_line(actor=request.user, pk=pk, note=request.POST.get("note", ""))
    except RecapLine.DoesNotExist:
        raise Http404("Baris rekap tidak ditemukan.") from None
    except ValidationError as err:
        messages.error(request, " ".join(_errors(err).values()))
        return redirect("pay:line", pk=pk)
    messages.success(request, "Rekap ditandai sudah ditinjau.")
    return redirect("pay:month", pk=found.recap_id)


@require_POST
@access.roles_required(Role.BKPSDM)
def finalise(request, pk: int):
    selectors.get_recap(pk)
    try:
        services.finalise_month(actor=request.user, pk=pk, note=request.POST.get("note", ""))
    except ValidationError as err:
        messages.error(request, " ".join(_errors(err).values()))
    else:
        messages.success(request, "Rekap bulan ini final.")
    return redirect("pay:month", pk=pk)


@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT)
def export(request, pk: int):
    """XLSX for the finance office (BPKAD): one row per ASN the viewer may see."""
    recap: MonthRecap = selectors.get_recap(pk)
    rows = selectors.export_rows(request.user, recap)
    body = to_xlsx(
        f"Rekap potongan TPP {recap.month:02d}-{recap.year}",
        EXPORT_HEADERS,
        rows,
        [
            f"Status: {recap.get_status_display()}; "
            f"dihitung sampai {recap.computed_until:%d-%m-%Y}.",
            "Persen dari TPP bulanan; cuti, dinas luar, koreksi yang disetujui dan hari libur "
            "tidak dipotong.",
        ],
        sheet_title="TPP",
    )
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"tpp-{recap.year}-{recap.month:02d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@access.page_check(access.has_employee, "Halaman ini untuk akun pegawai.")
def mine(request):
    return render(request, "pay/mine.html", {"lines": selectors.my_lines(request.user)})


@access.roles_required(Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT)
def notices(request):
    return render(
        request,
        "pay/notices.html",
        {
            "notices": selectors.notices(request.user),
            "thresholds": discipline.THRESHOLDS,
            "source": discipline.SOURCE,
        },
    )
