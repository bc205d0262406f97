"""Site-wide pages: home, login/logout, password change, API tokens."""

import math

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hibrida import home as today
from hibrida.org import access, oidc, selectors, services, sso
from hibrida.org.access import scope_for
from hibrida.org.login_guard import address_lock_seconds
from hibrida.org.models import ApiToken


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="NIP atau nama pengguna",
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Kata sandi",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sso_enabled": oidc.enabled()}

    def post(self, request, *args, **kwargs):
        seconds = address_lock_seconds(request)
        if seconds is not None:
            minutes = math.ceil(seconds / 60)
            response = render(
                request,
                "registration/locked_out.html",
                {"address_locked": True, "minutes": minutes},
                status=429,
            )
            response["Retry-After"] = str(math.ceil(seconds))
            return response
        return super().post(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    """Also ends the provider's session for an SSO login, where the provider offers that."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(oidc.SESSION_ID_TOKEN)
        issuer = request.session.get(oidc.SESSION_ISSUER, "")
        user = request.user
        response = super().post(request, *args, **kwargs)
        if not id_token or not user.is_authenticated:
            return response
        provider_url = None
        if oidc.enabled():
            provider_url = oidc.end_session_url(
                id_token=id_token,
                post_logout_redirect_uri=request.build_absolute_uri(reverse("login")),
            )
        sso.record_logout(user=user, issuer=issuer, provider_logout=provider_url is not None)
        return redirect(provider_url) if provider_url else response


@login_required
def home(request):
    scope = scope_for(request.user)
    return render(
        request,
        "home.html",
        {"employee": request.user.employee, "scope": scope, **today.today_sections(request.user)},
    )


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(
            actor=request.user, user=request.user, new_password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, "Kata sandi berhasil diubah.")
        return redirect("home")
    return render(request, "registration/password_change.html", {"form": form})


class TokenForm(forms.Form):
    name = forms.CharField(label="Nama token (mis. aplikasi presensi ponsel)", max_length=100)


@login_required
def api_tokens(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.issue_api_token(
            actor=request.user, user=request.user, name=form.cleaned_data["name"]
        )
        form = TokenForm()
    tokens = selectors.api_tokens_of(request.user, owner=request.user)
    return render(
        request,
        "api_tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "new_key": new_key,
            "token_days": settings.HIBRIDA_API_TOKEN_DAYS,
        },
    )


@login_required
@require_POST
def api_token_revoke(request, pk: int):
    own = ApiToken.objects.filter(user=request.user)
    token = access.get_visible_api_token(request.user, pk, own)
    try:
        services.revoke_api_token(actor=request.user, token=token, reason="Dicabut oleh pemilik.")
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        messages.success(request, _("Token %(prefix)s… dicabut.") % {"prefix": token.prefix})
    return redirect("api_tokens")
