from django.urls import path

from . import views

app_name = "activity"
urlpatterns = [
    path("", views.my_reports, name="my_reports"),
    path("tulis/<str:day>/", views.write, name="write"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("pegawai/<int:pk>/", views.employee_reports, name="employee_reports"),
    path("<int:pk>/validasi/", views.decide, name="decide"),
    path("validasi/", views.inbox, name="inbox"),
    path("bukti/<int:pk>/", views.evidence, name="evidence"),
    path("skp/", views.targets, name="targets"),
    path("skp/impor/", views.target_import, name="target_import"),
    path("skp/templat.csv", views.target_template, name="target_template"),
    path("kinerja/", views.performance_view, name="performance"),
    path("rekap/", views.recap, name="recap"),
    path("rekap/berkas.<str:fmt>", views.recap_file, name="recap_file"),
    path("ekspor/<str:system>/", views.export_performance, name="export"),
    path("plt/", views.delegations, name="delegations"),
    path("notifikasi/baca/", views.notifications_read, name="notifications_read"),
]
