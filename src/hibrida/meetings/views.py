"""Meeting and spot-check pages: thin (parse, call a service or selector, render)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hibrida import bounds
from hibrida.org import access
from hibrida.org.access import Role
from hibrida.org.models import Employee, Opd, Unit

from . import selectors, services
from .forms import MeetingForm, MinutesForm, SpotCheckForm


def _week(request) -> dt.date:
    day = bounds.date_param(request, "minggu", timezone.localdate(), label="Minggu")
    return selectors.week_start_of(day)


def _error_text(err: ValidationError) -> str:
    if hasattr(err, "message_dict"):
        return " ".join(m for msgs in err.message_dict.values() for m in msgs)
    return " ".join(err.messages)


def _organiser_opds(user):
    scope = access.scope_for(user)
    ids = set(access.manageable_opds(user).values_list("id", flat=True))
    if scope.has(Role.ATASAN) and scope.employee_id:
        ids.update(Employee.objects.filter(pk=scope.employee_id).values_list("opd_id", flat=True))
    return Opd.objects.filter(id__in=ids, is_active=True).order_by("name")


@login_required
def index(request):
    today = timezone.localdate()
    week = _week(request)
    compliance = selectors.meeting_compliance(request.user, week)
    occurrences = selectors.upcoming_occurrences(
        request.user, today - dt.timedelta(days=1), today + dt.timedelta(days=14)
    )
    now = timezone.now()
    return render(
        request,
        "meetings/index.html",
        {
            "week": week,
            "week_end": week + dt.timedelta(days=6),
            "prev_week": week - dt.timedelta(days=7),
            "next_week": week + dt.timedelta(days=7),
            "compliance": compliance,
            "warnings": [r for r in compliance if not r["compliant"]],
            "occurrences": occurrences,
            "now": now,
            "early": services.CHECK_IN_EARLY,
            "meetings": selectors.visible_meetings(request.user).order_by("-start_date")[:50],
            "my_spot_checks": selectors.my_spot_checks(request.user, today),
            "can_create": _organiser_opds(request.user).exists()
            and not access.scope_for(request.user).read_only,
            "min_meetings": selectors.MIN_MEETINGS_PER_WEEK,
        },
    )


@login_required
def create(request):
    access.require_writer(request.user)
    opds = _organiser_opds(request.user)
    access.require(opds.exists(), "Anda tidak berwenang menyelenggarakan rapat.")
    units = Unit.objects.filter(opd__in=access.visible_opds(request.user), is_active=True)
    form = MeetingForm(request.POST or None, organiser_opds=opds, units=units.select_related("opd"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            meeting = services.create_meeting(
                actor=request.user,
                title=data["title"],
                agenda=data["agenda"],
                organiser_opd=data["organiser_opd"],
                weekdays=data["weekdays"],
                start_time=data["start_time"],
                duration_minutes=data["duration_minutes"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                video_url=data["video_url"],
                invited_opds=list(data["invited_opds"]),
                invited_units=list(data["invited_units"]),
            )
        except ValidationError as err:
            for field, msgs in err.message_dict.items():
                form.add_error(field if field in form.fields else None, msgs)
        else:
            messages.success(request, "Rapat koordinasi dibuat.")
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/create.html", {"form": form})


@login_required
def detail(request, pk: int):
    meeting = selectors.get_meeting(request.user, pk)
    occurrences = meeting.occurrences.all()
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "occurrences": occurrences,
            "can_run": services.can_run(request.user, meeting),
        },
    )


@login_required
def occurrence(request, pk: int):
    occ = selectors.get_occurrence(request.user, pk)
    now = timezone.now()
    employee = getattr(request.user, "employee", None)
    attendances = selectors.attendance_list(request.user, occ)
    mine = next((a for a in attendances if employee and a.employee_id == employee.pk), None)
    can_run = services.can_run(request.user, occ.meeting)
    form = MinutesForm(request.POST or None, initial={"minutes": occ.minutes})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_minutes(
                actor=request.user,
                occurrence=occ,
                minutes=form.cleaned_data["minutes"],
                held=form.cleaned_data["held"],
            )
        except ValidationError as err:
            for field, msgs in err.message_dict.items():
                form.add_error(field if field in form.fields else None, msgs)
        else:
            messages.success(request, "Notulen disimpan.")
            return redirect("meetings:occurrence", pk=occ.pk)
    window_open = occ.starts_at - services.CHECK_IN_EARLY <= now <= occ.ends_at
    return render(
        request,
        "meetings/occurrence.html",
        {
            "occ": occ,
            "meeting": occ.meeting,
            "attendances": attendances,
            "mine": mine,
            "can_run": can_run,
            "window_open": window_open,
            "invited": employee is not None and services.is_invited(employee, occ.meeting),
            "form": form,
        },
    )


@login_required
@require_POST
def check_in(request, pk: int):
    occ = selectors.get_occurrence(request.user, pk)
    try:
        services.check_in(actor=request.user, occurrence=occ)
    except ValidationError as err:
        messages.error(request, _error_text(err))
    else:
        messages.success(request, "Kehadiran Anda tercatat; menunggu konfirmasi penyelenggara.")
    return redirect("meetings:occurrence", pk=occ.pk)


def _confirm(request, pk: int, *, accept: bool):
    """The organiser confirms or refuses one check-in; a refusal comes back as a message."""
    attendance = selectors.get_attendance(request.user, pk)
    try:
        services.confirm_attendance(actor=request.user, attendance=attendance, accept=accept)
    except ValidationError as err:
        messages.error(request, _error_text(err))
    else:
        messages.success(request, "Kehadiran diperbarui.")
    return redirect("meetings:occurrence", pk=attendance.occurrence_id)


@login_required
@require_POST
def confirm(request, pk: int):
    return _confirm(request, pk, accept=True)


@login_required
@require_POST
def refuse(request, pk: int):
    return _confirm(request, pk, accept=False)


@login_required
def spot_checks(request):
    today = timezone.localdate()
    start = today.replace(day=1)
    scope = access.scope_for(request.user)
    return render(
        request,
        "meetings/spot_checks.html",
        {
            "today": today,
            "mine": selectors.with_presence_evidence(
                request.user, selectors.my_spot_checks(request.user, today)
            ),
            "form": SpotCheckForm(),
            "rates": selectors.spot_check_rates(
                request.user, start, today, by="opd" if scope.city_reader else "atasan"
            ),
            "missed": selectors.missed_spot_checks(request.user, start, today)[:100],
            "start": start,
        },
    )


@login_required
@require_POST
def record_spot_check(request, pk: int):
    sc = selectors.get_spot_check(request.user, pk)
    form = SpotCheckForm(request.POST)
    if form.is_valid():
        try:
            services.record_spot_check(actor=request.user, spot_check=sc, **form.cleaned_data)
        except ValidationError as err:
            messages.error(request, _error_text(err))
        else:
            messages.success(request, f"Hasil panggilan untuk {sc.employee.name} dicatat.")
    else:
        messages.error(request, "Isian hasil panggilan tidak sah.")
    return redirect("meetings:spot_checks")
