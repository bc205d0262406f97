from django.urls import path

from . import master_views, views

app_name = "org"
urlpatterns = [
    path("", views.opd_list, name="opd_list"),
    path("opd/<int:pk>/", views.opd_detail, name="opd"),
    path("unit/<int:pk>/", views.unit_detail, name="unit"),
    path("pegawai/", views.employee_search, name="employee_search"),
    path("pegawai/<int:pk>/", views.employee_detail, name="employee"),
    path("pegawai/<int:pk>/ubah/", views.employee_edit, name="employee_edit"),
    path(
        "pegawai/<int:pk>/token/<int:token_pk>/cabut/",
        views.employee_token_revoke,
        name="employee_token_revoke",
    ),
    path("impor/", views.import_view, name="import"),
    path("impor/kesalahan.csv", views.import_errors_csv, name="import_errors"),
    path("impor/templat.csv", views.import_template_csv, name="import_template"),
    path("data-induk/", master_views.index, name="master_data"),
    path("data-induk/unit/baru/", master_views.unit_create, name="unit_create"),
    path("data-induk/unit/<int:pk>/ubah/", master_views.unit_edit, name="unit_edit"),
    path("data-induk/jabatan/baru/", master_views.position_create, name="position_create"),
    path("data-induk/jabatan/<int:pk>/ubah/", master_views.position_edit, name="position_edit"),
    path("data-induk/kantor/baru/", master_views.office_create, name="office_create"),
    path("data-induk/kantor/<int:pk>/ubah/", master_views.office_edit, name="office_edit"),
    path("data-induk/peran/", master_views.role_grants, name="role_grants"),
    path("data-induk/peran/<int:pk>/cabut/", master_views.role_revoke, name="role_revoke"),
    path("data-induk/akun/", master_views.accounts, name="accounts"),
    path(
        "data-induk/akun/<int:pk>/nonaktifkan/",
        master_views.account_deactivate,
        name="account_deactivate",
    ),
    path(
        "data-induk/akun/<int:pk>/aktifkan/",
        master_views.account_reactivate,
        name="account_reactivate",
    ),
]
