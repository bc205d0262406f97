"""Meetings API: series, sittings, self check-in, compliance and spot checks (scoped)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from hibrida.audit.schemas import DECISION_ERRORS
from hibrida.bounds import BoundedDate, Id
from hibrida.openapi import WallTime
from hibrida.org import access
from hibrida.org.models import Opd, Unit

from . import selectors, services

router = Router(tags=["meetings"])


class MeetingIn(Schema):
    title: str
    organiser_opd: Id
    weekdays: list[int]
    start_time: WallTime
    start_date: BoundedDate
    end_date: BoundedDate
    duration_minutes: int = 60
    agenda: str = ""
    video_url: str = ""
    invited_opds: list[Id] = Field([], max_length=1000)
    invited_units: list[Id] = Field([], max_length=10_000)


class MeetingOut(Schema):
    id: int
    title: str
    agenda: str
    organiser_opd_id: int
    weekdays: list[int]
    start_time: WallTime
    duration_minutes: int
    start_date: dt.date
    end_date: dt.date
    video_url: str


class OccurrenceOut(Schema):
    id: int
    meeting_id: int
    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str


class AttendanceOut(Schema):
    id: int
    occurrence_id: int
    employee_id: int
    checked_in_at: dt.datetime
    status: str


class ComplianceOut(Schema):
    opd_id: int
    opd: str
    meetings: int
    has_wfh: bool
    compliant: bool


class SpotCheckOut(Schema):
    id: int
    day: dt.date
    atasan_id: int
    employee_id: int
    call_url: str
    outcome: str
    reason: str
    note: str
    # The employee's random presence checks that day: evidence for the call, not a sanction.
    presence_evidence: dict | None = None

    # The API keeps its published names; the model stores them as the shared decision fields.
    @staticmethod
    def resolve_outcome(obj) -> str:
        return obj.status

    @staticmethod
    def resolve_note(obj) -> str:
        return obj.decision_note


class SpotCheckIn(Schema):
    outcome: str
    reason: str = ""
    note: str = ""


class ConfirmIn(Schema):
    accept: bool = True


@router.get("/meetings", response=list[MeetingOut], summary="Rapat yang dapat dilihat")
def list_meetings(request: access.AuthedRequest):
    return list(selectors.visible_meetings(request.user).order_by("-start_date")[:200])


@router.post("/meetings", response={201: MeetingOut}, summary="Buat rapat berkala")
def create_meeting(request: access.AuthedRequest, payload: MeetingIn):
    data = payload.dict()
    opd = access.visible_opds(request.user).filter(pk=data.pop("organiser_opd")).first()
    meeting = services.create_meeting(
        actor=request.user,
        organiser_opd=opd,
        invited_opds=list(Opd.objects.filter(pk__in=data.pop("invited_opds"))),
        invited_units=list(Unit.objects.filter(pk__in=data.pop("invited_units"))),
        **data,
    )
    return Status(201, meeting)


@router.get("/occurrences", response=list[OccurrenceOut], summary="Sesi rapat dalam rentang")
def list_occurrences(
    request: access.AuthedRequest, start: BoundedDate | None = None, end: BoundedDate | None = None
):
    start = start or timezone.localdate()
    end = end or start + dt.timedelta(days=14)
    return list(selectors.upcoming_occurrences(request.user, start, end)[:500])


@router.post(
    "/occurrences/{occurrence_id}/check-in", response=AttendanceOut, summary="Isi kehadiran"
)
def check_in(request: access.AuthedRequest, occurrence_id: Id):
    occ = selectors.get_occurrence(request.user, occurrence_id)
    return services.check_in(actor=request.user, occurrence=occ)


@router.post(
    "/attendances/{attendance_id}/confirm",
    response={200: AttendanceOut, **DECISION_ERRORS},
    summary="Konfirmasi hadir",
)
def confirm(request: access.AuthedRequest, attendance_id: Id, payload: ConfirmIn):
    att = selectors.get_attendance(request.user, attendance_id)
    return services.confirm_attendance(actor=request.user, attendance=att, accept=payload.accept)


@router.get("/compliance", response=list[ComplianceOut], summary="Kepatuhan rapat mingguan")
def compliance(request: access.AuthedRequest, week: BoundedDate | None = None):
    rows = selectors.meeting_compliance(request.user, week or timezone.localdate())
    return [
        {
            "opd_id": r["opd"].pk,
            "opd": str(r["opd"]),
            "meetings": r["meetings"],
            "has_wfh": r["has_wfh"],
            "compliant": r["compliant"],
        }
        for r in rows
    ]


@router.get("/spot-checks", response=list[SpotCheckOut], summary="Uji petik yang dapat dilihat")
def list_spot_checks(
    request: access.AuthedRequest, day: BoundedDate | None = None, mine: bool = False
):
    day = day or timezone.localdate()
    if mine:
        calls = selectors.my_spot_checks(request.user, day)
    else:
        calls = selectors.visible_spot_checks(request.user).filter(day=day)[:1000]
    return selectors.with_presence_evidence(request.user, calls)


@router.post(
    "/spot-checks/{spot_check_id}/outcome",
    response={200: SpotCheckOut, **DECISION_ERRORS},
    summary="Catat hasil panggilan",
)
def record_spot_check(request: access.AuthedRequest, spot_check_id: Id, payload: SpotCheckIn):
    sc = selectors.get_spot_check(request.user, spot_check_id)
    return services.record_spot_check(actor=request.user, spot_check=sc, **payload.dict())
