from django.apps import AppConfig


class PresenceConfig(AppConfig):
    name = "hibrida.presence"
    label = "presence"
