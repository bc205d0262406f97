"""Time the e-Activity demo seed and the heaviest report pages on an existing demo database.

Usage (the demo city must already be seeded into that folder, see README):
    HIBRIDA_VAR_DIR=/tmp/activity-var .venv/bin/python benchmarks/activity_seed.py

The seed runs inside a transaction that is rolled back, so the database is left unchanged.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hibrida.settings")
django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from hibrida.activity import demo_data  # noqa: E402
from hibrida.activity.models import Activity, DailyReport, ReportEvent, SkpTarget  # noqa: E402
from hibrida.demo.registry import DemoContext  # noqa: E402
from hibrida.org.models import User  # noqa: E402


class _Rollback(Exception):
    pass


def main() -> None:
    ctx = DemoContext(seed=2026, rng=random.Random(2026), today=dt.date.today())
    try:
        with transaction.atomic():
            ReportEvent.objects.all().delete()
            Activity.objects.all().delete()
            DailyReport.objects.all().delete()
            SkpTarget.objects.all().delete()
            start = time.perf_counter()
            counts = demo_data.seed(ctx)
            print(f"seed: {time.perf_counter() - start:.1f} s {counts}")
            raise _Rollback
    except _Rollback:
        pass
    client = Client()
    bkpsdm = User.objects.get(username="bkpsdm")
    asn = User.objects.get(username="asn")
    client.force_login(bkpsdm)
    client.get("/laporan/rekap/")  # warm-up
    opd = asn.employee.opd_id
    for url in (
        f"/laporan/rekap/?bulan=2025-12&opd={opd}",
        f"/laporan/rekap/berkas.xlsx?bulan=2025-12&opd={opd}",
        f"/laporan/ekspor/ekinerja/?bulan=2025-12&opd={opd}",
    ):
        start = time.perf_counter()
        status = client.get(url).status_code
        print(f"{url}: {status} in {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
