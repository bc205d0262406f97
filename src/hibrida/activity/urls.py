from django.urls import path

from . import views

app_name = "activity"
urlpatterns = [
    path("", views.my_reports, name="my_reports"),
    path("tulis/<str:day>/", views.write, name="write"),
    path("tulis/<str:day>/catatan/", views.save_note, name="save_note"),
    path("tulis/<str:day>/kirim/", views.submit, name="submit"),
    path("tulis/<str:day>/hapus/<int:pk>/", views.remove_activity, name="remove_activity"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("pegawai/<int:pk>/", views.employee_reports, name="employee_reports"),
    path("<int:pk>/setujui/", views.approve, name="approve"),
    path("<int:pk>/kembalikan/", views.return_for_revision, name="return"),
    path("<int:pk>/tolak/", views.reject, name="reject"),
    path("validasi/", views.inbox, name="inbox"),
    path("bukti/<int:pk>/", views.evidence, name="evidence"),
    path("skp/", views.targets, name="targets"),
    path("skp/<int:pk>/rencana-aksi/", views.action_plan, name="action_plan"),
    path("skp/impor/", views.target_import, name="target_import"),
    path("skp/templat.csv", views.target_template, name="target_template"),
    path("kinerja/", views.performance_view, name="performance"),
    path("rekap/", views.recap, name="recap"),
    path("rekap/berkas.<str:fmt>", views.recap_file, name="recap_file"),
    path("ekspor/<str:system>/", views.export_performance, name="export"),
    path("plt/", views.delegations, name="delegations"),
    path("plt/<int:pk>/akhiri/", views.end_delegation, name="end_delegation"),
    path("notifikasi/baca/", views.notifications_read, name="notifications_read"),
]
