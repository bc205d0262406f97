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
from .models import DisciplineRecord, LegalParameter, Phase, SpecialCircumstance
from .rules import job_criteria_reasons

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


# --- PermenPANRB 4/2025 ---------------------------------------------------------------------


class LegalParameterOut(Schema):
    key: str
    label: str
    value: int
    legal_source: str
    valid_from: dt.date
    valid_to: dt.date | None


def _parameter_out(row: LegalParameter) -> dict:
    return {
        "key": row.key,
        "label": str(row.get_key_display()),
        "value": row.value,
        "legal_source": row.legal_source,
        "valid_from": row.valid_from,
        "valid_to": row.valid_to,
    }


@router.get(
    "/legal-parameters",
    response=list[LegalParameterOut],
    summary="Angka aturan kerja fleksibel dengan dasar hukum dan masa berlaku",
)
def legal_parameters(request: access.AuthedRequest):
    return [_parameter_out(p) for p in selectors.legal_parameters()]


class LegalParameterIn(Schema):
    key: Literal["max_location_days_per_week", "new_employee_months"]
    value: int
    legal_source: str
    valid_from: BoundedDate


@router.post(
    "/legal-parameters",
    response={201: LegalParameterOut},
    summary="Catat nilai parameter hukum mulai suatu tanggal (BKPSDM)",
)
def add_legal_parameter(request: access.AuthedRequest, payload: LegalParameterIn):
    row = services.add_legal_parameter(
        actor=request.user,
        key=payload.key,
        value=payload.value if 0 <= payload.value <= 120 else None,
        legal_source=payload.legal_source,
        valid_from=payload.valid_from,
    )
    return Status(201, _parameter_out(row))


class JobCriteriaIn(Schema):
    outside_office: bool
    no_special_equipment: bool
    ict_capable: bool
    minimal_face_to_face: bool
    no_constant_supervision: bool


class JobCriteriaOut(JobCriteriaIn):
    position_id: int
    failing: list[str]


def _criteria_out(position: Position, flags: dict[str, bool]) -> dict:
    return {**flags, "position_id": position.pk, "failing": job_criteria_reasons(flags)}


@router.get(
    "/positions/{position_id}/job-criteria",
    response=JobCriteriaOut,
    summary="Kriteria jabatan Pasal 23 satu jabatan (admin OPD, BKPSDM)",
)
def job_criteria(request: access.AuthedRequest, position_id: Id):
    position = selectors.get_manageable_position(request.user, position_id)
    return _criteria_out(position, selectors.job_criteria_of(position))


@router.put(
    "/positions/{position_id}/job-criteria",
    response=JobCriteriaOut,
    summary="Tetapkan kriteria jabatan Pasal 23 (admin OPD, BKPSDM)",
)
def set_job_criteria(request: access.AuthedRequest, position_id: Id, payload: JobCriteriaIn):
    position = selectors.get_manageable_position(request.user, position_id)
    services.set_job_criteria(actor=request.user, position=position, flags=payload.dict())
    return _criteria_out(position, selectors.job_criteria_of(position))


class DisciplineIn(Schema):
    employee_id: Id
    kind: Literal["proses", "hukuman"]
    start: BoundedDate
    end: BoundedDate
    reference: str


class DisciplineOut(Schema):
    id: int
    employee_id: int
    kind: str
    label: str
    start: dt.date
    end: dt.date
    reference: str


def _discipline_out(row: DisciplineRecord) -> dict:
    return {
        "id": row.pk,
        "employee_id": row.employee_id,
        "kind": row.kind,
        "label": str(row.get_kind_display()),
        "start": row.start,
        "end": row.end,
        "reference": row.reference,
    }


@router.get(
    "/discipline",
    response=list[DisciplineOut],
    summary="Status disiplin Pasal 25 (BKPSDM, Inspektorat, admin OPD; pegawai: miliknya)",
)
def discipline_list(request: access.AuthedRequest, employee: Id | None = None):
    rows = selectors.discipline_records(request.user)
    if employee is not None:
        rows = rows.filter(employee_id=employee)
    return [_discipline_out(r) for r in rows[:1000]]


@router.post(
    "/discipline",
    response={201: DisciplineOut},
    summary="Catat proses / hukuman disiplin dengan periodenya (BKPSDM, admin OPD)",
)
def discipline_add(request: access.AuthedRequest, payload: DisciplineIn):
    employee = access.manageable_employees(request.user).filter(pk=payload.employee_id).first()
    if employee is None:
        raise Http404("Pegawai tidak ditemukan.")
    row = services.record_discipline(
        actor=request.user,
        employee=employee,
        kind=payload.kind,
        start=payload.start,
        end=payload.end,
        reference=payload.reference,
    )
    return Status(201, _discipline_out(row))


class SpecialIn(Schema):
    reason: str
    end: BoundedDate


class SpecialOut(Schema):
    id: int
    employee_id: int
    reason: str
    end: dt.date
    status: str
    decision_note: str


class DecisionIn(Schema):
    note: str = ""


def _special_out(row: SpecialCircumstance) -> dict:
    return {
        "id": row.pk,
        "employee_id": row.employee_id,
        "reason": row.reason,
        "end": row.end,
        "status": row.status,
        "decision_note": row.decision_note,
    }


@router.post(
    "/special-circumstances",
    response={201: SpecialOut},
    summary="Ajukan kerja fleksibel karena keadaan khusus (Pasal 30)",
)
def special_apply(request: access.AuthedRequest, payload: SpecialIn):
    employee_id = access.scope_for(request.user).employee_id
    if not employee_id:
        raise Http404("Akun ini tidak terhubung dengan data pegawai.")
    row = services.apply_special_circumstance(
        actor=request.user,
        employee=Employee.objects.get(pk=employee_id),
        reason=payload.reason,
        end=payload.end,
    )
    return Status(201, _special_out(row))


@router.post(
    "/special-circumstances/{special_id}/approve",
    response=SpecialOut,
    summary="Atasan menyetujui permohonan keadaan khusus",
)
def special_approve(request: access.AuthedRequest, special_id: Id, payload: DecisionIn):
    row = selectors.get_special(request.user, special_id)
    return _special_out(
        services.approve_special_circumstance(actor=request.user, row=row, note=payload.note)
    )


@router.post(
    "/special-circumstances/{special_id}/reject",
    response=SpecialOut,
    summary="Atasan menolak permohonan keadaan khusus (alasan wajib)",
)
def special_reject(request: access.AuthedRequest, special_id: Id, payload: DecisionIn):
    row = selectors.get_special(request.user, special_id)
    return _special_out(
        services.reject_special_circumstance(actor=request.user, row=row, note=payload.note)
    )
