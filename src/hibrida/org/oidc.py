"""The OpenID Connect relying party (authlib): discovery, authorization code with PKCE, ID-token
verification and RP-initiated logout. Design and set-up: docs/sso.md.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import requests

# authlib ships no type information; its typeshed stubs (types-Authlib) are not installed, to
# keep the dev extra small, as for openpyxl and shapely.
from authlib.integrations.base_client import OAuthError  # type: ignore[import-untyped]
from authlib.integrations.django_client import (  # type: ignore[import-untyped]
    DjangoOAuth2App,
    OAuth,
)
from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from joserfc.errors import JoseError

# Where the session keeps what logout needs: the ID token (id_token_hint) and the issuer.
SESSION_ID_TOKEN = "hibrida_sso_id_token"
SESSION_ISSUER = "hibrida_sso_issuer"


class SsoProtocolError(Exception):
    """The provider's answer cannot be trusted or used; ``message`` is shown to the user."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class SsoUnavailable(Exception):
    """The provider could not be reached (discovery, keys or token endpoint)."""


@dataclass(frozen=True)
class SignIn:
    """A verified ID token: its claims and the raw token (kept for logout)."""

    claims: dict[str, Any]
    id_token: str
    issuer: str


def enabled() -> bool:
    return bool(settings.HIBRIDA_OIDC_ISSUER)


def client() -> DjangoOAuth2App:
    return _client(
        settings.HIBRIDA_OIDC_ISSUER,
        settings.HIBRIDA_OIDC_CLIENT_ID,
        settings.HIBRIDA_OIDC_CLIENT_SECRET,
        settings.HIBRIDA_OIDC_TIMEOUT_S,
    )


@functools.lru_cache(maxsize=4)
def _client(issuer: str, client_id: str, secret: str, timeout: int) -> DjangoOAuth2App:
    # One client per configuration and process: it caches the discovery document and the
    # provider's keys (refetched when a token names a key it does not know: key rotation).
    kwargs: dict[str, Any] = {
        "scope": "openid profile",
        "code_challenge_method": "S256",
        "default_timeout": timeout,
    }
    if not secret:
        kwargs["token_endpoint_auth_method"] = "none"  # a public client: PKCE alone
    registry = OAuth()
    app: DjangoOAuth2App = registry.register(
        name="sso",
        client_id=client_id,
        client_secret=secret or None,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs=kwargs,
    )
    return app


def begin(request: HttpRequest, redirect_uri: str) -> HttpResponseRedirect:
    """Redirect to the provider; state, nonce and the PKCE verifier stay in the session."""
    try:
        response: HttpResponseRedirect = client().authorize_redirect(request, redirect_uri)
    except requests.RequestException as err:
        raise SsoUnavailable(str(err)) from err
    return response


def complete(request: HttpRequest) -> SignIn:
    """Exchange the code (with the PKCE verifier) and verify the ID token: signature with the
    provider's published keys, issuer, audience, expiry, nonce and ``at_hash``."""
    app = client()
    try:
        token = app.authorize_access_token(request)
    except requests.RequestException as err:
        raise SsoUnavailable(str(err)) from err
    except OAuthError as err:
        raise SsoProtocolError(err.error or "oauth", _oauth_message(err)) from err
    except JoseError as err:
        raise SsoProtocolError(
            "id_token", "Token identitas dari SSO tidak sah atau sudah kedaluwarsa."
        ) from err
    if "id_token" not in token or "userinfo" not in token:
        raise SsoProtocolError("id_token", "Layanan SSO tidak mengirim token identitas.")
    issuer = str(app.load_server_metadata().get("issuer", settings.HIBRIDA_OIDC_ISSUER))
    return SignIn(claims=dict(token["userinfo"]), id_token=token["id_token"], issuer=issuer)


def verify_id_token(
    id_token: str, *, nonce: str, access_token: str | None = None
) -> dict[str, Any]:
    """The checks :func:`complete` runs, on a token given directly (tests, diagnostics)."""
    token = {"id_token": id_token, **({"access_token": access_token} if access_token else {})}
    try:
        return dict(client().parse_id_token(token, nonce=nonce))
    except requests.RequestException as err:
        raise SsoUnavailable(str(err)) from err
    except JoseError as err:
        raise SsoProtocolError(
            "id_token", "Token identitas dari SSO tidak sah atau sudah kedaluwarsa."
        ) from err


def end_session_url(*, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's logout URL for this session, or None when it publishes none."""
    app = client()
    try:
        metadata = app.load_server_metadata()
    except requests.RequestException:
        # Django's session is already gone; the provider's session then ends on its own
        # expiry. Logging out must not fail because the provider is down.
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    result = app.create_logout_url(
        post_logout_redirect_uri=post_logout_redirect_uri,
        id_token_hint=id_token,
        client_id=settings.HIBRIDA_OIDC_CLIENT_ID,
    )
    return str(result["url"])


def _oauth_message(err: OAuthError) -> str:
    if err.error == "mismatching_state":
        return (
            "Sesi masuk SSO tidak cocok atau sudah kedaluwarsa (state berbeda). "
            "Mulai lagi dari halaman masuk."
        )
    if err.error == "access_denied":
        return "Masuk melalui SSO dibatalkan."
    return "Layanan SSO menolak permintaan masuk. Coba lagi atau hubungi Diskominfostandi."
