import os
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from hibrida.demo import schema
from hibrida.demo.accounts import DEMO_PASSWORD, swap_colleague
from hibrida.org.models import Employee, User

ACCOUNTS = [
    ("asn", "ASN (pegawai)"),
    ("atasan", "Atasan langsung"),
    ("admin.opd", "Admin OPD (BKPSDM)"),
    ("bkpsdm", "Admin BKPSDM (kota)"),
    ("inspektorat", "Inspektorat"),
    ("diskominfo", "Operator Diskominfostandi"),
]


class Command(BaseCommand):
    help = "Migrasi basis data tertanam, muat demo Kota Bekasi bila kosong, lalu layani di http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true")

    def handle(self, *args, addrport, no_serve, **options):
        from django.conf import settings

        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        fresh = schema.is_empty_sqlite(connection)
        restored = fresh and schema.restore(connection)
        # Also after a restore: applies nothing, or the migrations newer than the snapshot.
        call_command("migrate", interactive=False, verbosity=0)
        if fresh and not restored:
            connection.ensure_connection()
            try:
                schema.save(connection.connection)
            except OSError as err:
                # Only the next load is slower: this one goes on.
                self.stderr.write(f"Skema demo tidak dapat disimpan ({err}); dilanjutkan.")
        how = "salinan skema" if restored else "migrasi"
        self.stdout.write(f"Basis data siap ({how}) dalam {time.perf_counter() - started:.1f} dtk.")
        if not Employee.objects.exists():
            self.stdout.write("Memuat demo Kota Bekasi (12.000 ASN)...")
            call_command("seed_demo")
        self.stdout.write(f"\nAkun demo (kata sandi sama untuk semua: {DEMO_PASSWORD})")
        for username, role in ACCOUNTS:
            user = User.objects.filter(username=username).select_related("employee").first()
            who = user.employee.name if user and user.employee else "-"
            self.stdout.write(f"  {username:<12} {role:<28} {who}")
        self.stdout.write(
            "  Setiap pegawai sintetis juga dapat masuk dengan NIP-nya dan kata sandi yang sama."
        )
        colleague = swap_colleague()
        if colleague is not None:
            self.stdout.write(
                f"  Rekan satu unit `asn` untuk mencoba tukar jadwal: {colleague.name} "
                f"(NIP {colleague.nip})"
            )
        self.stdout.write(f"\nBuka http://{addrport}/ dan masuk dengan salah satu akun di atas.\n")
        if not no_serve:
            # An IP address cannot be a WebAuthn relying-party id, and demo accounts have no
            # passkey yet: the demo flags check-ins without one (for the atasan inbox) unless
            # the environment sets a mode (open http://localhost:8000/ to enrol a passkey).
            if "HIBRIDA_PASSKEY_DEFAULT_MODE" not in os.environ:
                settings.HIBRIDA_PASSKEY_DEFAULT_MODE = "fallback"
            call_command("runserver", addrport, use_reloader=False)
