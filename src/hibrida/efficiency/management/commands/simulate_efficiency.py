"""`hibrida simulate_efficiency --input scenario.json`: the cost model, JSON on stdout."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from hibrida.efficiency.model import ModelInputError
from hibrida.efficiency.selectors import simulation_report


class Command(BaseCommand):
    help = (
        "Simulasi efisiensi biaya kantor (skenario WFH) dari berkas JSON; hasil JSON ke stdout. "
        "Skema masukan: docs/efficiency.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="berkas skenario JSON ('-' = stdin)")

    def handle(self, *args, input, **options):
        try:
            if input == "-":
                data = json.load(sys.stdin)
            else:
                with open(input, encoding="utf-8") as handle:
                    data = json.load(handle)
        except FileNotFoundError:
            raise CommandError(f"Berkas masukan '{input}' tidak ditemukan.") from None
        except json.JSONDecodeError as err:
            raise CommandError(
                f"Berkas masukan bukan JSON yang sah (baris {err.lineno}, kolom {err.colno})."
            ) from None
        try:
            # The command line is the operator's own tool: no viewer scoping applies.
            report = simulation_report(data, use_database=True)
        except ModelInputError as err:
            raise CommandError(
                f"Masukan tidak sah pada kolom '{err.field}': {err.message}."
            ) from None
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
