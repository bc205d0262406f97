"""API routes of the e-Activity Report (mounted at /api/v1/activity/); thin over services."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import File, Form, Router, UploadedFile

from hibrida.audit.schemas import DECISION_ERRORS
from hibrida.bounds import Id, Month, Year
from hibrida.org import access

from . import performance, selectors, services
from .models import SkpTarget
from .schemas import (
    ActivityOut,
    BulkIn,
    BulkOut,
    CommentIn,
    DraftIn,
    DraftUpdateIn,
    EventOut,
    PerformanceOut,
    ReasonIn,
    ReportOut,
    ReportSummaryOut,
    TargetIn,
    TargetOut,
)

router = Router(tags=["activity"])


def _period(month: dt.date | None) -> tuple[int, int]:
    day = month or services.today()
    return day.year, day.month


def _activities(items) -> list[dict]:
    return [
        {**item.dict(exclude={"target_id"}), "target": item.target_id or None} for item in items
    ]


@router.get("/reports", response=list[ReportSummaryOut], summary="Laporan harian saya (sebulan)")
def my_reports(request: access.AuthedRequest, month: Month | None = None):
    year, mon = _period(month)
    start, end = selectors.month_bounds(year, mon)
    employee_id = access.scope_for(request.user).employee_id
    if employee_id is None:
        return []  # a login without an employee record has no reports
    return list(
        selectors.visible_reports(request.user).filter(
            employee_id=employee_id, day__range=(start, end)
        )
    )


@router.post("/reports", response=ReportOut, summary="Buat atau ganti draf laporan suatu hari")
def save_draft(request: access.AuthedRequest, payload: DraftIn):
    return services.save_draft(
        actor=request.user,
        day=payload.day,
        note=payload.note,
        activities=_activities(payload.activities),
    )


@router.get("/reports/{report_id}", response=ReportOut, summary="Satu laporan")
def get_report(request: access.AuthedRequest, report_id: Id):
    report = selectors.get_report(request.user, report_id)
    services.mark_opened(actor=request.user, report=report)
    return report


@router.put("/reports/{report_id}", response=ReportOut, summary="Ubah draf laporan")
def update_draft(request: access.AuthedRequest, report_id: Id, payload: DraftUpdateIn):
    report = selectors.get_report(request.user, report_id)
    access.require(
        report.employee_id == access.scope_for(request.user).employee_id,
        "Anda hanya dapat mengubah laporan Anda sendiri.",
    )
    return services.save_draft(
        actor=request.user,
        day=report.day,
        note=payload.note,
        activities=_activities(payload.activities),
    )


@router.post(
    "/reports/{report_id}/activities",
    response=ActivityOut,
    summary="Tambah satu kegiatan dengan berkas bukti (multipart)",
)
def add_activity(
    request: access.AuthedRequest,
    report_id: Id,
    description: Form[str],
    output: Form[str],
    quantity: Form[str],
    unit: Form[str],
    minutes: Form[int],
    target_id: Form[Id | None] = None,
    evidence_link: Form[str] = "",
    # Not ``UploadedFile | None``: ninja reads the annotation and would publish the upload as
    # anyOf binary/null in the OpenAPI schema; the None default alone makes it optional.
    evidence: File[UploadedFile] = None,  # type: ignore[assignment]
):
    report = selectors.get_report(request.user, report_id)
    data = {
        "description": description,
        "output": output,
        "quantity": quantity,
        "unit": unit,
        "minutes": minutes,
        "target": target_id,
        "evidence_link": evidence_link,
    }
    # Django names every uploaded file; the stubs allow None for files in general.
    upload = (evidence.name or "", evidence.read()) if evidence is not None else None
    return services.add_activity(actor=request.user, report=report, data=data, evidence=upload)


@router.get("/reports/{report_id}/events", response=list[EventOut], summary="Jejak laporan")
def report_events(request: access.AuthedRequest, report_id: Id):
    return list(selectors.get_report(request.user, report_id).events.all())


@router.post("/reports/{report_id}/submit", response=ReportOut, summary="Kirim ke atasan")
def submit(request: access.AuthedRequest, report_id: Id):
    report = selectors.get_report(request.user, report_id)
    return services.submit_report(actor=request.user, report=report)


@router.get("/inbox", response=list[ReportSummaryOut], summary="Laporan menunggu validasi saya")
def inbox(request: access.AuthedRequest):
    return list(selectors.inbox(request.user)[:500])


@router.post(
    "/reports/{report_id}/approve", response={200: ReportOut, **DECISION_ERRORS}, summary="Setujui"
)
def approve(request: access.AuthedRequest, report_id: Id, payload: CommentIn):
    report = selectors.get_report(request.user, report_id)
    return services.approve_report(actor=request.user, report=report, comment=payload.comment)


@router.post(
    "/reports/{report_id}/return",
    response={200: ReportOut, **DECISION_ERRORS},
    summary="Kembalikan",
)
def return_for_revision(request: access.AuthedRequest, report_id: Id, payload: CommentIn):
    report = selectors.get_report(request.user, report_id)
    return services.return_report(actor=request.user, report=report, comment=payload.comment)


@router.post(
    "/reports/{report_id}/reject", response={200: ReportOut, **DECISION_ERRORS}, summary="Tolak"
)
def reject(request: access.AuthedRequest, report_id: Id, payload: ReasonIn):
    report = selectors.get_report(request.user, report_id)
    return services.reject_report(actor=request.user, report=report, reason=payload.reason)


@router.post(
    "/inbox/approve",
    response={200: BulkOut, **DECISION_ERRORS},
    summary="Setujui massal (laporan yang dibuka)",
)
def bulk_approve(request: access.AuthedRequest, payload: BulkIn):
    reports = list(selectors.inbox(request.user).filter(pk__in=payload.report_ids))
    found = {r.pk for r in reports}
    if set(payload.report_ids) - found:
        raise Http404("Sebagian laporan tidak ada di kotak validasi Anda.")
    return {"approved": services.bulk_approve(actor=request.user, reports=reports)}


@router.get("/targets", response=list[TargetOut], summary="Target SKP seorang pegawai")
def list_targets(request: access.AuthedRequest, year: Year, employee_id: Id | None = None):
    employee_id = employee_id or access.scope_for(request.user).employee_id
    if not employee_id:
        raise Http404("Pegawai tidak ditemukan.")
    employee = access.get_visible_employee(request.user, employee_id)
    return list(selectors.targets_for(request.user, employee, year))


@router.post("/targets", response=TargetOut, summary="Tambah rencana hasil kerja")
def create_target(request: access.AuthedRequest, payload: TargetIn):
    employee_id = payload.employee_id or access.scope_for(request.user).employee_id
    if not employee_id:
        raise Http404("Pegawai tidak ditemukan.")
    employee = access.get_visible_employee(request.user, employee_id)
    data = payload.dict(exclude={"employee_id", "parent_id"})
    data["parent"] = (
        SkpTarget.objects.filter(pk=payload.parent_id).first() if payload.parent_id else None
    )
    if payload.parent_id and data["parent"] is None:
        raise ValidationError({"parent_id": "Hasil kerja atasan tidak ditemukan."})
    return services.create_target(actor=request.user, employee=employee, data=data)


@router.get("/performance", response=PerformanceOut, summary="Kinerja bulanan seorang pegawai")
def get_performance(
    request: access.AuthedRequest, month: Month | None = None, employee_id: Id | None = None
):
    year, mon = _period(month)
    employee_id = employee_id or access.scope_for(request.user).employee_id
    if not employee_id:
        raise Http404("Pegawai tidak ditemukan.")
    employee = access.get_visible_employee(request.user, employee_id)
    data = selectors.employee_performance(request.user, employee, year, mon)
    index, period = data["index"], data["scoring"]
    return {
        "employee_id": employee.pk,
        "period": f"{year}-{mon:02d}",
        "working_days": data["working_days"],
        "working_days_in_month": period.in_month,
        "working_days_counted": period.counted,
        "counted_through": period.through,
        "month_complete": period.complete,
        "enough_data": period.enough,
        "basis": data["basis"],
        "score": data["score"],
        "predicate": data["predicate"],
        "productivity_index": index.index,
        "wfh_days": index.wfh_days,
        "wfo_days": index.wfo_days,
        "realisation": [
            {
                "title": t,
                "planned": month_plan,
                "planned_to_date": r.planned,
                "realised": r.realised,
                "percent": r.percent,
            }
            for t, month_plan, r in data["realisation"]
        ],
        "formula": performance.FORMULA_TEXT,
    }
