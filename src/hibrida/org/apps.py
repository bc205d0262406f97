from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "hibrida.org"
    label = "org"
    verbose_name = "Organisasi"
