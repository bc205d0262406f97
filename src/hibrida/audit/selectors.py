"""Reads of audits, findings and the tamper-evidence anchors, scoped by org/access.py.

Audit plans and worksheets: Inspektorat and BKPSDM (city readers). Findings: those two, plus
the admin of the audited OPD for its own findings only. Anchors: Inspektorat, BKPSDM and
Diskominfostandi.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hibrida.org import access
from hibrida.org.access import Role
from hibrida.org.models import Employee, User
from hibrida.presence import joki
from hibrida.presence.models import CheckIn
from hibrida.presence.selectors import day_attendance
from hibrida.roster.selectors import planned_modes

from .anchors import recompute_heads
from .evidence import (
    check_in_points,
    digest,
    non_reporters,
    plan_candidates,
    report_trail,
    score_employee_days,
    spot_checks_of,
)
from .models import AuditPlan, DailyAnchor, Finding, FindingStatus, JokiFinding, SampleItem
from .risk import QUICK_APPROVAL_SECONDS, RUBBER_STAMP_MIN_REPORTS, RUBBER_STAMP_RATE, WEIGHTS
from .sampling import draw_sample
from .verify import verify_stored_chain


def can_read_audits(viewer: User) -> bool:
    return access.scope_for(viewer).has(Role.INSPEKTORAT, Role.BKPSDM)


def can_audit(viewer: User) -> bool:
    return access.scope_for(viewer).has(Role.INSPEKTORAT)


def can_view_log(viewer: User) -> bool:
    return access.scope_for(viewer).has(Role.INSPEKTORAT, Role.BKPSDM, Role.DISKOMINFO)


def plans(viewer: User) -> QuerySet[AuditPlan]:
    if not can_read_audits(viewer):
        return AuditPlan.objects.none()
    return AuditPlan.objects.prefetch_related("opds").annotate(
        n_items=Count("items", distinct=True),
        n_findings=Count("findings", distinct=True),
    )


def get_plan(viewer: User, pk: int) -> AuditPlan:
    plan = plans(viewer).filter(pk=pk).first()
    if plan is None:
        raise Http404("Audit tidak ditemukan.")
    return plan


def sample_items(viewer: User, plan: AuditPlan) -> QuerySet[SampleItem]:
    get_plan(viewer, plan.pk)
    return plan.items.select_related("employee", "employee__opd", "employee__unit").annotate(
        n_findings=Count("findings")
    )


def get_item(viewer: User, pk: int) -> SampleItem:
    item = (
        SampleItem.objects.select_related(
            "plan", "employee", "employee__opd", "employee__unit", "employee__supervisor"
        )
        .filter(pk=pk)
        .first()
    )
    if item is None or not can_read_audits(viewer):
        raise Http404("Sampel tidak ditemukan.")
    return item


def plan_non_reporters(viewer: User, plan: AuditPlan) -> QuerySet[Employee]:
    """In-scope ASN without a single daily report in the period: a whole-person matter that
    day-level sampling cannot rank, listed for a direct finding."""
    get_plan(viewer, plan.pk)
    return Employee.objects.filter(pk__in=non_reporters(plan)).select_related("opd", "unit")


def risk_method() -> list[dict]:
    """The documented weights, for the audit pages."""
    return [
        {"key": key, "label": label, "points": points, "how": how}
        for key, (label, points, how) in WEIGHTS.items()
    ]


RISK_CONSTANTS = {
    "quick_seconds": QUICK_APPROVAL_SECONDS,
    "rubber_rate": RUBBER_STAMP_RATE,
    "rubber_min": RUBBER_STAMP_MIN_REPORTS,
}


def verify_sample(viewer: User, plan: AuditPlan) -> dict:
    """Redraw the sample from the stored seed and today's records and compare.

    ``same_input`` tells whether the records still score as at draw time (digest match); when
    they do, the redraw must equal the stored sample exactly.
    """
    get_plan(viewer, plan.pk)
    if plan.seed is None:
        return {"drawn": False}
    candidates, _scores, basis = plan_candidates(plan)
    redrawn = [c.key for c in draw_sample(candidates, plan.sample_size, plan.seed)]
    stored = [(i.employee_id, i.day.isoformat()) for i in plan.items.order_by("rank")]
    return {
        "drawn": True,
        "same_input": digest(candidates) == plan.candidate_digest,
        "same_sample": redrawn == stored,
        "basis": basis,
    }


ATTENDANCE_LABELS = [
    ("first_in", "Masuk pertama"),
    ("last_out", "Pulang terakhir"),
    ("worked_minutes", "Menit kerja"),
    ("late_minutes", "Terlambat (menit)"),
    ("late_tier", "Tingkat terlambat"),
    ("early_minutes", "Pulang cepat (menit)"),
    ("early_tier", "Tingkat pulang cepat"),
    ("missing_in", "Tidak presensi masuk"),
    ("missing_out", "Tidak presensi pulang"),
    ("flagged", "Presensi ditandai"),
    ("rejected", "Presensi ditolak"),
    ("corrected", "Dikoreksi"),
]


def _attendance_rows(summary: dict | None) -> list[tuple[str, object]]:
    """A presence day summary as labelled rows (known keys first, then any others)."""
    if not summary:
        return []
    labels = dict(ATTENDANCE_LABELS)
    rows = []
    for key, value in summary.items():
        if key == "day":
            continue
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).strftime("%H:%M")
        elif isinstance(value, bool):
            value = "ya" if value else "tidak"
        rows.append((labels.get(key, key), value))
    order = {label: i for i, (_k, label) in enumerate(ATTENDANCE_LABELS)}
    return sorted(rows, key=lambda r: order.get(r[0], 99))


def worksheet(viewer: User, item: SampleItem) -> dict:
    """The evidence of one sampled employee-day side by side."""
    item = get_item(viewer, item.pk)
    day = item.day
    week_start = day - dt.timedelta(days=day.weekday())
    week_end = week_start + dt.timedelta(days=4)
    modes = planned_modes([item.employee_id], week_start, week_end)
    schedule = None
    if modes:  # nothing published that week: the page says so rather than showing blanks
        days = [week_start + dt.timedelta(days=i) for i in range(5)]
        schedule = [{"day": d, "mode": modes.get((item.employee_id, d))} for d in days]
    attendance = _attendance_rows(day_attendance(item.employee_id, day))
    points = check_in_points(item.employee_id, day)
    trail = report_trail(item.employee_id, day)
    month_start = day.replace(day=1)
    spot_checks = spot_checks_of(item.employee_id, month_start, day)
    current = score_employee_days([item.employee_id], [day], day, day)[(item.employee_id, day)]
    return {
        "item": item,
        "schedule": schedule,
        "attendance": attendance,
        "points": points,
        "trail": trail,
        "spot_checks": spot_checks,
        "risk_now": current.as_list(),
        "risk_now_total": current.total,
        "findings": list(item.findings.all()),
    }


# --- findings --------------------------------------------------------------------------


def findings(viewer: User) -> QuerySet[Finding]:
    """Findings the viewer may see: all for Inspektorat/BKPSDM, own OPD for an OPD admin."""
    scope = access.scope_for(viewer)
    qs = Finding.objects.select_related("opd", "plan", "item", "item__employee")
    if scope.has(Role.INSPEKTORAT, Role.BKPSDM):
        return qs
    if scope.admin_opd_ids:
        return qs.filter(opd_id__in=scope.admin_opd_ids)
    return qs.none()


def get_finding(viewer: User, pk: int) -> Finding:
    finding = findings(viewer).filter(pk=pk).first()
    if finding is None:
        raise Http404("Temuan tidak ditemukan.")
    return finding


def finding_counts(viewer: User) -> dict:
    qs = findings(viewer)
    return qs.aggregate(
        open=Count("id", filter=~Q(status=FindingStatus.CLOSED)),
        closed=Count("id", filter=Q(status=FindingStatus.CLOSED)),
    )


# --- tamper evidence --------------------------------------------------------------------


def chain_check(viewer: User) -> dict:
    """Run the full chain verification (the same as ``hibrida verify_audit_log``)."""
    access.require(can_view_log(viewer))
    count, problem = verify_stored_chain()
    return {"count": count, "problem": problem, "ok": problem is None}


def anchor_status(viewer: User, limit: int = 60) -> list[dict]:
    """The latest anchors, each with whether the stored chain still reproduces its hash.

    The chain is recomputed from genesis with each event's *recomputed* predecessor hash, so an
    edit anywhere at or before an anchor's last event changes the hash at that point, even if
    the attacker also rewrote the stored hashes after it.
    """
    access.require(can_view_log(viewer))
    anchors = list(DailyAnchor.objects.order_by("-day")[:limit])
    if not anchors:
        return []
    computed = recompute_heads({a.last_seq for a in anchors})
    return [
        {
            "anchor": a,
            "recomputed": computed.get(a.last_seq),
            "ok": computed.get(a.last_seq) == a.head_hash,
        }
        for a in anchors
    ]


# --- joki analytics ----------------------------------------------------------------------


def joki_findings(viewer: User, rule: str = "") -> QuerySet[JokiFinding]:
    """Joki findings (city-wide): Inspektorat and BKPSDM only; ``rule`` filters when known."""
    if not can_read_audits(viewer):
        return JokiFinding.objects.none()
    qs = JokiFinding.objects.prefetch_related("employees")
    return qs.filter(rule=rule) if rule in joki.RULES else qs


def get_joki_finding(viewer: User, pk: int) -> JokiFinding:
    finding = joki_findings(viewer).filter(pk=pk).first()
    if finding is None:
        raise Http404("Temuan joki tidak ditemukan.")
    return finding


def joki_rules() -> list[tuple[str, str]]:
    return [(code, joki.LABELS[code]) for code in joki.RULES]


def joki_check_ins(viewer: User, finding: JokiFinding) -> list[dict]:
    """The finding's check-ins as evidence rows, suspects marked, in time order."""
    finding = get_joki_finding(viewer, finding.pk)
    suspects = set(finding.suspect_ids)
    rows = (
        CheckIn.objects.filter(pk__in=finding.check_in_ids)
        .select_related("employee")
        .order_by("device_time", "pk")
    )
    return [
        {
            "id": c.pk,
            "employee_id": c.employee_id,
            "employee": f"{c.employee.name} (NIP {c.employee.nip})",
            "kind": c.get_kind_display(),
            "device_time": c.device_time,
            "device_id": c.device_id,
            "latitude": c.latitude,
            "longitude": c.longitude,
            "place": c.place,
            "status": c.get_status_display(),
            "suspect": c.pk in suspects,
        }
        for c in rows
    ]
