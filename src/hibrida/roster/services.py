"""Writes to schedules: generate, publish, discard, leave/duty entries, change requests.

One function per use case, each in one transaction with one audit event.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from hibrida import sql
from hibrida.audit import decisions
from hibrida.audit.log import record_event, snapshot
from hibrida.org import access
from hibrida.org.models import Employee, Opd, Unit, User
from hibrida.policy.calendar import working_days
from hibrida.policy.engine import PolicyBook, bulk_eligibility
from hibrida.policy.rules import WEEKDAY_LABELS, WEEKDAYS, EffectivePolicy, weekday_code

from . import fairness
from .models import (
    Absence,
    AbsenceKind,
    ChangeRequest,
    DayOverride,
    RequestKind,
    RequestStatus,
    Schedule,
    ScheduleRow,
    ScheduleStatus,
    WfhPreference,
)
from .modes import WorkMode
from .planning import (
    build_plan,
    coverage_pools,
    encode_modes,
    fairness_rows,
    merged_modes,
    new_version,
    parse_month,
)
from .problem import ProblemError, onsite_requirement, parse_problem
from .problem import Unit as ProblemUnit

# The size of Absence.note and ChangeRequest.reason.
TEXT_MAX_CHARS = 300

MONTHS_ID = [
    "",
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def tanggal(day: dt.date) -> str:
    """ "Kamis, 11 Desember 2025"."""
    names = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
    return f"{names[day.weekday()]}, {day.day} {MONTHS_ID[day.month]} {day.year}"


def _solve(problems: list[dict], time_limit_s: float) -> dict:
    from .solver import solve

    merged: dict[str, Any] = {
        "status": "OPTIMAL",
        "assignments": {},
        "max_shortfall": 0,
        "total_shortfall": 0,
        "solve_seconds": 0.0,
        "explanations": {},
    }
    for problem in problems:
        try:
            result = solve(problem, time_limit_s=time_limit_s)
        except ProblemError as err:
            raise ValidationError({"problem": f"{err.field}: {err.message}"}) from err
        merged["assignments"].update(result["assignments"])
        merged["explanations"].update(result.get("explanations") or {})
        merged["max_shortfall"] = max(merged["max_shortfall"], result["max_shortfall"])
        merged["total_shortfall"] += result["total_shortfall"]
        merged["solve_seconds"] += result.get("solve_seconds", 0.0)
        if result["status"] != "OPTIMAL":
            merged["status"] = result["status"]
    return merged


def generate_draft(
    *,
    actor: User,
    month: str | dt.date,
    opd: Opd | None = None,
    time_limit_s: float = 20.0,
    key: str = "",
) -> list[Schedule]:
    """Plan ``month`` for one OPD (or, for BKPSDM, the whole city) and store draft versions.

    Staff, policy, eligibility, leave and duty are read now; the published version of the month
    (if any) is passed to the solver so a re-plan changes as little as possible. A ``key`` makes
    the call idempotent: a task redelivered after its commit (acks_late) returns the drafts
    it already stored instead of adding a second set.
    """
    access.require_writer(actor)
    if key and (done := list(Schedule.objects.filter(generation_key=key).order_by("pk"))):
        return done
    month = parse_month(month)
    if opd is None:
        access.require(
            access.scope_for(actor).city_writer,
            "Hanya BKPSDM yang dapat merencanakan seluruh kota.",
        )
        opd_ids = list(Opd.objects.filter(is_active=True).values_list("pk", flat=True))
    else:
        access.require(access.can_manage_opd(actor, opd), "Anda tidak mengelola OPD ini.")
        opd_ids = [opd.pk]
    plan = build_plan(opd_ids, month)
    solution = _solve(plan.problems, time_limit_s)
    modes = merged_modes(plan, solution["assignments"])
    by_opd: dict[int, list[int]] = {}
    for emp_id, person in plan.people.items():
        by_opd.setdefault(person.employee.opd_id, []).append(emp_id)
    day_iso = [d.isoformat() for d in plan.days]
    schedules = []
    with transaction.atomic():
        # Two admins generating the same month at once must not pick the same version number.
        list(Opd.objects.select_for_update().filter(pk__in=by_opd).order_by("pk"))
        if key and (done := list(Schedule.objects.filter(generation_key=key).order_by("pk"))):
            return done
        for opd_id, emp_ids in sorted(by_opd.items()):
            people = {i: plan.people[i] for i in emp_ids}
            sub_plan = type(plan)(month, plan.days, people, [], plan.phase, plan.pattern)
            rows = fairness_rows(sub_plan, modes)
            shortfalls = [
                max(0, p.target - sum(1 for m in modes[i].values() if m == WorkMode.WFH))
                for i, p in people.items()
                if p.eligibility.eligible
            ]
            schedule = Schedule.objects.create(
                opd_id=opd_id,
                month=month,
                version=new_version(opd_id, month),
                phase=plan.phase,
                pattern=plan.pattern,
                solver_status=solution["status"],
                max_shortfall=max(shortfalls, default=0),
                total_shortfall=sum(shortfalls),
                solve_seconds=round(solution["solve_seconds"], 3),
                days=day_iso,
                report={
                    **fairness.fairness_report(rows, day_iso),
                    # Why someone eligible got fewer WFH days than their target (the solver's).
                    "shortfall_reasons": {
                        str(i): solution["explanations"][str(i)].split(": ", 1)[-1]
                        for i, p in people.items()
                        if p.eligibility.eligible and str(i) in solution["explanations"]
                    },
                },
                created_by=actor,
                generation_key=key,
            )
            # A city month is ~12,000 rows: model instances cost more than the insert.
            sql.insert_rows(
                ScheduleRow,
                [
                    {
                        "schedule_id": schedule.pk,
                        "employee_id": i,
                        "unit_id": p.employee.unit_id,
                        "modes": encode_modes(month, modes[i]),
                        "eligible": p.eligibility.eligible,
                        "reason": p.eligibility.primary_reason[:300],
                        "wfh_target": p.target,
                        "wfh_days": sum(1 for m in modes[i].values() if m == WorkMode.WFH),
                        "carry_shortfall": p.carry,
                    }
                    for i, p in people.items()
                ],
            )
            schedules.append(schedule)
        record_event(
            actor=actor,
            action="schedule.draft_generated",
            obj=schedules[0] if len(schedules) == 1 else None,
            object_type="roster.schedule",
            object_id=schedules[0].pk
            if len(schedules) == 1
            else f"{month:%Y-%m} ({len(schedules)} OPD)",
            after={
                "month": month.isoformat(),
                "schedules": [s.pk for s in schedules],
                "employees": len(plan.people),
                "status": solution["status"],
                "max_shortfall": solution["max_shortfall"],
                "total_shortfall": solution["total_shortfall"],
            },
        )
    return schedules


def publish_schedules(*, actor: User, schedules: list[Schedule]) -> list[Schedule]:
    """Publish draft versions; the version they replace becomes "superseded", never edited."""
    access.require_writer(actor)
    if not schedules:
        raise ValidationError({"schedule": "Tidak ada draf untuk diterbitkan."})
    for s in schedules:
        access.require(access.can_manage_opd(actor, s.opd_id), "Anda tidak mengelola OPD ini.")
    now = timezone.now()
    with transaction.atomic():
        locked = list(Schedule.objects.select_for_update().filter(pk__in=[s.pk for s in schedules]))
        for s in locked:
            if s.status != ScheduleStatus.DRAFT:
                raise ValidationError(
                    {
                        "schedule": f"Jadwal {s} berstatus {s.get_status_display()}; "
                        "hanya draf yang dapat diterbitkan."
                    }
                )
        superseded = []
        for s in locked:
            old = Schedule.objects.filter(
                opd_id=s.opd_id, month=s.month, status=ScheduleStatus.PUBLISHED
            ).exclude(pk=s.pk)
            superseded += list(old.values_list("pk", flat=True))
            old.update(status=ScheduleStatus.SUPERSEDED)
            s.status = ScheduleStatus.PUBLISHED
            s.published_by = actor
            s.published_at = now
            s.save(update_fields=["status", "published_by", "published_at"])
        record_event(
            actor=actor,
            action="schedule.published",
            obj=locked[0] if len(locked) == 1 else None,
            object_type="roster.schedule",
            object_id=locked[0].pk
            if len(locked) == 1
            else f"{locked[0].month:%Y-%m} ({len(locked)} OPD)",
            after={
                "published": [s.pk for s in locked],
                "superseded": superseded,
                "versions": {str(s.pk): s.version for s in locked},
            },
        )
    return locked


def publish_schedule(*, actor: User, schedule: Schedule) -> Schedule:
    """Publish one draft version."""
    return publish_schedules(actor=actor, schedules=[schedule])[0]


def discard_draft(*, actor: User, schedule: Schedule) -> Schedule:
    """Set a draft aside; published versions cannot be discarded."""
    access.require_writer(actor)
    access.require(access.can_manage_opd(actor, schedule.opd_id), "Anda tidak mengelola OPD ini.")
    with transaction.atomic():
        schedule = Schedule.objects.select_for_update().get(pk=schedule.pk)
        if schedule.status != ScheduleStatus.DRAFT:
            raise ValidationError({"schedule": "Hanya draf yang dapat dibuang."})
        schedule.status = ScheduleStatus.DISCARDED
        schedule.save(update_fields=["status"])
        record_event(
            actor=actor, action="schedule.discarded", obj=schedule, after={"status": "discarded"}
        )
    return schedule


# --- leave and dinas luar -------------------------------------------------------------------


def record_absence(
    *, actor: User, employee: Employee, kind: str, start: dt.date, end: dt.date, note: str = ""
) -> Absence:
    """Record leave or dinas luar; it overlays published schedules at once (LEAVE / DUTY)."""
    access.require_writer(actor)
    access.require(
        access.can_manage_employee(actor, employee) or access.is_supervisor_of(actor, employee),
        "Cuti dan dinas luar dicatat oleh atasan atau admin OPD.",
    )
    errors = {}
    if kind not in AbsenceKind.values:
        errors["kind"] = "Jenis harus cuti atau dinas_luar."
    if start is None:
        errors["start"] = "Tanggal mulai wajib diisi."
    if end is None:
        errors["end"] = "Tanggal selesai wajib diisi."
    if start and end and end < start:
        errors["end"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    if start and end and (end - start).days > 90:
        errors["end"] = "Satu catatan paling lama 90 hari."
    note = (note or "").strip()
    if message := decisions.text_error(note, max_chars=TEXT_MAX_CHARS):
        errors["note"] = message
    if errors:
        raise ValidationError(errors)
    days = working_days(start, end)
    if not days:
        raise ValidationError({"start": "Rentang ini tidak memuat hari kerja."})
    mode = WorkMode.LEAVE if kind == AbsenceKind.LEAVE else WorkMode.DUTY
    with transaction.atomic():
        absence = Absence.objects.create(
            employee=employee,
            kind=kind,
            start=start,
            end=end,
            note=note,
            created_by=actor,
        )
        DayOverride.objects.bulk_create(
            [DayOverride(employee=employee, day=d, mode=mode, absence=absence) for d in days]
        )
        record_event(
            actor=actor,
            action="absence.recorded",
            obj=absence,
            after={**snapshot(absence), "working_days": len(days)},
        )
    return absence


# --- change requests ------------------------------------------------------------------------


def _coverage_pool(employee: Employee) -> tuple[Unit, list[Employee]]:
    """The unit whose coverage the employee counts in (see planning.coverage_pools) and its
    active members."""
    sizes = dict(
        Employee.objects.filter(opd_id=employee.opd_id, is_active=True)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    parents = dict(Unit.objects.filter(opd_id=employee.opd_id).values_list("id", "parent_id"))
    pools = coverage_pools(sizes, parents)
    pool_id = pools.get(employee.unit_id, employee.unit_id)
    units = [u for u, p in pools.items() if p == pool_id]
    members = list(Employee.objects.filter(unit_id__in=units, is_active=True))
    return Unit.objects.get(pk=pool_id), members


# {(employee id, day): mode} a change request would apply.
Changes = dict[tuple[int, dt.date], str]


def check_change(changes: dict[tuple[int, dt.date], str], *, today: dt.date) -> list[str]:
    """Reasons (Indonesian) why applying ``changes`` {(employee, day): mode} would break the
    rules of the published schedule; empty when it may be done."""
    from .selectors import planned_modes

    days = sorted({d for _, d in changes})
    emp_ids = sorted({e for e, _ in changes})
    employees = {
        e.pk: e
        for e in Employee.objects.filter(pk__in=emp_ids).select_related("opd", "unit", "position")
    }
    current = planned_modes(emp_ids, min(days), max(days))
    reasons = _calendar_reasons(changes, days, employees, current, today)
    if reasons:
        return reasons
    book = PolicyBook.load()
    reasons = _coverage_reasons(changes, days, employees, book)
    reasons += _wfh_rule_reasons(changes, days, employees, book)
    return list(dict.fromkeys(reasons))


def _calendar_reasons(
    changes: Changes,
    days: list[dt.date],
    employees: dict[int, Employee],
    current: dict[tuple[int, dt.date], str],
    today: dt.date,
) -> list[str]:
    # Days in the past, off days and days without a published plan are refused before the
    # coverage rules, whose figures would mean nothing for them.
    reasons: list[str] = []
    for d in days:
        if d < today:
            reasons.append(f"{tanggal(d)} sudah lewat.")
        if not working_days(d, d):
            reasons.append(f"{tanggal(d)} bukan hari kerja.")
    for (emp_id, d), _mode in changes.items():
        if (emp_id, d) not in current:
            reasons.append(
                f"Belum ada jadwal terbit untuk {employees[emp_id].name} pada {tanggal(d)}."
            )
    return reasons


def _coverage_reasons(
    changes: Changes, days: list[dt.date], employees: dict[int, Employee], book: PolicyBook
) -> list[str]:
    """The on-site minimum and the WFH share of every coverage pool the changes touch."""
    from .selectors import planned_modes

    reasons: list[str] = []
    pools: dict[int, tuple[Unit, list[Employee], Employee]] = {}
    for e in employees.values():
        pool, members = _coverage_pool(e)
        pools.setdefault(pool.pk, (pool, members, e))
    for pool, members, sample in pools.values():
        member_ids = {m.pk for m in members}
        after = planned_modes(member_ids, min(days), max(days))
        after.update({k: v for k, v in changes.items() if k[0] in member_ids})
        policy = book.effective(
            opd_class=sample.opd.opd_class,
            opd_id=sample.opd_id,
            unit_id=pool.pk,
            position_id=None,
            day=days[0],
        )
        share = policy.wfh_share if policy.pattern == "rotation" else None
        unit = ProblemUnit(
            id=str(pool.pk),
            min_onsite_share=Fraction(str(policy.min_onsite_share)),
            min_onsite_count=policy.min_onsite_count,
            wfh_share=None if share is None else Fraction(str(share)),
        )
        for d in days:
            day_modes = [m for m in (after.get((m.pk, d)) for m in members) if m]
            not_on_leave = sum(1 for m in day_modes if m != WorkMode.LEAVE)
            available = sum(1 for m in day_modes if m in (WorkMode.WFO, WorkMode.WFH))
            onsite = sum(1 for m in day_modes if m == WorkMode.WFO)
            need = onsite_requirement(unit, not_on_leave, available)
            if onsite < need:
                reasons.append(
                    f"Ditolak: pada {tanggal(d)} unit {pool.name} hanya akan memiliki "
                    f"{onsite} pegawai di kantor, padahal minimal {need} harus hadir."
                )
            wfh = sum(1 for m in day_modes if m == WorkMode.WFH)
            if share is not None and wfh > math.floor(Fraction(str(share)) * not_on_leave):
                reasons.append(
                    f"Ditolak: pada {tanggal(d)} porsi WFH unit {pool.name} akan melebihi "
                    f"{round(share * 100)} %."
                )
    return reasons


def _wfh_rule_reasons(
    changes: Changes, days: list[dt.date], employees: dict[int, Employee], book: PolicyBook
) -> list[str]:
    """Each person moved to WFH: eligibility, the phase's days and the weekly quota."""
    reasons: list[str] = []
    eligibility = bulk_eligibility(list(employees.values()), days[0], book)
    for (emp_id, d), mode in changes.items():
        if mode != WorkMode.WFH:
            continue
        e = employees[emp_id]
        result = eligibility[emp_id]
        if not result.eligible:
            reasons.append(
                f"Ditolak: {e.name} tidak memenuhi syarat WFH ({result.primary_reason})."
            )
            continue
        reasons += _wfh_day_reasons(e, d, book.for_employee(e, d), changes)
    return reasons


def _wfh_day_reasons(
    e: Employee, d: dt.date, policy: EffectivePolicy, changes: Changes
) -> list[str]:
    from .selectors import planned_modes

    reasons: list[str] = []
    code = weekday_code(d)
    if d in policy.blackout_dates:
        reasons.append(f"Ditolak: {tanggal(d)} adalah tanggal tanpa WFH.")
    if code not in policy.allowed_weekdays:
        reasons.append(f"Ditolak: WFH tidak diizinkan pada hari {WEEKDAY_LABELS[code]}.")
    if policy.pattern == "fixed_weekday" and code != policy.fixed_weekday:
        reasons.append(
            f"Ditolak: pada fase ini WFH hanya hari {WEEKDAY_LABELS[policy.fixed_weekday]}."
        )
    cap = (
        max(1, math.ceil(policy.wfh_share * 5))
        if policy.pattern == "rotation"
        else 1
        if policy.pattern == "fixed_weekday"
        else min(policy.wfh_days_per_week, policy.max_wfh_per_week)
    )
    monday = d - dt.timedelta(days=d.weekday())
    week = [monday + dt.timedelta(days=i) for i in range(5)]
    week_modes = planned_modes([e.pk], week[0], week[-1])
    merged = {**week_modes, **{k: v for k, v in changes.items() if k[0] == e.pk}}
    count = sum(1 for w in week if merged.get((e.pk, w)) == WorkMode.WFH)
    if count > cap:
        reasons.append(
            f"Ditolak: kuota WFH {e.name} pada minggu {tanggal(monday)} akan menjadi "
            f"{count} hari, melebihi {cap} hari."
        )
    return reasons


def _request_changes(
    req_kind: str,
    requester: Employee,
    counterpart: Employee | None,
    day: dt.date,
    other_day: dt.date,
) -> dict[tuple[int, dt.date], str]:
    if req_kind == RequestKind.MOVE:
        return {(requester.pk, day): WorkMode.WFO, (requester.pk, other_day): WorkMode.WFH}
    # A swap passed _check_request_shape, which requires the counterpart.
    assert counterpart is not None
    return {
        (requester.pk, day): WorkMode.WFO,
        (counterpart.pk, day): WorkMode.WFH,
        (counterpart.pk, other_day): WorkMode.WFO,
        (requester.pk, other_day): WorkMode.WFH,
    }


def _check_request_shape(
    kind: str,
    requester: Employee,
    counterpart: Employee | None,
    day: dt.date,
    other_day: dt.date,
) -> dict[str, str]:
    from .selectors import planned_modes

    errors: dict[str, str] = {}
    if kind not in RequestKind.values:
        errors["kind"] = "Jenis harus move (pindah hari) atau swap (tukar dengan rekan)."
        return errors
    if day == other_day:
        errors["other_day"] = "Hari baru harus berbeda dari hari semula."
        return errors
    ids = [requester.pk] + ([counterpart.pk] if counterpart else [])
    modes = planned_modes(ids, min(day, other_day), max(day, other_day))
    if modes.get((requester.pk, day)) != WorkMode.WFH:
        errors["day"] = f"Anda tidak dijadwalkan WFH pada {tanggal(day)}."
    if kind == RequestKind.MOVE:
        if modes.get((requester.pk, other_day)) != WorkMode.WFO:
            errors["other_day"] = f"Anda tidak dijadwalkan WFO pada {tanggal(other_day)}."
        return errors
    if counterpart is None:
        errors["counterpart"] = "Pilih rekan untuk bertukar hari."
        return errors
    if counterpart.pk == requester.pk:
        errors["counterpart"] = "Rekan harus pegawai lain."
    elif counterpart.opd_id != requester.opd_id:
        errors["counterpart"] = "Tukar hari hanya dengan rekan satu OPD."
    elif modes.get((counterpart.pk, other_day)) != WorkMode.WFH:
        errors["other_day"] = f"{counterpart.name} tidak dijadwalkan WFH pada {tanggal(other_day)}."
    elif modes.get((counterpart.pk, day)) != WorkMode.WFO:
        errors["day"] = f"{counterpart.name} tidak dijadwalkan WFO pada {tanggal(day)}."
    elif modes.get((requester.pk, other_day)) != WorkMode.WFO:
        errors["other_day"] = f"Anda tidak dijadwalkan WFO pada {tanggal(other_day)}."
    return errors


def request_change(
    *,
    actor: User,
    kind: str,
    day: dt.date,
    other_day: dt.date,
    counterpart: Employee | None = None,
    reason: str = "",
) -> ChangeRequest:
    """An ASN asks to move a WFH day or swap one with a colleague; refused at once with the
    reason when it would break coverage, the weekly quota or the phase's pattern."""
    scope = access.scope_for(actor)
    access.require_writer_for(actor, scope.employee_id)
    employee_id = scope.employee_id
    access.require(employee_id is not None, "Hanya pegawai yang dapat mengajukan perubahan.")
    assert employee_id is not None  # access.require raised otherwise
    requester = Employee.objects.select_related("unit").get(pk=employee_id)
    errors = _check_request_shape(kind, requester, counterpart, day, other_day)
    reason = (reason or "").strip()
    if message := decisions.text_error(reason, max_chars=TEXT_MAX_CHARS):
        errors["reason"] = message
    if errors:
        raise ValidationError(errors)
    changes = _request_changes(kind, requester, counterpart, day, other_day)
    refusals = check_change(changes, today=timezone.localdate())
    if refusals:
        raise ValidationError({"other_day": " ".join(refusals)})
    with transaction.atomic():
        req = ChangeRequest.objects.create(
            kind=kind,
            requester=requester,
            counterpart=counterpart if kind == RequestKind.SWAP else None,
            day=day,
            other_day=other_day,
            reason=reason,
            created_by=actor,
        )
        record_event(actor=actor, action="change_request.created", obj=req, after=snapshot(req))
    return req


def _decide_guard(actor: User, req: ChangeRequest) -> None:
    access.require_writer(actor)
    access.require(
        access.is_supervisor_of(actor, req.requester_id)
        and (req.counterpart_id is None or access.is_supervisor_of(actor, req.counterpart_id)),
        "Permintaan ini diputuskan oleh atasan pegawai yang bersangkutan.",
    )


def answer_swap(
    *, actor: User, request: ChangeRequest, agree: bool, note: str = ""
) -> ChangeRequest:
    """The colleague asked to swap answers: agreeing passes the request to the atasan;
    declining closes it (a swap changes their days too, so nobody swaps without consent)."""
    access.require_writer_for(actor, request.counterpart_id)
    access.require(
        request.counterpart_id is not None
        and access.scope_for(actor).employee_id == request.counterpart_id,
        "Hanya rekan yang diajak bertukar yang dapat menjawab.",
    )
    answered = "Permintaan ini sudah Anda jawab atau sudah diputuskan."

    def not_answered_yet(row: ChangeRequest) -> None:
        if row.counterpart_agreed_at is not None:
            raise decisions.AlreadyDecided(answered)

    if not agree:
        return decisions.decide(
            actor=actor,
            model=ChangeRequest,
            pk=request.pk,
            pending=[RequestStatus.PENDING],
            to_status=RequestStatus.REJECTED,
            action="change_request.partner_declined",
            note=note,
            note_text=lambda text: f"Ditolak oleh rekan: {text}" if text else "Ditolak oleh rekan.",
            already_message=answered,
            check=not_answered_yet,
        )
    # Agreeing is not a decision (the atasan's is still to come): same lock and re-check.
    decisions.clean_note(note)
    with transaction.atomic():
        req = decisions.lock_in_state(
            ChangeRequest, request.pk, allowed=[RequestStatus.PENDING], message=answered
        )
        not_answered_yet(req)
        before = snapshot(req)
        req.counterpart_agreed_at = timezone.now()
        req.save()
        record_event(
            actor=actor,
            action="change_request.partner_agreed",
            obj=req,
            before=before,
            after=snapshot(req),
        )
    return req


def approve_request(*, actor: User, request: ChangeRequest, note: str = "") -> ChangeRequest:
    """The atasan approves: the rules are checked again under the lock (the schedule may have
    moved since) and the change goes into the overlay of the published schedule."""
    _decide_guard(actor, request)
    changes: dict[tuple[int, dt.date], str] = {}

    def still_allowed(req: ChangeRequest) -> None:
        if req.counterpart is not None and req.counterpart_agreed_at is None:
            raise ValidationError(
                {"status": f"{req.counterpart.name} belum menyetujui tukar hari ini."}
            )
        errors = _check_request_shape(
            req.kind, req.requester, req.counterpart, req.day, req.other_day
        )
        changes.update(
            _request_changes(req.kind, req.requester, req.counterpart, req.day, req.other_day)
        )
        refusals = [] if errors else check_change(changes, today=timezone.localdate())
        if errors or refusals:
            raise ValidationError({"status": " ".join(list(errors.values()) + refusals)})

    def apply_overlay(req: ChangeRequest) -> None:
        DayOverride.objects.bulk_create(
            [
                DayOverride(employee_id=e, day=d, mode=m, request=req)
                for (e, d), m in changes.items()
            ]
        )

    return decisions.decide(
        actor=actor,
        model=ChangeRequest,
        pk=request.pk,
        pending=[RequestStatus.PENDING],
        to_status=RequestStatus.APPROVED,
        action="change_request.approved",
        note=note,
        check=still_allowed,
        effects=apply_overlay,
    )


def reject_request(*, actor: User, request: ChangeRequest, note: str) -> ChangeRequest:
    """The atasan refuses, saying why."""
    _decide_guard(actor, request)
    return decisions.decide(
        actor=actor,
        model=ChangeRequest,
        pk=request.pk,
        pending=[RequestStatus.PENDING],
        to_status=RequestStatus.REJECTED,
        action="change_request.rejected",
        note=note,
        note_required="Tuliskan alasan penolakan.",
    )


def withdraw_request(*, actor: User, request: ChangeRequest) -> ChangeRequest:
    """The requester takes back a request nobody has decided yet (audited, row locked)."""
    access.require_writer_for(actor, request.requester_id)
    access.require(
        access.scope_for(actor).employee_id == request.requester_id,
        "Hanya pengaju yang dapat menarik permintaan ini.",
    )
    return decisions.decide(
        actor=actor,
        model=ChangeRequest,
        pk=request.pk,
        pending=[RequestStatus.PENDING],
        to_status=RequestStatus.WITHDRAWN,
        action="change_request.withdrawn",
        note_text=lambda _text: "Ditarik oleh pengaju.",
        already_message="Permintaan ini sudah diputuskan dan tidak dapat ditarik lagi.",
    )


def set_wfh_preference(
    *, actor: User, employee: Employee, prefer_weekdays: list[str], avoid_weekdays: list[str]
) -> WfhPreference:
    """The ASN states which weekdays they would like, or rather not, to work from home."""
    access.require_writer_for(actor, employee.pk)
    access.require(
        access.scope_for(actor).employee_id == employee.pk,
        "Preferensi WFH diisi oleh pegawai yang bersangkutan.",
    )
    errors = {}
    for field, days in (("prefer_weekdays", prefer_weekdays), ("avoid_weekdays", avoid_weekdays)):
        if any(d not in WEEKDAYS for d in days):
            errors[field] = "Hari hanya mon, tue, wed, thu, atau fri."
    if not errors and set(prefer_weekdays) & set(avoid_weekdays):
        errors["avoid_weekdays"] = "Hari yang sama tidak bisa diinginkan sekaligus dihindari."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        pref, _ = WfhPreference.objects.select_for_update().get_or_create(employee=employee)
        before = snapshot(pref)
        pref.prefer_weekdays = [d for d in WEEKDAYS if d in prefer_weekdays]
        pref.avoid_weekdays = [d for d in WEEKDAYS if d in avoid_weekdays]
        pref.save()
        record_event(
            actor=actor,
            action="wfh_preference.set",
            obj=pref,
            before=before,
            after=snapshot(pref),
        )
    return pref


__all__ = [
    "approve_request",
    "discard_draft",
    "generate_draft",
    "parse_problem",
    "publish_schedule",
    "publish_schedules",
    "record_absence",
    "reject_request",
    "request_change",
    "set_wfh_preference",
]
