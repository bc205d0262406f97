from django.urls import path

from . import views

app_name = "roster"
urlpatterns = [
    path("", views.index, name="index"),
    path("terbitkan-bulan/", views.publish_month, name="publish_month"),
    path("jadwal/<int:pk>/", views.detail, name="detail"),
    path("jadwal/<int:pk>/terbitkan/", views.publish, name="publish"),
    path("jadwal/<int:pk>/buang/", views.discard, name="discard"),
    path("saya/", views.my_schedule, name="my_schedule"),
    path("saya/preferensi/", views.preference, name="preference"),
    path("ical/<int:user_id>/<str:token>.ics", views.ical_feed, name="ical"),
    path("permintaan/", views.inbox, name="inbox"),
    path("permintaan/<int:pk>/setujui/", views.approve, name="approve"),
    path("permintaan/<int:pk>/tolak/", views.reject, name="reject"),
    path("permintaan/<int:pk>/setuju/", views.agree, name="agree"),
    path("permintaan/<int:pk>/menolak/", views.decline, name="decline"),
    path("permintaan/<int:pk>/tarik/", views.withdraw, name="withdraw"),
    path("cuti-dinas-luar/", views.absences, name="absences"),
]
