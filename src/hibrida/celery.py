"""Celery application: solver runs, exports, reminders and nightly jobs in production."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hibrida.settings")

app = Celery("hibrida")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
