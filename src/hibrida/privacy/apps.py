from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "hibrida.privacy"
    label = "privacy"
