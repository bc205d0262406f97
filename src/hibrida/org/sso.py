"""Single sign-on: the verified NIP claim becomes the employee's login, every outcome audited.

Who may come in and why a login is created for a known active employee: docs/sso.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from hibrida.audit.log import record_event

from .models import Employee, User
from .nip import NipError, parse_nip, parse_pppk

# Kept in the audit event, so a refused stranger's claim cannot flood the log with text.
_CLAIM_SHOWN = 64


class SsoRefused(Exception):
    """A verified identity that may not enter Hibrida; ``message`` is the Indonesian page text."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def valid_asn_number(value: str, today: dt.date | None = None) -> str:
    """``value`` as a valid PNS NIP or PPPK number (spaces removed), else :class:`NipError`
    with the PNS rule's message (the more common case)."""
    try:
        return parse_nip(value, today).number
    except NipError as pns_error:
        try:
            return parse_pppk(value, today).number
        except NipError:
            raise pns_error from None


def sign_in(*, claims: Mapping[str, Any], nip_claim: str, issuer: str) -> User:
    """The login for the NIP in ``claims[nip_claim]``, creating it for a known active employee
    who has none. Refusals are audited too (the token was verified, so they are real people
    of the provider) and then raised as :class:`SsoRefused`; nothing else changes then."""
    with transaction.atomic():
        outcome = _resolve(claims=claims, nip_claim=nip_claim)
        subject = str(claims.get("sub", ""))[:_CLAIM_SHOWN]
        if isinstance(outcome, SsoRefused):
            raw = claims.get(nip_claim)
            record_event(
                actor=None,
                action="user.login_sso_refused",
                object_type="org.user",
                after={
                    "reason": outcome.code,
                    "claim": str(raw)[:_CLAIM_SHOWN] if raw is not None else None,
                    "sub": subject,
                    "issuer": issuer,
                },
            )
        else:
            record_event(
                actor=outcome,
                action="user.login_sso",
                obj=outcome,
                after={
                    "nip": outcome.employee.nip if outcome.employee else None,
                    "sub": subject,
                    "issuer": issuer,
                },
            )
    if isinstance(outcome, SsoRefused):
        raise outcome
    return outcome


def _resolve(*, claims: Mapping[str, Any], nip_claim: str) -> User | SsoRefused:
    raw = claims.get(nip_claim)
    if not isinstance(raw, str) or not raw.strip():
        return SsoRefused(
            "claim_missing",
            f"Akun SSO Anda tidak membawa NIP (klaim “{nip_claim}”). "
            "Hubungi pengelola SSO instansi Anda.",
        )
    try:
        nip = valid_asn_number(raw)
    except NipError as err:
        return SsoRefused("nip_invalid", f"NIP dari SSO tidak sah: {err.message}")
    # Locked so that two sign-ins at once cannot both create the login.
    employee = Employee.objects.select_for_update().filter(nip=nip).first()
    if employee is None:
        return SsoRefused(
            "nip_unknown",
            f"NIP {nip} tidak terdaftar sebagai pegawai di Hibrida. Hubungi admin OPD Anda "
            "agar data kepegawaian Anda dimasukkan.",
        )
    if not employee.is_active:
        return SsoRefused(
            "employee_inactive",
            f"Pegawai dengan NIP {nip} tercatat tidak aktif di Hibrida. Hubungi admin OPD Anda.",
        )
    user = User.objects.filter(employee=employee).first()
    if user is None:
        return _create_login(employee)
    if not user.is_active:
        return SsoRefused(
            "account_inactive",
            f"Akun Hibrida untuk NIP {nip} dinonaktifkan. Hubungi admin OPD Anda.",
        )
    return user


def _create_login(employee: Employee) -> User | SsoRefused:
    if User.objects.filter(username=employee.nip).exists():
        return SsoRefused(
            "username_taken",
            f"Nama pengguna {employee.nip} sudah dipakai akun lain yang tidak terhubung ke "
            "pegawai ini. Hubungi BKPSDM.",
        )
    user = User(username=employee.nip, employee=employee, email=employee.email)
    user.first_name = employee.name[:150]
    # No local password: this login opens only through SSO until an admin sets one.
    user.set_unusable_password()
    user.save()
    record_event(
        actor=None,
        action="user.created_by_sso",
        obj=user,
        after={"username": user.username, "employee": employee.pk},
    )
    return user


@transaction.atomic
def record_logout(*, user: User, issuer: str, provider_logout: bool) -> None:
    record_event(
        actor=user,
        action="user.logout_sso",
        obj=user,
        after={"issuer": issuer, "provider_logout": provider_logout},
    )
