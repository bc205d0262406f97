from django.apps import AppConfig


class EfficiencyConfig(AppConfig):
    name = "hibrida.efficiency"
    label = "efficiency"
