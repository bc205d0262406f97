"""e-Presensi pages: mobile check-in, history, home location, corrections, approvals, recap,
field reports and the atasan's live map. Thin: parse, call a selector or service, render."""

from __future__ import annotations

import csv
import datetime as dt
import json
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hibrida import bounds
from hibrida.org import access
from hibrida.org.access import Role

from . import labels, passkeys, reviews, selectors, selfies, services
from .models import CorrectionKind, CorrectionRequest, DeviceReset, HomeLocation, Verdict

RECAP_ROLES = (Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT)
RECAP_COLUMNS = [
    ("nip", "NIP"),
    ("name", "Nama"),
    ("unit", "Unit"),
    ("working_days", "Hari kerja"),
    ("present_days", "Hadir"),
    ("worked_minutes", "Menit kerja"),
    ("missing_out", "Tanpa presensi pulang"),
    ("flagged", "Ditandai"),
    ("TL1", "TL1"),
    ("TL2", "TL2"),
    ("TL3", "TL3"),
    ("TL4", "TL4"),
    ("PSW1", "PSW1"),
    ("PSW2", "PSW2"),
    ("PSW3", "PSW3"),
    ("PSW4", "PSW4"),
]
UNIT_KEYS = ["unit", "employees", "present_days", *(key for key, _ in RECAP_COLUMNS[8:])]
RECAP_PAGE_SIZE = 100


def _errors(request, err: ValidationError) -> dict:
    errors = err.message_dict if hasattr(err, "message_dict") else {"__all__": err.messages}
    for field, msgs in errors.items():
        for m in msgs:
            messages.error(request, f"{field}: {m}" if field != "__all__" else m)
    return errors


@access.roles_required(Role.ASN)
def check_in(request):
    """The mobile check-in page: geolocation, distance, planned mode, result, offline queue."""
    plan = selectors.today_plan(request.user)
    today = timezone.localdate()
    recent = [
        labels.describe(r)
        for r in reversed(selectors.my_recent_check_ins(request.user, days=0))
        if r["device_time"] and timezone.localtime(r["device_time"]).date() == today
    ]
    # The first kept record of each type, for "Anda sudah presensi masuk pukul 07.12 WIB".
    done: dict[str, str] = {}
    for r in recent:
        if r["status"] != Verdict.REJECTED:
            done.setdefault(r["kind"], r["time"])
    selfie = selectors.selfie_state(request.user)
    response = render(
        request,
        "presence/check_in.html",
        {
            "plan": plan,
            "mode_label": labels.mode_label(plan["mode"]),
            "recent": recent,
            "done": [
                {"kind": k, "text": services.repeat_message(k, t)} for k, t in sorted(done.items())
            ],
            "labels": labels.catalogue(),
            "passkey": selectors.passkey_state(request.user),
            "selfie": selfie,
        },
    )
    if selfie["enabled"]:
        # The selfie step needs the front camera on this page only (elsewhere camera=()).
        response["Permissions-Policy"] = settings.PERMISSIONS_POLICY.replace(
            "camera=()", "camera=(self)"
        )
    return response


@access.roles_required(Role.ASN)
def my_history(request):
    rows = [labels.describe(r) for r in selectors.my_recent_check_ins(request.user, days=31)]
    return render(request, "presence/history.html", {"rows": rows})


@access.roles_required(Role.ASN)
def my_location_csv(request):
    """The data subject's own location history (UU 27/2022 right of access)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="riwayat-lokasi-saya.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["uuid", "jenis", "waktu_perangkat", "lintang", "bujur", "akurasi_m", "status", "alasan"]
    )
    tz = timezone.get_current_timezone()
    rows = 0
    for c in selectors.own_location_history(request.user).iterator():
        rows += 1
        writer.writerow(
            [
                c.client_uuid,
                c.kind,
                c.device_time.astimezone(tz).isoformat(),
                c.latitude,
                c.longitude,
                c.accuracy_m,
                c.status,
                " ".join(c.reasons),
            ]
        )
    services.log_own_location_export(actor=request.user, rows=rows)
    return response


@access.roles_required(Role.ASN)
def home_location(request):
    if request.method == "POST":
        try:
            services.request_home_location(
                actor=request.user,
                latitude=request.POST.get("latitude"),
                longitude=request.POST.get("longitude"),
                radius_m=request.POST.get("radius_m") or 100,
                address=request.POST.get("address", ""),
            )
            messages.success(request, "Permintaan lokasi rumah dikirim ke atasan.")
            return redirect("presence:home")
        except ValidationError as err:
            _errors(request, err)
    return render(request, "presence/home.html", {"homes": selectors.my_homes(request.user)})


@access.roles_required(Role.ASN)
def corrections(request):
    if request.method == "POST":
        try:
            services.request_correction(
                actor=request.user,
                work_date=_parse_date(request.POST.get("work_date")),
                kind=request.POST.get("kind", ""),
                reason=request.POST.get("reason", ""),
                time_in=_parse_time(request.POST.get("time_in")),
                time_out=_parse_time(request.POST.get("time_out")),
            )
            messages.success(request, "Permintaan koreksi dikirim ke atasan.")
            return redirect("presence:corrections")
        except ValidationError as err:
            _errors(request, err)
    return render(
        request,
        "presence/corrections.html",
        {"items": selectors.my_corrections(request.user), "kinds": CorrectionKind.choices},
    )


@access.roles_required(Role.ASN)
def device(request):
    """The employee's registered phones and the request to release them (new or lost phone)."""
    if request.method == "POST":
        try:
            services.request_device_reset(actor=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, "Permintaan reset perangkat dikirim ke atasan.")
            return redirect("presence:device")
        except ValidationError as err:
            _errors(request, err)
    return render(
        request,
        "presence/device.html",
        {
            "devices": selectors.my_devices(request.user),
            "resets": selectors.my_device_resets(request.user)[:10],
            "passkeys": selectors.my_passkeys(request.user)[:10],
        },
    )


@access.roles_required(Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM)
def approvals(request):
    """The atasan's inbox: corrections, home locations, phone resets, passkeys, and flagged
    check-ins (since the previous month) to accept or reject with their evidence."""
    flagged = list(selectors.pending_reviews(request.user)[:200])
    homes = list(selectors.pending_homes(request.user))
    shown = [c.employee_id for c in flagged] + [h.employee_id for h in homes]
    if shown:
        # Showing coordinates of others is a location view: logged (UU 27/2022).
        services.log_location_view(
            actor=request.user, employee_ids=shown, context_label="tinjauan_presensi"
        )
    return render(
        request,
        "presence/approvals.html",
        {
            "corrections": selectors.pending_corrections(request.user),
            "homes": homes,
            "device_resets": selectors.pending_device_resets(request.user),
            "passkeys": selectors.pending_passkeys(request.user),
            "faces": selectors.pending_faces(request.user),
            "flagged": [
                (
                    c,
                    {
                        **labels.describe(c.__dict__),
                        "passkey_status": labels.passkey_status(c.reasons),
                        "selfie": labels.selfie_evidence(c),
                    },
                )
                for c in flagged
            ],
            "evidence": [labels.review_evidence(c) for c in flagged],
        },
    )


def _correction(request, pk: int) -> CorrectionRequest:
    return get_object_or_404(
        CorrectionRequest.objects.filter(employee__in=access.supervised_employees(request.user)),
        pk=pk,
    )


def _request_of_visible_employee(request, model, pk: int):
    item = get_object_or_404(model, pk=pk)
    if not access.can_view_employee(request.user, item.employee_id):
        raise Http404("Tidak ditemukan.")
    return item


def _decide(request, decide, *, approve: bool, done: str):
    """One decision from the approvals page; field errors come back as messages."""
    try:
        decide(approve=approve, note=request.POST.get("note", ""))
        messages.success(request, done)
    except ValidationError as err:
        _errors(request, err)
    return redirect("presence:approvals")


@require_POST
@login_required
def approve_correction(request, pk: int):
    decide = partial(services.decide_correction, actor=request.user, item=_correction(request, pk))
    return _decide(request, decide, approve=True, done="Keputusan koreksi disimpan.")


@require_POST
@login_required
def reject_correction(request, pk: int):
    decide = partial(services.decide_correction, actor=request.user, item=_correction(request, pk))
    return _decide(request, decide, approve=False, done="Keputusan koreksi disimpan.")


@require_POST
@login_required
def approve_home(request, pk: int):
    home = _request_of_visible_employee(request, HomeLocation, pk)
    decide = partial(services.decide_home_location, actor=request.user, home=home)
    return _decide(request, decide, approve=True, done="Keputusan lokasi rumah disimpan.")


@require_POST
@login_required
def reject_home(request, pk: int):
    home = _request_of_visible_employee(request, HomeLocation, pk)
    decide = partial(services.decide_home_location, actor=request.user, home=home)
    return _decide(request, decide, approve=False, done="Keputusan lokasi rumah disimpan.")


@require_POST
@login_required
def approve_device(request, pk: int):
    item = _request_of_visible_employee(request, DeviceReset, pk)
    decide = partial(services.decide_device_reset, actor=request.user, item=item)
    return _decide(request, decide, approve=True, done="Keputusan reset perangkat disimpan.")


@require_POST
@login_required
def reject_device(request, pk: int):
    item = _request_of_visible_employee(request, DeviceReset, pk)
    decide = partial(services.decide_device_reset, actor=request.user, item=item)
    return _decide(request, decide, approve=False, done="Keputusan reset perangkat disimpan.")


@require_POST
@login_required
def approve_passkey(request, pk: int):
    item = get_object_or_404(selectors.pending_passkeys(request.user), pk=pk)
    decide = partial(passkeys.decide_passkey, actor=request.user, item=item)
    return _decide(request, decide, approve=True, done="Keputusan passkey disimpan.")


@require_POST
@login_required
def reject_passkey(request, pk: int):
    item = get_object_or_404(selectors.pending_passkeys(request.user), pk=pk)
    decide = partial(passkeys.decide_passkey, actor=request.user, item=item)
    return _decide(request, decide, approve=False, done="Keputusan passkey disimpan.")


@access.roles_required(Role.ASN)
def face(request):
    """The employee's own reference photo for the selfie check (approved by the atasan)."""
    if request.method == "POST":
        try:
            selfies.enrol_face(
                actor=request.user,
                # roles_required(ASN): the account is an employee.
                employee_id=access.scope_for(request.user).employee_id or 0,
                photo=request.FILES.get("photo"),
            )
            messages.success(request, "Foto rujukan dikirim; menunggu persetujuan atasan.")
            return redirect("presence:face")
        except ValidationError as err:
            _errors(request, err)
    return render(
        request,
        "presence/face.html",
        {
            "faces": selectors.my_faces(request.user)[:10],
            "selfie": selectors.selfie_state(request.user),
        },
    )


@login_required
def face_photo(request, pk: int):
    """A pending reference photo, for the atasan or OPD admin who decides it."""
    item = get_object_or_404(selectors.pending_faces(request.user).exclude(photo=""), pk=pk)
    response = FileResponse(item.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def approve_face(request, pk: int):
    item = get_object_or_404(selectors.pending_faces(request.user), pk=pk)
    decide = partial(selfies.decide_face, actor=request.user, item=item)
    return _decide(request, decide, approve=True, done="Keputusan foto wajah disimpan.")


@require_POST
@login_required
def reject_face(request, pk: int):
    item = get_object_or_404(selectors.pending_faces(request.user), pk=pk)
    decide = partial(selfies.decide_face, actor=request.user, item=item)
    return _decide(request, decide, approve=False, done="Keputusan foto wajah disimpan.")


@access.roles_required(Role.BKPSDM, Role.INSPEKTORAT)
def selfie_policies(request):
    """Which OPDs use the selfie check, with their DPIA reference (BKPSDM sets them)."""
    return render(
        request,
        "presence/selfie_policies.html",
        {
            "opds": selectors.selfie_policies(request.user),
            "can_edit": access.scope_for(request.user).city_writer,
        },
    )


@require_POST
@access.roles_required(Role.BKPSDM)
def set_selfie_policy(request, pk: int):
    opd = get_object_or_404(access.visible_opds(request.user), pk=pk)
    try:
        selfies.set_policy(
            actor=request.user,
            opd=opd,
            enabled=request.POST.get("enabled") == "1",
            dpia_reference=request.POST.get("dpia_reference", ""),
        )
        messages.success(request, f"Pengaturan swafoto {opd.name} disimpan.")
    except ValidationError as err:
        _errors(request, err)
    return redirect("presence:selfie_policies")


def _review(request, pk: int, *, accept: bool):
    check_in = selectors.reviewable_check_in(request.user, pk)
    try:
        reviews.decide_check_in(
            actor=request.user, check_in=check_in, accept=accept, note=request.POST.get("note", "")
        )
        messages.success(request, "Keputusan atas presensi ditandai disimpan.")
    except ValidationError as err:
        _errors(request, err)
    return redirect("presence:approvals")


@require_POST
@login_required
def accept_check_in(request, pk: int):
    return _review(request, pk, accept=True)


@require_POST
@login_required
def reject_check_in(request, pk: int):
    return _review(request, pk, accept=False)


@access.roles_required(*RECAP_ROLES)
def recap(request):
    """Monthly recap per employee and unit of one OPD (the first when the viewer sees several,
    ?opd= for another) or ?unit=; ?format=csv|xlsx exports every row of it."""
    start = bounds.month_param(request, "bulan", timezone.localdate().replace(day=1))
    year, month = start.year, start.month
    unit_id = bounds.id_param(request, "unit", label="Unit")
    opd_id = bounds.id_param(request, "opd", label="OPD")
    opds = selectors.recap_opds(request.user)
    if not opd_id and not unit_id and len(opds) > 1:
        opd_id = opds[0].pk
    rows = selectors.monthly_recap(request.user, year, month, opd_id=opd_id, unit_id=unit_id)
    fmt = request.GET.get("format")
    filename = f"rekap-presensi-{year}-{month:02d}"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        writer = csv.writer(response)
        writer.writerow([label for _, label in RECAP_COLUMNS])
        for r in rows:
            writer.writerow([r[key] for key, _ in RECAP_COLUMNS])
        return response
    if fmt == "xlsx":
        return _recap_xlsx(rows, filename)
    page = Paginator(rows, RECAP_PAGE_SIZE).get_page(request.GET.get("hal"))
    units = selectors.unit_totals(rows)
    query = {"bulan": f"{year}-{month:02d}", "opd": opd_id or "", "unit": unit_id or ""}
    return render(
        request,
        "presence/recap.html",
        {
            # Cells as plain lists: a loop over values renders a 1,000-row OPD faster than
            # sixteen named lookups per row.
            "cells": [[r[key] for key, _ in RECAP_COLUMNS] for r in page],
            "unit_cells": [[u.get(key, 0) for key in UNIT_KEYS] for u in units],
            "page": page,
            "columns": RECAP_COLUMNS,
            "month": f"{year}-{month:02d}",
            "opds": opds if len(opds) > 1 else [],
            "opd_id": opd_id,
            "opd_name": next((o.name for o in opds if o.pk == opd_id), ""),
            "query": urlencode({k: v for k, v in query.items() if v}),
        },
    )


def _recap_xlsx(rows, filename: str) -> HttpResponse:
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Pegawai"
    sheet.append([label for _, label in RECAP_COLUMNS])
    for r in rows:
        sheet.append([r[key] for key, _ in RECAP_COLUMNS])
    units = book.create_sheet("Unit")
    totals = selectors.unit_totals(rows)
    keys = ["unit", "employees"] + [k for k, _ in RECAP_COLUMNS[4:]]
    units.append(["Unit", "Pegawai"] + [label for _, label in RECAP_COLUMNS[4:]])
    for t in totals:
        units.append([t.get(k, 0) for k in keys])
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


@access.roles_required(Role.ASN)
def field_report(request):
    if request.method == "POST":
        try:
            services.submit_field_report(
                actor=request.user,
                latitude=request.POST.get("latitude"),
                longitude=request.POST.get("longitude"),
                accuracy_m=request.POST.get("accuracy_m") or 0,
                note=request.POST.get("note", ""),
                photo=request.FILES.get("photo"),
            )
            messages.success(request, "Laporan lapangan terkirim.")
            return redirect("presence:field_report")
        except ValidationError as err:
            _errors(request, err)
    return render(request, "presence/field_report.html")


@access.roles_required(Role.ATASAN)
def team_map(request):
    return render(request, "presence/team_map.html")


@access.roles_required(Role.ATASAN)
def team_map_data(request):
    """Latest positions of subordinates today; every call is a logged location view."""
    items = selectors.team_locations(request.user)
    services.log_location_view(
        actor=request.user, employee_ids=[i["employee_id"] for i in items], context_label="peta_tim"
    )
    return JsonResponse({"items": items})


def _parse_date(value) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        raise ValidationError({"work_date": "Tanggal tidak sah (YYYY-MM-DD)."}) from None


def _parse_time(value) -> dt.time | None:
    if not value:
        return None
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise ValidationError({"time_in": "Jam tidak sah (JJ:MM)."}) from None


# The installable check-in app. Both answers are the same for everyone (no personal data), so
# the login page can link the manifest and the worker can be fetched before a session exists.
APP_ICONS = [
    ("presence/icons/icon-192.png", "192x192", "any"),
    ("presence/icons/icon-512.png", "512x512", "any"),
    ("presence/icons/maskable-192.png", "192x192", "maskable"),
    ("presence/icons/maskable-512.png", "512x512", "maskable"),
]
# What the worker stores at install so the check-in page opens without a connection.
OFFLINE_ASSETS = [
    "vendor/pico/pico.min.css",
    "hibrida/hibrida.css",
    "vendor/htmx/htmx.min.js",
    "hibrida/site.js",
    # base.html loads the date picker on every page, the offline check-in page included.
    "vendor/flatpickr/flatpickr.min.css",
    "vendor/flatpickr/flatpickr.min.js",
    "vendor/flatpickr/l10n/id.js",
    "vendor/flatpickr/plugins/monthSelect/style.css",
    "vendor/flatpickr/plugins/monthSelect/index.js",
    "presence/passkey.js",
    "presence/selfie.js",
    "presence/checkin.js",
    "presence/presence_check.js",
    "presence/presence.css",
    "presence/icons/icon-192.png",
]


def manifest(request):
    body = {
        "name": "Hibrida Presensi · Kota Bekasi",
        "short_name": "Presensi",
        "description": "Presensi harian ASN Kota Bekasi (WFO/WFH).",
        "lang": "id",
        "start_url": reverse("presence:check_in"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5d3b",
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for path, sizes, purpose in APP_ICONS
        ],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def service_worker(request):
    """The worker script, with this deployment's static URLs (they carry content hashes)."""
    response = render(
        request,
        "presence/sw.js",
        {
            "config": json.dumps(
                {
                    "page": reverse("presence:check_in"),
                    "api": reverse("api-v1:create_check_in"),
                    "assets": [static(a) for a in OFFLINE_ASSETS],
                }
            )
        },
        content_type="text/javascript; charset=utf-8",
    )
    # A stale worker would keep stale asset URLs; browsers re-check at most daily anyway.
    response["Cache-Control"] = "no-cache"
    return response
