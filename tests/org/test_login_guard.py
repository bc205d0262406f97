"""Password spraying: failed logins from one address, across usernames, lock that address."""

from __future__ import annotations

import pytest
from django.test import Client

from ..factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

SPRAYER = "203.0.113.7"
OFFICE = "198.51.100.20"


def spray(n: int, address: str = SPRAYER) -> None:
    """One common password tried against ``n`` different NIPs: under axes' per-account limit."""
    client = Client(REMOTE_ADDR=address)
    for i in range(n):
        client.post("/masuk/", {"username": f"19900101202001100{i:02d}", "password": "Bekasi2026!"})


def test_spraying_usernames_from_one_address_locks_it_for_every_username(city, settings):
    settings.HIBRIDA_LOGIN_ADDRESS_FAILURES = "20/30m"
    spray(20)
    locked = Client(REMOTE_ADDR=SPRAYER).post(
        "/masuk/", {"username": city.users["asn"].username, "password": PASSWORD}
    )
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 0
    page = locked.content.decode()
    assert "Alamat jaringan dikunci sementara" in page and "menit" in page
    assert "_auth_user_id" not in Client(REMOTE_ADDR=SPRAYER).session


def test_one_failure_below_the_address_limit_still_logs_in(city, settings):
    settings.HIBRIDA_LOGIN_ADDRESS_FAILURES = "20/30m"
    spray(19)
    ok = Client(REMOTE_ADDR=SPRAYER).post(
        "/masuk/", {"username": city.users["asn"].username, "password": PASSWORD}
    )
    assert ok.status_code == 302


def test_another_address_still_logs_in_while_the_sprayer_is_locked(city, settings):
    settings.HIBRIDA_LOGIN_ADDRESS_FAILURES = "20/30m"
    spray(20)
    ok = Client(REMOTE_ADDR=OFFICE).post(
        "/masuk/", {"username": city.users["asn"].username, "password": PASSWORD}
    )
    assert ok.status_code == 302


def test_a_locked_address_cannot_log_in_through_the_admin_login_either(city, settings):
    settings.HIBRIDA_LOGIN_ADDRESS_FAILURES = "3/30m"
    admin = make_user(None)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    spray(3)
    client = Client(REMOTE_ADDR=SPRAYER)
    client.post("/admin/login/", {"username": admin.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_a_forwarded_for_header_does_not_escape_the_lock_without_a_proxy(city, settings):
    settings.HIBRIDA_LOGIN_ADDRESS_FAILURES = "3/30m"
    spray(3)
    disguised = Client(REMOTE_ADDR=SPRAYER, HTTP_X_FORWARDED_FOR="192.0.2.99").post(
        "/masuk/", {"username": city.users["asn"].username, "password": PASSWORD}
    )
    assert disguised.status_code == 429
