"""Roster API: my schedule, drafts, publication, change requests, leave/duty, fairness."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status

from hibrida.audit.schemas import DECISION_ERRORS
from hibrida.bounds import MAX_ID, BoundedDate, Id, Month
from hibrida.org import access
from hibrida.org.models import Employee

from . import selectors, services
from .models import ChangeRequest, Schedule

router = Router(tags=["roster"])
PLANNED_MAX_IDS = 1000


class DayOut(Schema):
    date: dt.date
    mode: str | None


class MyScheduleOut(Schema):
    employee_id: int
    month: str
    published_version: int | None
    eligible: bool | None
    reason: str
    wfh_days: list[dt.date]
    days: list[DayOut]


@router.get("/me/schedule", response=MyScheduleOut, summary="Jadwal saya sebulan")
def my_schedule(request: access.AuthedRequest, month: Month | None = None):
    start: dt.date = month or dt.date.today().replace(day=1)
    data = selectors.my_month(request.user, start)
    days = [
        {"date": d["date"], "mode": d["mode"] or None}
        for week in data["weeks"]
        for d in week
        if d["in_month"]
    ]
    row = data["row"]
    return {
        "employee_id": data["employee"].pk,
        "month": start.strftime("%Y-%m"),
        "published_version": data["schedule"].version if data["schedule"] else None,
        "eligible": row.eligible if row else None,
        "reason": row.reason if row else "",
        "wfh_days": data["wfh_days"],
        "days": days,
    }


class ScheduleOut(Schema):
    id: int
    opd_id: int
    opd: str
    month: str
    version: int
    status: str
    phase: str
    pattern: str
    solver_status: str
    max_shortfall: int
    total_shortfall: int
    solve_seconds: float
    published_at: dt.datetime | None


class ScheduleDetailOut(ScheduleOut):
    report: dict[str, Any]


def _schedule_out(s: Schedule, *, report: bool = False) -> dict:
    out = {
        "id": s.pk,
        "opd_id": s.opd_id,
        "opd": s.opd.short_name,
        "month": s.month.strftime("%Y-%m"),
        "version": s.version,
        "status": s.status,
        "phase": s.phase,
        "pattern": s.pattern,
        "solver_status": s.solver_status,
        "max_shortfall": s.max_shortfall,
        "total_shortfall": s.total_shortfall,
        "solve_seconds": s.solve_seconds,
        "published_at": s.published_at,
    }
    if report:
        out["report"] = s.report
    return out


@router.get("/schedules", response=list[ScheduleOut], summary="Versi jadwal yang dapat dilihat")
def list_schedules(request: access.AuthedRequest, month: Month | None = None):
    if not selectors.visible_schedule_viewer(request.user):
        raise PermissionDenied("Daftar jadwal untuk admin OPD, BKPSDM, dan Inspektorat.")
    qs = selectors.schedule_list(request.user, month=month)
    return [_schedule_out(s) for s in qs[:500]]


@router.get(
    "/schedules/{schedule_id}", response=ScheduleDetailOut, summary="Satu versi dengan laporan"
)
def get_schedule(request: access.AuthedRequest, schedule_id: Id):
    return _schedule_out(selectors.get_schedule(request.user, schedule_id), report=True)


class ScheduleDraftIn(Schema):
    month: Month = Field(description="Bulan YYYY-MM", examples=["2026-03"])
    opd_id: Id | None = None


@router.post(
    "/drafts",
    response={201: list[ScheduleOut]},
    summary="Buat draf jadwal sebulan untuk satu OPD (atau seluruh kota: BKPSDM)",
)
def create_draft(request: access.AuthedRequest, payload: ScheduleDraftIn):
    opd = None
    if payload.opd_id is not None:
        opd = access.visible_opds(request.user).filter(pk=payload.opd_id).first()
        if opd is None:
            raise Http404("OPD tidak ditemukan.")
    drafts = services.generate_draft(actor=request.user, month=payload.month, opd=opd)
    return Status(201, [_schedule_out(s) for s in drafts])


@router.post(
    "/schedules/{schedule_id}/publish", response=ScheduleOut, summary="Terbitkan draf (final)"
)
def publish(request: access.AuthedRequest, schedule_id: Id):
    schedule = selectors.get_schedule(request.user, schedule_id)
    return _schedule_out(services.publish_schedule(actor=request.user, schedule=schedule))


class RequestIn(Schema):
    kind: Literal["move", "swap"]
    day: BoundedDate
    other_day: BoundedDate
    counterpart_id: Id | None = None
    reason: str = ""


class RequestOut(Schema):
    id: int
    kind: str
    requester_id: int
    counterpart_id: int | None
    day: dt.date
    other_day: dt.date
    reason: str
    status: str
    counterpart_agreed: bool
    decision_note: str


def _request_out(r: ChangeRequest) -> dict:
    return {
        "id": r.pk,
        "kind": r.kind,
        "requester_id": r.requester_id,
        "counterpart_id": r.counterpart_id,
        "day": r.day,
        "other_day": r.other_day,
        "reason": r.reason,
        "status": r.status,
        "counterpart_agreed": r.counterpart_agreed_at is not None,
        "decision_note": r.decision_note,
    }


@router.post("/requests", response={201: RequestOut}, summary="Ajukan pindah/tukar hari WFH")
def create_request(request: access.AuthedRequest, payload: RequestIn):
    counterpart = None
    if payload.counterpart_id is not None:
        # Colleagues are not "visible" to an ASN; a swap partner must be in the same OPD.
        own_id = access.scope_for(request.user).employee_id
        own = Employee.objects.filter(pk=own_id) if own_id is not None else Employee.objects.none()
        counterpart = Employee.objects.filter(
            pk=payload.counterpart_id, opd_id__in=own.values("opd_id")
        ).first()
        if counterpart is None:
            raise ValidationError({"counterpart_id": "Rekan tidak ditemukan di OPD Anda."})
    req = services.request_change(
        actor=request.user,
        kind=payload.kind,
        day=payload.day,
        other_day=payload.other_day,
        counterpart=counterpart,
        reason=payload.reason,
    )
    return Status(201, _request_out(req))


class RequestListOut(Schema):
    mine: list[RequestOut]
    to_answer: list[RequestOut]
    to_decide: list[RequestOut]


@router.get(
    "/requests", response=RequestListOut, summary="Permintaan saya dan yang harus saya putuskan"
)
def list_requests(request: access.AuthedRequest):
    return {
        "mine": [_request_out(r) for r in selectors.my_requests(request.user)[:100]],
        "to_answer": [_request_out(r) for r in selectors.swaps_to_answer(request.user)[:100]],
        "to_decide": [_request_out(r) for r in selectors.requests_to_decide(request.user)[:100]],
    }


class DecisionIn(Schema):
    note: str = ""


class AnswerIn(Schema):
    agree: bool
    note: str = ""


@router.post(
    "/requests/{request_id}/answer",
    response={200: RequestOut, **DECISION_ERRORS},
    summary="Rekan menjawab ajakan tukar",
)
def answer(request: access.AuthedRequest, request_id: Id, payload: AnswerIn):
    req = selectors.get_request(request.user, request_id)
    return _request_out(
        services.answer_swap(
            actor=request.user, request=req, agree=payload.agree, note=payload.note
        )
    )


@router.post(
    "/requests/{request_id}/approve",
    response={200: RequestOut, **DECISION_ERRORS},
    summary="Atasan menyetujui",
)
def approve(request: access.AuthedRequest, request_id: Id, payload: DecisionIn):
    req = selectors.get_request(request.user, request_id)
    return _request_out(
        services.approve_request(actor=request.user, request=req, note=payload.note)
    )


@router.post(
    "/requests/{request_id}/reject",
    response={200: RequestOut, **DECISION_ERRORS},
    summary="Atasan menolak",
)
def reject(request: access.AuthedRequest, request_id: Id, payload: DecisionIn):
    req = selectors.get_request(request.user, request_id)
    return _request_out(services.reject_request(actor=request.user, request=req, note=payload.note))


@router.post(
    "/requests/{request_id}/withdraw",
    response={200: RequestOut, **DECISION_ERRORS},
    summary="Pengaju menarik permintaan yang belum diputuskan",
)
def withdraw(request: access.AuthedRequest, request_id: Id):
    req = selectors.own_request(request.user, request_id)
    return _request_out(services.withdraw_request(actor=request.user, request=req))


class AbsenceIn(Schema):
    employee_id: Id
    kind: Literal["cuti", "dinas_luar"]
    start: BoundedDate
    end: BoundedDate
    note: str = ""


class AbsenceOut(Schema):
    id: int
    employee_id: int
    kind: str
    start: dt.date
    end: dt.date


@router.post("/absences", response={201: AbsenceOut}, summary="Catat cuti / dinas luar")
def create_absence(request: access.AuthedRequest, payload: AbsenceIn):
    employee = access.get_visible_employee(request.user, payload.employee_id)
    a = services.record_absence(
        actor=request.user,
        employee=employee,
        kind=payload.kind,
        start=payload.start,
        end=payload.end,
        note=payload.note,
    )
    return Status(
        201,
        {"id": a.pk, "employee_id": a.employee_id, "kind": a.kind, "start": a.start, "end": a.end},
    )


@router.get("/fairness/city", summary="Ringkasan keadilan kota (agregat anonim)")
def city_fairness(request: access.AuthedRequest, month: Month | None = None):
    summary = selectors.city_fairness_summary(month)
    if summary is None:
        raise Http404("Belum ada jadwal terbit.")
    return summary


@router.get("/planned", summary="Mode kerja terencana beberapa pegawai (yang dapat dilihat)")
def planned(request: access.AuthedRequest, start: BoundedDate, end: BoundedDate, employee_ids: str):
    if (end - start).days > 62 or end < start:
        raise ValidationError({"end": "Rentang paling lama 62 hari dan tidak terbalik."})
    parts = [x.strip() for x in employee_ids.split(",") if x.strip()]
    if not all(x.isascii() and x.isdigit() and 1 <= int(x) <= MAX_ID for x in parts):
        raise ValidationError({"employee_ids": "Daftar id pegawai (bilangan bulat) dipisah koma."})
    if len(parts) > PLANNED_MAX_IDS:
        raise ValidationError(
            {"employee_ids": f"Paling banyak {PLANNED_MAX_IDS} id pegawai per permintaan."}
        )
    ids = [int(x) for x in parts]
    visible = set(
        access.visible_employees(request.user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    modes = selectors.planned_modes(visible, start, end)
    return [
        {"employee_id": e, "date": d.isoformat(), "mode": m} for (e, d), m in sorted(modes.items())
    ]


class PreferenceIn(Schema):
    prefer_weekdays: list[str] = []
    avoid_weekdays: list[str] = []


@router.put("/me/preference", response=PreferenceIn, summary="Preferensi hari WFH saya")
def set_preference(request: access.AuthedRequest, payload: PreferenceIn):
    employee_id = access.scope_for(request.user).employee_id
    if not employee_id:
        raise Http404("Akun ini tidak terhubung dengan data pegawai.")
    pref = services.set_wfh_preference(
        actor=request.user,
        employee=Employee.objects.get(pk=employee_id),
        prefer_weekdays=payload.prefer_weekdays,
        avoid_weekdays=payload.avoid_weekdays,
    )
    return {"prefer_weekdays": pref.prefer_weekdays, "avoid_weekdays": pref.avoid_weekdays}
