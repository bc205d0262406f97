from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "hibrida.meetings"
    label = "meetings"
