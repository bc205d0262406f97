from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hibrida.operations.backup import BackupError, create_backup, prune


class Command(BaseCommand):
    help = (
        "Mencadangkan basis data (PostgreSQL: pg_dump format custom; SQLite: backup API), berkas "
        "media, dan manifes (ujung rantai audit, jumlah baris per tabel); lalu menghapus cadangan "
        "lama di luar HIBRIDA_BACKUP_KEEP."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="folder cadangan")
        parser.add_argument("--keep", type=int, default=None, help="jumlah cadangan disimpan")

    def handle(self, *args, dir, keep, **options):
        root = dir or settings.HIBRIDA_BACKUP_DIR
        try:
            made = create_backup(root)
            removed = prune(root, keep=keep or settings.HIBRIDA_BACKUP_KEEP)
        except BackupError as err:
            raise CommandError(str(err)) from None
        manifest = made.manifest
        size = sum(f["bytes"] for f in manifest["files"].values())
        self.stdout.write(
            f"Cadangan {made.path}: {len(manifest['tables'])} tabel, "
            f"{sum(manifest['tables'].values())} baris, {manifest['media_files']} berkas media, "
            f"{size / 1e6:.1f} MB, {manifest['seconds']:.1f} dtk."
        )
        for path in removed:
            self.stdout.write(f"Dihapus (retensi): {path}")
