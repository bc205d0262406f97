"""TOTP second factor for admin roles (django-otp).

A confirmed authenticator is asked for after the password; admin roles and superusers need one
for the master-data pages and the Django admin when HIBRIDA_REQUIRE_TOTP_FOR_ADMINS is on.
"""

from __future__ import annotations

import base64

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from hibrida.audit.log import record_event

from . import access
from .access import Role

ADMIN_ROLES = (Role.OPD_ADMIN, Role.BKPSDM, Role.DISKOMINFO)
EXEMPT_PREFIXES = ("/akun/2fa/", "/keluar/", "/static/", "/i18n/", "/api/")


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Kode 6 digit dari aplikasi autentikator",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def needs_totp_for_admin(request) -> bool:
    """True when an admin page must wait for a verified second factor."""
    user = request.user
    if user.is_verified():
        return False
    required = getattr(settings, "HIBRIDA_REQUIRE_TOTP_FOR_ADMINS", False)
    admin = user.is_superuser or access.scope_for(user).has(*ADMIN_ROLES)
    return bool(required and admin) or bool(confirmed_device(user))


class SecondFactorMiddleware:
    """Holds a logged-in user with a confirmed authenticator at the code page until verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not user.is_verified()
            and confirmed_device(user) is not None
        ):
            return redirect(f"{reverse('totp_verify')}?next={request.get_full_path()}")
        return self.get_response(request)


@login_required
def totp_setup(request):
    """Enrol an authenticator: show the secret, confirm with a first code."""
    if confirmed_device(request.user):
        messages.info(request, "Autentikator sudah aktif untuk akun ini.")
        return redirect("home")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="autentikator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                record_event(actor=request.user, action="user.totp_enrolled", obj=request.user)
            django_otp.login(request, device)
            messages.success(request, "Autentikasi dua langkah aktif.")
            return redirect("home")
        form.add_error("token", "Kode tidak cocok. Periksa jam ponsel dan coba lagi.")
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/totp_setup.html",
        {"form": form, "secret": secret, "config_url": device.config_url},
    )


@login_required
def totp_verify(request):
    device = confirmed_device(request.user)
    target = request.GET.get("next") or reverse("home")
    if not target.startswith("/"):
        target = reverse("home")
    if device is None:
        return redirect("totp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            django_otp.login(request, device)
            return redirect(target)
        form.add_error("token", "Kode tidak cocok atau sudah kedaluwarsa.")
    return render(request, "registration/totp_verify.html", {"form": form})
