"""Monthly evaluation figures of a unit or an OPD (Pasal 35) and who may read or acknowledge
them; everything is scoped through org/access.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils import timezone

from hibrida.activity.selectors import group_recap
from hibrida.monitoring.metrics import percent
from hibrida.org import access
from hibrida.org.models import Employee, Opd, Unit, User
from hibrida.policy.calendar import working_days
from hibrida.policy.engine import readiness_missing
from hibrida.policy.models import WfhReadiness
from hibrida.presence.selectors import attendance_summary

from .models import EvaluationStatus, MonthlyEvaluation

LATE_TIERS = ("TL1", "TL2", "TL3", "TL4")
EARLY_TIERS = ("PSW1", "PSW2", "PSW3", "PSW4")


def month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def last_month() -> dt.date:
    """The first day of the month before today's (WIB)."""
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def unit_ids(opd: Opd, unit: Unit | None) -> set[int] | None:
    """The unit and every unit below it; None for the whole OPD."""
    if unit is None:
        return None
    children: dict[int | None, list[int]] = {}
    for pk, parent in Unit.objects.filter(opd=opd).values_list("id", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, stack = set(), [unit.pk]
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, []))
    return found


def members(opd: Opd, unit: Unit | None) -> list[int]:
    qs = Employee.objects.filter(opd=opd, is_active=True)
    ids = unit_ids(opd, unit)
    if ids is not None:
        qs = qs.filter(unit_id__in=ids)
    return list(qs.values_list("pk", flat=True))


def is_unit_head(user: User, opd: Opd, unit: Unit | None) -> bool:
    """The unit head acknowledges: the atasan of everyone else in the unit (the OPD head for
    the OPD as a whole), derived from the supervisor tree like every atasan right."""
    return access.supervises_all(user, members(opd, unit))


def may_view(user: User, opd: Opd, unit: Unit | None) -> bool:
    scope = access.scope_for(user)
    if scope.city_reader or opd.pk in scope.admin_opd_ids:
        return True
    return is_unit_head(user, opd, unit)


def group_for(user: User, opd_id: int, unit_id: int | None) -> tuple[Opd, Unit | None]:
    """The OPD and unit if the viewer may read their evaluation, else 404."""
    opd = Opd.objects.filter(pk=opd_id).first()
    unit = None
    if opd is not None and unit_id is not None:
        unit = Unit.objects.filter(pk=unit_id, opd=opd).first()
        if unit is None:
            opd = None
    if opd is None or not may_view(user, opd, unit):
        raise Http404("Unit atau OPD tidak ditemukan.")
    return opd, unit


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def compute_figures(viewer: User, opd: Opd, unit: Unit | None, month: dt.date) -> dict[str, Any]:
    """Performance, discipline and readiness of the group in ``month`` (read now)."""
    start, end = month, month_end(month)
    ids = members(opd, unit)
    staff = list(
        access.visible_employees(viewer)
        .filter(pk__in=ids)
        .select_related("unit", "position")
        .order_by("pk")
    )
    people = [e.pk for e in staff]
    recap = group_recap(viewer, staff, month.year, month.month)
    rows = recap["rows"]
    reported = sum(r.reported for r in rows)
    approved = sum(r.approved for r in rows)
    bad = sum(r.returned_or_rejected for r in rows)
    scores = [r.score for r in rows if r.score is not None]
    days = attendance_summary(people, start, end)
    present = [d for d in days.values() if not d["missing_in"]]
    expected = len(working_days(start, end)) * len(people)
    ready = [
        r for r in WfhReadiness.objects.filter(employee_id__in=people) if not readiness_missing(r)
    ]
    return {
        "staff": len(people),
        "working_days": len(working_days(start, end)),
        "reports_submitted": reported,
        "reports_approved": approved,
        "reports_returned_or_rejected": bad,
        "reports_late": sum(r.late for r in rows),
        "reports_missing": sum(r.missing for r in rows),
        "validation_rate": _share(approved + bad, reported),
        "approval_rate": _share(approved, reported),
        "mean_output_score": round(sum(scores) / len(scores), 1) if scores else None,
        "expected_days": expected,
        "present_days": len(present),
        "attendance_rate": _share(len(present), expected),
        "late_days": sum(1 for d in present if d["late_tier"] in LATE_TIERS),
        "early_leave_days": sum(1 for d in present if d["early_tier"] in EARLY_TIERS),
        "days_without_record": max(0, expected - len(present)),
        "ready_staff": len(ready),
        "readiness_rate": _share(len(ready), len(people)),
    }


def _number(value: Any) -> str:
    if value is None:
        return "—"
    return str(value).replace(".", ",")


def figure_rows(f: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(aspect, measure, shown value) in Indonesian, the decimal comma; the same rows feed the
    page, the PDF and the XLSX."""
    return [
        ("Umum", "Pegawai aktif", _number(f["staff"])),
        ("Umum", "Hari kerja", _number(f["working_days"])),
        ("Kinerja", "Laporan harian dikirim", _number(f["reports_submitted"])),
        ("Kinerja", "Laporan disetujui", _number(f["reports_approved"])),
        ("Kinerja", "Laporan dikembalikan/ditolak", _number(f["reports_returned_or_rejected"])),
        ("Kinerja", "Laporan terlambat", _number(f["reports_late"])),
        ("Kinerja", "Hari kerja tanpa laporan", _number(f["reports_missing"])),
        ("Kinerja", "Tingkat validasi atasan", percent(f["validation_rate"])),
        ("Kinerja", "Tingkat persetujuan", percent(f["approval_rate"])),
        ("Kinerja", "Rata-rata skor keluaran", _number(f["mean_output_score"])),
        ("Disiplin", "Hari hadir / hari wajib", f"{f['present_days']} / {f['expected_days']}"),
        ("Disiplin", "Tingkat kehadiran", percent(f["attendance_rate"])),
        ("Disiplin", "Hari terlambat (TL)", _number(f["late_days"])),
        ("Disiplin", "Hari pulang sebelum waktu (PSW)", _number(f["early_leave_days"])),
        ("Disiplin", "Hari kerja tanpa presensi", _number(f["days_without_record"])),
        ("Kesiapan sarana", "Pegawai siap WFH (3 syarat)", _number(f["ready_staff"])),
        ("Kesiapan sarana", "Tingkat kesiapan", percent(f["readiness_rate"])),
    ]


def evaluation_row(opd: Opd, unit: Unit | None, month: dt.date) -> MonthlyEvaluation | None:
    return MonthlyEvaluation.objects.filter(opd=opd, unit=unit, month=month).first()


def evaluation_page(viewer: User, opd: Opd, unit: Unit | None, month: dt.date) -> dict[str, Any]:
    """The page's data: the frozen figures once acknowledged, else the figures read now."""
    row = evaluation_row(opd, unit, month)
    frozen = row is not None and row.status != EvaluationStatus.PENDING
    figures = (
        row.figures if frozen and row is not None else compute_figures(viewer, opd, unit, month)
    )
    scope = access.scope_for(viewer)
    status = row.status if row is not None else EvaluationStatus.PENDING
    month_over = month_end(month) < timezone.localdate()
    return {
        "opd": opd,
        "unit": unit,
        "month": month,
        "row": row,
        "status": status,
        "status_label": EvaluationStatus(status).label,
        "frozen": frozen,
        "figures": figures,
        "rows": figure_rows(figures),
        "month_over": month_over,
        "can_ack_unit": month_over
        and status == EvaluationStatus.PENDING
        and not scope.read_only
        and is_unit_head(viewer, opd, unit),
        "can_ack_ppk": status == EvaluationStatus.UNIT and scope.city_writer,
    }


def overview(viewer: User, opd: Opd, month: dt.date) -> list[dict[str, Any]]:
    """The OPD and each unit with the month's status (rows not yet created are pending)."""
    rows = {r.unit_id: r for r in MonthlyEvaluation.objects.filter(opd=opd, month=month)}
    units = [None, *Unit.objects.filter(opd=opd, is_active=True).order_by("code")]
    out = []
    for unit in units:
        if not may_view(viewer, opd, unit):
            continue
        row = rows.get(unit.pk if unit else None)
        status = row.status if row else EvaluationStatus.PENDING
        out.append({"unit": unit, "status": status, "label": EvaluationStatus(status).label})
    return out


def final_for_pilot(months: list[dt.date]) -> list[dict[str, Any]]:
    """The final OPD-level evaluations of ``months`` for the pilot evaluation (BKPSDM,
    Inspektorat only reach the pilot page)."""
    out = []
    for row in (
        MonthlyEvaluation.objects.filter(
            unit__isnull=True, month__in=months, status=EvaluationStatus.FINAL
        )
        .select_related("opd")
        .order_by("month", "opd__name")
    ):
        f = row.figures
        out.append(
            {
                "month": row.month,
                "opd": row.opd,
                "staff": f.get("staff"),
                "attendance": percent(f.get("attendance_rate")),
                "validation": percent(f.get("validation_rate")),
                "approval": percent(f.get("approval_rate")),
                "score": _number(f.get("mean_output_score")),
                "late": f.get("late_days"),
                "early": f.get("early_leave_days"),
                "readiness": percent(f.get("readiness_rate")),
            }
        )
    return out
