"""Pages of the e-Activity Report: thin, every rule is in services.py / selectors.py."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from hibrida import bounds
from hibrida.audit.log import record_standalone
from hibrida.org import access
from hibrida.org.access import Role
from hibrida.org.models import Employee, Unit

from . import exports, facts, notify, performance, selectors, services
from .forms import ActionPlanForm, ActivityForm, DelegationForm, TargetForm, UploadForm
from .importer import COLUMNS as TARGET_COLUMNS
from .importer import import_targets
from .integrations.base import EXPORTERS
from .models import Activity, Delegation, ReportStatus, SkpTarget


def _month(request) -> tuple[int, int]:
    month = bounds.month_param(request, "bulan", services.today().replace(day=1))
    return month.year, month.month


def _errors_to_messages(request, err: ValidationError, form=None) -> None:
    if hasattr(err, "message_dict"):
        for field, msgs in err.message_dict.items():
            if form is not None and field in form.fields:
                form.add_error(field, msgs)
            else:
                messages.error(request, " ".join(msgs))
    else:
        messages.error(request, " ".join(err.messages))


def _prev_next(year: int, month: int) -> tuple[str, str]:
    prev = dt.date(year, month, 1) - dt.timedelta(days=1)
    nxt = dt.date(year, month, 28) + dt.timedelta(days=4)
    return f"{prev:%Y-%m}", f"{nxt:%Y-%m}"


@access.roles_required(Role.ASN)
def my_reports(request):
    year, month = _month(request)
    prev, nxt = _prev_next(year, month)
    return render(
        request,
        "activity/my_reports.html",
        {
            "rows": selectors.my_month(request.user, year, month),
            "period": dt.date(year, month, 1),
            "prev": prev,
            "next": nxt,
            "today": services.today(),
            "notifications": selectors.unread_notifications(request.user),
            "delegations": selectors.delegations_for(request.user),
        },
    )


def _parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Http404("Tanggal tidak sah.") from None


@access.roles_required(Role.ASN)
def write(request, day: str):
    """The editor of the viewer's report of ``day``; a POST adds one activity."""
    report_day = _parse_day(day)
    employee = request.user.employee
    report = employee.reports.filter(day=report_day).first()
    targets = SkpTarget.objects.filter(employee=employee, year=report_day.year)
    form = ActivityForm(targets=targets)
    if request.method == "POST":
        form = ActivityForm(request.POST, request.FILES, targets=targets)
        if form.is_valid():
            upload = form.cleaned_data.pop("evidence")
            evidence = (upload.name, upload.read()) if upload else None
            try:
                services.write_activity(
                    actor=request.user, day=report_day, data=form.cleaned_data, evidence=evidence
                )
            except ValidationError as err:
                _errors_to_messages(request, err, form)
            else:
                messages.success(request, "Kegiatan ditambahkan.")
                return redirect("activity:write", day=report_day.isoformat())
    planned_mode = report.work_mode if report else None
    if request.method != "POST":
        try:
            if report is None:
                planned_mode = services.check_report_day(employee, report_day)
        except ValidationError as err:
            _errors_to_messages(request, err)
            return redirect("activity:my_reports")
    return render(
        request,
        "activity/write.html",
        {
            "day": report_day,
            "report": report,
            "attendance": (report.attendance if report else None)
            or facts.attendance(employee, report_day),
            "form": form,
            "activities": report.activities.select_related("target") if report else [],
            "deadline": services.deadline_for(report_day),
            "planned_mode": planned_mode,
            "events": report.events.all() if report else [],
        },
    )


def _own_report(request, day: str):
    report = request.user.employee.reports.filter(day=_parse_day(day)).first()
    if report is None:
        raise Http404("Laporan belum dibuat.")
    return report


@require_POST
@access.roles_required(Role.ASN)
def remove_activity(request, day: str, pk: int):
    report = _own_report(request, day)
    activity = report.activities.filter(pk=pk).first()
    if activity is None:
        raise Http404("Kegiatan tidak ditemukan.")
    try:
        services.remove_activity(actor=request.user, activity=activity)
    except ValidationError as err:
        _errors_to_messages(request, err)
    else:
        messages.success(request, "Kegiatan dihapus.")
    return redirect("activity:write", day=report.day.isoformat())


@require_POST
@access.roles_required(Role.ASN)
def save_note(request, day: str):
    report = _own_report(request, day)
    try:
        services.update_note(actor=request.user, report=report, note=request.POST.get("note", ""))
    except ValidationError as err:
        _errors_to_messages(request, err)
    else:
        messages.success(request, "Catatan disimpan.")
    return redirect("activity:write", day=report.day.isoformat())


@require_POST
@access.roles_required(Role.ASN)
def submit(request, day: str):
    report = _own_report(request, day)
    try:
        report = services.submit_report(actor=request.user, report=report)
    except ValidationError as err:
        _errors_to_messages(request, err)
        return redirect("activity:write", day=report.day.isoformat())
    messages.success(
        request, "Laporan dikirim ke atasan" + (" (terlambat)." if report.is_late else ".")
    )
    return redirect("activity:report", pk=report.pk)


@login_required
def employee_reports(request, pk: int):
    """One employee's reports of a month: for the atasan, OPD admin, BKPSDM and auditors."""
    employee = access.get_visible_employee(request.user, pk)
    year, month = _month(request)
    prev, nxt = _prev_next(year, month)
    return render(
        request,
        "activity/employee_reports.html",
        {
            "employee": employee,
            "reports": selectors.employee_month(request.user, employee, year, month),
            "period": dt.date(year, month, 1),
            "prev": prev,
            "next": nxt,
        },
    )


@login_required
def report_detail(request, pk: int):
    report = selectors.get_report(request.user, pk)
    services.mark_opened(actor=request.user, report=report)
    return render(
        request,
        "activity/report.html",
        {
            "report": report,
            "attendance": report.attendance or facts.attendance(report.employee, report.day),
            "activities": report.activities.select_related("target"),
            "events": report.events.all(),
            "can_validate": report.status == ReportStatus.SUBMITTED
            and services.can_validate(request.user, report),
            "is_owner": report.employee_id == access.scope_for(request.user).employee_id,
            "deadline": services.deadline_for(report.day),
        },
    )


def _decide(request, pk: int, decide, done: str):
    """One validation decision on the comment posted; a refusal goes back to the report."""
    report = selectors.get_report(request.user, pk)
    try:
        decide(report, request.POST.get("comment", ""))
    except ValidationError as err:
        _errors_to_messages(request, err)
        return redirect("activity:report", pk=report.pk)
    messages.success(request, done)
    return redirect("activity:inbox")


@require_POST
@login_required
def approve(request, pk: int):
    def decide(report, text):
        services.approve_report(actor=request.user, report=report, comment=text)

    return _decide(request, pk, decide, "Laporan disetujui dan dikunci.")


@require_POST
@login_required
def return_for_revision(request, pk: int):
    def decide(report, text):
        services.return_report(actor=request.user, report=report, comment=text)

    return _decide(request, pk, decide, "Laporan dikembalikan untuk perbaikan.")


@require_POST
@login_required
def reject(request, pk: int):
    def decide(report, text):
        services.reject_report(actor=request.user, report=report, reason=text)

    return _decide(request, pk, decide, "Laporan ditolak.")


@access.page_check(
    services.validates_anyone,
    "Kotak validasi untuk atasan dan Plt; Anda tidak sedang memvalidasi laporan siapa pun.",
)
def inbox(request):
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("report") if i.isdigit()]
        reports = list(selectors.inbox(request.user).filter(pk__in=ids))
        try:
            n = services.bulk_approve(actor=request.user, reports=reports)
            messages.success(request, f"{n} laporan disetujui.")
        except ValidationError as err:
            _errors_to_messages(request, err)
        return redirect("activity:inbox")
    return render(
        request,
        "activity/inbox.html",
        {
            "reports": selectors.inbox(request.user),
            "notifications": selectors.unread_notifications(request.user),
            "today": services.today(),
        },
    )


@login_required
def evidence(request, pk: int):
    """The evidence file, only to those who may read the report; always as a download."""
    activity: Activity = selectors.get_activity(request.user, pk)
    if not activity.evidence_path or not default_storage.exists(activity.evidence_path):
        raise Http404("Berkas bukti tidak ada.")
    response = FileResponse(
        default_storage.open(activity.evidence_path, "rb"),
        content_type=activity.evidence_type,
        as_attachment=True,
        filename=activity.evidence_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _target_employee(request) -> Employee:
    pk = request.GET.get("pegawai") or request.POST.get("pegawai")
    if pk:
        return access.get_visible_employee(request.user, pk)
    employee = request.user.employee
    if employee is None:
        raise Http404("Pilih pegawai.")
    return employee


def _targets_page(employee: Employee, year: int) -> str:
    return f"{reverse('activity:targets')}?pegawai={employee.pk}&tahun={year}"


@login_required
@access.link_check(access.has_employee)
def targets(request):
    """An employee's SKP targets of a year; a POST adds one target."""
    employee = _target_employee(request)
    year = bounds.year_param(request, "tahun", services.today().year)
    parents = (
        SkpTarget.objects.filter(employee_id=employee.supervisor_id, year=year)
        if employee.supervisor_id is not None
        else SkpTarget.objects.none()
    )
    form = TargetForm(initial={"year": year}, parents=parents)
    if request.method == "POST":
        form = TargetForm(request.POST, parents=parents)
        if form.is_valid():
            try:
                services.create_target(
                    actor=request.user, employee=employee, data=dict(form.cleaned_data)
                )
            except ValidationError as err:
                _errors_to_messages(request, err, form)
            else:
                messages.success(request, "Rencana hasil kerja ditambahkan.")
                return redirect(_targets_page(employee, year))
    return render(
        request,
        "activity/targets.html",
        {
            "employee": employee,
            "year": year,
            "targets": selectors.targets_for(request.user, employee, year),
            "form": form,
            "can_plan": services.can_plan_for(request.user, employee),
            "months": range(1, 13),
        },
    )


@require_POST
@login_required
def action_plan(request, pk: int):
    """Set one month's action plan of target ``pk``; errors return to the targets page."""
    target = selectors.get_target(request.user, pk)
    # Who may plan is settled before the form is read: a refused role learns nothing from it.
    access.require(
        services.can_plan_for(request.user, target.employee),
        "Anda tidak berwenang mengisi SKP ini.",
    )
    back = _targets_page(target.employee, target.year)
    form = ActionPlanForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            text = " ".join(str(e) for e in errors)
            messages.error(request, f"{form.fields[field].label}: {text}")
        return redirect(back)
    try:
        services.set_action_plan(actor=request.user, target=target, **form.cleaned_data)
    except ValidationError as err:
        _errors_to_messages(request, err)
    else:
        messages.success(request, "Rencana aksi disimpan.")
    return redirect(back)


def _imports_targets(user) -> bool:
    scope = access.scope_for(user)
    return not scope.read_only and scope.has(Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM)


@access.page_check(_imports_targets, "Impor target SKP untuk atasan, admin OPD dan BKPSDM.")
def target_import(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_targets(actor=request.user, filename=upload.name, content=upload.read())
        if result.ok:
            messages.success(
                request,
                f"Impor SKP selesai: {result.created} baru, {result.updated} diperbarui, "
                f"{result.unchanged} tidak berubah, {result.plans} rencana aksi.",
            )
        else:
            messages.error(
                request,
                f"Impor dibatalkan: {len(result.errors)} kesalahan. Tidak ada data disimpan.",
            )
    return render(
        request,
        "activity/target_import.html",
        {"form": form, "result": result, "columns": [c.upper() for c in TARGET_COLUMNS.values()]},
    )


@login_required
def target_template(request):
    return HttpResponse(
        exports.to_csv([c.upper() for c in TARGET_COLUMNS.values()], []),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="templat-skp.csv"'},
    )


@login_required
@access.link_check(access.has_employee)
def performance_view(request):
    year, month = _month(request)
    employee = _target_employee(request)
    context = selectors.employee_performance(request.user, employee, year, month)
    group = selectors.scoped_group(request.user)
    team = None
    if access.scope_for(request.user).subordinate_ids:
        team = selectors.group_recap(request.user, group, year, month)
    prev, nxt = _prev_next(year, month)
    context.update(
        {
            "period": dt.date(year, month, 1),
            "prev": prev,
            "next": nxt,
            "team": team,
            "formula": performance.FORMULA_TEXT,
            "predicate_text": performance.PREDICATE_TEXT,
            "month_to_date_text": performance.MONTH_TO_DATE_TEXT,
            "cap": performance.SCORE_CAP,
        }
    )
    return render(request, "activity/performance.html", context)


def _recap_group(request):
    """The group of a recap: ?unit=, ?opd=, else the viewer's team or administered OPD."""
    unit_id = bounds.id_param(request, "unit", label="Unit")
    opd_id = bounds.id_param(request, "opd", label="OPD")
    scope = access.scope_for(request.user)
    if not unit_id and not opd_id and not scope.subordinate_ids and scope.admin_opd_ids:
        opd_id = min(scope.admin_opd_ids)
    visible_opds = access.visible_opds(request.user)
    label = "Tim saya"
    if unit_id:
        unit = Unit.objects.filter(pk=unit_id, opd__in=visible_opds).first()
        label = unit.name if unit else "-"
    elif opd_id:
        opd = visible_opds.filter(pk=opd_id).first()
        label = opd.name if opd else "-"
    group = selectors.scoped_group(request.user, unit_id=unit_id, opd_id=opd_id)
    return group, label, unit_id, opd_id


@login_required
def recap(request):
    year, month = _month(request)
    group, label, unit_id, opd_id = _recap_group(request)
    opds = access.visible_opds(request.user).order_by("name")
    if opd_id:
        units = Unit.objects.filter(opd_id=opd_id, opd__in=opds)
    elif unit_id:
        units = Unit.objects.filter(opd__units=unit_id, opd__in=opds)
    else:
        units = Unit.objects.filter(employees__in=group).distinct()
    return render(
        request,
        "activity/recap.html",
        {
            "recap": selectors.group_recap(request.user, group, year, month),
            "label": label,
            "period": dt.date(year, month, 1),
            "query": request.GET.urlencode(),
            "opds": opds if access.scope_for(request.user).city_reader else opds.none(),
            "units": units.select_related("opd").order_by("name")[:300],
            "unit_id": unit_id,
            "opd_id": opd_id,
        },
    )


@login_required
def recap_file(request, fmt: str):
    year, month = _month(request)
    group, label, _, _ = _recap_group(request)
    data = selectors.group_recap(request.user, group, year, month)
    title = f"Rekap laporan harian {label} {month:02d}-{year}"
    notes = [*exports.recap_notes(data), "Data demo bersifat sintetis bila berasal dari demo."]
    rows = exports.recap_table(data)
    name = f"rekap-laporan-{year}-{month:02d}"
    with_audit = {"format": fmt, "period": f"{year}-{month:02d}", "rows": len(rows)}
    if fmt == "xlsx":
        body = exports.to_xlsx(title, exports.RECAP_HEADERS, rows, notes, sheet_title="Rekap")
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        body, ctype = exports.to_csv(exports.RECAP_HEADERS, rows), "text/csv; charset=utf-8"
    elif fmt == "pdf":
        try:
            body = exports.to_pdf(
                title, exports.RECAP_HEADERS, rows, notes, widths=exports.RECAP_WIDTHS
            )
        except OSError as err:  # missing pango/cairo: say so, XLSX/CSV still work
            return HttpResponse(f"PDF tidak tersedia di server ini: {err}", status=503)
        ctype = "application/pdf"
    else:
        raise Http404("Format tidak dikenal.")
    record_standalone(
        actor=request.user,
        action="activity_recap.exported",
        object_type="activity",
        object_id=name,
        after=with_audit,
    )
    return HttpResponse(
        body,
        content_type=ctype,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


@login_required
def export_performance(request, system: str):
    exporter_class = EXPORTERS.get(system)
    if exporter_class is None:
        raise Http404("Sistem tujuan tidak dikenal.")
    year, month = _month(request)
    group, _, _, _ = _recap_group(request)
    rows = selectors.export_rows(request.user, list(group), year, month)
    exporter = exporter_class()
    period = f"{year}-{month:02d}"
    body = exporter.export(rows, period=period)
    record_standalone(
        actor=request.user,
        action="activity_export.performance",
        object_type="activity",
        object_id=f"{system}:{period}",
        after={"rows": len(rows)},
    )
    return HttpResponse(
        body,
        content_type=exporter.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{system}-{period}.{exporter.extension}"'
        },
    )


@access.page_check(
    services.validates_anyone, "Penunjukan Plt untuk atasan yang memvalidasi laporan bawahan."
)
def delegations(request):
    employee = request.user.employee
    if employee is None:
        raise PermissionDenied("Hanya ASN yang dapat menunjuk Plt.")
    # Colleagues of the same OPD: a Plt is normally a peer or the next official in line.
    delegates = Employee.objects.filter(opd_id=employee.opd_id, is_active=True).exclude(
        pk=employee.pk
    )
    form = DelegationForm(request.POST or None, delegates=delegates.order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            services.create_delegation(actor=request.user, principal=employee, **form.cleaned_data)
        except ValidationError as err:
            _errors_to_messages(request, err, form)
        else:
            messages.success(request, "Plt ditetapkan.")
            return redirect("activity:delegations")
    return render(
        request,
        "activity/delegations.html",
        {"form": form, "delegations": selectors.delegations_for(request.user)},
    )


@require_POST
@login_required
def end_delegation(request, pk: int):
    employee = request.user.employee
    delegation = Delegation.objects.filter(pk=pk, principal=employee).first()
    if employee is None or delegation is None:
        raise Http404("Plt tidak ditemukan.")
    services.end_delegation(actor=request.user, delegation=delegation)
    messages.success(request, "Plt diakhiri.")
    return redirect("activity:delegations")


@require_POST
@login_required
def notifications_read(request):
    notify.mark_read(request.user)
    return redirect(
        "activity:inbox" if request.POST.get("to") == "inbox" else "activity:my_reports"
    )
