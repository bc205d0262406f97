"""The JSON API under /api/v1/: one router per app, bearer-token or session auth.

Every error answers the ``ErrorOut`` body of :mod:`hibrida.openapi`, which also documents
those statuses on every operation of the schema at /api/v1/openapi.json.
"""

from __future__ import annotations

import math

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer, django_auth

from hibrida import throttles
from hibrida.audit.decisions import AlreadyDecided
from hibrida.bounds import NUL_MESSAGE, nul_path
from hibrida.openapi import PYDANTIC_MESSAGES_ID, HibridaOpenAPISchema, field_errors_from_pydantic
from hibrida.org.models import ApiToken, TokenState


class TokenRefused(AuthenticationError):
    """A known token that no longer works; the message tells the phone's user why."""

    def __init__(self, message: str):
        super().__init__(message=message)


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``; tokens are stored hashed (see ApiToken)."""

    def authenticate(self, request, token):
        # Refused before the lookup: a client looping on a dead token must not cost a query.
        wait = throttles.auth_failure_wait(request, token)
        if wait is not None:
            # Whole seconds: the handler below rounds up for Retry-After all the same.
            raise Throttled(wait=math.ceil(wait))
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), user__is_active=True)
            .first()
        )
        if found is None:
            throttles.record_auth_failure(request, token)
            return None
        now = timezone.now()
        state = found.state(now)
        if state != TokenState.ACTIVE:
            # A phone looping on a dead token is throttled like one with a wrong token.
            throttles.record_auth_failure(request, token)
        if state == TokenState.REVOKED:
            raise TokenRefused(_("Token sudah dicabut; buat token baru di Akun → Token API."))
        if state == TokenState.EXPIRED:
            raise TokenRefused(_("Token sudah kedaluwarsa; buat token baru di Akun → Token API."))
        # Coarse last-use stamp: one write per token per minute at most.
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class NulRefusingParser(Parser):
    """ninja's JSON and query parsing, refusing NUL characters as a 422 on the field."""

    @staticmethod
    def _refuse_nul(data, where: str):
        path = nul_path(data)
        if path is not None:
            raise NinjaValidationError(
                [{"loc": (where, *path), "msg": NUL_MESSAGE, "type": "null_character"}]
            )
        return data

    def parse_body(self, request):
        return self._refuse_nul(super().parse_body(request), "body")

    def parse_querydict(self, data, list_fields, request):
        return self._refuse_nul(super().parse_querydict(data, list_fields, request), "query")


class HibridaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None) -> HibridaOpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return HibridaOpenAPISchema(self, path_prefix)


api = HibridaAPI(
    title="Hibrida API",
    version="1",
    description=(
        "API kerja hibrida ASN Pemerintah Kota Bekasi. "
        "Autentikasi: `Authorization: Bearer <token>`."
    ),
    auth=[BearerToken(), django_auth],
    urls_namespace="api-v1",
    parser=NulRefusingParser(),
)


@api.exception_handler(NinjaValidationError)
def on_ninja_validation(request, exc):
    return api.create_response(
        request,
        {"detail": "Data tidak sah.", "errors": field_errors_from_pydantic(exc.errors)},
        status=422,
    )


@api.exception_handler(DjangoValidationError)
def on_service_validation(request, exc):
    if hasattr(exc, "message_dict"):
        errors = [{"field": f, "message": " ".join(m)} for f, m in exc.message_dict.items()]
    else:
        errors = [{"field": "body", "message": " ".join(exc.messages)}]
    return api.create_response(request, {"detail": "Data tidak sah.", "errors": errors}, status=422)


@api.exception_handler(RequestDataTooBig)
def on_body_too_large(request, exc):
    # Django's upload limit would otherwise answer with its HTML error page.
    return api.create_response(
        request,
        {
            "detail": "Badan permintaan terlalu besar.",
            "errors": [{"field": "body", "message": "melebihi batas ukuran permintaan"}],
        },
        status=413,
    )


@api.exception_handler(AlreadyDecided)
def on_already_decided(request, exc):
    # 409, not 422: the input was fine; someone decided the same request first.
    return api.create_response(
        request,
        {"detail": exc.detail, "errors": [{"field": "status", "message": exc.detail}]},
        status=409,
    )


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Anda tidak berwenang."}, status=403)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Tidak ditemukan."}, status=404)


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    if isinstance(exc.__cause__, NinjaValidationError):
        # ninja wraps whatever parse_body raises in a 400; a NUL refusal is a field error.
        return on_ninja_validation(request, exc.__cause__)
    if exc.status_code == 400:
        # ninja's only 400: a body that is not JSON (or not the declared form).
        body = {
            "detail": "Data tidak sah.",
            "errors": [
                {
                    "field": "body",
                    "message": PYDANTIC_MESSAGES_ID["json_invalid"],
                    "type": "json_invalid",
                }
            ],
        }
        return api.create_response(request, body, status=400)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    detail = exc.message if isinstance(exc, TokenRefused) else "Token tidak sah atau belum masuk."
    return api.create_response(request, {"detail": detail}, status=401)


@api.exception_handler(Throttled)
def on_throttled(request, exc):
    seconds = math.ceil(exc.wait) if exc.wait is not None else 60
    response = api.create_response(
        request,
        {"detail": f"Terlalu banyak permintaan. Coba lagi dalam {seconds} detik."},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def _register_routers() -> None:
    from hibrida.activity.api import router as activity
    from hibrida.audit.api import router as audit
    from hibrida.efficiency.api import router as efficiency
    from hibrida.evaluation.api import router as evaluation
    from hibrida.meetings.api import router as meetings
    from hibrida.monitoring.api import router as monitoring
    from hibrida.org.api import router as org
    from hibrida.pay.api import router as pay
    from hibrida.policy.api import router as policy
    from hibrida.presence.api import router as presence
    from hibrida.roster.api import router as roster

    api.add_router("/org/", org)
    api.add_router("/policy/", policy)
    api.add_router("/roster/", roster)
    api.add_router("/presence/", presence)
    api.add_router("/activity/", activity)
    api.add_router("/pay/", pay)
    api.add_router("/meetings/", meetings)
    api.add_router("/monitoring/", monitoring)
    api.add_router("/audit/", audit)
    api.add_router("/efficiency/", efficiency)
    api.add_router("/evaluation/", evaluation)


_register_routers()
