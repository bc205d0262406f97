from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "hibrida.policy"
    label = "policy"
