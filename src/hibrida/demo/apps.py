from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "hibrida.demo"
    label = "demo"
