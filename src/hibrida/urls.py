from django.contrib import admin
from django.urls import include, path

from hibrida import views
from hibrida.api import api
from hibrida.operations import views as operations
from hibrida.org import sso_views, twofactor

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", operations.healthz, name="healthz"),
    path("metrics", operations.metrics, name="metrics"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("masuk/sso/", sso_views.sso_start, name="sso_start"),
    path("masuk/sso/kembali/", sso_views.sso_callback, name="sso_callback"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("akun/sandi/", views.password_change, name="password_change"),
    path("akun/token/", views.api_tokens, name="api_tokens"),
    path("akun/token/<int:pk>/cabut/", views.api_token_revoke, name="api_token_revoke"),
    path("akun/2fa/", twofactor.totp_setup, name="totp_setup"),
    path("akun/2fa/verifikasi/", twofactor.totp_verify, name="totp_verify"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("organisasi/", include("hibrida.org.urls")),
    path("kebijakan/", include("hibrida.policy.urls")),
    path("rotasi/", include("hibrida.roster.urls")),
    path("presensi/", include("hibrida.presence.urls")),
    path("laporan/", include("hibrida.activity.urls")),
    path("tpp/", include("hibrida.pay.urls")),
    path("rapat/", include("hibrida.meetings.urls")),
    path("pemantauan/", include("hibrida.monitoring.urls")),
    path("audit/", include("hibrida.audit.urls")),
    path("efisiensi/", include("hibrida.efficiency.urls")),
    path("evaluasi/", include("hibrida.evaluation.urls")),
    path("publik/", include("hibrida.efficiency.public_urls")),
    path("privasi/", include("hibrida.privacy.urls")),
    path("nasional/", include("hibrida.national.urls")),
]
