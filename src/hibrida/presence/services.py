"""Writes of e-Presensi: one function per use case, one transaction, audited.

Check-ins are the one exception to "one audit event per write": each committed batch writes ONE
event listing its UUIDs (see docs/architecture.md, "Request flow").
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from hibrida import sql
from hibrida.audit import decisions
from hibrida.audit.log import record_batch_event, record_event, snapshot
from hibrida.org import access
from hibrida.org import services as org_services
from hibrida.org.models import Employee, Opd, Unit, User

from . import assertion, context, labels, passkeys, verify
from .models import (
    ApprovalStatus,
    CheckIn,
    CorrectionKind,
    CorrectionRequest,
    Device,
    DeviceReset,
    FieldArea,
    FieldReport,
    HomeLocation,
    Kind,
    LocationView,
    PresenceCheck,
    Verdict,
)
from .schemas import CheckInIn, PasskeyIn

log = logging.getLogger(__name__)

RESULT_FIELDS = context.RESULT_FIELDS


def late_sync_seconds() -> float:
    return float(getattr(settings, "HIBRIDA_PRESENCE_LATE_SYNC_S", 600))


def max_future_skew_seconds() -> float:
    return float(getattr(settings, "HIBRIDA_PRESENCE_MAX_SKEW_S", 300))


@dataclass
class Submission:
    """A validated check-in bound to the employee of the authenticated user."""

    client_uuid: uuid.UUID
    employee_id: int
    kind: str
    device_time: dt.datetime
    received_at: dt.datetime
    latitude: float
    longitude: float
    accuracy_m: float
    altitude: float | None
    speed: float | None
    provider: str
    mock_location: bool
    device_id: str
    sent_at: dt.datetime | None
    source: str = "api"
    actor_id: int | None = None
    passkey: assertion.Assertion | None = None
    rp_id: str = ""
    origins: tuple[str, ...] = ()


@dataclass
class Outcome:
    """The stored result of one submission; ``created`` is False for a replay.

    ``conflict``: the UUID is stored with another employee or other content; ``differing``
    names the fields that differ (empty when the record is someone else's).
    """

    created: bool
    result: dict | None = None
    conflict: bool = False
    differing: tuple[str, ...] = ()
    # Not stored: the same type was already recorded that day at this time (WIB, "07.12").
    repeat_of: str | None = None
    # Not stored: the passkey check refused it (HTTP status, body).
    refusal: tuple[int, dict] | None = None


# What the phone measured and sent. A retry carries the same values (only sent_at changes),
# so any difference under a known UUID means a different check-in, never a retry.
CONTENT_FIELDS = (
    "kind",
    "device_time",
    "latitude",
    "longitude",
    "accuracy_m",
    "altitude",
    "speed",
    "provider",
    "mock_location",
    "device_id",
)
# Coarsening for privacy rewrites the coordinates of old rows; they are no longer comparable.
COARSENED_FIELDS = ("latitude", "longitude")


def conflict_body(client_uuid: uuid.UUID, outcome: Outcome) -> dict:
    """The 409 answer, the same on the ordinary route and the fast path."""
    if not outcome.differing:
        return {"detail": f"UUID {client_uuid} sudah dipakai untuk presensi lain.", "errors": []}
    return {
        "detail": (
            f"UUID {client_uuid} sudah dipakai untuk presensi dengan isi berbeda "
            f"({', '.join(outcome.differing)}). Kirim ulang dengan isi yang sama, "
            "atau pakai UUID baru untuk presensi baru."
        ),
        "errors": [
            {"field": f, "message": "berbeda dari presensi yang tersimpan dengan UUID ini"}
            for f in outcome.differing
        ],
    }


def _aware(value: dt.datetime) -> dt.datetime:
    if timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_default_timezone())
    return value


def build_submission(
    *,
    user_id: int,
    employee_id: int | None,
    payload: CheckInIn,
    source: str = "api",
    received_at: dt.datetime | None = None,
    relying_party: tuple[str, list[str]] = ("", []),
) -> Submission:
    """Bind ``payload`` to the poster's own employee; refuse a future device time.

    Raises PermissionDenied when the user has no employee record or names someone else, and
    ValidationError (nothing stored) when the device time is ahead beyond the allowed skew.
    """
    if employee_id is None:
        raise PermissionDenied("Akun ini tidak terhubung dengan data pegawai.")
    if payload.employee_id is not None and payload.employee_id != employee_id:
        raise PermissionDenied("Anda hanya dapat melakukan presensi untuk diri sendiri.")
    now = received_at or timezone.now()
    device_time = _aware(payload.device_time)
    if (device_time - now).total_seconds() > max_future_skew_seconds():
        raise ValidationError(
            {"device_time": "Waktu perangkat berada di masa depan melebihi toleransi jam."}
        )
    if device_time < now - dt.timedelta(days=31):
        raise ValidationError({"device_time": "Waktu perangkat lebih dari 31 hari yang lalu."})
    return Submission(
        client_uuid=payload.uuid,
        employee_id=employee_id,
        kind=payload.kind,
        device_time=device_time,
        received_at=now,
        latitude=payload.latitude,
        longitude=payload.longitude,
        accuracy_m=payload.accuracy_m,
        altitude=payload.altitude,
        speed=payload.speed,
        provider=payload.provider,
        mock_location=payload.mock_location,
        device_id=payload.device_id,
        sent_at=_aware(payload.sent_at) if payload.sent_at else None,
        source=source,
        actor_id=user_id,
        passkey=_assertion(payload.passkey) if payload.passkey else None,
        rp_id=relying_party[0],
        origins=tuple(relying_party[1]),
    )


def _assertion(signed: PasskeyIn) -> assertion.Assertion:
    # Field by field: model_dump() builds a dict through pydantic's serializer per check-in.
    return assertion.Assertion(
        nonce=signed.nonce,
        credential_id=signed.credential_id,
        authenticator_data=signed.authenticator_data,
        client_data_json=signed.client_data_json,
        signature=signed.signature,
    )


def result_body(row: dict) -> dict:
    """The JSON answer for a stored check-in; a replay gets exactly the same body."""
    return {
        "uuid": str(row["client_uuid"]),
        "kind": row["kind"],
        "status": row["status"],
        "reasons": [
            {"code": code, "message": verify.MESSAGES.get(code, code)} for code in row["reasons"]
        ],
        "expected_mode": row["expected_mode"],
        "place": row["place"],
        "distance_m": row["distance_m"],
        "accuracy_m": row["accuracy_m"],
        "device_time": row["device_time"].astimezone(dt.UTC).isoformat(),
        "received_at": row["received_at"].astimezone(dt.UTC).isoformat(),
        "late_synced": row["late_synced"],
    }


# The raw PostgreSQL reads return the same columns as the ORM read.
PG_RESULT_COLUMNS = context.EXISTING_COLUMNS
INSERT_COLUMNS = [
    ("client_uuid", "uuid"),
    ("employee_id", "bigint"),
    ("kind", "text"),
    ("device_time", "timestamptz"),
    ("received_at", "timestamptz"),
    ("work_date", "date"),
    ("latitude", "float8"),
    ("longitude", "float8"),
    ("accuracy_m", "float8"),
    ("altitude", "float8"),
    ("speed", "float8"),
    ("provider", "text"),
    ("mock_location", "bool"),
    ("device_id", "text"),
    ("expected_mode", "text"),
    ("place", "text"),
    ("distance_m", "float8"),
    ("status", "text"),
    ("reasons", "jsonb"),
    ("late_synced", "bool"),
    ("coarsened", "bool"),
    ("source", "text"),
]


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _stored(uuids: Iterable[uuid.UUID]) -> dict[uuid.UUID, dict]:
    uuids = list(uuids)
    if not uuids:
        return {}
    if _pg():
        rows = sql.rows(context.EXISTING_SQL, {"uuids": uuids})
        for r in rows:
            if isinstance(r["reasons"], str):
                r["reasons"] = json.loads(r["reasons"])
    else:
        rows = CheckIn.objects.filter(client_uuid__in=uuids).values(*PG_RESULT_COLUMNS)
    return {r["client_uuid"]: r for r in rows}


def _insert_pg(
    rows: list[dict], devices: list[tuple[int, str]], before: tuple[str, list] = ("", [])
) -> set[uuid.UUID]:
    """Multi-row INSERT … ON CONFLICT DO NOTHING (and device binding, and the ``before``
    statements: the passkey nonces and counters) in one round trip.

    The rows travel as ONE JSON parameter expanded by ``jsonb_to_recordset``: encoding a
    JSON string is done in C, whereas binding 22 arrays makes the driver adapt every value
    in Python. Returns the UUIDs this statement stored.
    """
    names = ", ".join(c for c, _ in INSERT_COLUMNS)
    record = ", ".join(f"{c} {t}" for c, t in INSERT_COLUMNS)
    # The rows are _verify_fresh's, keyed by INSERT_COLUMNS (extra keys would be ignored by
    # jsonb_to_recordset); the typed values are turned into text here rather than through a
    # ``default`` callback per value.
    payload = json.dumps(
        [
            {
                **r,
                "client_uuid": str(r["client_uuid"]),
                "device_time": r["device_time"].isoformat(),
                "received_at": r["received_at"].isoformat(),
                "work_date": r["work_date"].isoformat(),
            }
            for r in rows
        ],
        default=_json_default,
    )
    statement, params = before[0], [*before[1], payload]
    if devices:
        # Trust on first use: bind the phone in the same round trip.
        statement += (
            f"INSERT INTO {sql.table(Device)} (employee_id, device_id, registered_at)"
            " SELECT e, d, now() FROM jsonb_to_recordset(%s::jsonb) AS t(e bigint, d text)"
            " ON CONFLICT (employee_id, device_id) DO UPDATE SET registered_at = now(),"
            " retired_at = NULL; "
        )
        params = [*before[1], json.dumps([{"e": e, "d": d} for e, d in devices]), payload]
    statement += (
        f"INSERT INTO {sql.table(CheckIn)} ({names}) SELECT {names}"
        f" FROM jsonb_to_recordset(%s::jsonb) AS t({record})"
        " ON CONFLICT (client_uuid) DO NOTHING RETURNING client_uuid"
    )
    *_bound, stored = sql.result_sets(statement, params)
    return {r["client_uuid"] for r in stored}


def _json_default(value: object) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(type(value))


def _bind_devices(devices: list[tuple[int, str]]) -> None:
    # A phone retired by a reset and used again is bound again.
    if devices:
        Device.objects.bulk_create(
            [Device(employee_id=e, device_id=d) for e, d in devices],
            update_conflicts=True,
            unique_fields=["employee", "device_id"],
            update_fields=["registered_at", "retired_at"],
        )


def _outcome(sub: Submission, row: dict, created: bool) -> Outcome:
    if created:
        # The row was built from this very submission just now: nothing can differ.
        return Outcome(created=True, result=result_body(row))
    if row["employee_id"] != sub.employee_id:
        # A UUID already used by someone else: do not reveal their record.
        return Outcome(created=False, conflict=True)
    skipped = COARSENED_FIELDS if row.get("coarsened") else ()
    differing = tuple(f for f in CONTENT_FIELDS if f not in skipped and getattr(sub, f) != row[f])
    if differing:
        return Outcome(created=False, conflict=True, differing=differing)
    return Outcome(created=created, result=result_body(row))


def record_check_ins(
    *,
    actor: User | None,
    submissions: list[Submission],
    opd_cache: context.OpdPlacesCache | None = None,
) -> list[Outcome]:
    """Verify and store a batch of check-ins in one transaction; idempotent per UUID.

    A UUID already stored (a retry, or a concurrent duplicate that won the race) is not
    verified or written again: its stored result is returned. The race between two
    transactions inserting the same UUID is settled by the unique constraint with
    ``ON CONFLICT DO NOTHING``, after which the stored row is read back. One audit event per
    batch lists the UUIDs that were newly stored; ``actor`` is the poster on the ordinary path
    and None ("sistem") for a fast-path batch of many posters.
    """
    if not submissions:
        return []
    try:
        with transaction.atomic():
            return record_check_ins_in_transaction(
                actor=actor, submissions=submissions, opd_cache=opd_cache
            )
    except IntegrityError:
        if len(submissions) == 1:
            raise
        # One bad row (e.g. an employee deleted meanwhile) must not fail the others.
        log.warning("check-in batch failed; retrying one by one", exc_info=True)
        out = []
        for sub in submissions:
            try:
                out.extend(record_check_ins(actor=actor, submissions=[sub], opd_cache=opd_cache))
            except IntegrityError:
                out.append(Outcome(created=False, conflict=True))
        return out


def record_check_ins_in_transaction(
    *,
    actor: User | None,
    submissions: list[Submission],
    opd_cache: context.OpdPlacesCache | None = None,
) -> list[Outcome]:
    """:func:`record_check_ins` for a caller that already holds the transaction."""
    if not submissions:
        return []
    first_by_uuid: dict[uuid.UUID, Submission] = {}
    for sub in submissions:
        first_by_uuid.setdefault(sub.client_uuid, sub)
    batch = None
    loaded = None
    if _pg():
        batch = context.load_batch_pg(
            first_by_uuid,
            [
                (s.employee_id, s.latitude, s.longitude, s.device_time)
                for s in first_by_uuid.values()
            ],
            before=(
                passkeys.PG_LOAD_SQL,
                passkeys.pg_load_params([s.passkey for s in first_by_uuid.values()]),
            ),
        )
        loaded = passkeys.pg_loaded(*batch.before)
        existing = {}
        for row in batch.existing:
            if isinstance(row["reasons"], str):
                row["reasons"] = json.loads(row["reasons"])
            existing[row["client_uuid"]] = row
    else:
        existing = _stored(first_by_uuid)
    fresh = [s for u, s in first_by_uuid.items() if u not in existing]
    # The row each UUID stands for now, and the UUIDs this batch stored.
    stored_rows: dict[uuid.UUID, dict] = dict(existing)
    inserted: set[uuid.UUID] = set()
    created_uuids = []
    refused, passkey_reasons, spent = _check_passkeys([_claim(s) for s in fresh], loaded)
    fresh = [s for s in fresh if s.client_uuid not in refused]
    if fresh:
        rows, new_devices = _verify_fresh(fresh, batch, opd_cache, passkey_reasons)
        if _pg():
            inserted = _insert_pg(rows, new_devices, passkeys.pg_spend(spent))
        else:
            passkeys.spend(spent)
            _bind_devices(new_devices)
            CheckIn.objects.bulk_create([CheckIn(**r) for r in rows], ignore_conflicts=True)
            stored = _stored(r["client_uuid"] for r in rows)
            inserted = {
                u
                for u, r in stored.items()
                if r["received_at"] == first_by_uuid[u].received_at
                and r["employee_id"] == first_by_uuid[u].employee_id
            }
        # Lost a race to a concurrent transaction with the same UUID: answer with its row.
        raced = _stored(r["client_uuid"] for r in rows if r["client_uuid"] not in inserted)
        for r in rows:
            u = r["client_uuid"]
            if u in inserted:
                created_uuids.append(str(u))
                stored_rows[u] = r
            else:
                stored_rows[u] = raced[u]
    if created_uuids:
        # Raw append (same row and hash as record_event): fewer round trips while the
        # chain-head lock is held, which every batch writer waits for.
        record_batch_event(
            actor=actor,
            action="presence.check_ins_recorded",
            object_type="presence.checkin",
            object_id=created_uuids[0],
            after={"count": len(created_uuids), "uuids": created_uuids},
        )
    return _outcomes(submissions, stored_rows, inserted, refused)


def _outcomes(
    submissions: list[Submission],
    stored_rows: dict[uuid.UUID, dict],
    inserted: set[uuid.UUID],
    refused: dict[uuid.UUID, tuple[int, dict]],
) -> list[Outcome]:
    result = []
    seen: set[uuid.UUID] = set()
    for sub in submissions:
        u = sub.client_uuid
        if u in refused:
            result.append(Outcome(created=False, refusal=refused[u]))
            continue
        # A duplicate within the batch is compared with the row its first copy stored.
        result.append(_outcome(sub, stored_rows[u], u in inserted and u not in seen))
        seen.add(u)
    return result


def _check_passkeys(
    claims: list[passkeys.Claim], loaded: passkeys.Loaded | None
) -> tuple[dict[uuid.UUID, tuple[int, dict]], dict[uuid.UUID, str], passkeys.Spend]:
    """(refusals, reasons to flag, writes owed) of the batch's new check-ins."""
    refused: dict[uuid.UUID, tuple[int, dict]] = {}
    reasons: dict[uuid.UUID, str] = {}
    results, spent = passkeys.check_claims(claims, loaded)
    for u, checked in results.items():
        if checked.refusal is not None:
            refused[u] = checked.refusal
        elif checked.reason is not None:
            reasons[u] = checked.reason
    return refused, reasons, spent


def _claim(sub: Submission) -> passkeys.Claim:
    return passkeys.Claim(
        client_uuid=sub.client_uuid,
        employee_id=sub.employee_id,
        content=assertion.canonical(
            check_in_uuid=sub.client_uuid,
            kind=sub.kind,
            device_time=sub.device_time,
            lat=sub.latitude,
            lon=sub.longitude,
        ),
        assertion=sub.passkey,
        rp_id=sub.rp_id,
        origins=sub.origins,
    )


def _verify_fresh(
    fresh: list[Submission],
    batch: context.BatchData | None,
    opd_cache: context.OpdPlacesCache | None,
    passkey_reasons: dict[uuid.UUID, str] | None = None,
) -> tuple[list[dict], list[tuple[int, str]]]:
    # timezone.localdate per check-in looks the current zone up each time.
    zone = timezone.get_current_timezone()
    local_days = {s.client_uuid: s.device_time.astimezone(zone).date() for s in fresh}
    places: dict[tuple[int, dt.date], context.EmployeePlaces] = {}
    for day in set(local_days.values()):
        ids = sorted({s.employee_id for s in fresh if local_days[s.client_uuid] == day})
        if batch is not None:
            wanted = set(ids)
            loaded = context.build_places(
                [e for e in batch.employees if e["id"] in wanted], batch.homes, day, opd_cache
            )
        else:
            loaded = context.load_places(ids, day, opd_cache)
        places.update({(emp, day): p for emp, p in loaded.items()})
    if batch is not None:
        history = batch.history
    else:
        history = context.load_history(
            [(s.employee_id, s.latitude, s.longitude, s.device_time) for s in fresh]
        )
    rules = context.rules()
    rows = []
    new_devices = []
    bound = dict(history.devices)
    for sub in sorted(fresh, key=lambda s: s.device_time):
        day = local_days[sub.client_uuid]
        emp_places = places.get((sub.employee_id, day))
        known = history.previous.get(sub.employee_id, [])
        previous = None
        if known:
            # The fix nearest in time: for a late-synced check-in that may be a later one.
            when, lat, lon = min(known, key=lambda p: abs((p[0] - sub.device_time).total_seconds()))
            previous = verify.PreviousFix(lat, lon, when)
        repeated_days = history.repeated.get((sub.employee_id, sub.latitude, sub.longitude), set())
        devices = bound.get(sub.employee_id)
        verdict = verify.verify(
            verify.Fix(
                latitude=sub.latitude,
                longitude=sub.longitude,
                accuracy_m=sub.accuracy_m,
                device_time=sub.device_time,
                mock_location=sub.mock_location,
                device_id=sub.device_id,
                sent_at=sub.sent_at,
            ),
            verify.Context(
                expected_mode=emp_places.expected_mode if emp_places else None,
                places=emp_places.places if emp_places else (),
                server_time=sub.received_at,
                previous=previous,
                repeated_day_count=len(repeated_days - {day}),
                registered_devices=devices,
                rules=rules,
            ),
        )
        if not devices:
            # Trust on first use: the first phone an employee checks in with is bound to them.
            bound[sub.employee_id] = frozenset({sub.device_id})
            new_devices.append((sub.employee_id, sub.device_id))
        # Later check-ins of the same batch see this one as their previous fix.
        history.previous.setdefault(sub.employee_id, []).append(
            (sub.device_time, sub.latitude, sub.longitude)
        )
        history.repeated.setdefault((sub.employee_id, sub.latitude, sub.longitude), set()).add(day)
        late = (sub.received_at - sub.device_time).total_seconds() > late_sync_seconds()
        status, reasons = verdict.status, list(verdict.reasons)
        passkey_reason = (passkey_reasons or {}).get(sub.client_uuid)
        if passkey_reason is not None:
            # The OPD's fallback: kept for the atasan to review, never silently valid.
            reasons.append(passkey_reason)
            if status == Verdict.VALID:
                status = Verdict.FLAGGED
        rows.append(
            {
                "client_uuid": sub.client_uuid,
                "employee_id": sub.employee_id,
                "kind": sub.kind,
                "device_time": sub.device_time,
                "received_at": sub.received_at,
                "work_date": day,
                "latitude": sub.latitude,
                "longitude": sub.longitude,
                "accuracy_m": sub.accuracy_m,
                "altitude": sub.altitude,
                "speed": sub.speed,
                "provider": sub.provider,
                "mock_location": sub.mock_location,
                "device_id": sub.device_id,
                "expected_mode": verdict.expected_mode,
                "place": verdict.place,
                "distance_m": verdict.distance_m,
                "status": status,
                "reasons": reasons,
                "late_synced": late,
                "coarsened": False,
                "source": sub.source,
            }
        )
    return rows, new_devices


def repeat_message(kind: str, time_wib: str) -> str:
    return str(labels.PAGE_TEXTS["done"]) % {
        "kind": str(Kind(kind).label).lower(),
        "time": time_wib,
    }


def record_check_in(
    *,
    actor: User,
    payload: CheckInIn,
    source: str = "api",
    relying_party: tuple[str, list[str]] = ("", []),
) -> Outcome:
    """One check-in from the ordinary API path (session or token).

    From the web page (``source="web"``) a second record of the same type on the same day
    is stored only with ``confirm_repeat``; otherwise nothing is stored and the outcome names
    the earlier time. A rejected earlier record does not count (the person must retry), and a
    replayed UUID is answered as stored whatever the flag. The employee row is locked so two
    taps in flight cannot both pass the check.
    """
    sub = build_submission(
        user_id=actor.pk,
        employee_id=actor.employee_id,
        payload=payload,
        source=source,
        relying_party=relying_party,
    )
    if source != "web" or payload.confirm_repeat:
        return record_check_ins(actor=actor, submissions=[sub])[0]
    with transaction.atomic():
        list(Employee.objects.select_for_update().filter(pk=sub.employee_id).values_list("pk"))
        earlier = _earlier_same_kind(sub)
        if earlier is not None:
            return Outcome(created=False, repeat_of=earlier)
        return record_check_ins(actor=actor, submissions=[sub])[0]


def _earlier_same_kind(sub: Submission) -> str | None:
    """The WIB time of the day's first kept record of ``sub.kind``; None for a replay."""
    same_day = CheckIn.objects.filter(employee_id=sub.employee_id)
    if same_day.filter(client_uuid=sub.client_uuid).exists():
        return None
    first = (
        same_day.filter(
            kind=sub.kind,
            work_date=timezone.localdate(sub.device_time),
            status__in=[Verdict.VALID, Verdict.FLAGGED],
        )
        .order_by("device_time")
        .values_list("device_time", flat=True)
        .first()
    )
    return None if first is None else timezone.localtime(first).strftime("%H.%M")


# --- places ------------------------------------------------------------------------------

# The columns' sizes (HomeLocation.address, DeviceReset.reason).
ADDRESS_MAX_CHARS = 300
REASON_MAX_CHARS = 300


# A coordinate as the API (a float) or a form (text, possibly missing) hands it over.
FormNumber = float | str | None


def _clean_point(
    latitude: FormNumber, longitude: FormNumber, radius_m: int | str | None = None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        if latitude is None:
            raise TypeError
        lat = float(latitude)
        if not -90 <= lat <= 90 or lat != lat:
            errors["latitude"] = "Lintang harus antara -90 dan 90."
    except (TypeError, ValueError):
        errors["latitude"] = "Lintang harus berupa angka."
    try:
        if longitude is None:
            raise TypeError
        lon = float(longitude)
        if not -180 <= lon <= 180 or lon != lon:
            errors["longitude"] = "Bujur harus antara -180 dan 180."
    except (TypeError, ValueError):
        errors["longitude"] = "Bujur harus berupa angka."
    if radius_m is not None and not (20 <= int(radius_m) <= 500):
        errors["radius_m"] = "Radius harus antara 20 dan 500 meter."
    return errors


NOT_AN_EMPLOYEE = "Akun ini tidak terhubung dengan pegawai."


def _own_employee_id(actor: User) -> int:
    """The actor's employee id; 403 for a login that is not an employee."""
    if actor.employee_id is None:
        raise PermissionDenied(NOT_AN_EMPLOYEE)
    return actor.employee_id


def request_home_location(
    *,
    actor: User,
    latitude: FormNumber,
    longitude: FormNumber,
    radius_m: int | str = 100,
    address: str = "",
) -> HomeLocation:
    """The employee asks to register (or move) their home; it counts once approved."""
    employee_id = _own_employee_id(actor)
    errors = _clean_point(latitude, longitude, radius_m)
    address = (address or "").strip()
    if message := decisions.text_error(address, max_chars=ADDRESS_MAX_CHARS):
        errors["address"] = message
    if errors:
        raise ValidationError(errors)
    assert latitude is not None and longitude is not None  # _clean_point refused a missing one
    with transaction.atomic():
        home = HomeLocation.objects.create(
            employee_id=employee_id,
            latitude=float(latitude),
            longitude=float(longitude),
            radius_m=int(radius_m),
            address=address,
        )
        record_event(actor=actor, action="presence.home_requested", obj=home, after=snapshot(home))
    return home


def _require_decider(actor: User, employee_id: int, what: str) -> None:
    """Home locations and phone resets are decided by the atasan or the OPD admin."""
    access.require_writer(actor)
    access.require(
        access.is_supervisor_of(actor, employee_id)
        or access.can_manage_employee(actor, employee_id),
        f"Hanya atasan atau admin OPD yang dapat memutuskan {what}.",
    )


def decide_home_location(
    *, actor: User, home: HomeLocation, approve: bool, note: str = ""
) -> HomeLocation:
    """Atasan or OPD admin approves/rejects; an approval supersedes the previous home."""
    _require_decider(actor, home.employee_id, "lokasi rumah")

    def one_approval_per_employee_at_a_time(row: HomeLocation) -> None:
        # Two different homes of one employee approved at once lock different rows; the
        # employee row serialises them, so the later one supersedes the earlier.
        Employee.objects.select_for_update().filter(pk=row.employee_id).first()

    def supersede_previous(row: HomeLocation) -> dict:
        old = HomeLocation.objects.filter(
            employee_id=row.employee_id, status=ApprovalStatus.APPROVED
        ).exclude(pk=row.pk)
        return {"superseded": old.update(status=ApprovalStatus.SUPERSEDED)}

    return decisions.decide(
        actor=actor,
        model=HomeLocation,
        pk=home.pk,
        pending=[ApprovalStatus.PENDING],
        to_status=ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED,
        action="presence.home_approved" if approve else "presence.home_rejected",
        note=note,
        note_required="" if approve else "Alasan penolakan wajib diisi.",
        check=one_approval_per_employee_at_a_time if approve else None,
        effects=supersede_previous if approve else None,
    )


def request_device_reset(*, actor: User, reason: str) -> DeviceReset:
    """The employee asks to release their registered phone (lost, replaced): until then a new
    phone's check-ins are flagged as from an unregistered device."""
    employee_id = access.scope_for(actor).employee_id
    access.require_writer_for(actor, employee_id)
    if employee_id is None:
        raise PermissionDenied(NOT_AN_EMPLOYEE)
    reason = decisions.clean_text(
        reason,
        field="reason",
        max_chars=REASON_MAX_CHARS,
        required_message="Tuliskan alasannya, mis. HP hilang atau diganti.",
    )
    if DeviceReset.objects.filter(employee_id=employee_id, status=ApprovalStatus.PENDING).exists():
        raise ValidationError({"reason": "Masih ada permintaan reset yang menunggu keputusan."})
    with transaction.atomic():
        item = DeviceReset.objects.create(employee_id=employee_id, reason=reason)
        record_event(
            actor=actor, action="presence.device_reset_requested", obj=item, after=snapshot(item)
        )
    return item


def decide_device_reset(
    *, actor: User, item: DeviceReset, approve: bool, note: str = ""
) -> DeviceReset:
    """Atasan or OPD admin decides; approval retires the employee's registered phones, so the
    next phone used for a check-in is bound in their place."""
    _require_decider(actor, item.employee_id, "reset perangkat")

    def retire_phones(row: DeviceReset) -> dict:
        retired = Device.objects.filter(
            employee_id=row.employee_id, retired_at__isnull=True
        ).update(retired_at=row.decided_at)
        # The lost phone may still hold an API token: the next phone gets a new one.
        revoked = sum(
            org_services.revoke_user_tokens_unchecked(
                actor=actor, user=login, reason="Reset perangkat disetujui."
            )
            for login in User.objects.filter(employee_id=row.employee_id)
        )
        # The lost phone's passkey must not prove presence any more: the new phone enrols.
        passkeys_revoked = passkeys.revoke_for_reset(row.employee_id)
        return {
            "devices_retired": retired,
            "tokens_revoked": revoked,
            "passkeys_revoked": passkeys_revoked,
        }

    return decisions.decide(
        actor=actor,
        model=DeviceReset,
        pk=item.pk,
        pending=[ApprovalStatus.PENDING],
        to_status=ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED,
        action="presence.device_reset_approved" if approve else "presence.device_reset_rejected",
        note=note,
        note_required="" if approve else "Alasan penolakan wajib diisi.",
        effects=retire_phones
        if approve
        else lambda row: {"devices_retired": 0, "tokens_revoked": 0},
    )


def save_field_area(
    *, actor: User, opd: Opd, name: str, polygon: list[Any], unit: Unit | None = None
) -> FieldArea:
    """OPD admin defines a field-work polygon for the OPD (or one unit)."""
    access.require_writer(actor)
    access.require(access.can_manage_opd(actor, opd))
    errors = {}
    if not name.strip():
        errors["name"] = "Nama area wajib diisi."
    pts = context._polygon(polygon)
    if len(pts) < 3 or any(not (-90 <= a <= 90 and -180 <= b <= 180) for a, b in pts):
        errors["polygon"] = "Poligon harus berisi minimal 3 titik [lintang, bujur] yang sah."
    if unit is not None and unit.opd_id != opd.pk:
        errors["unit"] = "Unit bukan bagian dari OPD ini."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        area = FieldArea.objects.create(
            opd=opd, unit=unit, name=name.strip(), polygon=[list(p) for p in pts]
        )
        record_event(
            actor=actor, action="presence.field_area_created", obj=area, after=snapshot(area)
        )
    return area


# --- corrections -------------------------------------------------------------------------


def request_correction(
    *,
    actor: User,
    work_date: dt.date,
    kind: str,
    reason: str,
    time_in: dt.time | None = None,
    time_out: dt.time | None = None,
) -> CorrectionRequest:
    """The employee asks to correct a day's in/out time (forgot to check out, GPS failed)."""
    employee_id = _own_employee_id(actor)
    errors = {}
    if kind not in CorrectionKind.values:
        errors["kind"] = "Jenis koreksi tidak dikenal."
    if len((reason or "").strip()) < 10:
        errors["reason"] = "Alasan wajib diisi (minimal 10 karakter)."
    today = timezone.localdate()
    if work_date > today:
        errors["work_date"] = "Tanggal tidak boleh di masa depan."
    elif work_date < today - dt.timedelta(days=31):
        errors["work_date"] = "Koreksi hanya untuk 31 hari terakhir."
    if time_in is None and time_out is None:
        errors["time_in"] = "Isi jam masuk dan/atau jam pulang."
    if time_in and time_out and time_out <= time_in:
        errors["time_out"] = "Jam pulang harus setelah jam masuk."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = CorrectionRequest.objects.create(
            employee_id=employee_id,
            work_date=work_date,
            kind=kind,
            reason=reason.strip(),
            time_in=time_in,
            time_out=time_out,
        )
        record_event(
            actor=actor, action="presence.correction_requested", obj=item, after=snapshot(item)
        )
    return item


def decide_correction(
    *, actor: User, item: CorrectionRequest, approve: bool, note: str = ""
) -> CorrectionRequest:
    """Only the employee's atasan (transitively) decides a correction."""
    access.require_writer(actor)
    access.require(
        access.is_supervisor_of(actor, item.employee_id),
        "Hanya atasan pegawai ini yang dapat memutuskan koreksi.",
    )
    return decisions.decide(
        actor=actor,
        model=CorrectionRequest,
        pk=item.pk,
        pending=[ApprovalStatus.PENDING],
        to_status=ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED,
        action="presence.correction_approved" if approve else "presence.correction_rejected",
        note=note,
        note_required="" if approve else "Alasan penolakan wajib diisi.",
    )


# --- field reports -----------------------------------------------------------------------

PHOTO_MAX_BYTES = 3 * 1024 * 1024
PHOTO_SIGNATURES = {b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}


def submit_field_report(
    *,
    actor: User,
    latitude: FormNumber,
    longitude: FormNumber,
    accuracy_m: float | str = 0,
    note: str = "",
    photo: UploadedFile | None = None,
) -> FieldReport:
    """A ping or short report during a field shift; the photo must really be JPEG/PNG."""
    employee_id = _own_employee_id(actor)
    errors = _clean_point(latitude, longitude)
    if len(note or "") > 500:
        errors["note"] = "Catatan maksimum 500 karakter."
    if photo is not None:
        assert photo.size is not None  # Django sizes every upload; the stubs allow None
        if photo.size > PHOTO_MAX_BYTES:
            errors["photo"] = "Foto maksimum 3 MB."
        else:
            head = photo.read(8)
            photo.seek(0)
            if not any(head.startswith(sig) for sig in PHOTO_SIGNATURES):
                errors["photo"] = "Foto harus berformat JPEG atau PNG."
    try:
        accuracy = float(accuracy_m or 0)
    except (TypeError, ValueError):
        errors["accuracy_m"] = "Akurasi harus berupa angka."
        accuracy = 0
    if errors:
        raise ValidationError(errors)
    assert latitude is not None and longitude is not None  # _clean_point refused a missing one
    with transaction.atomic():
        report = FieldReport(
            employee_id=employee_id,
            at=timezone.now(),
            latitude=float(latitude),
            longitude=float(longitude),
            accuracy_m=accuracy,
            note=(note or "").strip(),
        )
        if photo is not None:
            report.photo = photo
        report.save()
        after = snapshot(report, ["employee", "at", "latitude", "longitude", "accuracy_m", "note"])
        record_event(
            actor=actor,
            action="presence.field_report",
            obj=report,
            after={**after, "photo": report.photo.name or ""},
        )
    return report


# --- privacy -----------------------------------------------------------------------------


def log_location_view(*, actor: User, employee_ids: Iterable[int], context_label: str) -> int:
    """Record that ``actor`` saw the location of each of ``employee_ids`` (others only)."""
    others = [e for e in set(employee_ids) if e != actor.employee_id]
    if not others:
        return 0
    with transaction.atomic():
        LocationView.objects.bulk_create(
            [LocationView(viewer=actor, employee_id=e, context=context_label) for e in others]
        )
        record_event(
            actor=actor,
            action="presence.location_viewed",
            object_type="presence.locationview",
            object_id=context_label,
            after={"employees": sorted(others), "context": context_label},
        )
    return len(others)


def log_own_location_export(*, actor: User, rows: int) -> None:
    """A data subject downloaded their own location history: audited like every download."""
    with transaction.atomic():
        record_event(
            actor=actor,
            action="presence.own_locations_downloaded",
            object_type="org.employee",
            object_id=actor.employee_id or "",
            after={"rows": rows},
        )


def coarsen_old_locations(
    *, actor: User | None = None, now: dt.datetime | None = None
) -> dict[str, int]:
    """Round precise coordinates older than the retention period to ~1 km (0.01°)."""
    from django.db.models import F
    from django.db.models.functions import Round

    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=int(getattr(settings, "HIBRIDA_GPS_RETENTION_DAYS", 90)))
    with transaction.atomic():
        checkins = CheckIn.objects.filter(device_time__lt=cutoff, coarsened=False).update(
            latitude=Round(F("latitude"), 2), longitude=Round(F("longitude"), 2), coarsened=True
        )
        reports = FieldReport.objects.filter(at__lt=cutoff, coarsened=False).update(
            latitude=Round(F("latitude"), 2), longitude=Round(F("longitude"), 2), coarsened=True
        )
        homes = HomeLocation.objects.filter(
            requested_at__lt=cutoff,
            status__in=[ApprovalStatus.SUPERSEDED, ApprovalStatus.REJECTED],
        ).update(latitude=Round(F("latitude"), 2), longitude=Round(F("longitude"), 2))
        presence_checks = PresenceCheck.objects.filter(
            answered_at__lt=cutoff, coarsened=False
        ).update(
            latitude=Round(F("latitude"), 2), longitude=Round(F("longitude"), 2), coarsened=True
        )
        counts = {
            "check_ins": checkins,
            "field_reports": reports,
            "old_homes": homes,
            "presence_checks": presence_checks,
        }
        record_event(
            actor=actor,
            action="presence.locations_coarsened",
            object_type="presence",
            object_id=cutoff.date().isoformat(),
            after={"cutoff": cutoff, **counts},
        )
    return counts
