from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "hibrida.national"
    label = "national"
