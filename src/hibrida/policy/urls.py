from django.urls import path

from . import views

app_name = "policy"
urlpatterns = [
    path("", views.index, name="index"),
    path("saya/", views.my_policy, name="mine"),
    path("saya/konektivitas/", views.record_connectivity, name="record_connectivity"),
    path("saya/perangkat/", views.register_device, name="register_device"),
    path("saya/keamanan-data/", views.accept_security, name="accept_security"),
    path("pegawai/<int:pk>/", views.employee_policy, name="employee"),
    path("aturan/", views.rule_edit, name="rule_edit"),
    path("fase/tambah/", views.phase_add, name="phase_add"),
    path("kalender/tambah/", views.calendar_add, name="calendar_add"),
    path("kalender/<int:pk>/hapus/", views.calendar_delete, name="calendar_delete"),
]
