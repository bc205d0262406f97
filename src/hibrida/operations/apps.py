from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "hibrida.operations"
    label = "operations"

    def ready(self) -> None:
        from . import heartbeat

        heartbeat.connect_signals()
