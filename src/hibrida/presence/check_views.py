"""The random presence checks page: the ASN's consent and own checks, the atasan's team of the
day, and the OPD setting (admin OPD, BKPSDM). Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hibrida.org import access
from hibrida.org.access import Role

from . import random_checks

FIELD_LABELS = {"checks_per_day": "Cek per hari WFH", "window_minutes": "Batas waktu menjawab"}


@access.roles_required(Role.ASN, Role.OPD_ADMIN, Role.BKPSDM)
def presence_checks(request):
    now = timezone.now()
    scope = access.scope_for(request.user)
    mine = []
    if scope.employee_id is not None:
        mine = [random_checks.describe(r, now) for r in random_checks.my_checks(request.user)]
    return render(
        request,
        "presence/presence_checks.html",
        {
            "consent": random_checks.consent_of(request.user),
            "is_employee": scope.employee_id is not None,
            "mine": mine,
            "today": timezone.localdate(now),
            "team": random_checks.team_evidence(request.user, timezone.localdate(now), now),
            "policies": random_checks.policies_for(request.user) if not scope.read_only else [],
        },
    )


@require_POST
@access.roles_required(Role.ASN)
def consent(request):
    given = request.POST.get("consent") == "1"
    random_checks.set_consent(actor=request.user, consent=given)
    if given:
        messages.success(request, "Terima kasih: Anda ikut cek kehadiran acak pada hari WFH.")
    else:
        messages.success(request, "Persetujuan ditarik: Anda tidak akan ditanya lagi.")
    return redirect("presence:presence_checks")


@require_POST
@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM)
def policy(request, opd_id: int):
    opd = get_object_or_404(access.manageable_opds(request.user), pk=opd_id)
    try:
        random_checks.set_policy(
            actor=request.user,
            opd=opd,
            enabled=request.POST.get("enabled") == "1",
            checks_per_day=request.POST.get("checks_per_day", ""),
            window_minutes=request.POST.get("window_minutes", ""),
        )
        messages.success(request, f"Pengaturan cek kehadiran acak {opd} disimpan.")
    except ValidationError as err:
        for field, msgs in err.message_dict.items():
            for message in msgs:
                messages.error(request, f"{FIELD_LABELS.get(field, field)}: {message}")
    return redirect("presence:presence_checks")
