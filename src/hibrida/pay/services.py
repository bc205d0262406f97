"""Writes of the TPP recap: tier tables, the monthly computation, review, finalisation.

Every write is audited; review and finalisation go through ``audit.decisions.decide``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hibrida import sql
from hibrida.activity.notify import notify
from hibrida.audit.decisions import decide
from hibrida.audit.log import record_event, snapshot
from hibrida.org import access
from hibrida.org.models import Employee, GrantedRole, User
from hibrida.presence.models import CheckIn

from . import compute, discipline, selectors, tiers
from .models import (
    DisciplineNotice,
    LineStatus,
    MonthRecap,
    RecapLine,
    RecapStatus,
    TierTable,
)

MAX_TIERS = 8
FINAL_MESSAGE = (
    "Bulan ini sudah final dan tidak dapat dihitung ulang; koreksi masuk ke bulan berikutnya."
)
CODE_FIELD = {
    tiers.TL: "tl_percent",
    tiers.PSW: "psw_percent",
    tiers.TK: "absent_percent",
    tiers.LHK: "report_percent",
    tiers.ADJ: "adjustment_percent",
}


def _require_bkpsdm(actor: User, message: str) -> None:
    access.require_writer(actor)
    access.require(access.scope_for(actor).city_writer, message)


def _percent(
    value: Any, field: str, errors: dict[str, str], *, required: bool = True
) -> Decimal | None:
    text = str(value if value is not None else "").strip().replace(",", ".")
    if not text:
        if required:
            errors.setdefault(field, "Persentase wajib diisi.")
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        errors.setdefault(field, "Persentase harus angka, misalnya 0,5.")
        return None
    if not number.is_finite() or number < 0 or number > 100:
        errors.setdefault(field, "Persentase harus antara 0 dan 100.")
        return None
    if number != number.quantize(Decimal("0.01")):
        errors.setdefault(field, "Paling banyak dua angka di belakang koma.")
        return None
    return number


def parse_tier_text(text: str, field: str, errors: dict[str, str]) -> list[list[Any]]:
    """ "30:0,5; 60:1; 90:1,25; *:1,5" → [[30, "0.5"], …, [None, "1.5"]] (``*`` = no bound)."""
    out: list[list[Any]] = []
    parts = [p.strip() for p in (text or "").split(";") if p.strip()]
    if not parts:
        errors[field] = "Isi tingkat, misalnya 30:0,5; 60:1; 90:1,25; *:1,5."
        return []
    if len(parts) > MAX_TIERS:
        errors[field] = f"Paling banyak {MAX_TIERS} tingkat."
        return []
    for part in parts:
        bound, sep, pct = part.partition(":")
        if not sep:
            errors[field] = f"'{part}': tulis batas menit:persen, misalnya 30:0,5."
            return []
        bound = bound.strip()
        if bound == "*":
            upper = None
        elif bound.isdigit() and len(bound) <= 4:
            upper = int(bound)
        else:
            errors[field] = f"'{part}': batas menit harus bilangan bulat atau *."
            return []
        number = _percent(pct, field, errors)
        if number is None:
            return []
        out.append([upper, str(number)])
    problem = tiers.check_tiers(compute.parse_tiers(out))
    if problem:
        errors[field] = problem
        return []
    return out


def _date(value: Any, field: str, errors: dict[str, str], *, required: bool) -> dt.date | None:
    text = str(value or "").strip()
    if not text:
        if required:
            errors[field] = "Tanggal wajib diisi."
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors[field] = "Tanggal harus berformat YYYY-MM-DD."
        return None


@transaction.atomic
def create_tier_table(*, actor: User, data: Mapping[str, Any]) -> TierTable:
    """BKPSDM records the deduction table of a regulation for its validity period."""
    _require_bkpsdm(actor, "Tabel potongan TPP ditetapkan oleh BKPSDM.")
    errors: dict[str, str] = {}
    name = str(data.get("name", "") or "").strip()
    source = str(data.get("source", "") or "").strip()
    for field, text, limit in (("name", name, 200), ("source", source, 300)):
        if not text:
            errors[field] = "Wajib diisi."
        elif len(text) > limit:
            errors[field] = f"Paling panjang {limit} karakter (sekarang {len(text)})."
    valid_from = _date(data.get("valid_from"), "valid_from", errors, required=True)
    valid_to = _date(data.get("valid_to"), "valid_to", errors, required=False)
    if valid_from and valid_to and valid_to < valid_from:
        errors["valid_to"] = "Tanggal akhir tidak boleh sebelum tanggal mulai."
    tl = parse_tier_text(str(data.get("tl_tiers", "")), "tl_tiers", errors)
    psw = parse_tier_text(str(data.get("psw_tiers", "")), "psw_tiers", errors)
    absent = _percent(data.get("absent_percent"), "absent_percent", errors)
    report = _percent(
        data.get("missing_report_percent"), "missing_report_percent", errors, required=False
    )
    if valid_from and not errors.get("valid_to"):
        overlap = TierTable.objects.filter(valid_from__lte=valid_to or dt.date.max).exclude(
            valid_to__lt=valid_from
        )
        clash = overlap.first()
        if clash is not None:
            errors["valid_from"] = (
                f"Masa berlaku bertumpang tindih dengan tabel “{clash.name}”; "
                "akhiri tabel itu dulu."
            )
    if valid_from:
        final = _final_months_from(valid_from, valid_to)
        if final:
            errors["valid_from"] = f"Bulan {final} sudah final; tabel baru tidak boleh mengubahnya."
    if errors:
        raise ValidationError(errors)
    assert valid_from is not None and absent is not None
    row = TierTable.objects.create(
        name=name,
        source=source,
        valid_from=valid_from,
        valid_to=valid_to,
        tl_tiers=tl,
        psw_tiers=psw,
        absent_percent=absent,
        missing_report_percent=report,
        created_by=actor,
    )
    record_event(actor=actor, action="tpp.tier_table.created", obj=row, after=snapshot(row))
    return row


def _final_months_from(start: dt.date, end: dt.date | None) -> str:
    for year, month in MonthRecap.objects.filter(status=RecapStatus.FINAL).values_list(
        "year", "month"
    ):
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        if first <= (end or dt.date.max) and start <= last:
            return f"{month:02d}-{year}"
    return ""


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def compute_month(
    *,
    actor: User,
    year: int,
    month: int,
    today: dt.date | None = None,
    employee_ids: list[int] | None = None,
) -> MonthRecap:
    """Compute (or recompute, while not final) the recap of every active ASN for the month
    (``employee_ids``: only these; the demo, whose presence history covers a sample of the
    city, would otherwise find everyone else absent every day).

    Bulk: a few reads, one insert of every line, ONE audit event for the whole month (like a
    check-in batch: 25,000 events would serialise on the chain head for no extra evidence; the
    event holds the totals and every line keeps its own explanation).
    """
    _require_bkpsdm(actor, "Rekap TPP dihitung oleh BKPSDM.")
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise ValidationError({"month": "Bulan tidak valid."})
    start, end = month_range(year, month)
    today = today or timezone.localdate()
    if start > today:
        raise ValidationError({"month": "Bulan ini belum dimulai."})
    until = min(end, today)
    if MonthRecap.objects.filter(year=year, month=month, status=RecapStatus.FINAL).exists():
        raise ValidationError({"month": FINAL_MESSAGE})
    if not TierTable.objects.filter(valid_from__lte=until).exclude(valid_to__lt=start).exists():
        raise ValidationError(
            {"month": "Belum ada tabel potongan TPP yang berlaku pada bulan ini."}
        )
    lines = compute.compute(start, until, employee_ids)
    adjustments = _carry_corrections(year, month, lines)
    with transaction.atomic():
        recap = MonthRecap.objects.select_for_update().filter(year=year, month=month).first()
        if recap is not None and recap.status == RecapStatus.FINAL:
            raise ValidationError({"month": FINAL_MESSAGE})
        before = snapshot(recap) if recap else None
        if recap is None:
            recap = MonthRecap.objects.create(
                year=year,
                month=month,
                computed_at=timezone.now(),
                computed_by=actor,
                computed_until=until,
            )
        else:
            recap.lines.all().delete()
            recap.computed_at = timezone.now()
            recap.computed_by = actor
            recap.computed_until = until
            recap.save(update_fields=["computed_at", "computed_by", "computed_until"])
        rows: list[dict[str, Any]] = [
            {
                "recap_id": recap.pk,
                "employee_id": line.employee_id,
                "percent": line.percent,
                "absent_days": len(line.absent_dates),
                "items": line.items,
                "weeks": line.weeks,
                "absent_dates": line.absent_dates,
                **{f: line.by_code.get(code, Decimal(0)) for code, f in CODE_FIELD.items()},
            }
            for line in lines.values()
        ]
        sql.insert_rows(RecapLine, rows)
        notices = _early_warnings(actor, year, month, lines)
        record_event(
            actor=actor,
            action="tpp.month_computed",
            obj=recap,
            before=before,
            after={
                **snapshot(recap),
                "lines": len(rows),
                "total_percent": str(sum((r["percent"] for r in rows), Decimal(0))),
                "adjusted_employees": adjustments,
                "discipline_notices": notices,
            },
        )
    return recap


def _carry_corrections(year: int, month: int, lines: dict[int, compute.Line]) -> int:
    """A correction, leave or check-in review of the previous month decided after it became
    final: the difference is an adjustment of this month (the final month never changes)."""
    prev_year, prev_month = (year, month - 1) if month > 1 else (year - 1, 12)
    prev = MonthRecap.objects.filter(
        year=prev_year, month=prev_month, status=RecapStatus.FINAL
    ).first()
    if prev is None or prev.decided_at is None:
        return 0
    from hibrida.presence.models import ApprovalStatus, CorrectionRequest
    from hibrida.roster.models import Absence

    start, end = month_range(prev_year, prev_month)
    changed = (
        set(
            CorrectionRequest.objects.filter(
                work_date__gte=start,
                work_date__lte=end,
                status=ApprovalStatus.APPROVED,
                decided_at__gt=prev.decided_at,
            ).values_list("employee_id", flat=True)
        )
        | set(
            Absence.objects.filter(
                start__lte=end, end__gte=start, created_at__gt=prev.decided_at
            ).values_list("employee_id", flat=True)
        )
        | set(
            # A flagged check-in synced late (offline phone), decided after the month is final.
            CheckIn.objects.filter(
                work_date__gte=start, work_date__lte=end, review__decided_at__gt=prev.decided_at
            ).values_list("employee_id", flat=True)
        )
    )
    if not changed:
        return 0
    stored = dict(prev.lines.filter(employee_id__in=changed).values_list("employee_id", "percent"))
    again = compute.compute(start, prev.computed_until, sorted(changed & set(stored)))
    count = 0
    for emp, line in again.items():
        diff = line.percent - stored[emp]
        if diff and emp in lines:
            lines[emp].by_code[tiers.ADJ] += diff
            lines[emp].items.append(
                {
                    "day": start.isoformat(),
                    "code": tiers.ADJ,
                    "tier": 0,
                    "minutes": 0,
                    "percent": str(diff.quantize(compute.CENT)),
                    "record": f"koreksi bulan {prev_month:02d}-{prev_year} setelah final "
                    f"({stored[emp]} % → {line.percent} %)",
                    "table": None,
                }
            )
            count += 1
    return count


def _early_warnings(actor: User, year: int, month: int, lines: dict[int, compute.Line]) -> int:
    """PP 94/2021: notify the atasan and BKPSDM when the year's unexcused absence crosses a
    threshold not yet notified. Information only; the decision is the PPK's."""
    earlier: dict[int, list[str]] = {}
    for emp, dates in RecapLine.objects.filter(
        recap__year=year, recap__month__lt=month, absent_days__gt=0
    ).values_list("employee_id", "absent_dates"):
        earlier.setdefault(emp, []).extend(dates)
    candidates = [
        emp
        for emp, line in lines.items()
        if len(line.absent_dates) + len(earlier.get(emp, [])) >= discipline.THRESHOLDS[0].min_days
    ]
    if not candidates:
        return 0
    from hibrida.policy.calendar import working_days

    start, end = month_range(year, month)
    year_days = working_days(dt.date(year, 1, 1), end)
    notified: dict[int, int] = {}
    for emp, level in DisciplineNotice.objects.filter(
        year=year, employee_id__in=candidates
    ).values_list("employee_id", "level"):
        notified[emp] = max(level, notified.get(emp, 0))
    supervisors = dict(
        Employee.objects.filter(pk__in=candidates).values_list("id", "supervisor_id")
    )
    atasan_users = {
        u.employee_id: u for u in User.objects.filter(employee_id__in=set(supervisors.values()))
    }
    bkpsdm_users = list(
        User.objects.filter(role_grants__role=GrantedRole.BKPSDM, is_active=True).distinct()
    )
    names = dict(Employee.objects.filter(pk__in=candidates).values_list("id", "name"))
    count = 0
    for emp in candidates:
        dates = sorted(
            {dt.date.fromisoformat(d) for d in earlier.get(emp, []) + lines[emp].absent_dates}
        )
        run = discipline.longest_run(dates, year_days)
        found = discipline.category(len(dates), run)
        if found is None or found.level <= notified.get(emp, 0):
            continue
        notice = DisciplineNotice.objects.create(
            employee_id=emp,
            year=year,
            level=found.level,
            category=found.category,
            article=found.article,
            days=len(dates),
            consecutive_days=run,
        )
        record_event(
            actor=actor, action="tpp.discipline_notice", obj=notice, after=snapshot(notice)
        )
        message = (
            f"Peringatan dini disiplin: {names.get(emp, emp)} tidak masuk kerja tanpa alasan "
            f"sah {len(dates)} hari pada {year} (terpanjang berturut-turut {run} hari). "
            f"PP 94/2021 {found.article}: {found.category}. Informasi; keputusan ada pada PPK."
        )
        url = reverse("pay:notices")
        recipients = list(bkpsdm_users)
        supervisor = atasan_users.get(supervisors.get(emp))
        if supervisor is not None:
            recipients.append(supervisor)
        for user in recipients:
            notify(user, kind="tpp_discipline", message=message, url=url)
        count += 1
    return count


def review_line(*, actor: User, pk: int, note: str = "") -> RecapLine:
    """The atasan confirms they reviewed a subordinate's line (BKPSDM for ASN without atasan)."""
    access.require_writer(actor)
    line = RecapLine.objects.select_related("recap", "employee").filter(pk=pk).first()
    if line is None or not access.can_view_employee(actor, line.employee_id):
        raise RecapLine.DoesNotExist
    scope = access.scope_for(actor)
    allowed = access.is_supervisor_of(actor, line.employee_id) or (
        scope.city_writer and line.employee.supervisor_id is None
    )
    access.require(allowed, "Baris ini ditinjau oleh atasan pegawai.")

    def check(row: RecapLine) -> None:
        if MonthRecap.objects.filter(pk=row.recap_id, status=RecapStatus.FINAL).exists():
            raise ValidationError({"status": "Bulan ini sudah final."})

    return decide(
        actor=actor,
        model=RecapLine,
        pk=pk,
        pending=[LineStatus.PENDING],
        to_status=LineStatus.REVIEWED,
        action="tpp.line_reviewed",
        note=note,
        check=check,
        snapshot_fields=["status", "percent", "decided_at", "decision_note"],
        already_message="Baris ini sudah ditinjau.",
    )


def finalise_month(*, actor: User, pk: int, note: str = "") -> MonthRecap:
    """BKPSDM makes the month final once every atasan reviewed; ASN without an atasan are
    reviewed by BKPSDM in the same step. A final month never changes."""
    _require_bkpsdm(actor, "Rekap TPP difinalkan oleh BKPSDM.")

    def check(row: MonthRecap) -> None:
        waiting = row.lines.filter(
            status=LineStatus.PENDING, employee__supervisor__isnull=False
        ).count()
        if waiting:
            raise ValidationError(
                {"status": f"{waiting} baris belum ditinjau atasan; bulan belum dapat difinalkan."}
            )
        undecided = selectors.pending_check_in_reviews(row.year, row.month)
        if undecided:
            raise ValidationError(
                {
                    "status": f"{undecided} presensi yang ditandai pada bulan ini belum "
                    "diterima atau ditolak atasan (Presensi → Persetujuan); bulan belum dapat "
                    "difinalkan."
                }
            )

    def effects(row: MonthRecap) -> dict:
        done = row.lines.filter(status=LineStatus.PENDING).update(
            status=LineStatus.REVIEWED,
            decided_by=actor,
            decided_at=row.decided_at,
            decision_note="Ditinjau BKPSDM (pegawai tanpa atasan)",
        )
        return {"reviewed_by_bkpsdm": done}

    return decide(
        actor=actor,
        model=MonthRecap,
        pk=pk,
        pending=[RecapStatus.DRAFT],
        to_status=RecapStatus.FINAL,
        action="tpp.month_final",
        note=note,
        check=check,
        effects=effects,
        already_message="Bulan ini sudah final.",
    )
