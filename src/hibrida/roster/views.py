"""Roster pages: generate / review / publish (OPD admin, BKPSDM), my month and iCalendar feed
(ASN), change requests (ASN → atasan), leave and dinas luar entries (atasan, OPD admin)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hibrida import bounds
from hibrida.org import access
from hibrida.org.access import Role
from hibrida.org.models import Employee, User
from hibrida.policy.rules import WEEKDAY_LABELS

from . import ical, selectors, services
from .models import AbsenceKind, RequestKind, Schedule, ScheduleStatus, WfhPreference
from .planning import parse_month
from .tasks import generate_schedule_task


def _errors(err: ValidationError) -> str:
    if hasattr(err, "message_dict"):
        return " ".join(" ".join(m) for m in err.message_dict.values())
    return " ".join(err.messages)


def _month(request) -> dt.date:
    return bounds.month_param(request, "bulan", timezone.localdate().replace(day=1))


def _shift(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT)
def index(request):
    """Generate a month's draft for an OPD (or the city), list versions, publish drafts."""
    month = _month(request)
    if request.method == "POST":
        opd_raw = request.POST.get("opd", "")
        opd = None
        if opd_raw and opd_raw != "kota":
            opd = access.manageable_opds(request.user).filter(pk=opd_raw).first()
            if opd is None:
                raise Http404("OPD tidak ditemukan.")
        try:
            ids = generate_schedule_task.delay(
                user_id=request.user.pk,
                # The service checks the posted month (format and range) with a message.
                month=request.POST.get("month") or month.strftime("%Y-%m"),
                opd_id=opd.pk if opd else None,
                key=uuid.uuid4().hex,
            ).get(timeout=300)  # eager here; with Redis the page waits for the worker
        except ValidationError as err:
            messages.error(request, _errors(err))
        else:
            messages.success(request, f"{len(ids)} draf jadwal dibuat. Tinjau lalu terbitkan.")
            if len(ids) == 1:
                return redirect("roster:detail", pk=ids[0])
        return redirect(reverse("roster:index") + f"?bulan={month:%Y-%m}")
    schedules = selectors.schedule_list(request.user, month=month)
    return render(
        request,
        "roster/index.html",
        {
            "month": month,
            "prev": _shift(month, -1),
            "next": _shift(month, 1),
            "schedules": schedules,
            "drafts": [s for s in schedules if s.status == ScheduleStatus.DRAFT],
            "opds": access.manageable_opds(request.user),
            "can_write": not access.scope_for(request.user).read_only,
            "city_writer": access.scope_for(request.user).city_writer,
        },
    )


@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT)
def detail(request, pk: int):
    """Review one version: fairness report, daily coverage, per-unit grid."""
    schedule = selectors.get_schedule(request.user, pk)
    unit_id = bounds.id_param(request, "unit", label="Unit")
    context = selectors.schedule_review(request.user, schedule, unit_id=unit_id)
    return render(request, "roster/detail.html", context)


@require_POST
@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM)
def publish(request, pk: int):
    schedule = selectors.get_schedule(request.user, pk)
    try:
        services.publish_schedule(actor=request.user, schedule=schedule)
    except ValidationError as err:
        messages.error(request, _errors(err))
    else:
        messages.success(request, f"Jadwal {schedule} diterbitkan.")
    return redirect("roster:detail", pk=pk)


@require_POST
@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM)
def publish_month(request):
    """Publish every draft of the month the user may publish (the newest per OPD)."""
    try:
        # A bad month must not publish the current month's drafts instead.
        month = parse_month(request.POST.get("month") or "")
    except ValidationError as err:
        messages.error(request, _errors(err))
        return redirect("roster:index")
    latest: dict[int, Schedule] = {}
    for s in selectors.schedule_list(request.user, month=month).filter(status=ScheduleStatus.DRAFT):
        if s.opd_id not in latest or s.version > latest[s.opd_id].version:
            latest[s.opd_id] = s
    try:
        done = services.publish_schedules(actor=request.user, schedules=list(latest.values()))
    except ValidationError as err:
        messages.error(request, _errors(err))
    else:
        messages.success(request, f"{len(done)} jadwal diterbitkan.")
    return redirect(reverse("roster:index") + f"?bulan={month:%Y-%m}")


@require_POST
@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM)
def discard(request, pk: int):
    schedule = selectors.get_schedule(request.user, pk)
    try:
        services.discard_draft(actor=request.user, schedule=schedule)
    except ValidationError as err:
        messages.error(request, _errors(err))
    return redirect(reverse("roster:index") + f"?bulan={schedule.month:%Y-%m}")


@login_required
def my_schedule(request):
    """The ASN's month as a calendar, the iCalendar link, requests and the unit's fairness."""
    month = _month(request)
    context = selectors.my_month(request.user, month)
    employee = context["employee"]
    form: dict[str, str] = {}
    field_errors: dict[str, str] = {}
    if request.method == "POST":
        field_errors = _create_request(request, employee)
        if not field_errors:
            return redirect(reverse("roster:my_schedule") + f"?bulan={month:%Y-%m}")
        # Re-rendered, not redirected: the form keeps what the ASN typed next to the errors.
        form = {k: request.POST.get(k, "") for k in REQUEST_FIELDS}
    context.update(
        {
            "form": form,
            "field_errors": field_errors,
            "colleague_days": selectors.colleague_wfh_days(request.user, month),
            "prev": _shift(month, -1),
            "next": _shift(month, 1),
            "ical_url": request.build_absolute_uri(ical.feed_path(request.user)),
            "requests": selectors.my_requests(request.user)[:20],
            "swaps_to_answer": selectors.swaps_to_answer(request.user),
            # Swap partners: the same unit or the same atasan (who approves both sides).
            "colleagues": Employee.objects.filter(
                Q(unit_id=employee.unit_id) | Q(supervisor_id=employee.supervisor_id),
                opd_id=employee.opd_id,
                is_active=True,
            )
            .exclude(pk=employee.pk)
            .order_by("name")[:200],
            "kinds": RequestKind.choices,
            "weekdays": list(WEEKDAY_LABELS.items()),
            "preference": WfhPreference.objects.filter(employee=employee).first(),
        }
    )
    return render(request, "roster/my_schedule.html", context)


@require_POST
@login_required
def preference(request):
    """The ASN's preferred / avoided WFH weekdays (used by the next plan)."""
    employee_id = access.scope_for(request.user).employee_id
    if not employee_id:
        raise Http404("Akun ini tidak terhubung dengan data pegawai.")
    try:
        services.set_wfh_preference(
            actor=request.user,
            employee=Employee.objects.get(pk=employee_id),
            prefer_weekdays=request.POST.getlist("prefer"),
            avoid_weekdays=request.POST.getlist("avoid"),
        )
    except ValidationError as err:
        messages.error(request, _errors(err))
    else:
        messages.success(request, "Preferensi disimpan; berlaku pada perencanaan berikutnya.")
    return redirect("roster:my_schedule")


def _parse_date(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError({field: "Tanggal harus berformat YYYY-MM-DD."}) from None


REQUEST_FIELDS = ("kind", "day", "other_day", "counterpart", "partner_day", "reason")


def _partner_day(request, employee: Employee) -> tuple[Employee | None, dt.date | None]:
    """The swap partner and day picked from the colleagues' WFH days ("<id>:<YYYY-MM-DD>")."""
    raw = request.POST.get("partner_day", "")
    pk, _sep, day = raw.partition(":")
    if not raw:
        return None, None
    if not (pk.isascii() and pk.isdigit()):
        raise ValidationError({"partner_day": "Pilihan hari rekan tidak sah."})
    partner = access.unit_colleagues(request.user).filter(pk=int(pk)).first()
    if partner is None or partner.opd_id != employee.opd_id:
        raise ValidationError({"partner_day": "Pilihan hari rekan tidak sah."})
    return partner, _parse_date(day, "partner_day")


def _create_request(request, employee: Employee) -> dict[str, str]:
    """Field errors of the request form (empty: the request was sent)."""
    try:
        counterpart, other_day = _partner_day(request, employee)
        if counterpart is None and request.POST.get("counterpart"):
            counterpart = Employee.objects.filter(
                pk=request.POST["counterpart"], opd_id=employee.opd_id
            ).first()
        services.request_change(
            actor=request.user,
            kind=request.POST.get("kind", ""),
            day=_parse_date(request.POST.get("day"), "day"),
            other_day=other_day or _parse_date(request.POST.get("other_day"), "other_day"),
            counterpart=counterpart,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as err:
        messages.error(request, _errors(err))
        if hasattr(err, "message_dict"):
            return {k: " ".join(v) for k, v in err.message_dict.items()}
        return {"__all__": " ".join(err.messages)}
    messages.success(
        request,
        "Permintaan dikirim; tukar hari menunggu persetujuan rekan, lalu atasan."
        if request.POST.get("kind") == RequestKind.SWAP
        else "Permintaan dikirim ke atasan.",
    )
    return {}


def ical_feed(request, user_id: int, token: str):
    """The employee's published days as iCalendar; the secret token in the URL is the key."""
    user = User.objects.filter(pk=user_id, is_active=True).select_related("employee").first()
    if user is None or not ical.check_token(user, token) or user.employee is None:
        raise Http404("Kalender tidak ditemukan.")
    body = ical.feed_for(user.employee)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="jadwal-hibrida.ics"'
    return response


def _answer(request, pk: int, *, agree: bool, done: str):
    """The colleague asked to swap agrees or declines."""
    req = selectors.get_request(request.user, pk)
    try:
        services.answer_swap(
            actor=request.user, request=req, agree=agree, note=request.POST.get("note", "")
        )
    except ValidationError as err:
        messages.error(request, _errors(err))
    else:
        messages.success(request, done)
    return redirect("roster:my_schedule")


@require_POST
@login_required
def agree(request, pk: int):
    return _answer(request, pk, agree=True, done="Anda setuju; permintaan diteruskan ke atasan.")


@require_POST
@login_required
def decline(request, pk: int):
    return _answer(request, pk, agree=False, done="Anda menolak; permintaan tukar hari ditutup.")


@require_POST
@login_required
def withdraw(request, pk: int):
    """The requester takes back a pending request."""
    req = selectors.own_request(request.user, pk)
    try:
        services.withdraw_request(actor=request.user, request=req)
    except ValidationError as err:
        messages.error(request, _errors(err))
    else:
        messages.success(request, "Permintaan ditarik.")
    return redirect("roster:my_schedule")


@access.roles_required(Role.ATASAN)
def inbox(request):
    """The atasan's pending swap / move requests."""
    return render(
        request, "roster/inbox.html", {"requests": selectors.requests_to_decide(request.user)}
    )


@require_POST
@access.roles_required(Role.ATASAN)
def approve(request, pk: int):
    req = selectors.get_request(request.user, pk)
    try:
        services.approve_request(actor=request.user, request=req, note=request.POST.get("note", ""))
    except ValidationError as err:
        messages.error(request, _errors(err))
    else:
        messages.success(request, "Permintaan disetujui; jadwal diperbarui.")
    return redirect("roster:inbox")


@require_POST
@access.roles_required(Role.ATASAN)
def reject(request, pk: int):
    req = selectors.get_request(request.user, pk)
    try:
        services.reject_request(actor=request.user, request=req, note=request.POST.get("note", ""))
    except ValidationError as err:
        messages.error(request, _errors(err))
    else:
        messages.success(request, "Permintaan ditolak.")
    return redirect("roster:inbox")


@access.roles_required(Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM)
def absences(request):
    """Record leave or dinas luar for a subordinate or a member of a managed OPD (by NIP)."""
    if request.method == "POST":
        nip = (request.POST.get("nip") or "").strip()
        try:
            employee = access.visible_employees(request.user).filter(nip=nip).first()
            if employee is None:
                raise ValidationError({"nip": f"Pegawai dengan NIP {nip} tidak ditemukan."})
            services.record_absence(
                actor=request.user,
                employee=employee,
                kind=request.POST.get("kind", ""),
                start=_parse_date(request.POST.get("start"), "start"),
                end=_parse_date(request.POST.get("end"), "end"),
                note=request.POST.get("note", ""),
            )
        except ValidationError as err:
            messages.error(request, _errors(err))
        else:
            messages.success(request, "Catatan disimpan; jadwal terbit menampilkan hari tersebut.")
        return redirect("roster:absences")
    return render(
        request,
        "roster/absences.html",
        {
            "subordinates": access.supervised_employees(request.user).order_by("name")[:200],
            "recent": selectors.recent_absences(request.user)[:50],
            "kinds": AbsenceKind.choices,
        },
    )
