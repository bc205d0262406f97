from django.apps import AppConfig


class PayConfig(AppConfig):
    name = "hibrida.pay"
    label = "pay"
    verbose_name = "TPP"
