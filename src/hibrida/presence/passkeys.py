"""Passkeys: nonces, enrolment, the atasan's approval, and the batch check of check-in
assertions shared by the ninja route and the fast path. Design: docs/architecture.md,
"Passkey check-in"."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import secrets
import uuid
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from webauthn import generate_registration_options, options_to_json, verify_registration_response
from webauthn.helpers.exceptions import InvalidJSONStructure, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorAttachment,
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from hibrida import sql
from hibrida.audit import decisions
from hibrida.audit.log import record_event
from hibrida.org import access
from hibrida.org.models import Employee, User

from . import assertion
from .models import NoncePurpose, Passkey, PasskeyMode, PasskeyNonce, PasskeyStatus

MAX_NONCES_PER_REQUEST = 10
NOT_AN_EMPLOYEE = "Akun ini tidak terhubung dengan pegawai."


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def relying_party(*, host: str, secure: bool) -> tuple[str, list[str]]:
    """(RP ID, accepted origins): the settings, or else the request's own host. The host is
    one Django already checked against ALLOWED_HOSTS."""
    rp_id = settings.HIBRIDA_PASSKEY_RP_ID or host.rsplit(":", 1)[0]
    configured = [o.strip() for o in settings.HIBRIDA_PASSKEY_ORIGINS.split(",") if o.strip()]
    origins = configured or [f"{'https' if secure else 'http'}://{host}"]
    return rp_id, origins


def _employee_id(actor: User) -> int:
    employee_id = access.scope_for(actor).employee_id
    access.require_writer_for(actor, employee_id)
    if employee_id is None:
        raise PermissionDenied(NOT_AN_EMPLOYEE)
    return employee_id


def _new_nonce(employee_id: int, purpose: str, now: dt.datetime, ttl_s: int) -> PasskeyNonce:
    return PasskeyNonce(
        nonce=b64url(secrets.token_bytes(32)),
        employee_id=employee_id,
        purpose=purpose,
        issued_at=now,
        expires_at=now + dt.timedelta(seconds=ttl_s),
    )


def issue_check_in_nonces(*, actor: User, count: int) -> list[PasskeyNonce]:
    """Nonces the phone keeps for its next check-ins, also while offline; each is single use
    and expires after ``HIBRIDA_PASSKEY_NONCE_TTL_S``. At most
    ``HIBRIDA_PASSKEY_MAX_OPEN_NONCES`` may be open at once."""
    if not 1 <= count <= MAX_NONCES_PER_REQUEST:
        raise ValidationError({"count": f"Antara 1 dan {MAX_NONCES_PER_REQUEST}."})
    employee_id = _employee_id(actor)
    now = timezone.now()
    with transaction.atomic():
        Employee.objects.select_for_update().filter(pk=employee_id).first()
        open_nonces = PasskeyNonce.objects.filter(
            employee_id=employee_id,
            purpose=NoncePurpose.CHECK_IN,
            used_at__isnull=True,
            expires_at__gt=now,
        ).count()
        limit = settings.HIBRIDA_PASSKEY_MAX_OPEN_NONCES
        if open_nonces + count > limit:
            raise ValidationError(
                {"count": f"Masih ada {open_nonces} tantangan terbuka (batas {limit})."}
            )
        # Expired ones are of no use to anyone: drop them while here.
        PasskeyNonce.objects.filter(employee_id=employee_id, expires_at__lte=now).delete()
        ttl = settings.HIBRIDA_PASSKEY_NONCE_TTL_S
        rows = PasskeyNonce.objects.bulk_create(
            [_new_nonce(employee_id, NoncePurpose.CHECK_IN, now, ttl) for _ in range(count)]
        )
        record_event(
            actor=actor,
            action="presence.passkey_nonces_issued",
            object_type="org.employee",
            object_id=employee_id,
            after={"count": count},
        )
    return rows


def registration_options(*, actor: User, rp_id: str) -> dict[str, Any]:
    """WebAuthn creation options for the actor's own phone: platform authenticator, user
    verification required; the challenge is a nonce kept for five minutes."""
    employee_id = _employee_id(actor)
    employee = Employee.objects.get(pk=employee_id)
    now = timezone.now()
    with transaction.atomic():
        nonce = _new_nonce(employee_id, NoncePurpose.REGISTER, now, 300)
        nonce.save()
        record_event(
            actor=actor,
            action="presence.passkey_registration_started",
            object_type="org.employee",
            object_id=employee_id,
        )
    existing = Passkey.objects.filter(
        employee_id=employee_id, status__in=[PasskeyStatus.PENDING, PasskeyStatus.APPROVED]
    ).values_list("credential_id", flat=True)
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name="Hibrida Kota Bekasi",
        user_name=employee.nip,
        user_id=str(employee_id).encode(),
        user_display_name=employee.name,
        challenge=nonce.nonce.encode(),
        authenticator_selection=AuthenticatorSelectionCriteria(
            authenticator_attachment=AuthenticatorAttachment.PLATFORM,
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=unb64url(c)) for c in existing],
    )
    result: dict[str, Any] = json.loads(options_to_json(options))
    return result


def register_passkey(
    *, actor: User, credential: dict[str, Any], label: str, rp_id: str, origins: list[str]
) -> Passkey:
    """Store a new passkey as pending (the atasan or OPD admin approves it). The challenge
    must be an open registration nonce of this employee; it is used up."""
    employee_id = _employee_id(actor)
    label = decisions.clean_text(label, field="label", max_chars=100)
    now = timezone.now()
    with transaction.atomic():
        challenge_text = _client_challenge(credential)
        nonce = (
            PasskeyNonce.objects.select_for_update()
            .filter(
                nonce=challenge_text,
                employee_id=employee_id,
                purpose=NoncePurpose.REGISTER,
                used_at__isnull=True,
                expires_at__gt=now,
            )
            .first()
        )
        if nonce is None:
            raise ValidationError(
                {"credential": "Tantangan pendaftaran tidak dikenal atau kedaluwarsa; ulangi."}
            )
        try:
            verified = verify_registration_response(
                credential=credential,
                expected_challenge=challenge_text.encode(),
                expected_rp_id=rp_id,
                expected_origin=origins,
                require_user_verification=True,
            )
        except (InvalidRegistrationResponse, InvalidJSONStructure, ValueError) as err:
            raise ValidationError({"credential": f"Passkey tidak sah: {err}"}) from None
        credential_id = b64url(verified.credential_id)
        if Passkey.objects.filter(credential_id=credential_id).exists():
            raise ValidationError({"credential": "Passkey ini sudah terdaftar."})
        nonce.used_at = now
        nonce.save(update_fields=["used_at"])
        item = Passkey.objects.create(
            employee_id=employee_id,
            credential_id=credential_id,
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            label=label,
        )
        record_event(
            actor=actor,
            action="presence.passkey_registered",
            obj=item,
            after={"credential_id": credential_id, "label": label},
        )
    return item


def _client_challenge(credential: dict[str, Any]) -> str:
    """The challenge the browser signed, read from clientDataJSON (checked again by the
    library against the nonce it names)."""
    try:
        raw = credential["response"]["clientDataJSON"]
        data = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        challenge = base64.urlsafe_b64decode(
            data["challenge"] + "=" * (-len(data["challenge"]) % 4)
        )
        return challenge.decode()
    except (KeyError, TypeError, ValueError, UnicodeDecodeError):
        raise ValidationError({"credential": "Data passkey tidak lengkap."}) from None


def decide_passkey(*, actor: User, item: Passkey, approve: bool, note: str = "") -> Passkey:
    """Atasan or OPD admin approves (older approved passkeys of the employee are revoked:
    one phone at a time) or rejects with a reason."""
    access.require_writer(actor)
    access.require(
        access.is_supervisor_of(actor, item.employee_id)
        or access.can_manage_employee(actor, item.employee_id),
        "Hanya atasan atau admin OPD yang dapat memutuskan passkey.",
    )

    def revoke_previous(row: Passkey) -> dict[str, Any]:
        old = Passkey.objects.filter(
            employee_id=row.employee_id, status=PasskeyStatus.APPROVED
        ).exclude(pk=row.pk)
        return {"revoked": old.update(status=PasskeyStatus.REVOKED)}

    return decisions.decide(
        actor=actor,
        model=Passkey,
        pk=item.pk,
        pending=[PasskeyStatus.PENDING],
        to_status=PasskeyStatus.APPROVED if approve else PasskeyStatus.REJECTED,
        action="presence.passkey_approved" if approve else "presence.passkey_rejected",
        note=note,
        note_required="" if approve else "Alasan penolakan wajib diisi.",
        snapshot_fields=["status", "decided_at", "decision_note", "credential_id"],
        effects=revoke_previous if approve else None,
    )


def revoke_for_reset(employee_id: int) -> int:
    """An approved phone reset revokes every passkey of the employee (the new phone enrols
    again); called inside the reset's decision, whose audit event lists the count."""
    return Passkey.objects.filter(
        employee_id=employee_id, status__in=[PasskeyStatus.PENDING, PasskeyStatus.APPROVED]
    ).update(status=PasskeyStatus.REVOKED)


@dataclasses.dataclass(frozen=True)
class Claim:
    """One check-in's passkey part, as the batch check needs it."""

    client_uuid: uuid.UUID
    employee_id: int
    content: str
    assertion: assertion.Assertion | None
    rp_id: str
    origins: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Result:
    """``reason`` to store on a flagged check-in, or ``refusal`` (HTTP status, body)."""

    reason: str | None = None
    refusal: tuple[int, dict[str, Any]] | None = None


REFUSALS = {
    assertion.NO_PASSKEY: (
        422,
        "Presensi memerlukan verifikasi passkey. Daftarkan passkey di menu Perangkat dan "
        "tunggu persetujuan atasan.",
    ),
    assertion.PASSKEY_INVALID: (403, assertion.MESSAGES[assertion.PASSKEY_INVALID]),
    assertion.PASSKEY_REPLAY: (403, assertion.MESSAGES[assertion.PASSKEY_REPLAY]),
    assertion.PASSKEY_CLONED: (403, assertion.MESSAGES[assertion.PASSKEY_CLONED]),
}


def _refusal(reason: str) -> tuple[int, dict[str, Any]]:
    status, message = REFUSALS[reason]
    return status, {"detail": message, "errors": [{"field": "passkey", "message": message}]}


def default_mode() -> str:
    return str(getattr(settings, "HIBRIDA_PASSKEY_DEFAULT_MODE", PasskeyMode.REQUIRED))


def mode_for(employee_id: int) -> str:
    """The passkey mode of the employee's OPD (the city default when it has none)."""
    mode = (
        Employee.objects.filter(pk=employee_id)
        .values_list("opd__passkey_policy__mode", flat=True)
        .first()
    )
    return mode or default_mode()


def check_claims(claims: Sequence[Claim]) -> dict[uuid.UUID, Result]:
    """Verify the assertions of a batch (inside its transaction): three queries whatever
    the batch size (modes, nonces, passkeys), then nonces used and counters moved in two.

    Under the OPD's mode: ``off`` → nothing; ``fallback`` → a failure flags the check-in with
    its reason; ``required`` → a failure refuses it (nothing stored, the nonce stays open).
    A counter that does not grow is audited in either mode.
    """
    if not claims:
        return {}
    fallback_default = default_mode()
    modes = {
        row["id"]: row["mode"] or fallback_default
        for row in Employee.objects.filter(pk__in={c.employee_id for c in claims}).values(
            "id", mode=F("opd__passkey_policy__mode")
        )
    }
    active = [c for c in claims if modes.get(c.employee_id, fallback_default) != PasskeyMode.OFF]
    if not active:
        return {}
    now = timezone.now()
    signed = [c for c in active if c.assertion is not None]
    nonces = {
        n.nonce: n
        for n in PasskeyNonce.objects.select_for_update().filter(
            nonce__in={c.assertion.nonce for c in signed if c.assertion}
        )
    }
    keys = {
        k.credential_id: k
        for k in Passkey.objects.select_for_update().filter(
            credential_id__in={c.assertion.credential_id for c in signed if c.assertion}
        )
    }
    results: dict[uuid.UUID, Result] = {}
    used: list[PasskeyNonce] = []
    moved: dict[int, Passkey] = {}
    for claim in active:
        reason, nonce, key = _check_one(claim, nonces, keys, now)
        if reason == assertion.PASSKEY_CLONED and key is not None:
            record_event(
                actor=None,
                action="presence.passkey_counter_not_increased",
                obj=key,
                after={"check_in": str(claim.client_uuid), "stored_count": key.sign_count},
            )
        mode = modes.get(claim.employee_id, fallback_default)
        refuse = reason is not None and mode == PasskeyMode.REQUIRED
        if refuse and reason is not None:
            results[claim.client_uuid] = Result(refusal=_refusal(reason))
            continue
        results[claim.client_uuid] = Result(reason=reason)
        if nonce is not None:
            nonce.used_at = now
            used.append(nonce)
        if reason is None and key is not None:
            key.last_used_at = now
            moved[key.pk] = key
    _spend(used, list(moved.values()), now)
    return results


def _spend(used: list[PasskeyNonce], moved: list[Passkey], now: dt.datetime) -> None:
    """Mark the nonces used and store the new counters. ORM ``bulk_update`` builds a CASE
    expression per row in Python, which cost more than the signatures on the peak path."""
    if used:
        PasskeyNonce.objects.filter(pk__in=[n.pk for n in used]).update(used_at=now)
    if not moved:
        return
    if connection.vendor == "postgresql":
        sql.execute(
            f"UPDATE {sql.table(Passkey)} AS p SET sign_count = v.c, last_used_at = %s"
            " FROM jsonb_to_recordset(%s::jsonb) AS v(id bigint, c bigint) WHERE p.id = v.id",
            [now, json.dumps([{"id": k.pk, "c": k.sign_count} for k in moved])],
        )
        return
    for key in moved:
        Passkey.objects.filter(pk=key.pk).update(sign_count=key.sign_count, last_used_at=now)


def _check_one(
    claim: Claim,
    nonces: dict[str, PasskeyNonce],
    keys: dict[str, Passkey],
    now: dt.datetime,
) -> tuple[str | None, PasskeyNonce | None, Passkey | None]:
    """(reason or None, the nonce to use up, the passkey) for one claim; updates the
    in-memory nonce and counter so a second use in the same batch is seen."""
    signed = claim.assertion
    if signed is None:
        return assertion.NO_PASSKEY, None, None
    nonce = nonces.get(signed.nonce)
    if nonce is None or nonce.employee_id != claim.employee_id:
        return assertion.PASSKEY_INVALID, None, None
    if nonce.purpose != NoncePurpose.CHECK_IN or nonce.used_at is not None:
        return assertion.PASSKEY_REPLAY, None, None
    if nonce.expires_at <= now:
        return assertion.PASSKEY_REPLAY, None, None
    key = keys.get(signed.credential_id)
    if key is None or key.employee_id != claim.employee_id:
        # Someone else's passkey, or one never enrolled: the holder is not this employee.
        return assertion.PASSKEY_INVALID, nonce, None
    if key.status != PasskeyStatus.APPROVED:
        return assertion.NO_PASSKEY, nonce, None
    checked = assertion.check(
        signed,
        expected_challenge=assertion.challenge(signed.nonce, claim.content),
        rp_id=claim.rp_id,
        origins=list(claim.origins),
        public_key=bytes(key.public_key),
        stored_count=key.sign_count,
    )
    # The nonce is spent by any stored check-in that named it, whatever the verdict.
    nonce.used_at = now
    if checked.reason is None:
        key.sign_count = checked.sign_count
    return checked.reason, nonce, key
