"""Synthetic e-Activity data for the demo city (clearly labelled: ``is_synthetic=True``).

SKP targets and daily reports of a deterministic sample of ASN for the pilot months and the
recent weeks up to yesterday, with missing, late, returned and rejected days. The WFH output
effect it assumes is an assumption of the synthetic data; see docs/architecture.md, "Demo data".
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from hibrida.audit.log import record_event
from hibrida.demo import parallel
from hibrida.org.models import Employee, User
from hibrida.policy.calendar import working_days
from hibrida.presence.models import CheckIn
from hibrida.roster.modes import WorkMode
from hibrida.roster.selectors import planned_modes

from .models import (
    ActionPlan,
    Activity,
    DailyReport,
    EventKind,
    ReportEvent,
    ReportStatus,
    SkpTarget,
)

SAMPLE = 1000  # as presence: the longer history costs what 1,500 over the pilot did
FAST_SAMPLE = 60
BATCH = 2000
WFH_EFFECT = 1.05

# (title, indicator, unit, yearly quantity range, activity description, output)
TARGET_TEMPLATES = [
    (
        "Dokumen kerja bidang tersusun tepat waktu",
        "Jumlah dokumen tersusun",
        "dokumen",
        (180, 260),
        "Menyusun dan merevisi dokumen kerja",
        "Dokumen",
    ),
    (
        "Layanan dan koordinasi terlaksana",
        "Jumlah kegiatan layanan/koordinasi",
        "kegiatan",
        (600, 1200),
        "Melayani permintaan dan rapat koordinasi",
        "Kegiatan terlaksana",
    ),
    (
        "Data dan berkas terverifikasi",
        "Jumlah berkas diverifikasi",
        "berkas",
        (1500, 3000),
        "Memverifikasi dan memutakhirkan data/berkas",
        "Berkas terverifikasi",
    ),
]
RETURN_COMMENTS = [
    "Lampirkan bukti hasil kerja.",
    "Uraian terlalu umum; sebutkan dokumen yang dikerjakan.",
    "Kuantitas tidak sesuai dengan bukti.",
]
REJECT_REASONS = [
    "Kegiatan bukan bagian dari tugas jabatan.",
    "Laporan ganda untuk hari yang sama.",
]


def _months(ctx) -> list[tuple[dt.date, dt.date]]:
    """(first, last) history day per month of ``DemoContext.history_ranges``, in order."""
    out = []
    for lo, hi in ctx.history_ranges():
        start = lo
        while start <= hi:
            month_end = (start.replace(day=28) + dt.timedelta(days=4)).replace(
                day=1
            ) - dt.timedelta(days=1)
            out.append((start, min(month_end, hi)))
            start = month_end + dt.timedelta(days=1)
    return out


def _sample(ctx, rng: random.Random) -> list[Employee]:
    accounts = {u.username: u for u in User.objects.filter(username__in=["asn", "atasan"])}
    core: set[int] = set()
    if "atasan" in accounts and accounts["atasan"].employee_id:
        core.add(accounts["atasan"].employee_id)
        core |= set(
            Employee.objects.filter(supervisor_id=accounts["atasan"].employee_id).values_list(
                "id", flat=True
            )
        )
    if "asn" in accounts and accounts["asn"].employee_id:
        core.add(accounts["asn"].employee_id)
    pool = list(
        Employee.objects.filter(is_active=True, supervisor__isnull=False)
        .exclude(id__in=core)
        .order_by("id")
        .values_list("id", flat=True)
    )
    size = FAST_SAMPLE if ctx.fast else SAMPLE
    months = _months(ctx)
    # Prefer the employees presence gave check-ins to, so reports carry real attendance;
    # reports stop at yesterday, and today the whole city has checked in.
    # No lower bound: the demo loads into an empty database, and with one SQLite scans the
    # (employee, day) index alone instead of fetching every row of the range (1-2 s).
    last = min(months[-1][1], ctx.today - dt.timedelta(days=1))
    attended = set(
        CheckIn.objects.filter(work_date__lte=last).values_list("employee_id", flat=True).distinct()
    )
    first = [i for i in pool if i in attended]
    rest = [i for i in pool if i not in attended]
    want = max(0, size - len(core))
    chosen = core | set(rng.sample(first, min(len(first), want)))
    chosen |= set(rng.sample(rest, min(len(rest), size - len(chosen))))
    return list(Employee.objects.filter(id__in=chosen).select_related("position").order_by("id"))


def _synthetic_mode(employee: Employee, day: dt.date, month: dt.date, rng) -> str:
    """The pilot plan when the roster has none: Oct WFO, Nov Thursdays WFH, Dec 50:50."""
    if employee.position.field_work and rng.random() < 0.3:
        return WorkMode.FIELD
    if employee.position.requires_presence:
        return WorkMode.WFO
    if month == dt.date(2025, 10, 1):
        return WorkMode.WFO
    if month == dt.date(2025, 11, 1):
        return WorkMode.WFH if day.weekday() == 3 else WorkMode.WFO
    if month == dt.date(2025, 12, 1):
        return WorkMode.WFH if (day.toordinal() + employee.pk) % 2 else WorkMode.WFO
    return WorkMode.WFH if day.weekday() == (employee.pk % 5) else WorkMode.WFO


def _targets(employees, years, rng) -> dict[tuple[int, int], list[SkpTarget]]:
    objs = []
    for e in employees:
        for year in years:
            for title, indicator, unit, (lo, hi), _, _ in TARGET_TEMPLATES:
                objs.append(
                    SkpTarget(
                        employee=e,
                        year=year,
                        title=title,
                        indicator=indicator,
                        unit=unit,
                        target_quantity=Decimal(rng.randrange(lo, hi, 12)),
                    )
                )
    SkpTarget.objects.bulk_create(objs, batch_size=BATCH)
    by_key: dict[tuple[int, int], list[SkpTarget]] = {}
    for t in objs:
        by_key.setdefault((t.employee_id, t.year), []).append(t)
    # Cascading: link to the atasan's result of the same kind when the atasan is sampled.
    linked = []
    for e in employees:
        for year in years:
            parents = by_key.get((e.supervisor_id, year))
            if parents:
                for child, parent in zip(by_key[(e.pk, year)], parents, strict=True):
                    child.parent = parent
                    linked.append(child)
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {qn(SkpTarget._meta.db_table)} SET {qn('parent_id')} = %s "
            f"WHERE {qn('id')} = %s",
            [(t.parent_id, t.pk) for t in linked],
        )
    return by_key


def _insert(model, fields: list[str], rows: list[tuple]) -> None:
    """Plain INSERTs through the DB-API (executemany): ~10× faster than bulk_create here.

    Values must already be adapted (see ``_adapt``); every NOT NULL column must be given."""
    qn = connection.ops.quote_name
    cols = ", ".join(qn(model._meta.get_field(f).column) for f in fields)
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({cols}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        for lo in range(0, len(rows), BATCH * 5):
            cursor.executemany(sql, rows[lo : lo + BATCH * 5])


# The generator works in naive UTC (Asia/Jakarta is UTC+7 all year, no DST) so that 570k
# timestamps cost a subtraction each, not a time-zone conversion.
WIB = dt.timedelta(hours=7)


def _adapters() -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """(datetime, date) converters to what the backend stores, the backend looked up once (the
    ``connection`` proxy costs more than the conversion, over 400,000 values): a naive-UTC
    datetime becomes text on SQLite and aware on PostgreSQL; a date ISO text on SQLite."""
    if connection.vendor == "sqlite":
        return (
            lambda value: None if value is None else str(value),
            lambda value: None if value is None else value.isoformat(),
        )
    return (
        lambda value: None if value is None else value.replace(tzinfo=dt.UTC),
        lambda value: value,
    )


def _json(value):
    field = DailyReport._meta.get_field("attendance")
    return None if value is None else field.get_db_prep_save(value, connection)


REPORT_COLUMNS = [
    "employee",
    "day",
    "status",
    "work_mode",
    "attendance",
    "note",
    "submitted_at",
    "is_late",
    "validator",
    "validation_due",
    "escalation_level",
    "decided_at",
    "decided_by",
    "decision_note",
    "is_synthetic",
    "created_at",
    "updated_at",
]
ACTIVITY_COLUMNS = [
    "report",
    "description",
    "target",
    "output",
    "quantity",
    "unit",
    "minutes",
    "evidence_path",
    "evidence_name",
    "evidence_type",
    "evidence_size",
    "evidence_link",
]
EVENT_COLUMNS = ["report", "at", "actor", "actor_label", "kind", "comment"]


# Linear demo-data builder: one block per kind of record, read top to bottom.
def seed(ctx) -> dict:  # noqa: C901, PLR0915
    """Create the synthetic SKP targets and daily reports; returns counts."""
    started = time.perf_counter()
    rng = random.Random(ctx.seed * 31 + 5)
    employees = _sample(ctx, rng)
    if not employees:
        return {"skipped": "no employees"}
    ids = [e.pk for e in employees]
    users = dict(User.objects.filter(employee_id__isnull=False).values_list("employee_id", "id"))
    asn_id = User.objects.filter(username="asn").values_list("employee_id", flat=True).first()
    months = _months(ctx)
    years = sorted({m.year for m, _ in months})
    counts: dict[str, float] = {
        "employees": len(employees),
        "reports": 0,
        "activities": 0,
        "targets": 0,
    }
    with transaction.atomic():
        targets = _targets(employees, years, rng)
        counts["targets"] = sum(len(v) for v in targets.values())
        if asn_id:
            plans = []
            for start in sorted({s.replace(day=1) for s, _ in months}):
                for t in targets[(asn_id, start.year)]:
                    plans.append(
                        ActionPlan(
                            target=t,
                            month=start.month,
                            description=f"{t.title} ({start:%m/%Y})",
                            planned_quantity=(t.target_quantity / 12).quantize(Decimal("1")),
                        )
                    )
            ActionPlan.objects.bulk_create(plans)
        job = _Job(
            seed=ctx.seed,
            today=ctx.today,
            employees=employees,
            months=[
                (start, end, working_days(start, end), _month_working_days(start))
                for start, end in months
            ],
            planned={(start, end): planned_modes(ids, start, end) for start, end in months},
            targets=targets,
            users=users,
            parts=parallel.workers(),
        )
        reports = [r for part in parallel.map_parts(_part, job, job.parts) for r in part]
        if asn_id:
            _shape_demo_asn(asn_id, reports, ctx.today, users)
            _overdue_example(asn_id, reports, ctx.today)
        _ts, _day = _adapters()
        now = _ts(timezone.now().astimezone(dt.UTC).replace(tzinfo=None))
        _insert(
            DailyReport,
            REPORT_COLUMNS,
            [
                (
                    r["employee"],
                    _day(r["day"]),
                    r["status"],
                    r["work_mode"],
                    _json(r["attendance"]),
                    "",
                    _ts(r["submitted_at"]),
                    r["is_late"],
                    r["validator"],
                    _day(r["validation_due"]),
                    0,
                    _ts(r["decided_at"]),
                    r["decided_by"],
                    r["decision_note"],
                    True,
                    now,
                    now,
                )
                for r in reports
            ],
        )
        # Read back raw: the ORM's per-row machinery cost more than the query.
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {qn('id')}, {qn('employee_id')}, {qn('day')}"
                f" FROM {qn(DailyReport._meta.db_table)} WHERE {qn('is_synthetic')}"
            )
            report_ids = {(emp, day): pk for pk, emp, day in cursor.fetchall()}
        activities, events = [], []
        current_month = ctx.today.replace(day=1)
        atasan_id = (
            User.objects.filter(username="atasan").values_list("employee_id", flat=True).first()
        )
        team = {
            e.pk
            for e in employees
            if e.pk in (asn_id, atasan_id) or (atasan_id and e.supervisor_id == atasan_id)
        }
        for r in reports:
            pk = report_ids[(r["employee"], r["day"])]
            for a in r["activities"]:
                activities.append((pk, *a))
            # Older approved synthetic days keep no trail rows (a third of the seed's time);
            # the current month, the demo team and every returned/rejected report keep theirs.
            if (
                r["day"] >= current_month
                or r["employee"] in team
                or r["status"] in (ReportStatus.RETURNED, ReportStatus.REJECTED)
            ):
                for kind, at, actor, label, comment in r["events"]:
                    events.append((pk, _ts(at), actor, label, kind, comment))
        _insert(Activity, ACTIVITY_COLUMNS, activities)
        _insert(ReportEvent, EVENT_COLUMNS, events)
        counts["reports"], counts["activities"] = len(reports), len(activities)
        counts["seconds"] = round(time.perf_counter() - started, 1)
        record_event(
            actor=None,
            action="demo.activity_seeded",
            object_type="demo",
            object_id=str(ctx.seed),
            after={**counts, "synthetic": True},
        )
    return counts


def _month_working_days(start: dt.date) -> int:
    first = start.replace(day=1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return len(working_days(first, last))


@dataclass
class _Job:
    """What every part of the report generation reads (inherited by forked workers)."""

    seed: int
    today: dt.date
    employees: list[Employee]  # with their position
    # (first, last history day, its working days, working days of the whole month)
    months: list[tuple[dt.date, dt.date, list[dt.date], int]]
    planned: dict[tuple[dt.date, dt.date], dict]  # planned_modes of each month slice
    targets: dict[tuple[int, int], list[SkpTarget]]
    users: dict[int, int]  # employee id -> user id
    parts: int


def _part(job: _Job, index: int) -> list[dict]:
    """The reports of one slice of the sample, up to yesterday.

    Each employee draws from a generator of their own (seed and employee id), so the reports
    do not depend on how the sample is cut into parts nor on which worker computes them."""
    reports: list[dict] = []
    for e in parallel.split(job.employees, job.parts)[index]:
        rng = random.Random(f"{job.seed}:activity:{e.pk}")
        productivity = max(0.5, rng.gauss(0.97, 0.12))
        wfh_effect = max(0.7, rng.gauss(WFH_EFFECT, 0.08))
        for start, end, days, month_wd in job.months:
            planned = job.planned[(start, end)]
            recent = set(days[-3:]) if end >= job.today - dt.timedelta(days=1) else set()
            year_targets = job.targets[(e.pk, start.year)]
            for day in days:
                if day >= job.today:
                    continue  # today's report is the demo's first thing to write
                mode = planned.get((e.pk, day)) or _synthetic_mode(
                    e, day, start.replace(day=1), rng
                )
                if mode == WorkMode.LEAVE or rng.random() < 0.04:  # on leave, or missing
                    continue
                report = _make_report(
                    e,
                    day,
                    mode,
                    day in recent,
                    year_targets,
                    month_wd,
                    productivity * (wfh_effect if mode == WorkMode.WFH else 1.0),
                    job.users,
                    rng,
                )
                # Not copied for 115k synthetic days (costly); pages read it live.
                report["attendance"] = None
                reports.append(report)
    return reports


def _make_report(e, day, mode, recent, year_targets, month_wd, factor, users, rng) -> dict:
    submitted = (
        dt.datetime.combine(day, dt.time(16, 0)) - WIB + dt.timedelta(minutes=rng.randrange(0, 420))
    )
    late = rng.random() < 0.07
    if late:
        submitted = (
            dt.datetime.combine(day + dt.timedelta(days=1), dt.time(7, 0))
            - WIB
            + (dt.timedelta(minutes=rng.randrange(0, 300)))
        )
    roll = rng.random()
    if recent:
        status = (
            ReportStatus.DRAFT
            if roll < 0.15
            else ReportStatus.SUBMITTED
            if roll < 0.8
            else ReportStatus.APPROVED
        )
    else:
        status = (
            ReportStatus.RETURNED
            if roll < 0.03
            else ReportStatus.REJECTED
            if roll < 0.045
            else ReportStatus.APPROVED
        )
    draft = status == ReportStatus.DRAFT
    validator_user = users.get(e.supervisor_id)
    report = {
        "employee": e.pk,
        "supervisor": e.supervisor_id,
        "day": day,
        "status": str(status),
        "work_mode": mode
        if mode in (WorkMode.WFO, WorkMode.WFH, WorkMode.FIELD, WorkMode.DUTY)
        else WorkMode.WFO,
        "is_late": late and not draft,
        "submitted_at": None if draft else submitted,
        "validator": None if draft else e.supervisor_id,
        "validation_due": None if draft else synthetic_due(day),
        "decided_at": None,
        "decided_by": None,
        "decision_note": "",
    }
    events = [
        (str(EventKind.CREATED), submitted - dt.timedelta(hours=1), users.get(e.pk), e.name, "")
    ]
    if not draft:
        events.append(
            (
                str(EventKind.SUBMITTED),
                submitted,
                users.get(e.pk),
                e.name,
                "terlambat" if report["is_late"] else "",
            )
        )
    if status in (ReportStatus.APPROVED, ReportStatus.RETURNED, ReportStatus.REJECTED):
        decided = submitted + dt.timedelta(hours=rng.randrange(2, 60))
        comment = ""
        if status == ReportStatus.RETURNED:
            comment = rng.choice(RETURN_COMMENTS)
        elif status == ReportStatus.REJECTED:
            comment = rng.choice(REJECT_REASONS)
        report.update(decided_at=decided, decided_by=validator_user, decision_note=comment)
        events.append((str(status), decided, validator_user, "atasan langsung", comment))
    chosen = rng.sample(range(len(year_targets)), rng.choice((1, 2, 2, 3)))
    acts = []
    minutes_left = rng.randrange(330, 450)
    for n, i in enumerate(chosen):
        t = year_targets[i]
        target_id, target_quantity = t.pk, float(t.target_quantity)
        _, _, unit, _, description, output = TARGET_TEMPLATES[i]
        expected = target_quantity / 12 / max(month_wd, 1)
        qty = max(
            1, round(expected * len(year_targets) / len(chosen) * factor * rng.uniform(0.75, 1.25))
        )
        minutes = minutes_left // (len(chosen) - n)
        minutes_left -= minutes
        link = (
            f"https://arsip.bekasikota.go.id/sintetis/{e.pk}/{day:%Y%m%d}/{n + 1}"
            if rng.random() < 0.6
            else ""
        )
        acts.append(
            (
                f"{description} ({mode})",
                target_id,
                output,
                qty,
                unit,
                minutes,
                "",
                "",
                "",
                0,
                link,
            )
        )
    report["activities"], report["events"] = acts, events
    return report


def synthetic_due(day: dt.date) -> dt.date:
    # Three weekdays later: close enough for synthetic history, no calendar query per report.
    due, left = day, 3
    while left:
        due += dt.timedelta(days=1)
        if due.weekday() < 5:
            left -= 1
    return due


def _shape_demo_asn(asn_id, reports, today, users) -> None:
    """The demo "asn": the last report returned with a comment, the one before pending."""
    mine = sorted((r for r in reports if r["employee"] == asn_id), key=lambda r: r["day"])
    if len(mine) < 2:
        return
    last, before = mine[-1], mine[-2]
    for r in (last, before):
        r["submitted_at"] = dt.datetime.combine(r["day"], dt.time(16, 30)) - WIB
        r["validator"], r["is_late"] = r["supervisor"], False
        r["validation_due"] = synthetic_due(today)
        r["events"] = [("submitted", r["submitted_at"], users.get(asn_id), "ASN", "")]
    last["status"], last["decision_note"] = str(ReportStatus.RETURNED), RETURN_COMMENTS[1]
    last["decided_at"] = last["submitted_at"] + dt.timedelta(hours=14)
    last["decided_by"] = users.get(last["validator"])
    last["events"].append(
        (
            "returned",
            last["decided_at"],
            last["decided_by"],
            "atasan langsung",
            RETURN_COMMENTS[1],
        )
    )
    before["status"], before["decided_at"], before["decided_by"] = "submitted", None, None
    before["decision_note"] = ""


def _overdue_example(asn_id, reports, today) -> None:
    """One report of the demo atasan's team left unvalidated past its 3-working-day deadline,
    so the inbox shows an overdue item and ``escalate_overdue`` has something to move."""
    supervisor = next((r["supervisor"] for r in reports if r["employee"] == asn_id), None)
    cutoff = today - dt.timedelta(days=6)
    candidates = [
        r
        for r in reports
        if r["supervisor"] == supervisor
        and r["employee"] != asn_id
        and today - dt.timedelta(days=40) <= r["day"] <= cutoff
    ]
    if not candidates:
        return
    r = max(candidates, key=lambda x: x["day"])
    r.update(
        status=str(ReportStatus.SUBMITTED),
        validator=supervisor,
        decided_at=None,
        decided_by=None,
        decision_note="",
        validation_due=synthetic_due(r["day"]),
    )
    r["events"] = [ev for ev in r["events"] if ev[0] == "submitted"]
