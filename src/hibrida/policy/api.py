"""Policy API: effective policy with sources, eligibility counts, calendar, readiness, rules."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status

from hibrida.bounds import BoundedDate, Id, Year
from hibrida.openapi import WallTime
from hibrida.org import access
from hibrida.org.models import Employee, Opd, Position, Unit

from . import calendar, selectors, services
from .models import Phase

router = Router(tags=["policy"])


class PolicyValueOut(Schema):
    field: str
    label: str
    value: str
    source: str


class EffectivePolicyOut(Schema):
    employee_id: int
    day: dt.date
    phase: str
    eligible: bool
    reasons: list[str]
    readiness_missing: list[str]
    values: list[PolicyValueOut]


def _policy_out(data: dict) -> dict:
    return {
        "employee_id": data["employee"].pk,
        "day": data["day"],
        "phase": data["policy"].phase,
        "eligible": data["eligible"],
        "reasons": data["reasons"],
        "readiness_missing": data["readiness_missing"],
        "values": data["rows"],
    }


@router.get("/me", response=EffectivePolicyOut, summary="Kebijakan yang berlaku bagi saya")
def my_policy(request: access.AuthedRequest, day: BoundedDate | None = None):
    employee_id = access.scope_for(request.user).employee_id
    if not employee_id:
        raise Http404("Akun ini tidak terhubung dengan data pegawai.")
    return _policy_out(selectors.employee_policy(request.user, employee_id, day))


@router.get(
    "/employees/{employee_id}",
    response=EffectivePolicyOut,
    summary="Kebijakan yang berlaku bagi seorang pegawai (dengan sumber tiap nilai)",
)
def employee_policy(request: access.AuthedRequest, employee_id: Id, day: BoundedDate | None = None):
    return _policy_out(selectors.employee_policy(request.user, employee_id, day))


class ClassShareOut(Schema):
    opd_class: str
    label: str
    eligible: int
    total: int
    share: float


class ReasonCountOut(Schema):
    reason: str
    count: int


class EligibilityCountsOut(Schema):
    day: dt.date
    total: int
    eligible: int
    by_reason: list[ReasonCountOut]
    by_class: list[ClassShareOut]


@router.get(
    "/eligibility",
    response=EligibilityCountsOut,
    summary="Jumlah pegawai layak WFH dan alasan tidak layak (admin OPD, BKPSDM, Inspektorat)",
)
def eligibility_counts(
    request: access.AuthedRequest, opd: Id | None = None, day: BoundedDate | None = None
):
    data = selectors.eligibility_counts(request.user, opd_id=opd, day=day)
    data["by_class"] = [{**c, "label": str(c["label"])} for c in data["by_class"]]
    data["by_reason"] = [{"reason": r, "count": n} for r, n in data["by_reason"]]
    return data


class CalendarDayOut(Schema):
    date: dt.date
    name: str
    kind: str


class CalendarOut(Schema):
    year: int
    working_days: int
    days: list[CalendarDayOut]


@router.get("/calendar", response=CalendarOut, summary="Hari libur dan jumlah hari kerja setahun")
def calendar_year(request: access.AuthedRequest, year: Year):
    return selectors.calendar_overview(request.user, year)


class CalendarDayIn(Schema):
    date: BoundedDate
    kind: Literal["cuti_bersama", "libur_daerah"]
    name: str


@router.post(
    "/calendar", response={201: CalendarDayOut}, summary="Tambah cuti bersama / libur daerah"
)
def calendar_add(request: access.AuthedRequest, payload: CalendarDayIn):
    day = services.add_calendar_day(
        actor=request.user, date=payload.date, kind=payload.kind, name=payload.name
    )
    return Status(201, {"date": day.date, "name": day.name, "kind": day.kind})


class ReadinessIn(Schema):
    item: Literal["connectivity", "device", "security"]
    connectivity_mbps: float | None = None
    device_label: str = ""


@router.post(
    "/readiness", response=EffectivePolicyOut, summary="Catat satu syarat kesiapan WFH saya"
)
def record_readiness(request: access.AuthedRequest, payload: ReadinessIn):
    employee_id = access.scope_for(request.user).employee_id
    if not employee_id:
        raise Http404("Akun ini tidak terhubung dengan data pegawai.")
    services.record_readiness(
        actor=request.user,
        employee=Employee.objects.get(pk=employee_id),
        item=payload.item,
        connectivity_mbps=payload.connectivity_mbps,
        device_label=payload.device_label,
    )
    return _policy_out(selectors.employee_policy(request.user, employee_id))


class RuleIn(Schema):
    level: Literal["kota", "kelas", "opd", "unit", "jabatan"]
    opd_class: str = ""
    opd_id: Id | None = None
    unit_id: Id | None = None
    position_id: Id | None = None
    values: dict[str, Any]


class RuleValueOut(Schema):
    label: str
    value: str


class RuleOut(Schema):
    id: int
    level: str
    target: str
    # Named objects, not tuples: OpenAPI tooling reads a tuple's prefixItems unevenly.
    values: list[RuleValueOut]


@router.put("/rules", response=RuleOut, summary="Tetapkan aturan satu tingkat (kosong = warisi)")
def set_rule(request: access.AuthedRequest, payload: RuleIn):
    def pick(model, pk):
        if pk is None:
            return None
        obj = model.objects.filter(pk=pk).first()
        if obj is None:
            raise ValidationError({f"{model.__name__.lower()}_id": "Tidak ditemukan."})
        return obj

    rule = services.set_policy_rule(
        actor=request.user,
        level=payload.level,
        values=payload.values,
        opd_class=payload.opd_class,
        opd=pick(Opd, payload.opd_id),
        unit=pick(Unit, payload.unit_id),
        position=pick(Position, payload.position_id),
    )
    return {
        "id": rule.pk,
        "level": rule.level,
        "target": rule.target_label,
        "values": [{"label": label, "value": value} for label, value in rule.set_values()],
    }


class PhaseIn(Schema):
    name: str
    description: str = ""
    start: BoundedDate
    end: BoundedDate
    status: Literal["draft", "aktif"] = "draft"
    pattern: Literal["none", "fixed_weekday", "weekly_quota", "rotation"]
    fixed_weekday: str = ""
    wfh_days_per_week: int | None = None
    wfh_share: float | None = None
    opd_ids: list[Id] = []


class PhaseOut(Schema):
    id: int
    name: str
    description: str
    start: dt.date
    end: dt.date
    status: str
    pattern: str
    fixed_weekday: str
    wfh_days_per_week: int | None
    wfh_share: float | None
    opd_ids: list[int]


def _phase_out(phase: Phase) -> dict:
    return {
        **{f: getattr(phase, f) for f in PhaseOut.model_fields if f not in ("id", "opd_ids")},
        "id": phase.pk,
        "opd_ids": sorted(o.pk for o in phase.opds.all()),
    }


@router.get("/phases", response=list[PhaseOut], summary="Fase uji coba dan model")
def list_phases(request: access.AuthedRequest):
    return [_phase_out(p) for p in Phase.objects.prefetch_related("opds")]


def _phase_data(payload: PhaseIn) -> dict:
    data = payload.dict()
    ids = data.pop("opd_ids")
    opds = list(Opd.objects.filter(pk__in=ids))
    if len(opds) != len(set(ids)):
        raise ValidationError({"opd_ids": "Ada OPD yang tidak dikenal."})
    return {**data, "opds": opds}


@router.post("/phases", response={201: PhaseOut}, summary="Tambah fase (BKPSDM)")
def create_phase(request: access.AuthedRequest, payload: PhaseIn):
    phase = services.save_phase(actor=request.user, data=_phase_data(payload))
    return Status(201, _phase_out(phase))


@router.put("/phases/{phase_id}", response=PhaseOut, summary="Ubah fase (BKPSDM)")
def update_phase(request: access.AuthedRequest, phase_id: Id, payload: PhaseIn):
    phase = Phase.objects.filter(pk=phase_id).first()
    if phase is None:
        raise Http404("Fase tidak ditemukan.")
    return _phase_out(
        services.save_phase(actor=request.user, data=_phase_data(payload), phase=phase)
    )


class HoursOut(Schema):
    weekday: int
    start: WallTime
    end: WallTime
    break_minutes: int


class HoursIn(HoursOut):
    opd_id: Id


@router.get(
    "/working-hours",
    response=list[HoursOut],
    summary="Jam kerja OPD Senin–Jumat (bawaan: 37,5 jam)",
)
def working_hours(request: access.AuthedRequest, opd: Id):
    found = access.visible_opds(request.user).filter(pk=opd).first()
    if found is None:
        raise Http404("OPD tidak ditemukan.")
    monday = dt.date(2024, 1, 1)
    out = []
    for i in range(5):
        start, end, pause = calendar.working_hours(found, monday + dt.timedelta(days=i))
        out.append({"weekday": i, "start": start, "end": end, "break_minutes": pause})
    return out


@router.put("/working-hours", response=HoursOut, summary="Ubah jam kerja satu hari (admin OPD)")
def set_working_hours(request: access.AuthedRequest, payload: HoursIn):
    opd = access.visible_opds(request.user).filter(pk=payload.opd_id).first()
    if opd is None:
        raise Http404("OPD tidak ditemukan.")
    row = services.set_working_hours(
        actor=request.user,
        opd=opd,
        weekday=payload.weekday,
        start=payload.start,
        end=payload.end,
        break_minutes=payload.break_minutes,
    )
    return {
        "weekday": row.weekday,
        "start": row.start,
        "end": row.end,
        "break_minutes": row.break_minutes,
    }
