from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.index, name="index"),
    path("rencana/<int:pk>/", views.plan_detail, name="plan"),
    path("rencana/<int:pk>/sampel/", views.draw, name="draw"),
    path("rencana/<int:pk>/terbitkan/", views.issue, name="issue"),
    path("rencana/<int:pk>/laporan.xlsx", views.export_xlsx, name="export_xlsx"),
    path("rencana/<int:pk>/laporan.pdf", views.export_pdf, name="export_pdf"),
    path("sampel/<int:pk>/", views.worksheet, name="worksheet"),
    path("sampel/<int:pk>/direviu/", views.mark_reviewed, name="mark_reviewed"),
    path("temuan/", views.findings, name="findings"),
    path("temuan/<int:pk>/", views.finding_detail, name="finding"),
    path("joki/", views.joki_findings, name="joki_findings"),
    path("joki/<int:pk>/", views.joki_finding, name="joki_finding"),
    path("log/", views.log, name="log"),
]
