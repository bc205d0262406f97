"""Time one ASN's self-download (/privasi/saya/unduh/) on an existing demo database.

Usage (the demo city must already be seeded into that folder, see README):
    HIBRIDA_VAR_DIR=/tmp/privacy-var .venv/bin/python benchmarks/privacy_download.py

Prints, for the employees with the most check-ins: rows, queries, archive bytes and seconds.
Each download writes its audit event, as in production.
"""

from __future__ import annotations

import io
import json
import os
import time
import zipfile

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hibrida.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from hibrida.org.models import User  # noqa: E402

SAMPLE = 5


def main() -> None:
    users = (
        User.objects.filter(employee__isnull=False, is_active=True)
        .annotate(n=Count("employee__check_ins"))
        .order_by("-n", "pk")[:SAMPLE]
    )
    print(f"{'NIP':<20}{'rows':>8}{'audit':>8}{'queries':>9}{'KB':>8}{'s':>8}")
    for user in users:
        client = Client()
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            answer = client.get("/privasi/saya/unduh/")
            body = b"".join(answer.streaming_content)
            seconds = time.perf_counter() - started
        data = json.loads(zipfile.ZipFile(io.BytesIO(body)).read("data.json"))
        rows = sum(len(r) for r in data["data"].values())
        audit = len(data["peristiwa_audit_tentang_data_ini"])
        nip = data["pegawai"]["nip"]
        print(
            f"{nip:<20}{rows:>8}{audit:>8}{len(queries):>9}{len(body) / 1024:>8.1f}{seconds:>8.2f}"
        )


if __name__ == "__main__":
    main()
