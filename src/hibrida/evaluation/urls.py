from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.index, name="index"),
    path("opd/<int:opd_id>/", views.detail, name="detail"),
    path("opd/<int:opd_id>/pdf/", views.export_pdf, name="pdf"),
    path("opd/<int:opd_id>/xlsx/", views.export_xlsx, name="xlsx"),
    path("opd/<int:opd_id>/akui-unit/", views.acknowledge_unit, name="acknowledge_unit"),
    path("<int:pk>/akui-ppk/", views.acknowledge_ppk, name="acknowledge_ppk"),
]
