"""National integration pages for BKPSDM (the Inspektorat reads): SIASN sync runs and their
diff, the results queue to BKN, the Simpegnas attendance bridge."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hibrida import bounds
from hibrida.org import access

from . import diff, payloads, selectors, services, simpegnas, tasks
from .models import RunStatus, SendStatus, SyncRun

READ = _("Halaman ini hanya untuk BKPSDM dan Inspektorat.")
RUN = _("Hanya BKPSDM yang menjalankan integrasi nasional.")


def _say(request, err: ValidationError) -> None:
    for text in err.message_dict.values() if hasattr(err, "message_dict") else [err.messages]:
        messages.error(request, " ".join(text))


@access.page_check(selectors.may_read, READ)
def index(request):
    return render(
        request,
        "national/index.html",
        {
            "runs": selectors.runs(request.user)[:50],
            "configured": services.config().configured,
            "may_run": selectors.may_run(request.user),
            "counts": selectors.submission_counts(request.user),
            "simpegnas": selectors.simpegnas_enabled(),
        },
    )


@require_POST
@access.page_check(selectors.may_run, RUN)
def sync_now(request):
    extra = [n.strip() for n in request.POST.get("nips", "").replace(",", " ").split() if n.strip()]
    bad = [n for n in extra if not (len(n) == 18 and n.isascii() and n.isdigit())]
    if bad:
        messages.error(request, _("NIP harus 18 angka: %(bad)s") % {"bad": ", ".join(bad[:5])})
        return redirect("national:index")
    try:
        services.client()  # refuses an unconfigured gateway before anything is queued
        result = tasks.manual_sync.delay(request.user.pk, extra)
    except ValidationError as err:
        _say(request, err)
        return redirect("national:index")
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        messages.success(request, _("Sinkronisasi berjalan; hasilnya muncul di daftar ini."))
        return redirect("national:index")
    run = SyncRun.objects.get(pk=result.get())
    if run.status == RunStatus.FAILED:
        messages.error(request, _("Sinkronisasi gagal: %(e)s") % {"e": run.error})
    return redirect("national:run", pk=run.pk)


@access.page_check(selectors.may_read, READ)
def run_detail(request, pk: int):
    run = selectors.get_run(request.user, pk)
    return render(
        request,
        "national/run.html",
        {
            "run": run,
            "items": selectors.run_items(request.user, run),
            "labels": diff.FIELD_LABELS,
            "may_decide": selectors.may_run(request.user) and run.status == RunStatus.DRAFT,
        },
    )


@require_POST
@access.page_check(selectors.may_run, RUN)
def apply(request, pk: int):
    run = selectors.get_run(request.user, pk)
    choices: dict[int, dict[str, str]] = {}
    for name, value in request.POST.items():
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "pilihan" and parts[1].isdigit():
            choices.setdefault(int(parts[1]), {})[parts[2]] = value
    try:
        services.apply_run(
            actor=request.user, run=run, choices=choices, note=request.POST.get("note", "")
        )
    except ValidationError as err:
        _say(request, err)
    else:
        messages.success(request, _("Perubahan dari SIASN diterapkan."))
    return redirect("national:run", pk=run.pk)


@require_POST
@access.page_check(selectors.may_run, RUN)
def discard(request, pk: int):
    run = selectors.get_run(request.user, pk)
    try:
        services.discard_run(actor=request.user, run=run, note=request.POST.get("note", ""))
    except ValidationError as err:
        _say(request, err)
    else:
        messages.success(request, _("Hasil sinkronisasi dibuang; data Hibrida tidak berubah."))
    return redirect("national:run", pk=run.pk)


@access.page_check(selectors.may_read, READ)
def queue(request):
    status = request.GET.get("status", "")
    if status not in SendStatus.values:
        status = ""
    today = timezone.localdate()
    return render(
        request,
        "national/queue.html",
        {
            "rows": selectors.submissions(request.user, status)[:500],
            "status": status,
            "statuses": SendStatus.choices,
            "counts": selectors.submission_counts(request.user),
            "may_run": selectors.may_run(request.user),
            "operations": payloads.OPERATIONS,
            "year": today.year,
            "month": today.month,
        },
    )


def _int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None


@require_POST
@access.page_check(selectors.may_run, RUN)
def queue_results(request):
    operation = request.POST.get("operation", "")
    year = _int(request.POST.get("year", ""))
    month = _int(request.POST.get("month", ""))
    try:
        if year is None:
            raise ValidationError({"year": _("Tahun harus angka.")})
        counts = services.queue_results(
            actor=request.user,
            operation=operation,
            year=year,
            month=month if operation == payloads.KINERJA_PERIODIK else None,
        )
    except ValidationError as err:
        _say(request, err)
        return redirect("national:queue")
    messages.success(
        request,
        _(
            "%(q)d data diantrekan, %(a)d sudah ada di antrean, %(n)d tanpa id SIASN "
            "(sinkronkan dulu), %(s)d tanpa nilai kinerja."
        )
        % {
            "q": counts["queued"],
            "a": counts["already"],
            "n": counts["no_siasn_id"],
            "s": counts["no_score"],
        },
    )
    if counts["queued"] and services.config().configured:
        tasks.send_pending.delay()
    return redirect("national:queue")


def _require_simpegnas() -> None:
    if not selectors.simpegnas_enabled():
        raise Http404(_("Jembatan Simpegnas tidak diaktifkan untuk kota ini."))


@access.page_check(selectors.may_run, RUN)
def simpegnas_page(request):
    _require_simpegnas()
    today = timezone.localdate()
    return render(
        request,
        "national/simpegnas.html",
        {
            "start": today.replace(day=1),
            "end": today,
            "columns": simpegnas.COLUMNS,
            "tiers": simpegnas.TIERS,
            "source": simpegnas.TIER_SOURCE,
        },
    )


@access.page_check(selectors.may_run, RUN)
def simpegnas_export(request):
    _require_simpegnas()
    today = timezone.localdate()
    start = bounds.date_param(request, "mulai", today.replace(day=1))
    end = bounds.date_param(request, "sampai", today)
    if end < start or end - start > dt.timedelta(days=92):
        messages.error(request, _("Rentang tanggal harus urut dan paling lama 92 hari."))
        return redirect("national:simpegnas")
    body = simpegnas.write_csv(selectors.simpegnas_days(request.user, start, end))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="simpegnas-{start}-{end}.csv"'
    return response


@require_POST
@access.page_check(selectors.may_run, RUN)
def simpegnas_import(request):
    _require_simpegnas()
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Pilih berkas CSV Simpegnas."))
        return redirect("national:simpegnas")
    if upload.size > 5 * 1024 * 1024:
        messages.error(request, _("Berkas paling besar 5 MB."))
        return redirect("national:simpegnas")
    count, errors = services.import_simpegnas(actor=request.user, content=upload.read())
    if errors:
        today = timezone.localdate()
        return render(
            request,
            "national/simpegnas.html",
            {
                "errors": errors,
                "start": today.replace(day=1),
                "end": today,
                "columns": simpegnas.COLUMNS,
                "tiers": simpegnas.TIERS,
                "source": simpegnas.TIER_SOURCE,
            },
            status=400,
        )
    messages.success(request, _("%(n)d hari presensi Simpegnas diimpor.") % {"n": count})
    return redirect("national:simpegnas")
