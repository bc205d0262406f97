from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hibrida.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Memulihkan cadangan `hibrida backup` ke basis data KOSONG (DATABASE_URL), lalu "
        "memeriksa jumlah baris dan rantai audit terhadap manifes."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="folder cadangan (berisi manifest.json)")

    def handle(self, *args, path, **options):
        try:
            done = restore_backup(path)
        except BackupError as err:
            raise CommandError(str(err)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Dipulihkan: {done.tables} tabel, {done.rows} baris sama dengan manifes; "
                f"rantai audit utuh ({done.audit_events} peristiwa)."
            )
        )
