"""The two SSO pages: start (redirect to the provider) and the provider's return."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from . import oidc, sso

log = logging.getLogger(__name__)

SESSION_NEXT = "hibrida_sso_next"
# Sessions from SSO name the model backend: the guard and axes back-ends judge passwords only.
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request: HttpRequest, target: str | None) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "registration/sso_error.html", {"message": message}, status=status)


@require_GET
def sso_start(request: HttpRequest) -> HttpResponse:
    if not oidc.enabled():
        raise Http404("SSO tidak diaktifkan.")
    target = _safe_next(request, request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(target)
    request.session[SESSION_NEXT] = target
    try:
        return oidc.begin(request, request.build_absolute_uri(reverse("sso_callback")))
    except oidc.SsoUnavailable as err:
        log.warning("SSO provider unreachable at start: %s", err)
        return _unavailable(request)


@require_GET
def sso_callback(request: HttpRequest) -> HttpResponse:
    if not oidc.enabled():
        raise Http404("SSO tidak diaktifkan.")
    try:
        signed = oidc.complete(request)
    except oidc.SsoUnavailable as err:
        log.warning("SSO provider unreachable at return: %s", err)
        return _unavailable(request)
    except oidc.SsoProtocolError as err:
        log.warning("SSO answer refused: %s", err)
        return _error(request, err.message, 400)
    try:
        user = sso.sign_in(
            claims=signed.claims, nip_claim=settings.HIBRIDA_OIDC_NIP_CLAIM, issuer=signed.issuer
        )
    except sso.SsoRefused as refusal:
        return _error(request, refusal.message, 403)
    target = request.session.pop(SESSION_NEXT, None) or reverse("home")
    login(request, user, backend=BACKEND)
    request.session[oidc.SESSION_ID_TOKEN] = signed.id_token
    request.session[oidc.SESSION_ISSUER] = signed.issuer
    return HttpResponseRedirect(target)


def _unavailable(request: HttpRequest) -> HttpResponse:
    return _error(
        request,
        "Layanan SSO sedang tidak dapat dihubungi. Coba lagi sebentar lagi, atau masuk dengan "
        "NIP dan kata sandi bila akun Anda memilikinya.",
        503,
    )
