"""Audit API: plans, samples, findings and follow-up, anchors (scoped as the pages)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Router, Schema, Status
from pydantic import Field

from hibrida.bounds import BoundedDate, Id, Offset
from hibrida.org import access
from hibrida.org.models import Opd
from hibrida.presence.services import log_location_view

from . import selectors, services
from .schemas import DECISION_ERRORS

router = Router(tags=["audit"])


class PlanIn(Schema):
    title: str
    period_start: BoundedDate
    period_end: BoundedDate
    opds: list[Id]
    sample_size: int
    objective: str = ""


class PlanOut(Schema):
    id: int
    title: str
    objective: str
    period_start: dt.date
    period_end: dt.date
    sample_size: int
    status: str
    seed: int | None
    candidate_count: int
    candidate_digest: str


class ItemOut(Schema):
    id: int
    rank: int
    employee_id: int
    day: dt.date
    risk_score: float
    risk_components: list[dict]


class FindingIn(Schema):
    plan: Id
    item: Id | None = None
    opd: Id | None = None
    title: str
    condition: str
    severity: str
    recommendation: str
    due_date: BoundedDate | None = None


class FindingOut(Schema):
    id: int
    plan_id: int
    item_id: int | None
    opd_id: int
    title: str
    condition: str
    severity: str
    recommendation: str
    due_date: dt.date | None
    status: str


class FollowUpIn(Schema):
    note: str
    close: bool = False


class FollowUpOut(Schema):
    id: int
    finding_id: int
    at: dt.datetime
    note: str
    status_after: str


class AnchorOut(Schema):
    day: dt.date
    last_seq: int
    head_hash: str
    ok: bool


@router.get("/plans", response=list[PlanOut], summary="Rencana audit")
def list_plans(request: access.AuthedRequest):
    return list(selectors.plans(request.user))


@router.post("/plans", response={201: PlanOut}, summary="Buat rencana audit (Inspektorat)")
def create_plan(request: access.AuthedRequest, payload: PlanIn):
    data = payload.dict()
    opds = list(Opd.objects.filter(pk__in=data.pop("opds")))
    return Status(201, services.create_plan(actor=request.user, opds=opds, **data))


@router.post("/plans/{plan_id}/sample", response=PlanOut, summary="Ambil sampel berbasis risiko")
def draw(request: access.AuthedRequest, plan_id: Id):
    plan = selectors.get_plan(request.user, plan_id)
    return services.draw_sample(actor=request.user, plan=plan)


@router.post("/plans/{plan_id}/report", response=PlanOut, summary="Terbitkan laporan audit")
def issue(request: access.AuthedRequest, plan_id: Id):
    plan = selectors.get_plan(request.user, plan_id)
    return services.issue_report(actor=request.user, plan=plan)


@router.get("/plans/{plan_id}/items", response=list[ItemOut], summary="Sampel audit")
def items(request: access.AuthedRequest, plan_id: Id):
    plan = selectors.get_plan(request.user, plan_id)
    return list(selectors.sample_items(request.user, plan))


@router.get("/findings", response=list[FindingOut], summary="Temuan yang dapat dilihat")
def list_findings(request: access.AuthedRequest):
    return list(selectors.findings(request.user))


@router.post("/findings", response={201: FindingOut}, summary="Catat temuan (Inspektorat)")
def create_finding(request: access.AuthedRequest, payload: FindingIn):
    plan = selectors.get_plan(request.user, payload.plan)
    item = selectors.get_item(request.user, payload.item) if payload.item else None
    opd = Opd.objects.filter(pk=payload.opd).first() if payload.opd else None
    finding = services.record_finding(
        actor=request.user,
        plan=plan,
        item=item,
        opd=opd,
        title=payload.title,
        condition=payload.condition,
        severity=payload.severity,
        recommendation=payload.recommendation,
        due_date=payload.due_date,
    )
    return Status(201, finding)


@router.post(
    "/findings/{finding_id}/follow-ups",
    response={201: FollowUpOut, **DECISION_ERRORS},
    summary="Tindak lanjut",
)
def follow_up(request: access.AuthedRequest, finding_id: Id, payload: FollowUpIn):
    finding = selectors.get_finding(request.user, finding_id)
    follow = services.add_follow_up(
        actor=request.user, finding=finding, note=payload.note, close=payload.close
    )
    return Status(201, follow)


@router.get("/anchors", response=list[AnchorOut], summary="Jangkar harian rantai audit")
def anchors(request: access.AuthedRequest):
    return [
        {
            "day": a["anchor"].day,
            "last_seq": a["anchor"].last_seq,
            "head_hash": a["anchor"].head_hash,
            "ok": a["ok"],
        }
        for a in selectors.anchor_status(request.user)
    ]


JokiRule = Literal["", "shared_device", "colocated_burst", "identical_sequence", "lost_device"]


class JokiFindingOut(Schema):
    id: int
    rule: str
    rule_label: str
    subject: str
    employee_ids: list[int]
    first_at: dt.datetime
    last_at: dt.datetime
    explanation: str
    period_start: dt.date
    period_end: dt.date


class JokiCheckInOut(Schema):
    id: int
    employee_id: int
    kind: str
    device_time: dt.datetime
    device_id: str
    latitude: float
    longitude: float
    place: str
    status: str
    suspect: bool


class JokiFindingDetailOut(JokiFindingOut):
    check_ins: list[JokiCheckInOut]


def _joki_out(finding, labels: dict[str, str]) -> dict:
    return {
        "id": finding.pk,
        "rule": finding.rule,
        "rule_label": labels.get(finding.rule, finding.rule),
        "subject": finding.subject,
        "employee_ids": sorted(e.pk for e in finding.employees.all()),
        "first_at": finding.first_at,
        "last_at": finding.last_at,
        "explanation": finding.explanation,
        "period_start": finding.period_start,
        "period_end": finding.period_end,
    }


@router.get("/joki", response=list[JokiFindingOut], summary="Temuan analitik joki absensi")
def joki_findings(
    request: access.AuthedRequest,
    rule: JokiRule = "",
    limit: Annotated[int, Field(ge=1, le=500)] = 100,
    offset: Offset = 0,
):
    labels = dict(selectors.joki_rules())
    qs = selectors.joki_findings(request.user, rule)[offset : offset + limit]
    return [_joki_out(f, labels) for f in qs]


@router.get(
    "/joki/{finding_id}", response=JokiFindingDetailOut, summary="Temuan joki dengan buktinya"
)
def joki_finding(request: access.AuthedRequest, finding_id: Id):
    finding = selectors.get_joki_finding(request.user, finding_id)
    check_ins = selectors.joki_check_ins(request.user, finding)
    # Every view of someone's locations is logged (UU 27/2022), through the API too.
    log_location_view(
        actor=request.user,
        employee_ids=[c["employee_id"] for c in check_ins],
        context_label=f"joki:{finding.pk}",
    )
    return {**_joki_out(finding, dict(selectors.joki_rules())), "check_ins": check_ins}
