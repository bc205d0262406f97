from django.urls import path

from . import views

app_name = "pay"
urlpatterns = [
    path("", views.index, name="index"),
    path("tabel/tambah/", views.table_add, name="table_add"),
    path("hitung/", views.compute, name="compute"),
    path("bulan/<int:pk>/", views.month, name="month"),
    path("bulan/<int:pk>/final/", views.finalise, name="finalise"),
    path("bulan/<int:pk>/tpp.xlsx", views.export, name="export"),
    path("baris/<int:pk>/", views.line, name="line"),
    path("baris/<int:pk>/tinjau/", views.review, name="review"),
    path("saya/", views.mine, name="mine"),
    path("peringatan/", views.notices, name="notices"),
]
