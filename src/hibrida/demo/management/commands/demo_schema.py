import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

from hibrida.demo import schema


class Command(BaseCommand):
    help = (
        "Bangun skema SQLite kosong yang sudah dimigrasi (untuk `hibrida demo`), "
        "bila belum ada untuk migrasi saat ini."
    )

    def handle(self, *args, **options):
        path = schema.snapshot_path()
        if path.exists():
            self.stdout.write(f"Skema demo sudah ada: {path}")
            return
        # A fresh embedded database in a folder of its own (data migrations write through the
        # default connection): the demo's own database is left alone.
        with tempfile.TemporaryDirectory() as folder:
            env = {**os.environ, "HIBRIDA_VAR_DIR": folder, "DATABASE_URL": ""}
            subprocess.run(
                [sys.executable, "-m", "hibrida.cli", "migrate", "--no-input", "-v0"],
                env=env,
                check=True,
            )
            source = sqlite3.connect(Path(folder) / "hibrida.sqlite3")
            try:
                schema.save(source)
            finally:
                source.close()
        self.stdout.write(f"Skema demo dibangun: {path}")
