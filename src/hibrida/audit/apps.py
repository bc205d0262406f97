from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hibrida.audit"
    label = "audit"
