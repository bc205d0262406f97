"""Writes of the privacy app: every download of personal data leaves an audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from hibrida.audit.log import record_event
from hibrida.org.models import User

from . import selectors


@transaction.atomic
def download_own_data(*, actor: User) -> dict[str, Any]:
    """The subject's data (selectors.personal_data) and the audit event that it left the system."""
    data = selectors.personal_data(actor)
    record_event(
        actor=actor,
        action="privacy.self_download",
        object_type="org.employee",
        object_id=data["pegawai"]["id"],
        after={
            "rows": {label: len(rows) for label, rows in data["data"].items() if rows},
            "audit_events": len(data["peristiwa_audit_tentang_data_ini"]),
            "location_views": len(data["riwayat_lihat_lokasi"]),
        },
    )
    return data
