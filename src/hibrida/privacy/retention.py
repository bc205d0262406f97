"""Retention jobs: each deletes the rows of one personal table past its period, audited.

Periods are settings (register.ACTIVITIES shows them on /privasi/); what is kept and why is in
docs/privacy.md. GPS coarsening stays in presence (presence.tasks.coarsen_old_locations).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from hibrida.activity.models import Notification
from hibrida.audit.log import record_event
from hibrida.meetings.models import SpotCheck
from hibrida.org.models import ApiToken
from hibrida.presence.models import FaceReference, FieldReport, LocationView, SelfieCheck

from .register import declared_tables

Counts = dict[str, int]


def _notifications(cutoff: dt.datetime) -> Counts:
    deleted, _ = Notification.objects.filter(created_at__lt=cutoff).delete()
    return {"activity.Notification": deleted}


def _login_log(cutoff: dt.datetime) -> Counts:
    return {
        model._meta.label: model.objects.filter(attempt_time__lt=cutoff).delete()[0]
        for model in (AccessAttempt, AccessLog, AccessFailureLog)
    }


def _location_views(cutoff: dt.datetime) -> Counts:
    deleted, _ = LocationView.objects.filter(at__lt=cutoff).delete()
    return {"presence.LocationView": deleted}


def _tokens(cutoff: dt.datetime) -> Counts:
    # A live token is never removed: only one revoked, or expired, longer ago than the period.
    old = ApiToken.objects.filter(Q(revoked=True, revoked_at__lt=cutoff) | Q(expires_at__lt=cutoff))
    deleted, _ = old.delete()
    return {"org.ApiToken": deleted}


def _field_photos(cutoff: dt.datetime) -> Counts:
    rows = FieldReport.objects.filter(at__lt=cutoff).exclude(photo="")
    names = list(rows.values_list("pk", "photo"))
    storage = FieldReport._meta.get_field("photo").storage
    rows.update(photo="")

    def delete_files() -> None:
        for _, name in names:
            storage.delete(name)

    # Files go after the rows no longer point at them; a crash in between leaves an orphan
    # file (counted in the next backup's media), never a row pointing at nothing.
    transaction.on_commit(delete_files)
    return {"presence.FieldReport.photo": len(names)}


def _drop_files(rows: QuerySet[Any], fields: tuple[str, ...]) -> int:
    """Blank ``fields`` of ``rows`` and delete their files after the commit (as above)."""
    model = rows.model
    names = [n for values in rows.values_list(*fields) for n in values if n]
    rows.update(**{f: "" for f in fields})
    storage = model._meta.get_field(fields[0]).storage

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return len(names)


def _selfies(cutoff: dt.datetime) -> Counts:
    # The embedding, the distances and the verdict stay: they are the atasan's evidence.
    rows = SelfieCheck.objects.filter(received_at__lt=cutoff).exclude(first="", second="")
    return {"presence.SelfieCheck.frames": _drop_files(rows, ("first", "second"))}


def _face_photos(cutoff: dt.datetime) -> Counts:
    # Kept while pending (the atasan compares it with the person); gone once decided.
    rows = FaceReference.objects.filter(decided_at__lt=cutoff).exclude(photo="")
    return {"presence.FaceReference.photo": _drop_files(rows, ("photo",))}


def _spot_checks(cutoff: dt.datetime) -> Counts:
    deleted, _ = SpotCheck.objects.filter(day__lt=timezone.localdate(cutoff)).delete()
    return {"meetings.SpotCheck": deleted}


@dataclass(frozen=True)
class Job:
    key: str
    setting: str
    tables: tuple[str, ...]
    run: Callable[[dt.datetime], Counts]
    what: str


JOBS: dict[str, Job] = {
    j.key: j
    for j in (
        Job(
            "notifikasi",
            "HIBRIDA_NOTIFICATION_RETENTION_DAYS",
            ("activity.Notification",),
            _notifications,
            "Notifikasi dalam aplikasi",
        ),
        Job(
            "log_masuk",
            "HIBRIDA_LOGIN_LOG_RETENTION_DAYS",
            ("axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"),
            _login_log,
            "Percobaan masuk dan penguncian",
        ),
        Job(
            "lihat_lokasi",
            "HIBRIDA_LOCATION_VIEW_RETENTION_DAYS",
            ("presence.LocationView",),
            _location_views,
            "Catatan siapa melihat lokasi",
        ),
        Job(
            "token_api",
            "HIBRIDA_API_TOKEN_RETENTION_DAYS",
            ("org.ApiToken",),
            _tokens,
            "Token API yang dicabut atau kedaluwarsa",
        ),
        Job(
            "foto_lapangan",
            "HIBRIDA_FIELD_PHOTO_RETENTION_DAYS",
            ("presence.FieldReport",),
            _field_photos,
            "Foto laporan lapangan",
        ),
        Job(
            "spot_check",
            "HIBRIDA_SPOT_CHECK_RETENTION_DAYS",
            ("meetings.SpotCheck",),
            _spot_checks,
            "Catatan spot check",
        ),
        Job(
            "swafoto",
            "HIBRIDA_SELFIE_RETENTION_DAYS",
            ("presence.SelfieCheck",),
            _selfies,
            "Swafoto presensi (embedding dan skor tetap disimpan)",
        ),
        Job(
            "foto_wajah",
            "HIBRIDA_FACE_PHOTO_RETENTION_DAYS",
            ("presence.FaceReference",),
            _face_photos,
            "Foto rujukan wajah yang sudah diputuskan (embedding tetap disimpan)",
        ),
    )
}


def job_periods() -> list[dict[str, object]]:
    """Each job with its current period, for the privacy page."""
    return [
        {"key": j.key, "what": j.what, "setting": j.setting, "days": getattr(settings, j.setting)}
        for j in JOBS.values()
    ]


def apply_retention(job_key: str, *, now: dt.datetime | None = None) -> Counts:
    """Run one job in one transaction with its audit event (rows deleted per table, cutoff)."""
    job = JOBS[job_key]
    days = int(getattr(settings, job.setting))
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=days)
    with transaction.atomic():
        counts = job.run(cutoff)
        record_event(
            actor=None,
            action="privacy.retention",
            object_type="privacy.retention",
            object_id=job.key,
            after={"setting": job.setting, "days": days, "cutoff": cutoff.isoformat(), **counts},
        )
    return counts


def undeclared_job_tables() -> list[str]:
    """Job tables missing from the record of processing (a test keeps this empty)."""
    declared = declared_tables()
    return [t for j in JOBS.values() for t in j.tables if t not in declared]
