"""Reads of the TPP recap, scoped to the viewer through hibrida.org.access."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404

from hibrida.org import access
from hibrida.org.models import User
from hibrida.presence.models import CheckIn, ReviewStatus, Verdict

from . import tiers
from .models import DisciplineNotice, LineStatus, MonthRecap, RecapLine, TierTable

CODE_LABELS = {
    tiers.TL: "Terlambat (TL)",
    tiers.PSW: "Pulang sebelum waktu (PSW)",
    tiers.TK: "Tidak masuk tanpa keterangan",
    tiers.LHK: "Laporan harian tidak dikirim",
    tiers.ADJ: "Koreksi bulan lalu",
}
PAGE_SIZE = 100


def may_see_recaps(user: User) -> bool:
    """Roles that see other people's lines (the ASN sees only their own, on "TPP saya")."""
    scope = access.scope_for(user)
    return scope.has(
        access.Role.ATASAN, access.Role.OPD_ADMIN, access.Role.BKPSDM, access.Role.INSPEKTORAT
    )


def tier_tables() -> QuerySet[TierTable]:
    return TierTable.objects.all()


def recaps() -> QuerySet[MonthRecap]:
    return MonthRecap.objects.all()


def visible_lines(viewer: User, recap: MonthRecap) -> QuerySet[RecapLine]:
    employees = access.visible_employees(viewer)
    return (
        recap.lines.filter(employee__in=employees)
        .select_related("employee", "employee__opd", "employee__unit")
        .order_by("employee__opd__short_name", "employee__name")
    )


def get_recap(pk: int) -> MonthRecap:
    recap = MonthRecap.objects.filter(pk=pk).first()
    if recap is None:
        raise Http404("Rekap tidak ditemukan.")
    return recap


def recap_page(viewer: User, recap: MonthRecap, page: int) -> dict[str, Any]:
    lines = visible_lines(viewer, recap)
    paged: Page = Paginator(lines, PAGE_SIZE).get_page(page)
    pending = lines.filter(status=LineStatus.PENDING)
    return {
        "recap": recap,
        "page": paged,
        "count": paged.paginator.count,
        "pending": pending.count(),
        "to_review": [
            line.pk
            for line in pending.filter(employee__in=access.supervised_employees(viewer))[:500]
        ],
    }


def pending_check_in_reviews(year: int, month: int) -> int:
    """Flagged check-ins of active ASN in the month that no atasan accepted or rejected yet.

    The recap counts them as valid until rejected; the month is made final only once they are
    decided, so a final month never rests on an undecided record."""
    start = dt.date(year, month, 1)
    end = dt.date(year, month, calendar.monthrange(year, month)[1])
    return (
        CheckIn.objects.filter(
            work_date__gte=start,
            work_date__lte=end,
            status=Verdict.FLAGGED,
            employee__is_active=True,
        )
        .exclude(review__status__in=[ReviewStatus.ACCEPTED, ReviewStatus.REJECTED])
        .count()
    )


def get_line(viewer: User, pk: int) -> RecapLine:
    """404 when the viewer may not see the employee (the ASN: only their own)."""
    line = RecapLine.objects.select_related("recap", "employee").filter(pk=pk).first()
    if line is None or not access.can_view_employee(viewer, line.employee_id):
        raise Http404("Baris rekap tidak ditemukan.")
    return line


def explain(line: RecapLine) -> dict[str, Any]:
    """The line with labelled items grouped by day, and the weekly hours check."""
    items = [
        {
            **item,
            "label": CODE_LABELS.get(item["code"], item["code"]),
            "percent": Decimal(item["percent"]),
        }
        for item in line.items
    ]
    weeks = [
        {
            **w,
            "met": w["worked"] >= w["required"],
            "worked_h": f"{w['worked'] // 60}:{w['worked'] % 60:02d}",
            "required_h": f"{w['required'] // 60}:{w['required'] % 60:02d}",
        }
        for w in line.weeks
    ]
    return {"line": line, "items": items, "weeks": weeks}


def my_lines(viewer: User) -> QuerySet[RecapLine]:
    scope = access.scope_for(viewer)
    if scope.employee_id is None:
        raise Http404("Akun ini tidak terhubung dengan pegawai.")
    return (
        RecapLine.objects.filter(employee_id=scope.employee_id)
        .select_related("recap")
        .order_by("-recap__year", "-recap__month")
    )


def notices(viewer: User) -> QuerySet[DisciplineNotice]:
    return DisciplineNotice.objects.filter(
        employee__in=access.visible_employees(viewer)
    ).select_related("employee")[:500]


def export_rows(viewer: User, recap: MonthRecap) -> list[list[Any]]:
    rows = []
    for line in visible_lines(viewer, recap).iterator(chunk_size=2000):
        e = line.employee
        rows.append(
            [
                e.nip,
                e.name,
                e.opd.short_name,
                e.unit.name,
                float(line.tl_percent),
                float(line.psw_percent),
                line.absent_days,
                float(line.absent_percent),
                float(line.report_percent),
                float(line.adjustment_percent),
                float(line.percent),
                line.get_status_display(),
            ]
        )
    return rows
