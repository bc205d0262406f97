"""The joki batch job: runs the proxy-attendance rules over a period and stores the findings.

Reads check-ins, office fences and approved phone resets directly (like evidence.py), feeds the
pure rules of hibrida.presence.joki and writes one JokiFinding per hit with its Indonesian
explanation, each with an audit event. Scheduled weekly; ``hibrida joki_scan`` runs any period.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from hibrida.org.models import Employee, OfficeLocation, User
from hibrida.presence import joki
from hibrida.presence import verify as geo
from hibrida.presence.models import ApprovalStatus, CheckIn, DeviceReset
from hibrida.roster.modes import WorkMode

from .log import record_event, snapshot
from .models import JokiFinding

MAX_PERIOD_DAYS = 62
FINDING_FIELDS = ["rule", "subject", "first_at", "last_at", "period_start", "period_end"]
CHECK_IN_COLUMNS = (
    "id",
    "employee_id",
    "device_time",
    "work_date",
    "latitude",
    "longitude",
    "device_id",
    "kind",
    "expected_mode",
    "place",
    "reasons",
    "coarsened",
)
# Verdict reasons that say the fix was not inside the fence the schedule expected.
NOT_AT_EXPECTED = {geo.OUTSIDE_FENCE, geo.NO_PLACE, geo.NOT_SCHEDULED}
# A declared dinas luar is a group place like a field area: colleagues meet there.
GROUP_MODES = {WorkMode.FIELD: joki.FIELD, WorkMode.DUTY: joki.FIELD}


def _offices() -> list[geo.Place]:
    return [
        geo.Place(
            "office",
            o.name,
            o.latitude,
            o.longitude,
            o.radius_m,
            tuple(map(tuple, o.polygon or ())),
        )
        for o in OfficeLocation.objects.filter(is_active=True)
    ]


def _setting(row: dict, offices: list[geo.Place]) -> str:
    """Where the check-in was relative to the fences: the stored verdict first, the office
    fences of every OPD for the rest (a colleague's office is still an office)."""
    mode = row["expected_mode"] or WorkMode.WFO
    if not NOT_AT_EXPECTED & set(row["reasons"] or ()):
        if mode in GROUP_MODES:
            return GROUP_MODES[mode]
        if mode == WorkMode.WFH:
            return joki.OWN_HOME
        if mode == WorkMode.WFO:
            return joki.OFFICE
    lat, lon = row["latitude"], row["longitude"]
    for office in offices:
        # A degree is ≥ 110 km: skip far offices before measuring.
        near = abs(office.latitude - lat) < 0.05 and abs(office.longitude - lon) < 0.05
        if near and geo.distance_outside(office, lat, lon) == 0:
            return joki.OFFICE
    return joki.OTHER


def load_events(start: dt.date, end: dt.date) -> list[joki.Event]:
    offices = _offices()
    rows = CheckIn.objects.filter(work_date__gte=start, work_date__lte=end).values(
        *CHECK_IN_COLUMNS
    )
    return [
        joki.Event(
            id=r["id"],
            employee=r["employee_id"],
            at=r["device_time"],
            latitude=r["latitude"],
            longitude=r["longitude"],
            device=r["device_id"],
            kind=r["kind"],
            setting=_setting(r, offices),
            place=r["place"],
            precise=not r["coarsened"],
        )
        for r in rows.iterator(chunk_size=5000)
    ]


def load_lost_reports(end: dt.date) -> list[joki.LostReport]:
    """Approved resets up to the period's end, each with the phones its employee had used
    before the decision (the devices the reset retired)."""
    resets = list(
        DeviceReset.objects.filter(
            status=ApprovalStatus.APPROVED, decided_at__isnull=False, decided_at__date__lte=end
        ).values("employee_id", "decided_at", "reason")
    )
    reports = []
    for r in resets:
        decided = r["decided_at"]
        if decided is None:  # excluded by the query; narrows the type
            continue
        used = set(
            CheckIn.objects.filter(employee_id=r["employee_id"], device_time__lt=decided)
            .values_list("device_id", flat=True)
            .distinct()
        )
        if used:
            reports.append(joki.LostReport(r["employee_id"], frozenset(used), decided, r["reason"]))
    return reports


def _names(employee_ids: Iterable[int]) -> dict[int, str]:
    return {
        pk: f"{name} (NIP {nip})"
        for pk, name, nip in Employee.objects.filter(pk__in=set(employee_ids)).values_list(
            "id", "name", "nip"
        )
    }


def _key(hit: joki.Hit) -> str:
    return hashlib.sha256(hit.key.encode()).hexdigest()


def scan(
    *, start: dt.date, end: dt.date, actor: User | None = None, params: joki.Params | None = None
) -> dict[str, int]:
    """Run every joki rule over check-ins of ``start``–``end`` and store the new findings.

    A finding already stored (same rule, subject, people and first check-in) is kept as it
    is, so re-running a period adds nothing. Returns the count of new findings per rule.
    """
    if end < start:
        raise ValueError("end before start")
    if (end - start).days > MAX_PERIOD_DAYS:
        # Memory grows with the period (one object per check-in); scan long spans in pieces.
        raise ValueError(f"period longer than {MAX_PERIOD_DAYS} days")
    events = load_events(start, end)
    hits = joki.detect(events, load_lost_reports(end), params or joki.Params())
    by_id = {e.id: e for e in events}
    names = _names(emp for h in hits for emp in h.employees)
    known = set(
        JokiFinding.objects.filter(key__in=[_key(h) for h in hits]).values_list("key", flat=True)
    )
    created: dict[str, int] = defaultdict(int)
    for hit in hits:
        key = _key(hit)
        if key in known:
            continue
        try:
            with transaction.atomic():
                finding = _store(hit, key, by_id, names, start, end)
                record_event(
                    actor=actor,
                    action="audit.joki_finding_recorded",
                    obj=finding,
                    after={**snapshot(finding, FINDING_FIELDS), "employees": list(hit.employees)},
                )
        except IntegrityError:
            # A run over an overlapping period stored the same finding meanwhile: keep it.
            continue
        known.add(key)
        created[hit.rule] += 1
    with transaction.atomic():
        record_event(
            actor=actor,
            action="audit.joki_scan",
            object_type="audit.jokiscan",
            object_id=f"{start.isoformat()}..{end.isoformat()}",
            after={"check_ins": len(events), "hits": len(hits), "new": dict(created)},
        )
    return {rule: created.get(rule, 0) for rule in joki.RULES}


def _store(
    hit: joki.Hit,
    key: str,
    by_id: dict[int, joki.Event],
    names: dict[int, str],
    start: dt.date,
    end: dt.date,
) -> JokiFinding:
    suspect_days = sorted(
        {
            (by_id[i].employee, timezone.localtime(by_id[i].at).date().isoformat())
            for i in hit.suspects
            if i in by_id
        }
    )
    finding = JokiFinding.objects.create(
        rule=hit.rule,
        key=key,
        subject=hit.subject,
        check_in_ids=list(hit.events),
        suspect_ids=list(hit.suspects),
        suspect_days=[list(p) for p in suspect_days],
        first_at=hit.start,
        last_at=hit.end,
        explanation=joki.explain(hit, by_id, names),
        facts=hit.facts,
        period_start=start,
        period_end=end,
    )
    finding.employees.set(hit.employees)
    return finding
