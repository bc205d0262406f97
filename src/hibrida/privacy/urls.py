from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("catatan-pemrosesan.json", views.record_json, name="record_json"),
    path("catatan-pemrosesan.csv", views.record_csv, name="record_csv"),
    path("saya/", views.mine, name="mine"),
    path("saya/unduh/", views.download, name="download"),
]
