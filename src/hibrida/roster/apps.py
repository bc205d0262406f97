from django.apps import AppConfig


class RosterConfig(AppConfig):
    name = "hibrida.roster"
    label = "roster"
