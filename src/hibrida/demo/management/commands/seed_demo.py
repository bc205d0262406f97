import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from hibrida.demo.accounts import create_demo_accounts, create_employee_logins
from hibrida.demo.generator import generate_city
from hibrida.demo.registry import DemoContext, seed_apps
from hibrida.org.models import Employee


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
        start = time.perf_counter()
        if connection.vendor == "sqlite":
            # The load is one transaction of ~900,000 rows: with SQLite's default 2 MB page
            # cache the index pages are written out and read back over and over.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")  # KiB: 256 MB, this connection
        # All or nothing: a half-loaded demo would make `hibrida demo` skip seeding forever.
        with transaction.atomic():
            counts = generate_city(n_employees=employees, seed=seed)
            accounts = create_demo_accounts()
            elapsed = time.perf_counter() - start
            self.stdout.write(f"Kota dibangun dalam {elapsed:.1f} dtk: {counts}")
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
            logins = create_employee_logins()
            self.stdout.write(f"Akun pegawai sintetis (NIP): {logins}")
        self.stdout.write(f"Selesai dalam {time.perf_counter() - start:.1f} dtk.")
