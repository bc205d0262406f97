"""`hibrida solve_roster`: the pure roster solver on JSON files (problem in, solution out).

Touches no database: Django is only the command runner here, so the command works on a machine
without the application's database, and system checks are skipped for the same reason.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hibrida.roster.problem import ProblemError
from hibrida.roster.solver import solve


class Command(BaseCommand):
    help = (
        "Menyusun jadwal WFH/WFO yang adil dari berkas masalah JSON (tanpa basis data); "
        "masukan tidak sah ditolak dengan pesan yang menyebut kolomnya."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="berkas masalah (JSON)")
        parser.add_argument("--output", required=True, help="berkas solusi (JSON)")
        parser.add_argument(
            "--time-limit", type=float, default=10.0, help="batas waktu dalam detik (bawaan 10)"
        )
        parser.add_argument("--workers", type=int, default=1, help="thread CP-SAT (bawaan 1)")
        parser.add_argument(
            "--engine",
            choices=["flow", "cpsat"],
            default="flow",
            help="flow (bawaan, optimum eksak dan cepat) atau cpsat (bertahap, untuk pembanding)",
        )

    def handle(self, *args, input, output, time_limit, workers, engine, **options):
        if time_limit < 0:
            raise CommandError("--time-limit: tidak boleh negatif")
        try:
            text = Path(input).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"input: berkas tidak dapat dibaca: {exc}") from exc
        try:
            problem = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"input: JSON tidak sah (baris {exc.lineno}, kolom {exc.colno}): {exc.msg}"
            ) from exc
        try:
            solution = solve(problem, time_limit_s=time_limit, workers=workers, engine=engine)
        except ProblemError as exc:
            raise CommandError(f"Masukan tidak sah — {exc.field}: {exc.message}") from exc
        _write_atomically(Path(output), solution)
        self.stdout.write(
            f"{solution['status']}: {len(solution['units'])} unit, "
            f"{len(solution['assignments'])} pegawai, kekurangan maks "
            f"{solution['max_shortfall']}, total {solution['total_shortfall']}, "
            f"{solution['solve_seconds']:.2f} dtk → {output}"
        )


def _write_atomically(path: Path, solution: dict) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", suffix=".tmp")
    except OSError as exc:
        raise CommandError(f"output: berkas tidak dapat ditulis: {exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(solution, handle, ensure_ascii=False)
        # mkstemp makes the file private (0600); give it the permissions of a normal file
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CommandError(f"output: berkas tidak dapat ditulis: {exc}") from exc
