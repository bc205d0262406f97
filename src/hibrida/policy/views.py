"""Policy pages: overview (rules, phases, calendar, eligibility counts), an employee's effective
policy, and the ASN's own readiness."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from hibrida import bounds
from hibrida.org import access
from hibrida.org.access import Role
from hibrida.org.models import Employee, Opd, Position, Unit

from . import selectors, services
from .models import CalendarDay, CalendarDayKind, Level, ParameterKey, Pattern
from .rules import FIELD_LABELS, WEEKDAY_LABELS


def _errors(err: ValidationError) -> str:
    if hasattr(err, "message_dict"):
        return " ".join(f"{' '.join(m)}" for m in err.message_dict.values())
    return " ".join(err.messages)


@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT)
def index(request):
    """Policy overview: city rule, class defaults, overrides, phases, calendar, eligibility."""
    year = bounds.year_param(request, "tahun", timezone.localdate().year)
    opd_id = bounds.id_param(request, "opd", label="OPD")
    context = selectors.policy_overview(request.user)
    context.update(
        {
            "counts": selectors.eligibility_counts(request.user, opd_id=opd_id),
            "calendar": selectors.calendar_overview(request.user, year),
            "opd_choices": access.visible_opds(request.user)
            if access.scope_for(request.user).city_reader
            else access.manageable_opds(request.user),
            "opd_id": opd_id,
            "year": year,
            "kinds": CalendarDayKind.choices,
            "patterns": Pattern.choices,
            "weekdays": list(WEEKDAY_LABELS.items()),
            "field_labels": FIELD_LABELS,
            "legal_parameters": selectors.legal_parameters(),
            "parameter_keys": ParameterKey.choices,
            "can_edit_rules": access.scope_for(request.user).has(Role.OPD_ADMIN, Role.BKPSDM)
            and not access.scope_for(request.user).read_only,
        }
    )
    return render(request, "policy/index.html", context)


@login_required
def employee_policy(request, pk: int):
    """Effective policy of a visible employee, each value with its source, and eligibility."""
    day = bounds.date_param(request, "tanggal", timezone.localdate())
    context = selectors.employee_policy(request.user, pk, day)
    context["is_self"] = access.scope_for(request.user).employee_id == pk
    return render(request, "policy/employee.html", context)


def _own_employee_id(request) -> int:
    employee_id = access.scope_for(request.user).employee_id
    if not employee_id:
        raise Http404("Akun ini tidak terhubung dengan data pegawai.")
    return employee_id


@require_GET
@login_required
def my_policy(request):
    """The ASN's own policy, eligibility reasons and WFH readiness forms."""
    employee_id = _own_employee_id(request)
    day = bounds.date_param(request, "tanggal", timezone.localdate())
    context = selectors.employee_policy(request.user, employee_id, day)
    context["is_self"] = True
    context["specials"] = selectors.my_special(request.user)[:20]
    return render(request, "policy/employee.html", context)


def _record_readiness(request, item: str, **values):
    """Record one readiness item of the viewer; errors come back as messages on the page."""
    employee = Employee.objects.get(pk=_own_employee_id(request))
    try:
        services.record_readiness(actor=request.user, employee=employee, item=item, **values)
    except ValidationError as err:
        messages.error(request, _errors(err))
    else:
        messages.success(request, "Kesiapan WFH dicatat.")
    return redirect("policy:mine")


@require_POST
@login_required
def record_connectivity(request):
    _own_employee_id(request)  # an account without employee data learns nothing from the form
    mbps = request.POST.get("connectivity_mbps") or None
    try:
        value = float(mbps.replace(",", ".")) if mbps else None
    except ValueError:
        messages.error(request, "Kecepatan harus berupa angka (Mbps).")
        return redirect("policy:mine")
    return _record_readiness(request, "connectivity", connectivity_mbps=value)


@require_POST
@login_required
def register_device(request):
    return _record_readiness(request, "device", device_label=request.POST.get("device_label", ""))


@require_POST
@login_required
def accept_security(request):
    return _record_readiness(request, "security")


@require_POST
@access.roles_required(Role.BKPSDM)
def calendar_add(request):
    try:
        day = dt.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        messages.error(request, "Tanggal harus berformat YYYY-MM-DD.")
        return redirect("policy:index")
    try:
        services.add_calendar_day(
            actor=request.user,
            date=day,
            kind=request.POST.get("kind", ""),
            name=request.POST.get("name", ""),
        )
    except ValidationError as err:
        messages.error(request, _errors(err))
    else:
        messages.success(request, f"Hari libur {day:%d-%m-%Y} ditambahkan.")
    return redirect(reverse("policy:index") + f"?tahun={day.year}#kalender")


@require_POST
@access.roles_required(Role.BKPSDM)
def calendar_delete(request, pk: int):
    day = get_object_or_404(CalendarDay, pk=pk)
    services.remove_calendar_day(actor=request.user, day=day)
    messages.success(request, f"Hari libur {day.date:%d-%m-%Y} dihapus; kini hari kerja.")
    return redirect("policy:index")


RULE_FORM_FIELDS = [
    ("wfh_allowed", "bool"),
    ("pattern", "pattern"),
    ("fixed_weekday", "weekday"),
    ("wfh_days_per_week", "int"),
    ("max_wfh_per_week", "int"),
    ("allowed_weekdays", "weekdays"),
    ("min_onsite_share", "float"),
    ("min_onsite_count", "int"),
    ("wfh_share", "float"),
    ("blackout_dates", "dates"),
    ("field_rotation", "bool"),
]


def _parse_rule_post(post: QueryDict) -> tuple[dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, kind in RULE_FORM_FIELDS:
        if kind == "weekdays":
            values[name] = post.getlist(name) or None
            continue
        raw = post.get(name, "").strip()
        try:
            if kind == "bool":
                values[name] = {"": None, "ya": True, "tidak": False}[raw]
            elif kind == "int":
                values[name] = int(raw) if raw else None
            elif kind == "float":
                values[name] = float(raw.replace(",", ".")) if raw else None
            elif kind == "dates":
                values[name] = [d.strip() for d in raw.replace(";", ",").split(",") if d.strip()]
            else:
                values[name] = raw or None
        except (KeyError, ValueError):
            errors[name] = "Nilai tidak sah."
    values["note"] = post.get("note", "")
    return values, errors


@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM)
def rule_edit(request):
    """Set one rule: city or class (BKPSDM), an OPD, unit or position (its OPD admin)."""
    level = request.GET.get("tingkat") or request.POST.get("level") or Level.OPD
    target = request.GET.get("target") or request.POST.get("target") or ""
    opds = access.manageable_opds(request.user)
    if request.method == "POST":
        values, errors = _parse_rule_post(request.POST)
        opd_class = ""
        opd: Opd | None = None
        unit: Unit | None = None
        position: Position | None = None
        try:
            if level == Level.KELAS:
                opd_class = target
            elif level == Level.OPD:
                opd = opds.get(pk=int(target))
            elif level == Level.UNIT:
                unit = Unit.objects.get(pk=int(target), opd__in=opds)
            elif level == Level.JABATAN:
                position = Position.objects.get(pk=int(target), opd__in=opds)
        except (ValueError, Opd.DoesNotExist, Unit.DoesNotExist, Position.DoesNotExist):
            errors["target"] = "Sasaran aturan tidak ditemukan atau tidak Anda kelola."
        if errors:
            messages.error(request, " ".join(errors.values()))
        else:
            try:
                services.set_policy_rule(
                    actor=request.user,
                    level=level,
                    values=values,
                    opd_class=opd_class,
                    opd=opd,
                    unit=unit,
                    position=position,
                )
            except ValidationError as err:
                messages.error(request, _errors(err))
            else:
                messages.success(request, "Aturan kebijakan disimpan.")
                return redirect("policy:index")
    return render(
        request,
        "policy/rule_edit.html",
        {
            "level": level,
            "target": target,
            "levels": Level.choices,
            "opds": opds,
            "units": Unit.objects.filter(opd__in=opds).select_related("opd")[:2000],
            "positions": Position.objects.filter(opd__in=opds).select_related("opd")[:2000],
            "patterns": Pattern.choices,
            "weekdays": list(WEEKDAY_LABELS.items()),
            "can_edit_city": access.scope_for(request.user).city_writer,
        },
    )


@require_POST
@access.roles_required(Role.BKPSDM)
def phase_add(request):
    """BKPSDM adds a pilot phase (OPDs left empty = all OPDs)."""
    post = request.POST
    try:
        data = {
            "name": post.get("name", ""),
            "description": post.get("description", ""),
            "start": dt.date.fromisoformat(post.get("start", "")),
            "end": dt.date.fromisoformat(post.get("end", "")),
            "status": post.get("status", "draft"),
            "pattern": post.get("pattern", ""),
            "fixed_weekday": post.get("fixed_weekday", ""),
            "wfh_days_per_week": int(post["wfh_days_per_week"])
            if post.get("wfh_days_per_week")
            else None,
            "wfh_share": float(post["wfh_share"].replace(",", "."))
            if post.get("wfh_share")
            else None,
            "opds": list(Opd.objects.filter(pk__in=post.getlist("opds"))),
        }
    except ValueError:
        messages.error(request, "Tanggal (YYYY-MM-DD) atau angka pada fase tidak sah.")
        return redirect("policy:index")
    try:
        services.save_phase(actor=request.user, data=data)
    except ValidationError as err:
        messages.error(request, _errors(err))
    else:
        messages.success(request, f"Fase {data['name']} disimpan.")
    return redirect(reverse("policy:index") + "#fase")
