from django.urls import path

from . import views

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
]
