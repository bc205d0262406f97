"""What a data subject may take away (Pasal 32): their own rows of every declared table."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hibrida.audit.models import AuditEvent
from hibrida.org import access
from hibrida.org.models import Employee, User
from hibrida.presence.models import LocationView

from .register import ACTIVITIES, EMPLOYEE, USER, USERNAME, Table

# Object ids per IN list: under SQLite's and PostgreSQL's parameter limits with room to spare.
CHUNK = 500


def own_employee(viewer: User) -> Employee:
    """The viewer's own employee record; an account without one has nothing to download."""
    scope = access.scope_for(viewer)
    if scope.employee_id is None:
        raise Http404("Akun ini tidak terhubung dengan pegawai.")
    return access.get_visible_employee(viewer, scope.employee_id)


def _subject_filter(table: Table, employee: Employee, user: User) -> Q:
    values = {EMPLOYEE: employee.pk, USER: user.pk, USERNAME: user.get_username()}
    condition = Q(pk__in=[])
    for lookup, kind in table.subject:
        condition |= Q(**{lookup: values[kind]})
    return condition


def _rows(table: Table, employee: Employee, user: User) -> QuerySet:
    model = apps.get_model(table.label)
    fields = [
        f.attname
        for f in model._meta.concrete_fields
        if f.name not in table.secret_fields and f.attname not in table.secret_fields
    ]
    return (
        model._default_manager.filter(_subject_filter(table, employee, user))
        .order_by("pk")
        .values(*fields)
    )


def location_views_of(viewer: User) -> QuerySet[LocationView]:
    """Who looked at the viewer's own location (newest first); only ever one's own."""
    employee = own_employee(viewer)
    return LocationView.objects.filter(employee_id=employee.pk).select_related("viewer__employee")


def viewer_label(view: LocationView) -> str:
    person = view.viewer.employee
    return f"{person.name} ({person.nip})" if person else view.viewer.get_username()


def _audit_about(rows: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Audit events whose object is one of the exported rows (the history of the subject's data)."""
    events: list[dict[str, Any]] = []
    fields = ("seq", "at", "actor_label", "action", "object_type", "object_id", "before", "after")
    for label, items in rows.items():
        ids = [str(r["id"]) for r in items if "id" in r]
        for start in range(0, len(ids), CHUNK):
            events += AuditEvent.objects.filter(
                object_type=label.lower(), object_id__in=ids[start : start + CHUNK]
            ).values(*fields)
    events.sort(key=lambda e: e["seq"])
    return events


def own_files(data: dict[str, Any]) -> list[str]:
    """Paths (under MEDIA_ROOT) of the files named in the subject's rows, e.g. field photos."""
    names: set[str] = set()
    for activity in ACTIVITIES:
        for table in activity.tables:
            for row in data["data"].get(table.label, ()):
                names.update(row[f] for f in table.file_fields if row.get(f))
    return sorted(names)


def personal_data(viewer: User) -> dict[str, Any]:
    """Everything the system holds about the viewer, as JSON-ready data, in one answer."""
    employee = own_employee(viewer)
    user = viewer
    tables: dict[str, list[dict[str, Any]]] = {}
    left_out: dict[str, str] = {}
    for activity in ACTIVITIES:
        for table in activity.tables:
            if table.not_downloaded:
                left_out[table.label] = table.not_downloaded
                continue
            tables[table.label] = list(_rows(table, employee, user))
    views = [
        {
            "waktu": v.at,
            "pelihat": viewer_label(v),
            "halaman": v.context,
        }
        for v in location_views_of(viewer)
    ]
    return {
        "dibuat": timezone.now(),
        "pegawai": {"id": employee.pk, "nip": employee.nip, "nama": employee.name},
        "data": tables,
        "peristiwa_audit_tentang_data_ini": _audit_about(tables),
        "riwayat_lihat_lokasi": views,
        "tidak_disertakan": left_out,
    }
