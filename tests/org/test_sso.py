"""Single sign-on against a real OpenID Connect provider (tests/oidc_provider, started here):
the authorization code flow with PKCE through Django's test client and the provider over HTTP.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
from hashlib import sha256
from urllib.parse import urlencode, urljoin

import pytest
import requests
import time_machine
from django.test import Client

from hibrida.audit.models import AuditEvent
from hibrida.org import oidc
from hibrida.org.models import User
from hibrida.org.sso import valid_asn_number

from ..factories import PASSWORD, EmployeeFactory, make_user
from ..sso_provider import (
    AFTER_LOGOUT,
    CALLBACK,
    CLIENT_ID,
    CLIENT_SECRET,
    NIP_BUDI,
    NIP_SITI,
    NIP_UNKNOWN,
    asks_for_password,
    local_path,
    provider_login,
    query,
    running_provider,
)


@pytest.fixture(scope="module")
def provider():
    with running_provider() as running:
        yield running


@pytest.fixture
def sso(settings, provider):
    settings.HIBRIDA_OIDC_ISSUER = provider.issuer
    settings.HIBRIDA_OIDC_CLIENT_ID = CLIENT_ID
    settings.HIBRIDA_OIDC_CLIENT_SECRET = CLIENT_SECRET
    oidc._client.cache_clear()
    yield provider
    oidc._client.cache_clear()


@pytest.fixture
def budi(db):
    return make_user(EmployeeFactory(nip=NIP_BUDI, name="Budi Santoso"))


def start(client: Client) -> str:
    response = client.get("/masuk/sso/")
    assert response.status_code == 302
    return response["Location"]


def sign_in(client: Client, username: str, password: str, session=None):
    callback = provider_login(start(client), username, password, session)
    return client.get(local_path(callback))


def logged_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def test_sso_login_lands_as_the_employee_of_the_nip_claim(sso, budi):
    client = Client()
    response = sign_in(client, "budi", "sandi-budi")
    assert response.status_code == 302 and response["Location"] == "/"
    assert logged_in_user_id(client) == budi.pk
    assert "Budi Santoso" in client.get("/").content.decode()


def test_authorization_request_uses_pkce_s256_state_and_nonce(sso, budi):
    params = query(start(Client()))
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) == 43  # base64url of a SHA-256 digest, unpadded
    assert params["state"] and params["nonce"] and params["client_id"] == CLIENT_ID
    assert params["redirect_uri"] == CALLBACK
    assert set(params["scope"].split()) == {"openid", "profile"}


def test_sso_login_and_logout_are_audited(sso, budi):
    client = Client()
    sign_in(client, "budi", "sandi-budi")
    event = AuditEvent.objects.get(action="user.login_sso")
    assert event.actor_id == budi.pk
    assert event.after == {"nip": NIP_BUDI, "sub": "3f0c-budi", "issuer": sso.issuer}
    client.post("/keluar/")
    logout = AuditEvent.objects.get(action="user.logout_sso")
    assert logout.actor_id == budi.pk and logout.after["provider_logout"] is True


def test_a_changed_state_is_refused(sso, budi):
    client = Client()
    callback = provider_login(start(client), "budi", "sandi-budi")
    forged = re.sub(r"state=[^&]+", "state=" + secrets.token_urlsafe(20), callback)
    response = client.get(local_path(forged))
    assert response.status_code == 400
    assert "state berbeda" in response.content.decode()
    assert logged_in_user_id(client) is None
    assert not AuditEvent.objects.filter(action="user.login_sso").exists()


def test_a_callback_from_a_login_started_in_another_browser_is_refused(sso, budi):
    # Login CSRF: the victim's browser gets the attacker's code and state.
    callback = provider_login(start(Client()), "budi", "sandi-budi")
    victim = Client()
    response = victim.get(local_path(callback))
    assert response.status_code == 400
    assert logged_in_user_id(victim) is None


def test_unknown_nip_is_refused_with_an_indonesian_page(sso, budi):
    users_before = User.objects.count()
    client = Client()
    response = sign_in(client, "asing", "sandi-asing")
    assert response.status_code == 403
    page = response.content.decode()
    assert f"NIP {NIP_UNKNOWN} tidak terdaftar sebagai pegawai" in page
    assert "Masuk dengan SSO gagal" in page
    assert User.objects.count() == users_before
    assert logged_in_user_id(client) is None
    refused = AuditEvent.objects.get(action="user.login_sso_refused")
    assert refused.after["reason"] == "nip_unknown" and refused.after["claim"] == NIP_UNKNOWN


def test_a_claim_that_is_not_a_nip_is_refused(sso, budi):
    response = sign_in(Client(), "bukan-nip", "sandi-x")
    assert response.status_code == 403
    assert "NIP dari SSO tidak sah" in response.content.decode()


def test_the_nip_claim_is_configurable(sso, budi, settings):
    # The realm's users carry no "nip" claim: with that name configured nobody gets in.
    settings.HIBRIDA_OIDC_NIP_CLAIM = "nip"
    response = sign_in(Client(), "budi", "sandi-budi")
    assert response.status_code == 403
    assert "klaim “nip”" in response.content.decode()


def test_a_deactivated_account_is_refused(sso, budi):
    budi.is_active = False
    budi.save()
    client = Client()
    response = sign_in(client, "budi", "sandi-budi")
    assert response.status_code == 403
    assert "dinonaktifkan" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_an_inactive_employee_is_refused_even_with_an_active_account(sso, budi):
    budi.employee.is_active = False
    budi.employee.save()
    response = sign_in(Client(), "budi", "sandi-budi")
    assert response.status_code == 403
    assert "tercatat tidak aktif" in response.content.decode()


def test_a_known_active_employee_without_login_gets_one_without_a_password(sso, db):
    siti = EmployeeFactory(nip=NIP_SITI, name="Siti Aminah")
    client = Client()
    response = sign_in(client, "siti", "sandi-siti")
    assert response.status_code == 302
    user = User.objects.get(employee=siti)
    assert user.username == NIP_SITI and not user.has_usable_password()
    assert logged_in_user_id(client) == user.pk
    created = AuditEvent.objects.get(action="user.created_by_sso")
    assert created.object_id == str(user.pk)
    assert created.after == {"username": NIP_SITI, "employee": siti.pk}


def test_a_username_taken_by_an_unlinked_account_is_refused(sso, db):
    EmployeeFactory(nip=NIP_SITI, name="Siti Aminah")
    User.objects.create(username=NIP_SITI)
    response = sign_in(Client(), "siti", "sandi-siti")
    assert response.status_code == 403
    assert User.objects.filter(username=NIP_SITI, employee__isnull=False).count() == 0


def test_the_pkce_verifier_is_checked_by_the_provider(sso, budi):
    client = Client()
    authorize = start(client)
    state = query(authorize)["state"]
    session = client.session
    key = f"_state_sso_{state}"
    stored = session[key]
    stored["data"]["code_verifier"] = secrets.token_urlsafe(48)  # not the one challenged
    session[key] = stored
    session.save()
    response = client.get(local_path(provider_login(authorize, "budi", "sandi-budi")))
    assert response.status_code == 400
    assert logged_in_user_id(client) is None


def test_the_provider_refuses_an_authorization_request_without_pkce(sso, budi):
    # So the successful logins above prove that Hibrida sent a verifier that matched.
    params = query(start(Client()))
    del params["code_challenge"], params["code_challenge_method"]
    metadata = requests.get(f"{sso.issuer}/.well-known/openid-configuration", timeout=30).json()
    response = requests.get(
        metadata["authorization_endpoint"] + "?" + urlencode(params),
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code in (302, 303)
    error = query(response.headers["Location"])
    assert error["error"] == "invalid_request" and "PKCE" in error["error_description"]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _real_id_token(client: Client) -> tuple[str, str]:
    """An ID token the provider issued to Hibrida, and its nonce."""
    sign_in(client, "budi", "sandi-budi")
    token = client.session[oidc.SESSION_ID_TOKEN]
    payload = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    return token, payload["nonce"]


def test_a_real_id_token_passes_verification(sso, budi):
    token, nonce = _real_id_token(Client())
    assert oidc.verify_id_token(token, nonce=nonce)["preferred_username"] == NIP_BUDI


def test_a_tampered_id_token_is_refused(sso, budi):
    token, nonce = _real_id_token(Client())
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["preferred_username"] = NIP_SITI  # someone else's NIP, signature left as it was
    forged = ".".join([header, _b64(json.dumps(claims).encode()), signature])
    with pytest.raises(oidc.SsoProtocolError):
        oidc.verify_id_token(forged, nonce=nonce)
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    with pytest.raises(oidc.SsoProtocolError):
        oidc.verify_id_token(".".join([header, payload, flipped]), nonce=nonce)


def test_an_id_token_with_another_nonce_is_refused(sso, budi):
    token, _nonce = _real_id_token(Client())
    with pytest.raises(oidc.SsoProtocolError):
        oidc.verify_id_token(token, nonce="bukan-nonce-ini")


def test_an_expired_id_token_is_refused(sso, budi):
    token, nonce = _real_id_token(Client())
    payload = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    # authlib allows 120 s of clock skew past exp.
    with (
        time_machine.travel(payload["exp"] + 121, tick=False),
        pytest.raises(oidc.SsoProtocolError),
    ):
        oidc.verify_id_token(token, nonce=nonce)
    with time_machine.travel(payload["exp"] - 60, tick=False):
        assert oidc.verify_id_token(token, nonce=nonce)["sub"] == "3f0c-budi"


def test_an_id_token_issued_to_another_client_is_refused(sso, budi):
    metadata = requests.get(f"{sso.issuer}/.well-known/openid-configuration", timeout=30).json()
    verifier = secrets.token_urlsafe(48)
    nonce = secrets.token_urlsafe(16)
    params = {
        "client_id": "aplikasi-lain",
        "response_type": "code",
        "scope": "openid profile",
        "redirect_uri": CALLBACK,
        "state": "s",
        "nonce": nonce,
        "code_challenge": _b64(sha256(verifier.encode()).digest()),
        "code_challenge_method": "S256",
    }
    callback = provider_login(
        metadata["authorization_endpoint"] + "?" + urlencode(params), "budi", "sandi-budi"
    )
    token = requests.post(
        metadata["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": query(callback)["code"],
            "redirect_uri": CALLBACK,
            "code_verifier": verifier,
        },
        auth=("aplikasi-lain", "lain"),
        timeout=30,
    ).json()
    with pytest.raises(oidc.SsoProtocolError):
        oidc.verify_id_token(token["id_token"], nonce=nonce)


def test_logout_ends_the_provider_session(sso, budi):
    client = Client()
    browser = requests.Session()  # the provider's cookies, as the browser would keep them
    sign_in(client, "budi", "sandi-budi", browser)
    # While the provider session lives, a new login passes the provider without its form.
    assert not asks_for_password(start(Client()), browser)

    response = client.post("/keluar/")
    assert response.status_code == 302
    metadata = requests.get(f"{sso.issuer}/.well-known/openid-configuration", timeout=30).json()
    assert response["Location"].startswith(metadata["end_session_endpoint"] + "?")
    params = query(response["Location"])
    assert params["id_token_hint"] and params["post_logout_redirect_uri"] == AFTER_LOGOUT
    assert logged_in_user_id(client) is None

    confirm = browser.get(response["Location"], timeout=30)
    form = re.search(r'<form[^>]*action="([^"]+)"', confirm.text)
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', confirm.text)
    assert form and xsrf, confirm.text[:300]
    done = browser.post(
        urljoin(response["Location"], form.group(1)),
        data={"xsrf": xsrf.group(1), "logout": "yes"},
        allow_redirects=False,
        timeout=30,
    )
    assert done.status_code == 303 and done.headers["Location"].startswith(AFTER_LOGOUT)
    assert asks_for_password(start(Client()), browser)


def test_public_client_without_secret_signs_in_with_pkce_alone(sso, budi, settings):
    settings.HIBRIDA_OIDC_CLIENT_ID = "hibrida-publik"
    settings.HIBRIDA_OIDC_CLIENT_SECRET = ""
    oidc._client.cache_clear()
    client = Client()
    response = sign_in(client, "budi", "sandi-budi")
    assert response.status_code == 302
    assert logged_in_user_id(client) == budi.pk


def test_login_page_offers_sso_with_the_local_form(sso, db):
    page = Client().get("/masuk/").content.decode()
    assert "Masuk dengan SSO ASN" in page and 'name="password"' in page


def test_a_provider_that_cannot_be_reached_gives_a_503_page(settings, db):
    settings.HIBRIDA_OIDC_ISSUER = "http://127.0.0.1:9/auth/realms/mati"
    settings.HIBRIDA_OIDC_CLIENT_ID = CLIENT_ID
    oidc._client.cache_clear()
    response = Client().get("/masuk/sso/")
    oidc._client.cache_clear()
    assert response.status_code == 503
    assert "tidak dapat dihubungi" in response.content.decode()


def test_sso_is_off_without_an_issuer(db):
    assert oidc.enabled() is False
    assert Client().get("/masuk/sso/").status_code == 404
    assert Client().get("/masuk/sso/kembali/?code=x&state=y").status_code == 404
    assert "Masuk dengan SSO ASN" not in Client().get("/masuk/").content.decode()


def test_a_pppk_number_is_a_valid_sso_nip():
    # PPPK: birth 1 Mar 1988, appointed 2023, code 21, male, no. 7.
    assert valid_asn_number("198803012023211007") == "198803012023211007"


def test_the_page_asked_for_before_login_is_opened_after_it(sso, budi):
    client = Client()
    authorize = client.get("/masuk/sso/?next=/presensi/")["Location"]
    response = client.get(local_path(provider_login(authorize, "budi", "sandi-budi")))
    assert response["Location"] == "/presensi/"


def test_a_next_page_on_another_site_is_ignored(sso, budi):
    client = Client()
    authorize = client.get("/masuk/sso/?next=https://contoh-jahat.example/")["Location"]
    response = client.get(local_path(provider_login(authorize, "budi", "sandi-budi")))
    assert response["Location"] == "/"


def test_a_local_login_logs_out_locally_only(sso, budi):
    client = Client()
    assert (
        client.post("/masuk/", {"username": budi.username, "password": PASSWORD}).status_code == 302
    )
    response = client.post("/keluar/")
    assert response["Location"] == "/masuk/"
    assert not AuditEvent.objects.filter(action="user.logout_sso").exists()
