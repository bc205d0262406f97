"""Random presence checks on WFH days (issue 15, layer 4): the ASN's consent, the OPD's
setting, planning the day's checks, answering one, and the evidence the atasan sees.

A miss is evidence for the supervision call, never a sanction: nothing here touches working
time or TPP. Design: docs/architecture.md, "Random presence checks".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from hibrida.audit.log import record_event, snapshot
from hibrida.org import access
from hibrida.org.models import Employee, Opd, User
from hibrida.policy import calendar

from . import assertion, context, passkeys, randomcheck, verify, worktime
from .hours import HourResolver
from .models import (
    ApprovalStatus,
    CheckResult,
    HomeLocation,
    PresenceCheck,
    PresenceCheckConsent,
    PresenceCheckPolicy,
)

DEFAULT_CHECKS = 2
DEFAULT_WINDOW_MINUTES = 15
CHECKS_RANGE = (1, 6)
WINDOW_RANGE = (5, 60)
KIND = "presence"
POLICY_FIELDS = ["enabled", "checks_per_day", "window_minutes"]
MISSED = "missed"
OPEN = "open"
STATE_LABELS = {
    **{c.value: str(c.label) for c in CheckResult},
    MISSED: "Tidak dijawab",
    OPEN: "Menunggu jawaban",
}
NO_CONSENT = "Tidak ikut cek acak (tanpa persetujuan pegawai): bukan pelanggaran."
LAYER_OFF = "Cek kehadiran acak tidak aktif di OPD ini."


def secret() -> str:
    """The spot-check key (never shown to staff); the draw's own prefix keeps the two apart."""
    return settings.HIBRIDA_SPOT_CHECK_SECRET or settings.SECRET_KEY


def own_employee(actor: User) -> int:
    employee_id = access.scope_for(actor).employee_id
    if employee_id is None:
        raise PermissionDenied(passkeys.NOT_AN_EMPLOYEE)
    return employee_id


def _local(day: dt.date, moment: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, moment, ZoneInfo(settings.TIME_ZONE))


# --- writes ---------------------------------------------------------------------------------


def set_consent(
    *, actor: User, consent: bool, now: dt.datetime | None = None
) -> PresenceCheckConsent:
    """The ASN opts in or withdraws. Withdrawing drops today's checks not yet asked."""
    employee_id = own_employee(actor)
    access.require_writer_for(actor, employee_id)
    now = now or timezone.now()
    with transaction.atomic():
        row = (
            PresenceCheckConsent.objects.select_for_update().filter(employee_id=employee_id).first()
        )
        before = snapshot(row, ["consented"]) if row else {"consented": False}
        if row is None:
            row = PresenceCheckConsent(employee_id=employee_id)
        row.consented = consent
        row.changed_at = now
        row.save()
        record_event(
            actor=actor,
            action="presence.presence_check_consent_given"
            if consent
            else "presence.presence_check_consent_withdrawn",
            obj=row,
            before=before,
            after={"consented": consent},
        )
        plan_day(day=timezone.localdate(now), employee_ids=[employee_id], now=now)
    return row


def _clean_policy(enabled: object, checks_per_day: object, window_minutes: object) -> dict:
    errors: dict[str, str] = {}
    values: dict = {"enabled": bool(enabled)}
    for field, raw, (lo, hi) in (
        ("checks_per_day", checks_per_day, CHECKS_RANGE),
        ("window_minutes", window_minutes, WINDOW_RANGE),
    ):
        try:
            number = int(str(raw).strip())
        except ValueError:
            errors[field] = "Isi dengan bilangan bulat."
            continue
        if not lo <= number <= hi:
            errors[field] = f"Antara {lo} dan {hi}."
        values[field] = number
    if errors:
        raise ValidationError(errors)
    return values


def set_policy(
    *,
    actor: User,
    opd: Opd,
    enabled: bool,
    checks_per_day: object = DEFAULT_CHECKS,
    window_minutes: object = DEFAULT_WINDOW_MINUTES,
    now: dt.datetime | None = None,
) -> PresenceCheckPolicy:
    """The OPD admin (or BKPSDM) switches the layer and sets its numbers; switching it off
    drops today's checks not yet asked."""
    access.require_writer(actor)
    access.require(
        access.can_manage_opd(actor, opd),
        "Hanya admin OPD ini atau BKPSDM yang dapat mengatur cek kehadiran acak.",
    )
    values = _clean_policy(enabled, checks_per_day, window_minutes)
    now = now or timezone.now()
    with transaction.atomic():
        row = PresenceCheckPolicy.objects.select_for_update().filter(opd=opd).first()
        before = snapshot(row, POLICY_FIELDS) if row else None
        if row is None:
            row = PresenceCheckPolicy(opd=opd)
        for field, value in values.items():
            setattr(row, field, value)
        row.save()
        record_event(
            actor=actor,
            action="presence.presence_check_policy_set",
            obj=row,
            before=before,
            after=snapshot(row, POLICY_FIELDS),
        )
        ids = list(Employee.objects.filter(opd=opd).values_list("id", flat=True))
        plan_day(day=timezone.localdate(now), employee_ids=ids, now=now)
    return row


def _wanted(
    day: dt.date, ids: list[int], now: dt.datetime
) -> dict[tuple[int, int], tuple[dt.datetime, dt.datetime, dt.datetime]]:
    """{(employee, k): (asked_at, deadline, closes_at)} of the checks ``day`` should have,
    leaving out those whose answer window would already be over (nobody saw them)."""
    rows = list(
        Employee.objects.filter(
            pk__in=ids,
            is_active=True,
            presence_check_consent__consented=True,
            opd__presence_check_policy__enabled=True,
        ).values_list(
            "id",
            "opd__presence_check_policy__checks_per_day",
            "opd__presence_check_policy__window_minutes",
        )
    )
    if not rows:
        return {}
    people = [r[0] for r in rows]
    modes = context.expected_modes(people, day)
    working = calendar.is_working_day(day)
    resolver = HourResolver(people, day, day)
    key = secret()
    wanted = {}
    for employee_id, count, minutes in rows:
        hours = resolver.hours(employee_id, day)
        window = dt.timedelta(minutes=minutes)
        end = _local(day, hours.end)
        rest = worktime.rest_span(day, hours)
        moments = randomcheck.draw_instants(
            secret=key,
            employee_id=employee_id,
            day=day,
            mode=modes.get(employee_id),
            working_day=working,
            start=_local(day, hours.start),
            end=end,
            rest=None if rest is None else (_local(day, rest[0]), _local(day, rest[1])),
            count=count,
            window=window,
        )
        for k, moment in enumerate(moments):
            if moment + window > now:
                wanted[(employee_id, k)] = (moment, moment + window, end)
    return wanted


def plan_day(
    *, day: dt.date, employee_ids: Iterable[int] | None = None, now: dt.datetime | None = None
) -> dict[str, int]:
    """Make the day's checks match consent, the OPD setting and the published plan: create
    the missing ones, drop those not yet asked that are no longer wanted (consent withdrawn,
    layer off, the day no longer WFH). Idempotent; asked checks are never touched."""
    now = now or timezone.now()
    if employee_ids is None:
        ids = list(
            Employee.objects.filter(
                is_active=True, opd__presence_check_policy__enabled=True
            ).values_list("id", flat=True)
        )
        scope = PresenceCheck.objects.filter(day=day)
    else:
        ids = list(employee_ids)
        scope = PresenceCheck.objects.filter(day=day, employee_id__in=ids)
    wanted = _wanted(day, ids, now)
    with transaction.atomic():
        existing = {
            (r.employee_id, r.seq): r
            for r in scope.select_for_update()
            .filter(asked_at__gt=now)
            .only("pk", "employee_id", "seq")
        }
        asked = set(scope.filter(asked_at__lte=now).values_list("employee_id", "seq"))
        stale = [r.pk for slot, r in existing.items() if slot not in wanted]
        new = [
            PresenceCheck(
                employee_id=emp, day=day, seq=k, asked_at=at, deadline=deadline, closes_at=closes
            )
            for (emp, k), (at, deadline, closes) in sorted(wanted.items())
            if (emp, k) not in existing and (emp, k) not in asked
        ]
        if stale:
            PresenceCheck.objects.filter(pk__in=stale).delete()
        if new:
            PresenceCheck.objects.bulk_create(new, ignore_conflicts=True)
        if stale or new:
            # Counts only: the moments themselves must stay unknown until asked.
            record_event(
                actor=None,
                action="presence.presence_checks_planned",
                object_type="presence.presencecheck",
                object_id=day.isoformat(),
                after={"day": day, "created": len(new), "dropped": len(stale)},
            )
    return {"created": len(new), "dropped": len(stale)}


def open_check(*, actor: User, now: dt.datetime | None = None) -> PresenceCheck | None:
    """The check the phone must show now, planning today first if nothing is planned yet
    (the scheduled job may not have run since consent was given)."""
    employee_id = own_employee(actor)
    now = now or timezone.now()
    today = timezone.localdate(now)
    mine = PresenceCheck.objects.filter(employee_id=employee_id, day=today)
    if not mine.exists() and _takes_part(employee_id):
        plan_day(day=today, employee_ids=[employee_id], now=now)
    return (
        mine.filter(asked_at__lte=now, answered_at__isnull=True, closes_at__gt=now)
        .order_by("asked_at")
        .first()
    )


def _takes_part(employee_id: int) -> bool:
    return Employee.objects.filter(
        pk=employee_id,
        presence_check_consent__consented=True,
        opd__presence_check_policy__enabled=True,
    ).exists()


@dataclasses.dataclass(frozen=True)
class Answer:
    check: PresenceCheck | None = None
    refusal: tuple[int, dict] | None = None


def _home_distance(employee_id: int, lat: float, lon: float) -> float | None:
    home = (
        HomeLocation.objects.filter(employee_id=employee_id, status=ApprovalStatus.APPROVED)
        .order_by("-decided_at", "-id")
        .first()
    )
    if home is None:
        return None
    place = verify.Place("home", "rumah", home.latitude, home.longitude, home.radius_m)
    return verify.distance_outside(place, lat, lon)


def answer_check(
    *,
    actor: User,
    check_id: int,
    device_time: dt.datetime,
    latitude: float,
    longitude: float,
    accuracy_m: float,
    signed: assertion.Assertion | None,
    relying_party: tuple[str, list[str]],
    now: dt.datetime | None = None,
) -> Answer:
    """Record the one answer of an open check. The window is the server's clock: after
    ``deadline`` the answer is kept as late, after ``closes_at`` it is refused (missed). The
    assertion signs the check's UUID, the device time and the coordinates over a server
    nonce; the OPD's passkey mode decides whether a failure refuses or weakens the answer."""
    employee_id = own_employee(actor)
    access.require_writer_for(actor, employee_id)
    now = now or timezone.now()
    with transaction.atomic():
        row = (
            PresenceCheck.objects.select_for_update()
            .filter(pk=check_id, employee_id=employee_id, asked_at__lte=now)
            .first()
        )
        if row is None:
            raise Http404("Cek kehadiran tidak ditemukan.")
        if row.answered_at is not None:
            raise ValidationError({"check": "Cek kehadiran ini sudah dijawab."})
        if now >= row.closes_at:
            raise ValidationError({"check": "Waktu menjawab sudah habis (jam kerja selesai)."})
        rp_id, origins = relying_party
        claim = passkeys.Claim(
            client_uuid=row.uuid,
            employee_id=employee_id,
            content=assertion.canonical(
                check_in_uuid=row.uuid,
                kind=KIND,
                device_time=device_time,
                lat=latitude,
                lon=longitude,
            ),
            assertion=signed,
            rp_id=rp_id,
            origins=tuple(origins),
        )
        results, spent = passkeys.check_claims([claim])
        checked = results.get(row.uuid)
        if checked is not None and checked.refusal is not None:
            return Answer(refusal=checked.refusal)
        # In the same transaction as the answer: the nonce is used up and the counter moves
        # only when the answer is stored.
        passkeys.spend(spent)
        distance = _home_distance(employee_id, latitude, longitude)
        if now > row.deadline:
            result = CheckResult.LATE
        elif distance is not None and distance <= 0:
            result = CheckResult.HOME
        else:
            result = CheckResult.ELSEWHERE
        row.answered_at = now
        row.device_time = device_time
        row.latitude, row.longitude, row.accuracy_m = latitude, longitude, accuracy_m
        row.distance_m = distance
        row.result = result
        row.passkey_verified = checked is not None and checked.reason is None
        row.passkey_reason = (checked.reason or "") if checked is not None else ""
        row.save()
        # The location itself stays in its row (coarsened with the other fixes), not in the log.
        record_event(
            actor=actor,
            action="presence.presence_check_answered",
            obj=row,
            after={
                "result": result,
                "passkey_verified": row.passkey_verified,
                "passkey_reason": row.passkey_reason,
                "late_by_s": max(0, int((now - row.deadline).total_seconds())),
            },
        )
    return Answer(check=row)


# --- reads ----------------------------------------------------------------------------------


def state(row: PresenceCheck, now: dt.datetime) -> str:
    """home / elsewhere / late as answered; missed once it closed unanswered; else open."""
    if row.result:
        return row.result
    return MISSED if now >= row.closes_at else OPEN


def describe(row: PresenceCheck, now: dt.datetime) -> dict:
    code = state(row, now)
    answered = bool(row.result)
    if not answered:
        evidence = ""
    elif row.passkey_verified:
        evidence = "Terverifikasi passkey"
    elif row.passkey_reason:
        evidence = "Bukti lebih lemah: " + assertion.MESSAGES.get(
            row.passkey_reason, "passkey tidak sah"
        )
    else:
        evidence = "Bukti lebih lemah: tanpa passkey"
    return {
        "id": row.pk,
        "uuid": str(row.uuid),
        "employee_id": row.employee_id,
        "day": row.day,
        "asked_at": row.asked_at,
        "deadline": row.deadline,
        "answered_at": row.answered_at,
        "state": code,
        "state_label": STATE_LABELS[code],
        "distance_m": None if row.distance_m is None else round(row.distance_m),
        "passkey_verified": row.passkey_verified,
        "evidence": evidence,
    }


def my_checks(viewer: User, *, days: int = 30) -> QuerySet[PresenceCheck]:
    """The viewer's own checks already asked (the planned ones stay hidden)."""
    employee_id = access.scope_for(viewer).employee_id
    if employee_id is None:
        return PresenceCheck.objects.none()
    since = timezone.localdate() - dt.timedelta(days=days)
    return PresenceCheck.objects.filter(
        employee_id=employee_id, day__gte=since, asked_at__lte=timezone.now()
    )


def consent_of(viewer: User) -> dict:
    employee_id = access.scope_for(viewer).employee_id
    if employee_id is None:
        return {"consented": False, "changed_at": None, "enabled": False}
    row = PresenceCheckConsent.objects.filter(employee_id=employee_id).first()
    policy = PresenceCheckPolicy.objects.filter(opd__employees=employee_id).first()
    return {
        "consented": bool(row and row.consented),
        "changed_at": row.changed_at if row else None,
        "enabled": bool(policy and policy.enabled),
        "checks_per_day": policy.checks_per_day if policy else DEFAULT_CHECKS,
        "window_minutes": policy.window_minutes if policy else DEFAULT_WINDOW_MINUTES,
    }


def policies_for(viewer: User) -> list[dict]:
    """Every OPD the viewer manages with its setting (the defaults where none is stored)."""
    rows = {
        p.opd_id: p
        for p in PresenceCheckPolicy.objects.filter(opd__in=access.manageable_opds(viewer))
    }
    out = []
    for opd in access.manageable_opds(viewer).order_by("name"):
        row = rows.get(opd.pk)
        out.append(
            {
                "opd_id": opd.pk,
                "opd": str(opd),
                "enabled": bool(row and row.enabled),
                "checks_per_day": row.checks_per_day if row else DEFAULT_CHECKS,
                "window_minutes": row.window_minutes if row else DEFAULT_WINDOW_MINUTES,
            }
        )
    return out


def evidence(
    viewer: User, employee_ids: Iterable[int], day: dt.date, now: dt.datetime | None = None
) -> dict[int, dict]:
    """Per employee the viewer may see: consent, the layer, and the day's asked checks with a
    count per state. Checks not yet asked are left out, so the atasan cannot tip anyone off."""
    now = now or timezone.now()
    visible = access.visible_employees(viewer).filter(pk__in=list(employee_ids))
    people = list(
        visible.values_list(
            "id", "presence_check_consent__consented", "opd__presence_check_policy__enabled"
        )
    )
    ids = [p[0] for p in people]
    rows = PresenceCheck.objects.filter(employee_id__in=ids, day=day, asked_at__lte=now).order_by(
        "asked_at"
    )
    checks: dict[int, list[dict]] = {i: [] for i in ids}
    for row in rows:
        checks[row.employee_id].append(describe(row, now))
    out = {}
    for employee_id, consented, enabled in people:
        counts = Counter(c["state"] for c in checks[employee_id])
        if not enabled:
            note = LAYER_OFF
        elif not consented:
            note = NO_CONSENT
        else:
            note = ""
        out[employee_id] = {
            "employee_id": employee_id,
            "consented": bool(consented),
            "enabled": bool(enabled),
            "note": note,
            "checks": checks[employee_id],
            "asked": len(checks[employee_id]),
            "counts": {code: counts.get(code, 0) for code in STATE_LABELS},
            "concern": counts.get(MISSED, 0) + counts.get(CheckResult.ELSEWHERE, 0),
        }
    return out


def team_evidence(viewer: User, day: dt.date, now: dt.datetime | None = None) -> list[dict]:
    """The atasan's subordinates (else an OPD admin's staff) with their day's checks."""
    scope = access.scope_for(viewer)
    if scope.subordinate_ids:
        people = access.supervised_employees(viewer)
    elif scope.admin_opd_ids:
        people = access.manageable_employees(viewer)
    else:
        return []
    names = dict(people.filter(is_active=True).values_list("id", "name"))
    found = evidence(viewer, names, day, now)
    return [{"name": names[i], **found[i]} for i in sorted(found, key=lambda i: names[i])]
