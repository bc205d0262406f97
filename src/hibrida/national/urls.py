from django.urls import path

from . import views

app_name = "national"
urlpatterns = [
    path("", views.index, name="index"),
    path("sinkronkan/", views.sync_now, name="sync_now"),
    path("sinkronisasi/<int:pk>/", views.run_detail, name="run"),
    path("sinkronisasi/<int:pk>/terapkan/", views.apply, name="apply"),
    path("sinkronisasi/<int:pk>/buang/", views.discard, name="discard"),
    path("kirim-bkn/", views.queue, name="queue"),
    path("kirim-bkn/antrekan/", views.queue_results, name="queue_results"),
    path("simpegnas/", views.simpegnas_page, name="simpegnas"),
    path("simpegnas/ekspor.csv", views.simpegnas_export, name="simpegnas_export"),
    path("simpegnas/impor/", views.simpegnas_import, name="simpegnas_import"),
]
