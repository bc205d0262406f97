from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hibrida.audit import timestamp
from hibrida.audit.anchors import anchor_digest, anchor_line, check_external, parse_anchor_file
from hibrida.audit.verify import verify_stored_chain


class Command(BaseCommand):
    help = (
        "Memeriksa rantai hash log audit; keluar 0 bila utuh, "
        "selain itu menyebut peristiwa pertama yang rusak. Dengan --anchors BERKAS, rantai juga "
        "dicocokkan dengan jangkar harian yang disimpan di luar sistem."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchors",
            metavar="BERKAS",
            help="berkas JSON lines jangkar harian (unduhan /publik/jangkar-audit.jsonl)",
        )
        parser.add_argument(
            "--tsa-ca",
            metavar="BERKAS",
            default=None,
            help="sertifikat CA otoritas waktu RFC 3161 (bawaan: HIBRIDA_TSA_CA_FILE)",
        )

    def handle(self, *args, **options):
        problems = []
        count, problem = verify_stored_chain()
        if problem is not None:
            problems.append(f"Rantai audit RUSAK pada peristiwa #{problem.seq}: {problem.message}")
        if options["anchors"]:
            problems += self._check_anchors(Path(options["anchors"]), options["tsa_ca"])
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(self.style.SUCCESS(f"Rantai audit utuh: {count} peristiwa diperiksa."))

    def _check_anchors(self, path: Path, tsa_ca: str | None) -> list[str]:
        try:
            external = parse_anchor_file(path.read_text(encoding="utf-8"))
        except OSError as err:
            raise CommandError(f"Berkas jangkar tidak dapat dibaca: {err}") from err
        except ValueError as err:
            raise CommandError(f"Berkas jangkar tidak sah: {err}") from err
        problems = []
        checked, disagreement = check_external(external)
        if disagreement is not None:
            problems.append(
                f"Rantai audit TIDAK COCOK dengan jangkar luar sejak hari "
                f"{disagreement.day.isoformat()}: {disagreement.message}"
            )
        ca = tsa_ca or settings.HIBRIDA_TSA_CA_FILE
        tokens = 0
        for anchor in external:
            if anchor.tsa_token is None:
                continue
            line = anchor_line(anchor.day, anchor.last_seq, anchor.head_hash)
            try:
                at = timestamp.check_token(
                    anchor.tsa_token, anchor_digest(anchor.day, anchor.last_seq, anchor.head_hash)
                )
                if ca:
                    timestamp.verify_signature(anchor.tsa_token, line, Path(ca))
            except timestamp.TimestampError as err:
                problems.append(f"Stempel waktu hari {anchor.day.isoformat()} tidak sah: {err}")
                continue
            tokens += 1
            self.stdout.write(f"Stempel waktu hari {anchor.day.isoformat()}: {at.isoformat()}")
        if disagreement is None:
            signed = " (tanda tangan diperiksa)" if ca else ""
            self.stdout.write(
                self.style.SUCCESS(
                    f"Cocok dengan {checked} jangkar luar; {tokens} stempel waktu sah{signed}."
                )
            )
        return problems
