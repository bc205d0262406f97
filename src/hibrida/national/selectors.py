"""Reads of the national integration, scoped through org/access.py: BKPSDM (and an active
superuser) run it; the Inspektorat reads it; nobody else sees it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from hibrida.org import access
from hibrida.org.models import User
from hibrida.presence import selectors as presence_selectors
from hibrida.roster import selectors as roster_selectors
from hibrida.roster.modes import WorkMode

from . import simpegnas
from .models import BknSubmission, SyncItem, SyncRun


def may_run(user: User) -> bool:
    """Run a sync, apply or discard its diff, queue results, import attendance."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or access.scope_for(user).has(access.Role.BKPSDM)


def may_read(user: User) -> bool:
    """See the runs, their diffs and the queue (the Inspektorat reads everything)."""
    return may_run(user) or (
        user.is_authenticated and access.scope_for(user).has(access.Role.INSPEKTORAT)
    )


def simpegnas_enabled() -> bool:
    return bool(settings.HIBRIDA_SIMPEGNAS_ENABLED)


def runs(viewer: User) -> QuerySet[SyncRun]:
    access.require(may_read(viewer), "Halaman ini hanya untuk BKPSDM dan Inspektorat.")
    return SyncRun.objects.annotate(n_items=Count("items")).select_related("started_by")


def get_run(viewer: User, pk: int) -> SyncRun:
    try:
        return runs(viewer).get(pk=pk)
    except SyncRun.DoesNotExist:
        raise Http404("Sinkronisasi tidak ditemukan.") from None


def run_items(viewer: User, run: SyncRun) -> QuerySet[SyncItem]:
    access.require(may_read(viewer), "Halaman ini hanya untuk BKPSDM dan Inspektorat.")
    return run.items.all()


def submissions(viewer: User, status: str = "") -> QuerySet[BknSubmission]:
    access.require(may_read(viewer), "Halaman ini hanya untuk BKPSDM dan Inspektorat.")
    qs = BknSubmission.objects.select_related("employee")
    return qs.filter(status=status) if status else qs


def submission_counts(viewer: User) -> dict[str, int]:
    rows = submissions(viewer).order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def simpegnas_days(viewer: User, start: dt.date, end: dt.date) -> list[simpegnas.Day]:
    """The city's WFO/WFH days with check-ins in [start, end], in Simpegnas' terms; days
    planned as leave, duty or field work are not Simpegnas days."""
    access.require(may_run(viewer), "Ekspor Simpegnas hanya untuk BKPSDM.")
    employees = dict(
        access.visible_employees(viewer).filter(is_active=True).values_list("id", "nip")
    )
    summaries = presence_selectors.attendance_summary(employees, start, end)
    modes = roster_selectors.planned_modes(employees, start, end)
    tz = timezone.get_current_timezone()
    out = []
    for (emp, day), s in sorted(summaries.items(), key=lambda kv: (employees[kv[0][0]], kv[0][1])):
        mode = modes.get((emp, day), WorkMode.WFO)  # no published plan: an office day
        if mode not in simpegnas.MODES:
            continue
        first_in, last_out = s["first_in"], s["last_out"]
        out.append(
            simpegnas.day_row(
                employees[emp],
                day,
                mode,
                first_in.astimezone(tz).time().replace(second=0, microsecond=0)
                if first_in
                else None,
                last_out.astimezone(tz).time().replace(second=0, microsecond=0)
                if last_out
                else None,
                # Within the tolerance a day is on time; past it the whole lateness counts.
                s["late_minutes"] if s["late_tier"] else 0,
                s["early_minutes"] if s["early_tier"] else 0,
            )
        )
    return out
