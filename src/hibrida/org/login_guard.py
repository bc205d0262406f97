"""Password spraying: one address tries one common password against every NIP, staying under
django-axes' per-account+address limit. Axes' lockout combinations share a single failure
limit, so "5 per account+address" and "20 per address" cannot both be set there; this counts
failed logins per address across usernames and locks the address for every username.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from hibrida.throttles import LOGIN_FAILURES_PER_ADDRESS, client_address


def address_lock_seconds(request) -> float | None:
    """Seconds until ``request``'s address may try to log in again, or None when it may now."""
    return LOGIN_FAILURES_PER_ADDRESS.blocked(client_address(request))


@receiver(user_login_failed, dispatch_uid="hibrida-login-failures-per-address")
def count_failure(sender, credentials, request=None, **kwargs) -> None:
    if request is not None:
        LOGIN_FAILURES_PER_ADDRESS.add(client_address(request))


class AddressLockBackend:
    """First in AUTHENTICATION_BACKENDS: refuses every login from a locked address, whichever
    page asks (the login page answers with the lock-out page before it gets here). No
    ``get_user``, on purpose: sessions (and ``force_login``) must name a backend that has one."""

    def authenticate(self, request, **credentials):
        if request is not None and address_lock_seconds(request) is not None:
            raise PermissionDenied("Alamat jaringan ini dikunci sementara.")
        return None
