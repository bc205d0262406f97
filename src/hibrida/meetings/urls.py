from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("baru/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("sesi/<int:pk>/", views.occurrence, name="occurrence"),
    path("sesi/<int:pk>/hadir/", views.check_in, name="check_in"),
    path("kehadiran/<int:pk>/konfirmasi/", views.confirm, name="confirm"),
    path("kehadiran/<int:pk>/tolak/", views.refuse, name="refuse"),
    path("uji-petik/", views.spot_checks, name="spot_checks"),
    path("uji-petik/<int:pk>/", views.record_spot_check, name="record_spot_check"),
]
