from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "hibrida.monitoring"
    label = "monitoring"
