"""The public transparency pages (no login)."""

from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("data.csv", views.public_csv, name="csv"),
    path("jangkar-audit.jsonl", views.public_anchors, name="anchors"),
]
