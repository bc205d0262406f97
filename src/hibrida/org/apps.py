from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "hibrida.org"
    label = "org"
    verbose_name = "Organisasi"

    def ready(self) -> None:
        from . import login_guard  # noqa: F401 - connects the failed-login counter
