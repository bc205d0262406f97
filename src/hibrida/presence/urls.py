from django.urls import path

from . import check_views, hour_views, views

app_name = "presence"
urlpatterns = [
    path("", views.check_in, name="check_in"),
    path("aplikasi.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("riwayat/", views.my_history, name="my_history"),
    path("riwayat/lokasi-saya.csv", views.my_location_csv, name="my_location_csv"),
    path("rumah/", views.home_location, name="home"),
    path("perangkat/", views.device, name="device"),
    path("koreksi/", views.corrections, name="corrections"),
    path("lapangan/", views.field_report, name="field_report"),
    path("persetujuan/", views.approvals, name="approvals"),
    path(
        "persetujuan/koreksi/<int:pk>/setujui/", views.approve_correction, name="approve_correction"
    ),
    path("persetujuan/koreksi/<int:pk>/tolak/", views.reject_correction, name="reject_correction"),
    path("persetujuan/rumah/<int:pk>/setujui/", views.approve_home, name="approve_home"),
    path("persetujuan/rumah/<int:pk>/tolak/", views.reject_home, name="reject_home"),
    path("persetujuan/perangkat/<int:pk>/setujui/", views.approve_device, name="approve_device"),
    path("persetujuan/perangkat/<int:pk>/tolak/", views.reject_device, name="reject_device"),
    path("persetujuan/passkey/<int:pk>/setujui/", views.approve_passkey, name="approve_passkey"),
    path("persetujuan/passkey/<int:pk>/tolak/", views.reject_passkey, name="reject_passkey"),
    path("persetujuan/presensi/<int:pk>/terima/", views.accept_check_in, name="accept_check_in"),
    path("persetujuan/presensi/<int:pk>/tolak/", views.reject_check_in, name="reject_check_in"),
    path("cek-acak/", check_views.presence_checks, name="presence_checks"),
    path("cek-acak/persetujuan/", check_views.consent, name="presence_check_consent"),
    path("cek-acak/kebijakan/<int:opd_id>/", check_views.policy, name="presence_check_policy"),
    path("persetujuan/wajah/<int:pk>/foto/", views.face_photo, name="face_photo"),
    path("persetujuan/wajah/<int:pk>/setujui/", views.approve_face, name="approve_face"),
    path("persetujuan/wajah/<int:pk>/tolak/", views.reject_face, name="reject_face"),
    path("wajah/", views.face, name="face"),
    path("swafoto-opd/", views.selfie_policies, name="selfie_policies"),
    path("swafoto-opd/<int:pk>/", views.set_selfie_policy, name="set_selfie_policy"),
    path("rekap/", views.recap, name="recap"),
    path("peta/", views.team_map, name="team_map"),
    path("peta/data/", views.team_map_data, name="team_map_data"),
    path("jam-kerja/", hour_views.work_hours, name="work_hours"),
    path("jam-kerja/tambah/", hour_views.work_hours_add, name="work_hours_add"),
    path("jam-kerja/<int:pk>/hapus/", hour_views.work_hours_delete, name="work_hours_delete"),
    path("jam-kerja/ramadan/tambah/", hour_views.ramadan_add, name="ramadan_add"),
    path("jam-kerja/ramadan/<int:pk>/hapus/", hour_views.ramadan_delete, name="ramadan_delete"),
]
