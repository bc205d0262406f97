from django.core.management.base import BaseCommand, CommandError

from hibrida.audit.verify import verify_stored_chain


class Command(BaseCommand):
    help = (
        "Memeriksa rantai hash log audit; keluar 0 bila utuh, "
        "selain itu menyebut peristiwa pertama yang rusak."
    )

    def handle(self, *args, **options):
        count, problem = verify_stored_chain()
        if problem is not None:
            raise CommandError(
                f"Rantai audit RUSAK pada peristiwa #{problem.seq}: {problem.message}"
            )
        self.stdout.write(self.style.SUCCESS(f"Rantai audit utuh: {count} peristiwa diperiksa."))
