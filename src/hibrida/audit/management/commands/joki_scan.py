import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from hibrida.audit import joki


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Tanggal tidak sah: {text!r} (format YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Menjalankan aturan analitik joki absensi atas presensi satu periode dan mencatat "
        "temuan barunya untuk Inspektorat (docs/joki.md). Menjalankan ulang periode yang sama "
        "tidak menambah temuan ganda."
    )

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="tanggal mulai (YYYY-MM-DD)")
        parser.add_argument("--end", required=True, help="tanggal selesai (YYYY-MM-DD)")

    def handle(self, *args, **options):
        start, end = _date(options["start"]), _date(options["end"])
        if end < start:
            raise CommandError("--end tidak boleh sebelum --start.")
        if (end - start).days > joki.MAX_PERIOD_DAYS:
            raise CommandError(f"Periode paling lama {joki.MAX_PERIOD_DAYS + 1} hari; bagi.")
        created = joki.scan(start=start, end=end)
        for rule, count in created.items():
            self.stdout.write(f"{rule}: {count} temuan baru")
        self.stdout.write(self.style.SUCCESS(f"Selesai: {sum(created.values())} temuan baru."))
