from django.urls import path

from . import views

app_name = "efficiency"
urlpatterns = [
    path("", views.simulator, name="simulator"),
    path("uji-coba/", views.pilot, name="pilot"),
    path("uji-coba/laporan.pdf", views.pilot_pdf, name="pilot_pdf"),
    path("realisasi/", views.realised, name="realised"),
    path("realisasi/<int:opd_id>/isi/", views.realised_entry, name="realised_entry"),
    path("realisasi/<int:opd_id>/isi/realisasi/", views.realised_record, name="realised_record"),
    path("realisasi/<int:opd_id>/isi/baseline/", views.realised_baseline, name="realised_baseline"),
    path("layanan/impor/", views.service_import, name="service_import"),
]
