"""e-Presensi API (mounted at /api/v1/presence/). Thin: parse, call the service, answer.

``POST /check-ins`` is also served by :mod:`hibrida.presence.fastpath` for bearer-token
clients when the server runs that ASGI entry point; both paths call the same service.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status, UploadedFile
from pydantic import Field

from hibrida import throttles
from hibrida.audit.schemas import DECISION_ERRORS
from hibrida.bounds import BoundedDate, Id
from hibrida.openapi import ErrorOut
from hibrida.org import access
from hibrida.org.models import Unit

from . import (
    assertion,
    hour_policies,
    hours,
    labels,
    passkeys,
    random_checks,
    selectors,
    selfies,
    services,
)
from . import reviews as reviews_service
from .models import FaceReference, Passkey, SelfiePolicy
from .schemas import (
    TOO_LARGE,
    AnswerIn,
    BadRequest,
    CheckInIn,
    CheckInOut,
    CheckPolicyIn,
    CheckPolicyOut,
    ConsentIn,
    ConsentOut,
    CreatedOut,
    FaceReferenceOut,
    FieldAreaIn,
    FieldPingIn,
    NonceCountIn,
    NoncesOut,
    NoteIn,
    OpenCheckOut,
    PasskeyOut,
    PasskeyRegistrationIn,
    PresenceCheckOut,
    ReviewDecisionOut,
    ReviewOut,
    SelfieOut,
    SelfiePolicyIn,
    SelfiePolicyOut,
    TeamCheckOut,
    parse_check_in,
)

router = Router(tags=["presence"])

CHECK_IN_DOC = {
    "requestBody": {
        "content": {"application/json": {"schema": CheckInIn.model_json_schema()}},
        "required": True,
    }
}


@router.post(
    "/check-ins",
    response={
        200: CheckInOut,
        201: CheckInOut,
        400: ErrorOut,
        403: ErrorOut,
        409: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    summary="Presensi masuk/pulang (idempoten per UUID)",
    openapi_extra=CHECK_IN_DOC,
    throttle=[throttles.PerToken(), throttles.PerAddress()],
)
def create_check_in(request: access.AuthedRequest):
    """201 with the verification result; a retry with the same UUID gets 200 and the same body.

    The same UUID with other content answers 409 naming the differing fields. Validation
    errors answer 422 (400 for a non-JSON body, 413 for an oversized one) and store nothing.
    """
    try:
        payload = parse_check_in(request.body)
    except RequestDataTooBig:
        # Beyond Django's own upload limit: request.body refuses before reading it.
        return Status(413, TOO_LARGE)
    except BadRequest as err:
        return Status(err.status, err.body)
    source = "web" if request.META.get("HTTP_AUTHORIZATION") is None else "api"
    outcome = services.record_check_in(
        actor=request.user,
        payload=payload,
        source=source,
        relying_party=passkeys.relying_party(host=request.get_host(), secure=request.is_secure()),
    )
    if outcome.refusal is not None:
        return Status(*outcome.refusal)
    if outcome.conflict:
        return Status(409, services.conflict_body(payload.uuid, outcome))
    if outcome.repeat_of is not None:
        message = services.repeat_message(payload.kind, outcome.repeat_of)
        return Status(
            409,
            {
                "detail": message,
                "errors": [{"field": "confirm_repeat", "message": message}],
            },
        )
    return Status(201 if outcome.created else 200, outcome.result)


@router.get("/check-ins", response=list[CheckInOut], summary="Presensi saya (30 hari terakhir)")
def my_check_ins(request: access.AuthedRequest):
    return [services.result_body(r) for r in selectors.my_recent_check_ins(request.user)]


@router.get("/today", summary="Mode kerja dan lokasi yang diharapkan hari ini")
def today(request: access.AuthedRequest):
    return selectors.today_plan(request.user)


@router.get("/attendance/{employee_id}", summary="Rekap hari kerja satu pegawai")
def attendance(request: access.AuthedRequest, employee_id: Id, day: BoundedDate | None = None):
    return selectors.attendance_day_for(request.user, employee_id, day or timezone.localdate())


@router.get("/team-locations", summary="Posisi terakhir bawahan hari ini (dicatat)")
def team_locations(request: access.AuthedRequest):
    items = selectors.team_locations(request.user)
    services.log_location_view(
        actor=request.user, employee_ids=[i["employee_id"] for i in items], context_label="api"
    )
    return items


@router.post("/field-reports", response={201: CreatedOut}, summary="Ping lokasi tugas lapangan")
def field_ping(request: access.AuthedRequest, payload: FieldPingIn):
    report = services.submit_field_report(
        actor=request.user,
        latitude=payload.latitude,
        longitude=payload.longitude,
        accuracy_m=payload.accuracy_m,
        note=payload.note,
    )
    return Status(201, {"id": report.pk})


@router.post("/field-areas", response={201: CreatedOut}, summary="Area lapangan OPD (admin OPD)")
def create_field_area(request: access.AuthedRequest, payload: FieldAreaIn):
    opd = get_object_or_404(access.visible_opds(request.user), pk=payload.opd_id)
    unit = None
    if payload.unit_id is not None:
        unit = get_object_or_404(Unit.objects.filter(opd=opd), pk=payload.unit_id)
    area = services.save_field_area(
        actor=request.user, opd=opd, name=payload.name, polygon=payload.polygon, unit=unit
    )
    return Status(201, {"id": area.pk})


class WorkHoursIn(Schema):
    """Fields as on the *Jam kerja* page: ``h0_start`` … ``h4_break`` for Monday–Friday."""

    opd: int
    unit: int | None = None
    position: int | None = None
    kind: str = Field(max_length=10)
    hours: dict[str, str] = Field(
        default_factory=dict,
        description='{"h0_start": "07:30", "h0_end": "16:00", "h0_break": "60", …}',
    )
    window_start: str = Field("", max_length=5)
    window_end: str = Field("", max_length=5)
    daily_minutes: str = Field("", max_length=4)
    direct_service: bool = False
    valid_from: str = Field(max_length=10)
    valid_to: str = Field("", max_length=10)
    source: str = Field(max_length=300)


class WorkHoursOut(Schema):
    id: int
    opd_id: int
    unit_id: int | None
    position_id: int | None
    kind: str
    hours: dict[str, dict[str, str | int]]
    window_start: dt.time | None
    window_end: dt.time | None
    daily_minutes: int
    direct_service: bool
    valid_from: dt.date
    valid_to: dt.date | None
    source: str


@router.get(
    "/work-hours", response=list[WorkHoursOut], summary="Kebijakan jam kerja yang boleh Anda lihat"
)
def list_work_hours(request: access.AuthedRequest):
    scope = access.scope_for(request.user)
    if not scope.has(access.Role.OPD_ADMIN, access.Role.BKPSDM, access.Role.INSPEKTORAT):
        raise PermissionDenied("Kebijakan jam kerja tidak tersedia untuk peran Anda.")
    return [item["row"] for item in hours.visible_policies(request.user)]


@router.post(
    "/work-hours",
    response={201: WorkHoursOut},
    summary="Tambah kebijakan jam kerja (admin OPD, BKPSDM)",
)
def create_work_hours(request: access.AuthedRequest, payload: WorkHoursIn):
    data = payload.dict()
    flat = {k: ("" if v is None else str(v)) for k, v in data.items() if k != "hours"}
    flat["direct_service"] = "1" if payload.direct_service else ""
    flat.update(payload.hours)
    return Status(201, hour_policies.create_hour_policy(actor=request.user, data=flat))


def _relying_party(request: access.AuthedRequest) -> tuple[str, list[str]]:
    return passkeys.relying_party(host=request.get_host(), secure=request.is_secure())


@router.post(
    "/passkey/nonces",
    response={201: NoncesOut, 403: ErrorOut, 422: ErrorOut},
    summary="Tantangan passkey untuk presensi berikutnya (juga saat luring)",
)
def passkey_nonces(request: access.AuthedRequest, payload: NonceCountIn):
    rows = passkeys.issue_check_in_nonces(actor=request.user, count=payload.count)
    return Status(
        201,
        {
            "nonces": [
                {"nonce": n.nonce, "expires_at": n.expires_at.astimezone(dt.UTC).isoformat()}
                for n in rows
            ]
        },
    )


@router.post(
    "/passkey/registration-options",
    response={200: dict, 403: ErrorOut},
    summary="Opsi pendaftaran passkey di HP sendiri",
)
def passkey_registration_options(request: access.AuthedRequest):
    rp_id, _ = _relying_party(request)
    return passkeys.registration_options(actor=request.user, rp_id=rp_id)


@router.post(
    "/passkeys",
    response={201: PasskeyOut, 403: ErrorOut, 422: ErrorOut},
    summary="Daftarkan passkey (menunggu persetujuan atasan)",
)
def register_passkey(request: access.AuthedRequest, payload: PasskeyRegistrationIn):
    rp_id, origins = _relying_party(request)
    item = passkeys.register_passkey(
        actor=request.user,
        credential=payload.credential,
        label=payload.label,
        rp_id=rp_id,
        origins=origins,
    )
    return Status(201, _passkey_out(item))


@router.get("/passkeys", response=list[PasskeyOut], summary="Passkey saya")
def my_passkeys(request: access.AuthedRequest):
    return [_passkey_out(p) for p in selectors.my_passkeys(request.user)]


@router.get("/passkeys/pending", response=list[PasskeyOut], summary="Passkey menunggu keputusan")
def pending_passkeys(request: access.AuthedRequest):
    return [_passkey_out(p) for p in selectors.pending_passkeys(request.user)[:500]]


@router.post(
    "/passkeys/{passkey_id}/approve",
    response={200: PasskeyOut, 403: ErrorOut, 404: ErrorOut, **DECISION_ERRORS},
    summary="Setujui passkey",
)
def approve_passkey(request: access.AuthedRequest, passkey_id: Id, payload: NoteIn):
    item = get_object_or_404(selectors.pending_passkeys(request.user), pk=passkey_id)
    return _passkey_out(
        passkeys.decide_passkey(actor=request.user, item=item, approve=True, note=payload.note)
    )


@router.post(
    "/passkeys/{passkey_id}/reject",
    response={200: PasskeyOut, 403: ErrorOut, 404: ErrorOut, **DECISION_ERRORS},
    summary="Tolak passkey",
)
def reject_passkey(request: access.AuthedRequest, passkey_id: Id, payload: NoteIn):
    item = get_object_or_404(selectors.pending_passkeys(request.user), pk=passkey_id)
    return _passkey_out(
        passkeys.decide_passkey(actor=request.user, item=item, approve=False, note=payload.note)
    )


def _passkey_out(item: Passkey) -> dict:
    return {
        "id": item.pk,
        "label": item.label,
        "status": item.status,
        "status_label": str(item.get_status_display()),
        "requested_at": item.requested_at.astimezone(dt.UTC).isoformat(),
        "employee_id": item.employee_id,
        "employee_name": item.employee.name,
    }


@router.get(
    "/reviews", response=list[ReviewOut], summary="Presensi ditandai menunggu tinjauan atasan"
)
def reviews(request: access.AuthedRequest):
    rows = list(selectors.pending_reviews(request.user)[:500])
    services.log_location_view(
        actor=request.user, employee_ids=[r.employee_id for r in rows], context_label="api"
    )
    return [labels.review_evidence(r) for r in rows]


@router.post(
    "/reviews/{check_in_id}/accept",
    response={200: ReviewDecisionOut, 403: ErrorOut, 404: ErrorOut, **DECISION_ERRORS},
    summary="Terima presensi ditandai (dihitung sah)",
)
def accept_check_in(request: access.AuthedRequest, check_in_id: Id, payload: NoteIn):
    return _decide(request, check_in_id, payload, accept=True)


@router.post(
    "/reviews/{check_in_id}/reject",
    response={200: ReviewDecisionOut, 403: ErrorOut, 404: ErrorOut, **DECISION_ERRORS},
    summary="Tolak presensi ditandai (dihitung tidak hadir)",
)
def reject_check_in(request: access.AuthedRequest, check_in_id: Id, payload: NoteIn):
    return _decide(request, check_in_id, payload, accept=False)


def _decide(request: access.AuthedRequest, check_in_id: int, payload: NoteIn, *, accept: bool):
    check_in = selectors.reviewable_check_in(request.user, check_in_id)
    row = reviews_service.decide_check_in(
        actor=request.user, check_in=check_in, accept=accept, note=payload.note
    )
    return {"check_in_id": check_in.pk, "status": row.status, "note": row.decision_note}


# --- random presence checks (issue 15, layer 4) ---------------------------------------------


@router.get(
    "/presence-checks/open",
    response={200: OpenCheckOut, 403: ErrorOut},
    summary="Cek kehadiran acak yang harus dijawab sekarang (ditanyakan berkala oleh HP)",
)
def open_presence_check(request: access.AuthedRequest):
    now = timezone.now()
    row = random_checks.open_check(actor=request.user, now=now)
    consent = random_checks.consent_of(request.user)
    passkey = selectors.passkey_state(request.user) if row else {"mode": "", "credential_ids": []}
    return {
        "consented": consent["consented"],
        "enabled": consent["enabled"],
        "check": random_checks.describe(row, now) if row else None,
        "seconds_left": max(0, int((row.deadline - now).total_seconds())) if row else None,
        "kind": random_checks.KIND,
        "passkey_mode": passkey["mode"],
        "credential_ids": passkey["credential_ids"],
    }


@router.post(
    "/presence-checks/{check_id}/answer",
    response={200: PresenceCheckOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Jawab cek kehadiran acak: lokasi dan passkey",
)
def answer_presence_check(request: access.AuthedRequest, check_id: Id, payload: AnswerIn):
    answer = random_checks.answer_check(
        actor=request.user,
        check_id=check_id,
        device_time=payload.device_time,
        latitude=payload.latitude,
        longitude=payload.longitude,
        accuracy_m=payload.accuracy_m,
        signed=assertion.Assertion(**payload.passkey.model_dump()) if payload.passkey else None,
        relying_party=_relying_party(request),
    )
    if answer.refusal is not None:
        return Status(*answer.refusal)
    assert answer.check is not None
    return random_checks.describe(answer.check, timezone.now())


@router.get(
    "/presence-checks/consent",
    response={200: ConsentOut, 403: ErrorOut},
    summary="Persetujuan saya untuk cek kehadiran acak",
)
def presence_check_consent(request: access.AuthedRequest):
    random_checks.own_employee(request.user)
    return random_checks.consent_of(request.user)


@router.post(
    "/presence-checks/consent",
    response={200: ConsentOut, 403: ErrorOut, 422: ErrorOut},
    summary="Beri atau tarik persetujuan cek kehadiran acak",
)
def set_presence_check_consent(request: access.AuthedRequest, payload: ConsentIn):
    random_checks.set_consent(actor=request.user, consent=payload.consent)
    return random_checks.consent_of(request.user)


@router.get(
    "/presence-checks/team",
    response=list[TeamCheckOut],
    summary="Cek kehadiran acak bawahan pada satu hari (bukti untuk uji petik, bukan sanksi)",
)
def team_presence_checks(request: access.AuthedRequest, day: BoundedDate | None = None):
    return random_checks.team_evidence(request.user, day or timezone.localdate())


@router.get(
    "/presence-checks/policies",
    response=list[CheckPolicyOut],
    summary="Pengaturan cek kehadiran acak per OPD yang Anda kelola",
)
def presence_check_policies(request: access.AuthedRequest):
    return random_checks.policies_for(request.user)


@router.post(
    "/presence-checks/policies",
    response={200: CheckPolicyOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Atur cek kehadiran acak satu OPD (admin OPD, BKPSDM)",
)
def set_presence_check_policy(request: access.AuthedRequest, payload: CheckPolicyIn):
    opd = get_object_or_404(access.visible_opds(request.user), pk=payload.opd_id)
    row = random_checks.set_policy(
        actor=request.user,
        opd=opd,
        enabled=payload.enabled,
        checks_per_day=payload.checks_per_day,
        window_minutes=payload.window_minutes,
    )
    return {
        "opd_id": row.opd_id,
        "enabled": row.enabled,
        "checks_per_day": row.checks_per_day,
        "window_minutes": row.window_minutes,
    }


# --- selfie check (issue 15; off unless BKPSDM turned it on for the OPD) --------------------


@router.post(
    "/check-ins/{check_in_uuid}/selfie",
    response={200: SelfieOut, 202: SelfieOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Kirim dua swafoto untuk presensi sendiri (dicocokkan di latar belakang)",
)
def upload_selfie(
    request: access.AuthedRequest,
    check_in_uuid: uuid.UUID,
    turn: Form[str],
    # The None default makes them optional without publishing anyOf binary/null (as above).
    first: File[UploadedFile] = None,  # type: ignore[assignment]
    second: File[UploadedFile] = None,  # type: ignore[assignment]
):
    """202: stored and queued; the check-in's answer does not wait for the match. A second
    upload for the same check-in answers 200 with the first one's state."""
    row, created = selfies.submit_selfie(
        actor=request.user, client_uuid=check_in_uuid, turn=turn, first=first, second=second
    )
    body = {
        "check_in": check_in_uuid,
        "state": row.state,
        "state_label": str(row.get_state_display()),
        "turn": row.turn,
    }
    return Status(202 if created else 200, body)


@router.post(
    "/face-references",
    response={201: FaceReferenceOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Daftarkan foto rujukan wajah (sendiri: menunggu atasan; admin OPD: langsung)",
)
def enrol_face(
    request: access.AuthedRequest,
    employee_id: Form[Id | None] = None,
    photo: File[UploadedFile] = None,  # type: ignore[assignment]
):
    own = access.scope_for(request.user).employee_id
    target = employee_id if employee_id is not None else own
    if target is None:
        raise PermissionDenied(selfies.NOT_AN_EMPLOYEE)
    if target != own:
        # Someone the caller cannot see answers as unknown.
        access.get_visible_employee(request.user, target)
    item = selfies.enrol_face(actor=request.user, employee_id=target, photo=photo)
    return Status(201, _face_out(item))


@router.get(
    "/face-references/pending",
    response=list[FaceReferenceOut],
    summary="Foto rujukan wajah menunggu keputusan",
)
def pending_faces(request: access.AuthedRequest):
    return [_face_out(f) for f in selectors.pending_faces(request.user)[:500]]


@router.post(
    "/face-references/{face_id}/approve",
    response={200: FaceReferenceOut, 403: ErrorOut, 404: ErrorOut, **DECISION_ERRORS},
    summary="Setujui foto rujukan wajah",
)
def approve_face(request: access.AuthedRequest, face_id: Id, payload: NoteIn):
    item = get_object_or_404(selectors.pending_faces(request.user), pk=face_id)
    return _face_out(
        selfies.decide_face(actor=request.user, item=item, approve=True, note=payload.note)
    )


@router.post(
    "/face-references/{face_id}/reject",
    response={200: FaceReferenceOut, 403: ErrorOut, 404: ErrorOut, **DECISION_ERRORS},
    summary="Tolak foto rujukan wajah",
)
def reject_face(request: access.AuthedRequest, face_id: Id, payload: NoteIn):
    item = get_object_or_404(selectors.pending_faces(request.user), pk=face_id)
    return _face_out(
        selfies.decide_face(actor=request.user, item=item, approve=False, note=payload.note)
    )


def _face_out(item: FaceReference) -> dict:
    return {
        "id": item.pk,
        "employee_id": item.employee_id,
        "employee_name": item.employee.name,
        "status": item.status,
        "status_label": str(item.get_status_display()),
        "requested_at": item.requested_at.astimezone(dt.UTC).isoformat(),
    }


@router.post(
    "/selfie-policies",
    response={200: SelfiePolicyOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Atur swafoto satu OPD (BKPSDM; aktif memerlukan rujukan DPIA)",
)
def set_selfie_policy(request: access.AuthedRequest, payload: SelfiePolicyIn):
    opd = get_object_or_404(access.visible_opds(request.user), pk=payload.opd_id)
    row = selfies.set_policy(
        actor=request.user,
        opd=opd,
        enabled=payload.enabled,
        dpia_reference=payload.dpia_reference,
    )
    return _policy_out(row)


def _policy_out(row: SelfiePolicy) -> dict:
    return {"opd_id": row.opd_id, "enabled": row.enabled, "dpia_reference": row.dpia_reference}
