import random
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from hibrida.demo.accounts import (
    create_demo_accounts,
    create_employee_logins,
    demo_password_hash,
)
from hibrida.demo.generator import generate_city
from hibrida.demo.registry import DemoContext, children_cpu, seed_apps
from hibrida.org.models import Employee


@contextmanager
def _bulk_load_pragmas() -> Iterator[None]:
    """SQLite settings for the one-transaction load of ~1 million rows, restored afterwards.

    A 256 MB page cache: with the default 2 MB the index pages are written out and read back
    over and over. A rollback journal instead of WAL: SQLite journals no page past the end of
    the file as it was, so into an empty file each page is written once, not to the WAL and
    again at the checkpoint; a failed load still rolls back. No fsync until the end.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size")
        cache = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")  # KiB
        cursor.execute("PRAGMA journal_mode = DELETE")
        cursor.execute("PRAGMA synchronous = OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous = {int(synchronous)}")
            cursor.execute(f"PRAGMA journal_mode = {journal}")
            cursor.execute(f"PRAGMA cache_size = {int(cache)}")


class Command(BaseCommand):
    help = (
        "Membangun kota Bekasi sintetis (OPD, unit, jabatan, ASN, akun demo) di basis data kosong."
    )

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=12_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--skip-apps", action="store_true", help="hanya organisasi")
        parser.add_argument("--fast", action="store_true", help="riwayat pendek (untuk uji)")

    def handle(self, *args, employees, seed, skip_apps, fast, **options):
        if employees < 500:
            raise CommandError("--employees minimal 500 (44 OPD dengan struktur lengkap).")
        if Employee.objects.exists():
            raise CommandError(
                "Basis data sudah berisi pegawai; data demo hanya dimuat ke basis data kosong."
            )
        start, cpu, workers_before = time.perf_counter(), time.process_time(), children_cpu()
        with _bulk_load_pragmas(), transaction.atomic():
            # All or nothing: a half-loaded demo would make `hibrida demo` skip seeding forever.
            counts = generate_city(n_employees=employees, seed=seed)
            password = demo_password_hash()
            accounts = create_demo_accounts(password)
            elapsed = time.perf_counter() - start
            self.stdout.write(
                f"Kota dibangun dalam {elapsed:.1f} dtk (CPU {time.process_time() - cpu:.1f}): "
                f"{counts}"
            )
            if not skip_apps:
                now = timezone.now()
                ctx = DemoContext(
                    seed=seed,
                    rng=random.Random(seed),
                    today=timezone.localdate(now),
                    accounts=accounts,
                    fast=fast,
                    now=now,
                )
                seed_apps(ctx, log=self.stdout.write)
            # After the apps: they give history to the demo logins' people, and every
            # employee having a login must not turn that into the whole city.
            logins = create_employee_logins(password)
            self.stdout.write(f"Akun pegawai sintetis (NIP): {logins}")
        workers = children_cpu() - workers_before
        self.stdout.write(
            f"Selesai dalam {time.perf_counter() - start:.1f} dtk "
            f"(CPU {time.process_time() - cpu:.1f} dtk"
            + (f" + pekerja paralel {workers:.1f} dtk)." if workers >= 0.05 else ").")
        )
