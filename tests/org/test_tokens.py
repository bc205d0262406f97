"""API tokens die: at their expiry, when revoked, and with the password, the account or the
phone. Who may revoke: the owner, the OPD admin of the owner's OPD, BKPSDM; another OPD's
token is not found; every revocation is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from hibrida.audit.models import AuditEvent
from hibrida.org import services
from hibrida.org.models import ApiToken, Employee

from ..conftest import client_for
from ..factories import make_user
from ..migration_scratch import leaf_nodes, migrate, scratch_database

ME = "/api/v1/org/me"


def issue(user, name: str = "hp") -> tuple[ApiToken, dict[str, str]]:
    token, key = services.issue_api_token(actor=user, user=user, name=name)
    return token, {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def expire(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(1))


def live(*tokens: ApiToken) -> list[bool]:
    return [ApiToken.objects.live().filter(pk=t.pk).exists() for t in tokens]


def api_revoke(client: Client, token: ApiToken, reason: str = "HP hilang", **headers):
    url = f"/api/v1/org/tokens/{token.pk}/revoke"
    return client.post(url, {"reason": reason}, content_type="application/json", **headers)


# --- expiry ---------------------------------------------------------------------------------


def test_a_new_token_expires_after_90_days_by_default(city):
    before = timezone.now()
    token, _ = issue(city.users["asn"])
    after = timezone.now()
    assert before + dt.timedelta(days=90) <= token.expires_at <= after + dt.timedelta(days=90)
    event = AuditEvent.objects.get(action="api_token.issued", object_id=str(token.pk))
    assert event.after["expires_at"] == token.expires_at.isoformat()


def test_token_lifetime_follows_the_setting(city, settings):
    settings.HIBRIDA_API_TOKEN_DAYS = 7
    before = timezone.now()
    token, _ = issue(city.users["asn"])
    assert before + dt.timedelta(days=7) <= token.expires_at <= timezone.now() + dt.timedelta(7)


def test_an_expired_token_is_refused_with_401_saying_it_expired(city):
    token, headers = issue(city.users["asn"])
    assert Client().get(ME, **headers).status_code == 200
    expire(token)
    response = Client().get(ME, **headers)
    assert response.status_code == 401
    assert "kedaluwarsa" in response.json()["detail"]


def test_a_token_is_refused_from_the_moment_it_expires(city, time_machine):
    token, headers = issue(city.users["asn"])
    time_machine.move_to(token.expires_at - dt.timedelta(seconds=1))
    assert Client().get(ME, **headers).status_code == 200
    time_machine.move_to(token.expires_at)
    assert Client().get(ME, **headers).status_code == 401


def test_a_revoked_token_is_refused_with_401(city):
    owner = city.users["asn"]
    token, headers = issue(owner)
    services.revoke_api_token(actor=owner, token=token, reason="HP dijual")
    response = Client().get(ME, **headers)
    assert response.status_code == 401
    assert "dicabut" in response.json()["detail"]


def test_an_unknown_token_is_still_the_generic_401(city):
    response = Client().get(ME, HTTP_AUTHORIZATION="Bearer bukan-token")
    assert response.status_code == 401
    assert response.json()["detail"] == "Token tidak sah atau belum masuk."


def test_an_expired_token_does_not_stamp_its_last_use(city):
    token, headers = issue(city.users["asn"])
    expire(token)
    Client().get(ME, **headers)
    token.refresh_from_db()
    assert token.last_used_at is None


# --- revocation by the owner ----------------------------------------------------------------


def test_owner_revokes_own_token_from_the_account_page_and_it_is_audited(city):
    owner = city.users["asn"]
    token, headers = issue(owner)
    response = client_for(owner).post(f"/akun/token/{token.pk}/cabut/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked and token.revoked_by == owner and token.revoked_at is not None
    event = AuditEvent.objects.get(action="api_token.revoked", object_id=str(token.pk))
    assert event.before["revoked"] is False and event.after["revoked"] is True
    assert event.after["reason"] == "Dicabut oleh pemilik."
    assert Client().get(ME, **headers).status_code == 401


def test_revoke_page_refuses_get(city):
    owner = city.users["asn"]
    token, _ = issue(owner)
    assert client_for(owner).get(f"/akun/token/{token.pk}/cabut/").status_code == 405
    assert live(token) == [True]


def test_account_page_cannot_revoke_someone_elses_token(city):
    token, _ = issue(city.users["atasan"])
    # Even a city admin: the account page is about one's own tokens.
    for user in (city.users["asn"], city.users["bkpsdm"]):
        response = client_for(user).post(f"/akun/token/{token.pk}/cabut/")
        assert response.status_code == 404
    assert live(token) == [True]


def test_revoking_twice_is_refused_with_a_message_and_changes_nothing(city):
    owner = city.users["asn"]
    token, _ = issue(owner)
    services.revoke_api_token(actor=owner, token=token, reason="pertama")
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as err:
        services.revoke_api_token(actor=city.users["bkpsdm"], token=token, reason="kedua")
    assert "sudah dicabut" in err.value.message_dict["token"][0]
    token.refresh_from_db()
    assert token.revoked_by == owner and AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("reason", "message"), [("   ", "wajib diisi"), ("x" * 201, "paling banyak 200")]
)
def test_a_blank_or_too_long_reason_is_refused_and_changes_nothing(city, reason, message):
    owner = city.users["asn"]
    token, _ = issue(owner)
    with pytest.raises(ValidationError) as err:
        services.revoke_api_token(actor=owner, token=token, reason=reason)
    assert message in err.value.message_dict["reason"][0]
    assert live(token) == [True]


# --- revocation by a manager ----------------------------------------------------------------


def test_opd_admin_revokes_a_token_of_their_opd_from_the_employee_page(city):
    asn_token, _ = issue(city.users["asn"])
    admin = client_for(city.users["opd_admin"])
    page = admin.get(f"/organisasi/pegawai/{city.staff1.pk}/").content.decode()
    assert asn_token.prefix in page and f"/token/{asn_token.pk}/cabut/" in page
    url = f"/organisasi/pegawai/{city.staff1.pk}/token/{asn_token.pk}/cabut/"
    assert admin.post(url).status_code == 302
    asn_token.refresh_from_db()
    assert asn_token.revoked and asn_token.revoked_by == city.users["opd_admin"]


def test_opd_admin_gets_404_for_another_opds_token(city):
    other_token, _ = issue(make_user(city.other))
    admin = client_for(city.users["opd_admin"])
    assert api_revoke(admin, other_token).status_code == 404
    url = f"/organisasi/pegawai/{city.other.pk}/token/{other_token.pk}/cabut/"
    assert admin.post(url).status_code == 404
    assert live(other_token) == [True]


def test_employee_page_refuses_a_token_of_another_employee(city):
    # The URL names staff1 but the token is staff2's: not found, not revoked.
    token, _ = issue(make_user(city.staff2))
    url = f"/organisasi/pegawai/{city.staff1.pk}/token/{token.pk}/cabut/"
    assert client_for(city.users["opd_admin"]).post(url).status_code == 404
    assert live(token) == [True]


def test_bkpsdm_revokes_tokens_anywhere_in_the_city(city):
    other_token, _ = issue(make_user(city.other))
    response = api_revoke(client_for(city.users["bkpsdm"]), other_token, "pegawai pindah")
    assert response.status_code == 200
    assert response.json()["state"] == "revoked"
    event = AuditEvent.objects.get(action="api_token.revoked")
    assert event.after["reason"] == "pegawai pindah"


def test_asn_gets_404_for_a_colleagues_token(city, api_headers):
    colleague_token, _ = issue(make_user(city.staff2))
    response = api_revoke(Client(), colleague_token, **api_headers(city.users["asn"]))
    assert response.status_code == 404
    assert live(colleague_token) == [True]


@pytest.mark.parametrize("role", ["atasan", "inspektorat"])
def test_who_sees_the_owner_but_does_not_manage_them_gets_403(city, api_headers, role):
    asn_token, _ = issue(city.users["asn"])
    response = api_revoke(Client(), asn_token, **api_headers(city.users[role]))
    assert response.status_code == 403
    assert live(asn_token) == [True]
    with pytest.raises(PermissionDenied):
        services.revoke_user_tokens(actor=city.users[role], user=city.users["asn"], reason="x")
    assert live(asn_token) == [True]


def test_employee_page_lists_tokens_only_to_who_may_revoke_them(city):
    issue(city.users["asn"])
    url = f"/organisasi/pegawai/{city.staff1.pk}/"
    assert client_for(city.users["opd_admin"]).get(url).context["api_tokens"] is not None
    for role in ("atasan", "inspektorat", "asn"):
        assert client_for(city.users[role]).get(url).context["api_tokens"] is None, role


# --- the API --------------------------------------------------------------------------------


def test_api_lists_only_own_tokens_with_their_state(city, api_headers):
    owner = city.users["asn"]
    expired, _ = issue(owner, "lama")
    expire(expired)
    revoked, _ = issue(owner, "dicabut")
    services.revoke_api_token(actor=owner, token=revoked, reason="tes")
    issue(city.users["atasan"], "milik atasan")
    headers = api_headers(owner)  # a live token named "uji"
    rows = Client().get("/api/v1/org/tokens", **headers).json()
    assert {r["name"]: r["state"] for r in rows} == {
        "lama": "expired",
        "dicabut": "revoked",
        "uji": "active",
    }


def test_api_revokes_own_token(city, api_headers):
    owner = city.users["asn"]
    token, _ = issue(owner)
    response = api_revoke(Client(), token, "HP hilang", **api_headers(owner))
    assert response.status_code == 200
    assert response.json()["state"] == "revoked" and live(token) == [False]
    assert AuditEvent.objects.get(action="api_token.revoked").after["reason"] == "HP hilang"


def test_api_refuses_a_too_long_reason_with_a_field_message(city, api_headers):
    owner = city.users["asn"]
    token, _ = issue(owner)
    response = api_revoke(Client(), token, "x" * 201, **api_headers(owner))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reason"
    assert live(token) == [True]


# --- the account page -----------------------------------------------------------------------


def test_account_page_lists_every_state_and_offers_revoke_only_for_active(city):
    owner = city.users["asn"]
    active, _ = issue(owner, "aktif-ku")
    expired, _ = issue(owner, "lama-ku")
    expire(expired)
    revoked, _ = issue(owner, "dicabut-ku")
    services.revoke_api_token(actor=owner, token=revoked, reason="tes")
    page = client_for(owner).get("/akun/token/").content.decode()
    for token, label in ((active, "aktif"), (expired, "kedaluwarsa"), (revoked, "dicabut")):
        row = page.split(f'data-testid="token-{token.pk}"')[1].split("</tr>")[0]
        assert f'data-testid="token-state">{label}<' in row
        assert ("/cabut/" in row) is (token == active)
    assert "WIB" in page


def test_account_page_shows_expiry_in_wib(city):
    owner = city.users["asn"]
    token, _ = issue(owner)
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=dt.datetime(2026, 3, 31, 17, 30, tzinfo=dt.UTC)
    )
    page = client_for(owner).get("/akun/token/").content.decode()
    assert "01-04-2026 00:30 WIB" in page


# --- tokens die with the password, the account, the phone -----------------------------------


def test_password_change_revokes_every_token_of_that_user_and_no_one_elses(city):
    owner = city.users["asn"]
    owner.set_password("Lama-123!x")
    owner.save()
    first, headers = issue(owner, "hp")
    second, _ = issue(owner, "laptop")
    others, _ = issue(city.users["atasan"])
    response = client_for(owner).post(
        "/akun/sandi/",
        {
            "old_password": "Lama-123!x",
            "new_password1": "Baru-456!yz",
            "new_password2": "Baru-456!yz",
        },
    )
    assert response.status_code == 302
    assert live(first, second, others) == [False, False, True]
    event = AuditEvent.objects.get(action="api_token.revoked_all")
    assert event.object_id == str(owner.pk) and event.after["reason"] == "Kata sandi diubah."
    assert sorted(t["id"] for t in event.after["tokens"]) == sorted([first.pk, second.pk])
    assert Client().get(ME, **headers).status_code == 401


def test_deactivating_an_employee_revokes_their_tokens_and_reactivating_does_not_revive(city):
    login = city.users["asn"]
    token, _ = issue(login)
    others, _ = issue(city.users["atasan"])
    admin = city.users["opd_admin"]
    data = {f: getattr(city.staff1, f) for f in services.EMPLOYEE_FIELDS}
    services.update_employee(actor=admin, employee=city.staff1, data={**data, "is_active": False})
    assert live(token, others) == [False, True]
    event = AuditEvent.objects.get(action="api_token.revoked_all")
    assert event.actor == admin and event.after["reason"] == "Pegawai dinonaktifkan."
    staff1 = Employee.objects.get(pk=city.staff1.pk)
    services.update_employee(actor=admin, employee=staff1, data={**data, "is_active": True})
    assert live(token) == [False]


def test_an_unrelated_employee_edit_keeps_the_tokens(city):
    token, _ = issue(city.users["asn"])
    data = {f: getattr(city.staff1, f) for f in services.EMPLOYEE_FIELDS}
    data["phone"] = "081234567890"
    services.update_employee(actor=city.users["opd_admin"], employee=city.staff1, data=data)
    assert live(token) == [True]
    assert not AuditEvent.objects.filter(action="api_token.revoked_all").exists()


def test_deactivating_an_account_on_its_page_revokes_its_tokens(city):
    login = city.users["asn"]
    token, _ = issue(login)
    response = client_for(city.users["bkpsdm"]).post(
        f"/organisasi/data-induk/akun/{login.pk}/nonaktifkan/", {"reason": "Pensiun"}
    )
    assert response.status_code == 302
    login.refresh_from_db()
    assert not login.is_active and live(token) == [False]
    assert AuditEvent.objects.filter(action="api_token.revoked_all").count() == 1


def test_revoke_user_tokens_returns_the_count_and_writes_one_event(city):
    owner = city.users["asn"]
    tokens = [issue(owner, f"t{i}")[0] for i in range(3)]
    expire(tokens[2])  # already dead: left as expired, not counted
    revoked = services.revoke_user_tokens(actor=city.users["bkpsdm"], user=owner, reason="audit")
    assert revoked == 2
    assert AuditEvent.objects.filter(action="api_token.revoked_all").count() == 1
    assert [t.state() for t in ApiToken.objects.filter(user=owner).order_by("pk")] == [
        "revoked",
        "revoked",
        "expired",
    ]
    assert services.revoke_user_tokens(actor=owner, user=owner, reason="lagi") == 0
    assert AuditEvent.objects.filter(action="api_token.revoked_all").count() == 1


# --- the migration --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_migration_gives_existing_tokens_created_at_plus_90_days():
    old, new = [("org", "0001_initial")], [("org", "0002_apitoken_expiry_revocation")]
    # An empty database: going back to org 0001 in the test database would unapply (and then
    # have to reapply) every app's migrations that depend on org 0002.
    with scratch_database() as alias:
        apps = migrate(alias, old)
        created = dt.datetime(2025, 1, 10, 3, 0, tzinfo=dt.UTC)
        owner = apps.get_model("org", "User").objects.using(alias).create(username="asn")
        OldToken = apps.get_model("org", "ApiToken")
        row = OldToken.objects.using(alias).create(
            user_id=owner.pk, name="lama", key_hash="a" * 64, prefix="aaaaaaaa"
        )
        OldToken.objects.using(alias).filter(pk=row.pk).update(created_at=created)
        migrate(alias, new)
        # Read with today's model, as the running application will.
        migrate(alias, [key for key in leaf_nodes() if key[0] == "org"])
        token = ApiToken.objects.using(alias).get(pk=row.pk)
        assert token.expires_at == created + dt.timedelta(days=90)
        assert token.state() == "expired"
