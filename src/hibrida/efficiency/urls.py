from django.urls import path

from . import views

app_name = "efficiency"
urlpatterns = [
    path("", views.simulator, name="simulator"),
    path("uji-coba/", views.pilot, name="pilot"),
    path("uji-coba/laporan.pdf", views.pilot_pdf, name="pilot_pdf"),
    path("realisasi/", views.realised, name="realised"),
    path("realisasi/<int:opd_id>/isi/", views.realised_entry, name="realised_entry"),
    path("layanan/impor/", views.service_import, name="service_import"),
]
