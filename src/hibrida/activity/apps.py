from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "hibrida.activity"
    label = "activity"
