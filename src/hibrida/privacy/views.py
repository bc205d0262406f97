"""The privacy page (anonymous), its export, and the data subject's own page and download."""

from __future__ import annotations

import csv
import json
import tempfile
import zipfile

from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hibrida.org import access
from hibrida.org.access import AuthedRequest, Role

from . import register, retention, selectors, services


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/index.html",
        {
            "activities": register.ACTIVITIES,
            "jobs": retention.job_periods(),
            "dpo": register.dpo_contact(),
        },
    )


@require_GET
def record_json(request: HttpRequest) -> HttpResponse:
    body = {
        "dibuat": timezone.now(),
        "pejabat_pelindungan_data": register.dpo_contact(),
        "kegiatan_pemrosesan": register.record_rows(),
        "retensi": retention.job_periods(),
    }
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="catatan-pemrosesan.json"'
    return response


@require_GET
def record_csv(request: HttpRequest) -> HttpResponse:
    rows = register.record_rows()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="catatan-pemrosesan.csv"'
    writer = csv.DictWriter(response, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return response


@require_GET
@access.roles_required(Role.ASN)
def mine(request: AuthedRequest) -> HttpResponse:
    views = [
        {"at": v.at, "viewer": selectors.viewer_label(v), "context": v.context}
        for v in selectors.location_views_of(request.user)[:500]
    ]
    return render(request, "privacy/mine.html", {"views": views})


@require_GET
@access.roles_required(Role.ASN)
def download(request: AuthedRequest) -> FileResponse:
    """One ZIP: data.json (every row, the audit trail, the location-view log) and the files
    those rows name (field photos, report evidence) under berkas/."""
    data = services.download_own_data(actor=request.user)
    # Spooled: a few MB of photos stay in memory, a large archive goes to a temporary file.
    # FileResponse closes it once sent, hence no context manager.
    archive = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    names = selectors.own_files(data)
    present = [n for n in names if default_storage.exists(n)]
    # A named file that is gone is reported in the archive, not silently left out.
    data["berkas"] = {"disertakan": present, "tidak_ditemukan": sorted(set(names) - set(present))}
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
        )
        for name in present:
            with default_storage.open(name, "rb") as handle:
                z.writestr(f"berkas/{name}", handle.read())
    archive.seek(0)
    nip = data["pegawai"]["nip"]
    return FileResponse(
        archive,
        as_attachment=True,
        filename=f"data-pribadi-{nip}.zip",
        content_type="application/zip",
    )
