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
from django.db import transaction
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
from .models import (
    NoncePurpose,
    Passkey,
    PasskeyMode,
    PasskeyNonce,
    PasskeyPolicy,
    PasskeyStatus,
)

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
    ``HIBRIDA_PASSKEY_MAX_OPEN_NONCES`` may be open at once: a request beyond it is refused
    with the time room frees up, rather than dropping the oldest open nonces, which may be the
    ones the phone holds or has signed a queued offline check-in with (docs/architecture.md)."""
    if not 1 <= count <= MAX_NONCES_PER_REQUEST:
        raise ValidationError({"count": f"Antara 1 dan {MAX_NONCES_PER_REQUEST}."})
    employee_id = _employee_id(actor)
    now = timezone.now()
    with transaction.atomic():
        Employee.objects.select_for_update().filter(pk=employee_id).first()
        open_expiries = list(
            PasskeyNonce.objects.filter(
                employee_id=employee_id,
                purpose=NoncePurpose.CHECK_IN,
                used_at__isnull=True,
                expires_at__gt=now,
            )
            .order_by("expires_at")
            .values_list("expires_at", flat=True)
        )
        limit = settings.HIBRIDA_PASSKEY_MAX_OPEN_NONCES
        excess = len(open_expiries) + count - limit
        if excess > 0:
            raise ValidationError({"count": _too_many_open(open_expiries, excess, limit)})
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


def _too_many_open(open_expiries: list[dt.datetime], excess: int, limit: int) -> str:
    message = (
        f"Masih ada {len(open_expiries)} tantangan passkey terbuka (batas {limit}), mungkin "
        "tersimpan di peramban atau perangkat lain."
    )
    if excess > len(open_expiries):
        return message  # asks for more than the limit allows even with none open
    frees_at = timezone.localtime(open_expiries[excess - 1])
    return f"{message} Permintaan ini dapat diulang setelah {frees_at:%d-%m-%Y %H.%M} WIB."


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


@dataclasses.dataclass
class NonceRow:
    id: int
    nonce: str
    employee_id: int
    purpose: str
    expires_at: dt.datetime
    used_at: dt.datetime | None


@dataclasses.dataclass
class KeyRow:
    id: int
    credential_id: str
    employee_id: int
    status: str
    public_key: bytes
    sign_count: int


@dataclasses.dataclass
class Loaded:
    """What a batch's check reads, locked: the OPD mode of each employee (None: the city
    default), the nonces and the passkeys the assertions name."""

    modes: dict[int, str | None]
    nonces: dict[str, NonceRow]
    keys: dict[str, KeyRow]


@dataclasses.dataclass
class Spend:
    """The writes a checked batch owes, made in the same transaction as its check-ins:
    nonces used up and counters moved (passkey id → new counter)."""

    at: dt.datetime
    nonce_ids: list[int] = dataclasses.field(default_factory=list)
    counters: dict[int, int] = dataclasses.field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.nonce_ids or self.counters)


_NONCES, _KEYS = sql.table(PasskeyNonce), sql.table(Passkey)
# The batch's rows, locked in id order (every batch locks in the same order, so two writers
# never deadlock on them). Sent in the batch's first round trip, BEFORE its read of stored
# UUIDs: a retry whose first attempt is still committing waits here for that commit and then
# finds its UUID stored (the stored answer) instead of its nonce used (a false replay).
# The names travel as one JSON text (encoded in C) rather than arrays the driver adapts.
PG_LOAD_SQL = (
    f"SELECT id, nonce, employee_id, purpose, expires_at, used_at FROM {_NONCES}"
    " WHERE nonce = ANY(ARRAY(SELECT jsonb_array_elements_text(%(passkey_nonces)s::jsonb)))"
    " ORDER BY id FOR UPDATE;\n"
    f"SELECT id, credential_id, employee_id, status, public_key, sign_count FROM {_KEYS}"
    " WHERE credential_id = ANY(ARRAY(SELECT"
    " jsonb_array_elements_text(%(passkey_credentials)s::jsonb))) ORDER BY id FOR UPDATE;\n"
    f"SELECT e.id, p.mode FROM {sql.table(Employee)} e"
    f" LEFT JOIN {sql.table(PasskeyPolicy)} p ON p.opd_id = e.opd_id"
    " WHERE e.id = ANY(%(employees)s)"
)
PG_SPEND_SQL = (
    f"UPDATE {_NONCES} SET used_at = %s WHERE id = ANY(ARRAY(SELECT"
    " (jsonb_array_elements_text(%s::jsonb))::bigint));\n"
    f"UPDATE {_KEYS} AS p SET sign_count = v.c, last_used_at = %s"
    " FROM jsonb_to_recordset(%s::jsonb) AS v(id bigint, c bigint) WHERE p.id = v.id;\n"
)


def pg_load_params(assertions: Sequence[assertion.Assertion | None]) -> dict[str, str]:
    """The named parameters of :data:`PG_LOAD_SQL` (besides ``employees``)."""
    signed = [a for a in assertions if a is not None]
    return {
        "passkey_nonces": json.dumps(sorted({a.nonce for a in signed})),
        "passkey_credentials": json.dumps(sorted({a.credential_id for a in signed})),
    }


def pg_loaded(nonce_rows: list[dict], key_rows: list[dict], mode_rows: list[dict]) -> Loaded:
    """:class:`Loaded` from the three result sets of :data:`PG_LOAD_SQL`."""
    for r in key_rows:
        r["public_key"] = bytes(r["public_key"])
    return Loaded(
        modes={r["id"]: r["mode"] for r in mode_rows},
        nonces={r["nonce"]: NonceRow(**r) for r in nonce_rows},
        keys={r["credential_id"]: KeyRow(**r) for r in key_rows},
    )


def pg_spend(spend: Spend) -> tuple[str, list[Any]]:
    """(statements, positional parameters) that make ``spend``'s writes; empty if none."""
    if not spend:
        return "", []
    counters = [{"id": k, "c": c} for k, c in spend.counters.items()]
    return PG_SPEND_SQL, [spend.at, json.dumps(spend.nonce_ids), spend.at, json.dumps(counters)]


def _load(claims: Sequence[Claim]) -> Loaded:
    """The ORM read of :class:`Loaded` (SQLite; PostgreSQL reads it in the batch's round
    trip with :data:`PG_LOAD_SQL`)."""
    signed = [c.assertion for c in claims if c.assertion is not None]
    modes: dict[int, str | None] = dict(
        Employee.objects.filter(pk__in={c.employee_id for c in claims}).values_list(
            "id", "opd__passkey_policy__mode"
        )
    )
    nonces = PasskeyNonce.objects.select_for_update().filter(nonce__in={a.nonce for a in signed})
    keys = Passkey.objects.select_for_update().filter(
        credential_id__in={a.credential_id for a in signed}
    )
    return Loaded(
        modes=modes,
        nonces={
            r["nonce"]: NonceRow(**r) for r in nonces.order_by("id").values(*_field_names(NonceRow))
        },
        keys={
            r["credential_id"]: KeyRow(**{**r, "public_key": bytes(r["public_key"])})
            for r in keys.order_by("id").values(*_field_names(KeyRow))
        },
    )


def _field_names(row: type) -> list[str]:
    return [f.name for f in dataclasses.fields(row)]


def check_claims(
    claims: Sequence[Claim], loaded: Loaded | None = None
) -> tuple[dict[uuid.UUID, Result], Spend]:
    """Verify the assertions of a batch (inside its transaction) on ``loaded`` (read here
    with the ORM when not given); the caller makes the returned :class:`Spend` in the same
    transaction (:func:`spend` or :func:`pg_spend`).

    Under the OPD's mode: ``off`` → nothing; ``fallback`` → a failure flags the check-in with
    its reason; ``required`` → a failure refuses it (nothing stored, the nonce stays open).
    A counter that does not grow is audited in either mode.
    """
    now = timezone.now()
    spent = Spend(at=now)
    if not claims:
        return {}, spent
    if loaded is None:
        loaded = _load(claims)
    fallback_default = default_mode()
    results: dict[uuid.UUID, Result] = {}
    for claim in claims:
        mode = loaded.modes.get(claim.employee_id) or fallback_default
        if mode == PasskeyMode.OFF:
            continue
        reason, nonce, key = _check_one(claim, loaded, now)
        if reason == assertion.PASSKEY_CLONED and key is not None:
            record_event(
                actor=None,
                action="presence.passkey_counter_not_increased",
                object_type=Passkey._meta.label_lower,
                object_id=key.id,
                after={"check_in": str(claim.client_uuid), "stored_count": key.sign_count},
            )
        if reason is not None and mode == PasskeyMode.REQUIRED:
            results[claim.client_uuid] = Result(refusal=_refusal(reason))
            continue
        results[claim.client_uuid] = Result(reason=reason)
        if nonce is not None:
            spent.nonce_ids.append(nonce.id)
        if reason is None and key is not None:
            spent.counters[key.id] = key.sign_count
    return results, spent


def spend(spent: Spend) -> None:
    """Make ``spent``'s writes with the ORM (SQLite; PostgreSQL sends :func:`pg_spend`)."""
    if spent.nonce_ids:
        PasskeyNonce.objects.filter(pk__in=spent.nonce_ids).update(used_at=spent.at)
    for key_id, count in spent.counters.items():
        Passkey.objects.filter(pk=key_id).update(sign_count=count, last_used_at=spent.at)


def _check_one(
    claim: Claim, loaded: Loaded, now: dt.datetime
) -> tuple[str | None, NonceRow | None, KeyRow | None]:
    """(reason or None, the nonce to use up, the passkey) for one claim; updates the
    in-memory nonce and counter so a second use in the same batch is seen."""
    signed = claim.assertion
    if signed is None:
        return assertion.NO_PASSKEY, None, None
    nonce = loaded.nonces.get(signed.nonce)
    if nonce is None or nonce.employee_id != claim.employee_id:
        return assertion.PASSKEY_INVALID, None, None
    if nonce.purpose != NoncePurpose.CHECK_IN or nonce.used_at is not None:
        return assertion.PASSKEY_REPLAY, None, None
    if nonce.expires_at <= now:
        return assertion.PASSKEY_REPLAY, None, None
    key = loaded.keys.get(signed.credential_id)
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
        public_key=key.public_key,
        stored_count=key.sign_count,
    )
    # The nonce is spent by any stored check-in that named it, whatever the verdict.
    nonce.used_at = now
    if checked.reason is None:
        key.sign_count = checked.sign_count
    return checked.reason, nonce, key
