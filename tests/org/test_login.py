"""Login, lock-out after repeated failures, password change (audited)."""

from django.test import Client

from hibrida.audit.models import AuditEvent

from ..factories import PASSWORD


def test_login_with_nip_username_then_lockout_after_five_failures(city, settings):
    user = city.users["asn"]
    client = Client()
    ok = client.post("/masuk/", {"username": user.username, "password": PASSWORD})
    assert ok.status_code == 302
    client.post("/keluar/")
    for _ in range(5):
        client.post("/masuk/", {"username": user.username, "password": "salah"})
    locked = client.post("/masuk/", {"username": user.username, "password": PASSWORD})
    assert locked.status_code == 429
    assert "dikunci" in locked.content.decode()


def test_wrong_password_shows_an_indonesian_error(city):
    response = Client().post("/masuk/", {"username": "tidakada", "password": "x"})
    assert response.status_code == 200
    assert "benar" in response.content.decode()  # "…nama pengguna dan sandi yang benar…"


def test_password_change_is_audited(city):
    client = Client()
    client.force_login(city.users["asn"])
    response = client.post(
        "/akun/sandi/",
        {
            "old_password": PASSWORD,
            "new_password1": "Sandi-Baru-2026!",
            "new_password2": "Sandi-Baru-2026!",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="user.password_changed").exists()
    city.users["asn"].refresh_from_db()
    assert city.users["asn"].check_password("Sandi-Baru-2026!")
