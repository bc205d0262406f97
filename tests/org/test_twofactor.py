"""TOTP second factor: enrolled users must give a code; admins can be required to enrol."""

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from hibrida.audit.models import AuditEvent

from ..conftest import client_for
from ..factories import PASSWORD, make_user


def _code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def test_enrolment_needs_a_correct_first_code_and_is_audited(city, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no back-off wait between the two attempts
    client = client_for(city.users["bkpsdm"])
    page = client.get("/akun/2fa/")
    assert page.status_code == 200 and "kunci rahasia" in page.content.decode()
    device = TOTPDevice.objects.get(user=city.users["bkpsdm"])
    wrong = client.post(
        "/akun/2fa/", {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert "tidak cocok" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.post("/akun/2fa/", {"token": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="user.totp_enrolled").exists()


def test_enrolled_user_is_held_at_the_code_page_after_password(city):
    user = city.users["bkpsdm"]
    device = TOTPDevice.objects.create(user=user, name="a", confirmed=True)
    client = Client()
    client.post("/masuk/", {"username": user.username, "password": PASSWORD})
    held = client.get("/organisasi/")
    assert held.status_code == 302 and "/akun/2fa/verifikasi/" in held["Location"]
    client.post("/akun/2fa/verifikasi/?next=/organisasi/", {"token": _code(device)})
    assert client.get("/organisasi/").status_code == 200


def test_admin_site_requires_a_second_factor_when_the_city_demands_it(city, settings):
    superuser = make_user(None)
    superuser.is_superuser = True
    superuser.save()
    settings.HIBRIDA_REQUIRE_TOTP_FOR_ADMINS = True
    assert client_for(superuser).get("/admin/").status_code == 302
    settings.HIBRIDA_REQUIRE_TOTP_FOR_ADMINS = False
    assert client_for(superuser).get("/admin/").status_code == 200


def test_master_data_pages_require_a_second_factor_when_the_city_demands_it(city, settings):
    settings.HIBRIDA_REQUIRE_TOTP_FOR_ADMINS = True
    held = client_for(city.users["opd_admin"]).get("/organisasi/data-induk/")
    assert held.status_code == 302 and held["Location"].startswith("/akun/2fa/")
    settings.HIBRIDA_REQUIRE_TOTP_FOR_ADMINS = False
    assert client_for(city.users["opd_admin"]).get("/organisasi/data-induk/").status_code == 200
