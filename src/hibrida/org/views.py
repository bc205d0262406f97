"""Organisation pages: browser (OPD → units → people), profile, edit, import."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, selectors, services
from .access import Role
from .forms import EmployeeForm, ImportForm
from .importer import COLUMNS, import_employees
from .models import ApiToken


@login_required
def opd_list(request):
    return render(request, "org/opd_list.html", {"opds": selectors.opd_overview(request.user)})


@login_required
def opd_detail(request, pk: int):
    opd = selectors.get_opd(request.user, pk)
    can_manage = access.can_manage_opd(request.user, opd)
    return render(
        request,
        "org/opd_detail.html",
        {
            "opd": opd,
            "tree": selectors.unit_tree(request.user, opd),
            "can_manage": can_manage,
            "positions": selectors.opd_positions(request.user, opd) if can_manage else [],
            "offices": selectors.opd_offices(request.user, opd) if can_manage else [],
        },
    )


@login_required
def unit_detail(request, pk: int):
    unit = selectors.get_unit(request.user, pk)
    people = selectors.employee_list(request.user, unit_id=unit.pk)
    page = Paginator(people, 50).get_page(request.GET.get("hal"))
    return render(request, "org/unit_detail.html", {"unit": unit, "page": page})


@login_required
def employee_search(request):
    query = request.GET.get("q", "")
    people = selectors.employee_list(request.user, query=query)
    page = Paginator(people, 50).get_page(request.GET.get("hal"))
    return render(request, "org/employee_search.html", {"page": page, "q": query})


@login_required
def employee_detail(request, pk: int):
    return render(request, "org/employee_detail.html", selectors.employee_profile(request.user, pk))


@login_required
@require_POST
def employee_token_revoke(request, pk: int, token_pk: int):
    employee = access.get_visible_employee(request.user, pk)
    token = access.get_visible_api_token(
        request.user, token_pk, ApiToken.objects.filter(user__employee=employee)
    )
    try:
        services.revoke_api_token(
            actor=request.user, token=token, reason="Dicabut oleh pengelola pegawai."
        )
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        messages.success(request, _("Token %(prefix)s… dicabut.") % {"prefix": token.prefix})
    return redirect("org:employee", pk=employee.pk)


@login_required
def employee_edit(request, pk: int):
    employee = access.get_visible_employee(request.user, pk)
    access.require(access.can_manage_employee(request.user, employee))
    access.require_writer(request.user)
    supervisors = access.visible_employees(request.user).exclude(pk=employee.pk)
    initial = {
        "nip": employee.nip,
        "name": employee.name,
        "asn_type": employee.asn_type,
        "unit": employee.unit,
        "position": employee.position,
        "supervisor": employee.supervisor,
        "email": employee.email,
        "phone": employee.phone,
        "is_active": employee.is_active,
        "tmt": employee.tmt,
    }
    form = EmployeeForm(
        request.POST or None, initial=initial, opd=employee.opd, supervisors=supervisors
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_employee(
                actor=request.user, employee=employee, data=dict(form.cleaned_data)
            )
        except ValidationError as err:
            for field, msgs in err.message_dict.items():
                form.add_error(field if field in form.fields else None, msgs)
        else:
            messages.success(request, "Data pegawai disimpan.")
            return redirect("org:employee", pk=employee.pk)
    return render(request, "org/employee_edit.html", {"form": form, "employee": employee})


@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM)
def import_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_employees(actor=request.user, filename=upload.name, content=upload.read())
        if result.ok:
            messages.success(
                request,
                f"Impor selesai: {result.created} baru, {result.updated} diperbarui, "
                f"{result.unchanged} tidak berubah.",
            )
            request.session.pop("import_errors", None)
        else:
            request.session["import_errors"] = [[e.row, e.column, e.message] for e in result.errors]
            messages.error(
                request,
                f"Impor dibatalkan: {len(result.errors)} kesalahan. Tidak ada data yang disimpan.",
            )
    return render(
        request,
        "org/import.html",
        {"form": form, "result": result, "columns": [c.upper() for c in COLUMNS.values()]},
    )


@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM)
def import_errors_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kesalahan-impor.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["Baris", "Kolom", "Pesan"])
    writer.writerows(request.session.get("import_errors", []))
    return response


@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM)
def import_template_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="templat-impor-pegawai.csv"'
    response.write("\ufeff")
    csv.writer(response).writerow([c.upper() for c in COLUMNS.values()])
    return response
