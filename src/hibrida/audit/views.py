"""Audit pages: plans, samples, worksheets, findings, follow-up, exports, tamper evidence."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hibrida.org import access
from hibrida.org.access import Role
from hibrida.presence.services import log_location_view

from . import exports, selectors, services
from .forms import FindingForm, FollowUpForm, PlanForm
from .models import FindingStatus

AUDIT_READERS = (Role.INSPEKTORAT, Role.BKPSDM)
FINDING_READERS = (Role.INSPEKTORAT, Role.BKPSDM, Role.OPD_ADMIN)
LOG_READERS = (Role.INSPEKTORAT, Role.BKPSDM, Role.DISKOMINFO)


def _form_errors(form, err: ValidationError) -> None:
    for field, msgs in err.message_dict.items():
        form.add_error(field if field in form.fields else None, msgs)


@access.roles_required(*AUDIT_READERS)
def index(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.create_plan(
                actor=request.user,
                title=data["title"],
                objective=data["objective"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                opds=list(data["opds"]),
                sample_size=data["sample_size"],
            )
        except ValidationError as err:
            _form_errors(form, err)
        else:
            messages.success(request, "Rencana audit dibuat.")
            return redirect("audit:plan", pk=plan.pk)
    return render(
        request,
        "audit/index.html",
        {
            "plans": selectors.plans(request.user),
            "form": form,
            "can_audit": selectors.can_audit(request.user),
            "method": selectors.risk_method(),
            "counts": selectors.finding_counts(request.user),
        },
    )


@access.roles_required(*AUDIT_READERS)
def plan_detail(request, pk: int):
    plan = selectors.get_plan(request.user, pk)
    verify = selectors.verify_sample(request.user, plan) if request.GET.get("periksa") else None
    silent = selectors.plan_non_reporters(request.user, plan).order_by("opd__name", "name")
    return render(
        request,
        "audit/plan.html",
        {
            "plan": plan,
            "items": selectors.sample_items(request.user, plan),
            "findings": selectors.findings(request.user).filter(plan=plan),
            "can_audit": selectors.can_audit(request.user),
            "verify": verify,
            "method": selectors.risk_method(),
            "silent_count": silent.count(),
            "silent": silent[:50],
        },
    )


@access.roles_required(Role.INSPEKTORAT)
@require_POST
def draw(request, pk: int):
    plan = selectors.get_plan(request.user, pk)
    try:
        services.draw_sample(actor=request.user, plan=plan)
    except ValidationError as err:
        messages.error(request, " ".join(m for ms in err.message_dict.values() for m in ms))
    else:
        messages.success(request, "Sampel berbasis risiko telah diambil.")
    return redirect("audit:plan", pk=plan.pk)


@access.roles_required(Role.INSPEKTORAT)
@require_POST
def issue(request, pk: int):
    plan = selectors.get_plan(request.user, pk)
    try:
        services.issue_report(actor=request.user, plan=plan)
    except ValidationError as err:
        messages.error(request, " ".join(m for ms in err.message_dict.values() for m in ms))
    else:
        messages.success(request, "Laporan audit diterbitkan.")
    return redirect("audit:plan", pk=plan.pk)


@require_POST
@access.roles_required(*AUDIT_READERS)
def mark_reviewed(request, pk: int):
    item = selectors.get_item(request.user, pk)
    services.mark_reviewed(actor=request.user, item=item)
    messages.success(request, "Kertas kerja ditandai sudah direviu.")
    return redirect("audit:worksheet", pk=item.pk)


@access.roles_required(*AUDIT_READERS)
def worksheet(request, pk: int):
    item = selectors.get_item(request.user, pk)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_finding(
                actor=request.user, plan=item.plan, item=item, **form.cleaned_data
            )
        except ValidationError as err:
            _form_errors(form, err)
        else:
            messages.success(request, "Temuan dicatat.")
            return redirect("audit:worksheet", pk=item.pk)
    context = selectors.worksheet(request.user, item)
    if context["points"]:
        # UU 27/2022 applies to auditors too: every view of someone's locations is logged.
        log_location_view(
            actor=request.user, employee_ids=[item.employee_id], context_label=f"audit:{item.pk}"
        )
    context.update(form=form, can_audit=selectors.can_audit(request.user))
    return render(request, "audit/worksheet.html", context)


@access.roles_required(*FINDING_READERS)
def findings(request):
    qs = selectors.findings(request.user)
    status = request.GET.get("status", "")
    if status in FindingStatus.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "audit/findings.html",
        {
            "findings": qs,
            "status": status,
            "statuses": FindingStatus.choices,
            "today": timezone.localdate(),
        },
    )


@access.roles_required(*FINDING_READERS)
def finding_detail(request, pk: int):
    finding = selectors.get_finding(request.user, pk)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_follow_up(actor=request.user, finding=finding, **form.cleaned_data)
        except ValidationError as err:
            _form_errors(form, err)
        else:
            messages.success(request, "Tindak lanjut dicatat.")
            return redirect("audit:finding", pk=finding.pk)
    scope = access.scope_for(request.user)
    return render(
        request,
        "audit/finding.html",
        {
            "finding": finding,
            "follow_ups": finding.follow_ups.select_related("author"),
            "form": form,
            "can_follow_up": finding.opd_id in scope.admin_opd_ids or scope.has(Role.INSPEKTORAT),
        },
    )


def _report_context(request, plan):
    return {
        "plan": plan,
        "items": list(selectors.sample_items(request.user, plan)),
        "findings": list(selectors.findings(request.user).filter(plan=plan)),
        "method": selectors.risk_method(),
        "generated": timezone.localtime(),
    }


@access.roles_required(*AUDIT_READERS)
def export_xlsx(request, pk: int):
    plan = selectors.get_plan(request.user, pk)
    ctx = _report_context(request, plan)
    content = exports.plan_xlsx(plan, ctx["items"], ctx["findings"])
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="laporan-audit-{plan.pk}.xlsx"'
    return response


@access.roles_required(*AUDIT_READERS)
def export_pdf(request, pk: int):
    plan = selectors.get_plan(request.user, pk)
    content = exports.plan_pdf(_report_context(request, plan))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="laporan-audit-{plan.pk}.pdf"'
    return response


@access.roles_required(*LOG_READERS)
def log(request):
    return render(
        request,
        "audit/log.html",
        {
            "check": selectors.chain_check(request.user),
            "anchors": selectors.anchor_status(request.user),
        },
    )


@access.roles_required(*AUDIT_READERS)
def joki_findings(request):
    rule = request.GET.get("aturan", "")
    rules = dict(selectors.joki_rules())
    page = Paginator(selectors.joki_findings(request.user, rule), 50).get_page(
        request.GET.get("hal")
    )
    rows = [{"finding": f, "label": rules.get(f.rule, f.rule)} for f in page]
    return render(
        request,
        "audit/joki_findings.html",
        {
            "page": page,
            "rows": rows,
            "rule": rule if rule in rules else "",
            "rules": rules.items(),
        },
    )


@access.roles_required(*AUDIT_READERS)
def joki_finding(request, pk: int):
    finding = selectors.get_joki_finding(request.user, pk)
    check_ins = selectors.joki_check_ins(request.user, finding)
    # UU 27/2022 applies to auditors too: every view of someone's locations is logged.
    log_location_view(
        actor=request.user,
        employee_ids=[c["employee_id"] for c in check_ins],
        context_label=f"joki:{finding.pk}",
    )
    return render(
        request,
        "audit/joki_finding.html",
        {
            "finding": finding,
            "rule_label": dict(selectors.joki_rules()).get(finding.rule, finding.rule),
            "check_ins": check_ins,
        },
    )
