"""e-Presensi API (mounted at /api/v1/presence/). Thin: parse, call the service, answer.

``POST /check-ins`` is also served by :mod:`hibrida.presence.fastpath` for bearer-token
clients when the server runs that ASGI entry point; both paths call the same service.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from hibrida import throttles
from hibrida.bounds import BoundedDate, Id
from hibrida.openapi import ErrorOut
from hibrida.org import access
from hibrida.org.models import Unit

from . import hour_policies, hours, selectors, services
from .schemas import (
    TOO_LARGE,
    BadRequest,
    CheckInIn,
    CheckInOut,
    CreatedOut,
    FieldAreaIn,
    FieldPingIn,
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
    outcome = services.record_check_in(actor=request.user, payload=payload, source=source)
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
