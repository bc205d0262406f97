from django.urls import path

from . import national_views, views

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
    path("kriteria-jabatan/", national_views.job_criteria_list, name="job_criteria"),
    path("kriteria-jabatan/<int:pk>/", national_views.job_criteria_edit, name="job_criteria_edit"),
    path("disiplin/", national_views.discipline_list, name="discipline"),
    path("disiplin/tambah/", national_views.discipline_add, name="discipline_add"),
    path("saya/keadaan-khusus/", national_views.special_apply, name="special_apply"),
    path("keadaan-khusus/", national_views.special_inbox, name="special_inbox"),
    path(
        "keadaan-khusus/<int:pk>/setujui/",
        national_views.special_approve,
        name="special_approve",
    ),
    path("keadaan-khusus/<int:pk>/tolak/", national_views.special_reject, name="special_reject"),
    path("parameter/tambah/", national_views.parameter_add, name="parameter_add"),
]
