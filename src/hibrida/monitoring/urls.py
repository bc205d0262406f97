from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("tim/", views.team, name="team"),
    path("tim/figur/", views.team_fragment, name="team_fragment"),
    path("opd/", views.opd, name="opd"),
    path("opd/figur/", views.opd_fragment, name="opd_fragment"),
    path("kota/", views.city, name="city"),
    path("kota/figur/", views.city_fragment, name="city_fragment"),
    path("pengawasan/", views.oversight_fragment, name="oversight"),
    path("ekspor/<str:dashboard>/<str:table>.<str:fmt>", views.export, name="export"),
]
