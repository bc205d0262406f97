"""One object of every kind that appears in a URL, all belonging to OPD B of the ``city`` fixture.

The access matrix (tests/access_routes.py) requests every route with these objects, so every
viewer of OPD A (and the city roles) meets a record of another OPD. Rows are written with the
ORM: the matrix is about who may reach them, not about how they came to be.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from hibrida.activity.models import Activity, DailyReport, Delegation, ReportStatus, SkpTarget
from hibrida.audit.models import AuditPlan, Finding, JokiFinding, SampleItem
from hibrida.efficiency.models import RealisedCost
from hibrida.evaluation.models import MonthlyEvaluation
from hibrida.meetings.models import Meeting, MeetingAttendance, MeetingOccurrence, SpotCheck
from hibrida.national.models import SyncRun
from hibrida.org.models import Employee, GrantedRole, RoleGrant, User
from hibrida.org.services import issue_api_token
from hibrida.pay.models import MonthRecap, RecapLine
from hibrida.policy.models import CalendarDay, Phase, SpecialCircumstance
from hibrida.presence.models import (
    CheckIn,
    CheckInReview,
    CorrectionRequest,
    DeviceReset,
    FaceReference,
    FieldArea,
    HomeLocation,
    Passkey,
    PasskeyPolicy,
    PresenceCheck,
    PresenceCheckConsent,
    PresenceCheckPolicy,
    RamadanPeriod,
    SelfieCheck,
    SelfiePolicy,
    WorkHourPolicy,
)
from hibrida.roster.models import ChangeRequest, Schedule

from .access_routes import ROLES  # noqa: F401  (re-exported for the tests)
from .factories import EmployeeFactory, make_user, office_for

DAY = dt.date(2026, 2, 10)  # a Tuesday without a national holiday


# Named in a URL (the selfie upload) as a literal: the matrix fills URLs with ids or literals.
FLAGGED_UUID = uuid.UUID("0b0b0b0b-0000-4000-8000-00000000000b")


@dataclass
class World:
    """The ``city`` plus OPD B's objects; ``ids`` maps a name used in the table to a URL value."""

    city: object
    users: dict[str, User | None]
    ids: dict[str, int | str] = field(default_factory=dict)
    rows: dict[str, object] = field(default_factory=dict)


def _pay_rows(opd_b, other, bkpsdm, now) -> dict:
    """Work hours, a Ramadan period and a TPP recap line of OPD B."""
    work_hours_b = WorkHourPolicy.objects.create(
        opd=opd_b,
        kind="fixed",
        hours={str(d): {"start": "07:00", "end": "15:00", "break": 60} for d in range(5)},
        direct_service=True,
        valid_from=DAY,
        source="SK Kepala Dinas B",
        created_by=bkpsdm,
    )
    ramadan = RamadanPeriod.objects.create(
        start=DAY, end=DAY + dt.timedelta(days=29), source="SE uji", created_by=bkpsdm
    )
    recap = MonthRecap.objects.create(
        year=DAY.year, month=DAY.month, computed_at=now, computed_by=bkpsdm, computed_until=DAY
    )
    recap_line = RecapLine.objects.create(recap=recap, employee=other, percent=0)
    return {
        "work_hours_b": work_hours_b,
        "ramadan": ramadan,
        "recap": recap,
        "recap_line": recap_line,
    }


def _layer_rows(opd_b, other, flagged, bkpsdm, now) -> dict:
    """OPD B's issue-15 layer settings, consent, review and selfie (the admin lists them)."""
    selfie_check = SelfieCheck.objects.create(
        check_in=flagged,
        employee=other,
        turn="left",
        first=default_storage.save("presence/selfie/matriks-1.jpg", ContentFile(b"\xff\xd8")),
        second=default_storage.save("presence/selfie/matriks-2.jpg", ContentFile(b"\xff\xd8")),
        received_at=now,
        state="flagged",
        reasons=["selfie_mismatch"],
        embedding=[0.125] * 128,
        distance=0.7,
    )
    return {
        "passkey_policy": PasskeyPolicy.objects.create(opd=opd_b, mode="fallback"),
        "check_policy": PresenceCheckPolicy.objects.create(opd=opd_b, enabled=True),
        "consent": PresenceCheckConsent.objects.create(
            employee=other, consented=True, changed_at=now
        ),
        "selfie_policy": SelfiePolicy.objects.create(
            opd=opd_b, enabled=True, dpia_reference="DPIA-B", updated_by=bkpsdm
        ),
        "review": CheckInReview.objects.create(check_in=flagged, status="pending"),
        "selfie_check": selfie_check,
    }


def build_world(city) -> World:
    opd_b, other = city.opd_b, city.other
    kabid_b = EmployeeFactory(unit=other.unit, position=other.position, name="Kabid B")
    other.supervisor = kabid_b
    other.save(update_fields=["supervisor"])
    other_user = make_user(other)
    superuser = make_user(None)
    superuser.is_superuser = superuser.is_staff = True
    superuser.save(update_fields=["is_superuser", "is_staff"])
    now = timezone.now()

    schedule = Schedule.objects.create(opd=opd_b, month=dt.date(2026, 3, 1), version=1)
    swap = ChangeRequest.objects.create(
        kind="move", requester=other, day=DAY, other_day=DAY + dt.timedelta(days=1)
    )
    home = HomeLocation.objects.create(employee=other, latitude=-6.25, longitude=106.98)
    reset = DeviceReset.objects.create(employee=other, reason="HP hilang")
    passkey = Passkey.objects.create(
        employee=other, credential_id="kredensial-b", public_key=b"\xa5", label="HP B"
    )
    flagged = CheckIn.objects.create(
        client_uuid=FLAGGED_UUID,
        employee=other,
        kind="in",
        device_time=now,
        received_at=now,
        work_date=timezone.localdate(now),
        latitude=-6.25,
        longitude=106.98,
        accuracy_m=10,
        device_id="hp-b",
        status="FLAGGED",
        reasons=["outside_fence"],
    )
    presence_check = PresenceCheck.objects.create(
        employee=other,
        day=timezone.localdate(now),
        seq=0,
        asked_at=now - dt.timedelta(minutes=1),
        deadline=now + dt.timedelta(minutes=14),
        closes_at=now + dt.timedelta(hours=2),
    )
    correction = CorrectionRequest.objects.create(
        employee=other, work_date=DAY, kind="forgot_in", reason="Lupa presensi"
    )
    face = FaceReference.objects.create(
        employee=other,
        embedding=[0.0] * 128,
        photo=default_storage.save("presence/face/matriks.jpg", ContentFile(b"\xff\xd8")),
        requested_by=other_user,
    )
    field_area = FieldArea.objects.create(opd=opd_b, name="Wilayah B")
    report = DailyReport.objects.create(
        employee=other, day=DAY, status=ReportStatus.SUBMITTED, work_mode="WFO", submitted_at=now
    )
    path = default_storage.save("bukti/matriks.txt", ContentFile(b"bukti"))
    activity = Activity.objects.create(
        report=report,
        description="Melayani pemohon",
        output="Berkas",
        quantity=1,
        unit="berkas",
        minutes=60,
        evidence_path=path,
        evidence_name="bukti.txt",
        evidence_type="text/plain",
        evidence_size=5,
    )
    target = SkpTarget.objects.create(
        employee=other,
        year=DAY.year,
        title="Layanan B",
        indicator="Berkas",
        target_quantity=12,
        unit="berkas",
    )
    delegation = Delegation.objects.create(
        principal=other, delegate=kabid_b, start=DAY, end=DAY + dt.timedelta(days=7), reason="Cuti"
    )
    meeting = Meeting.objects.create(
        title="Rapat koordinasi B",
        organiser_opd=opd_b,
        weekdays=[0],
        start_time=dt.time(9),
        start_date=DAY,
        end_date=DAY + dt.timedelta(days=28),
        video_url="https://meet.jit.si/rapat-b",
    )
    starts = timezone.make_aware(dt.datetime.combine(DAY, dt.time(9)))
    occurrence = MeetingOccurrence.objects.create(
        meeting=meeting, date=DAY, starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
    )
    attendance = MeetingAttendance.objects.create(
        occurrence=occurrence, employee=other, checked_in_at=starts
    )
    spot_check = SpotCheck.objects.create(
        day=DAY,
        atasan=kabid_b,
        employee=other,
        call_url="https://meet.jit.si/uji-petik-b",
        proposed_at=starts,
    )
    plan = AuditPlan.objects.create(
        title="Audit kepatuhan", period_start=DAY, period_end=DAY, sample_size=1
    )
    item = SampleItem.objects.create(plan=plan, employee=other, day=DAY, rank=1, risk_score=0.5)
    finding = Finding.objects.create(
        plan=plan,
        item=item,
        opd=opd_b,
        title="Laporan tanpa bukti",
        condition="Bukti tidak diunggah",
        severity="low",
        recommendation="Unggah bukti",
    )
    joki_finding = JokiFinding.objects.create(
        rule="lost_device",
        key="uji-joki-b",
        subject="hp-lama-b",
        check_in_ids=[flagged.pk],
        suspect_ids=[flagged.pk],
        suspect_days=[[other.pk, DAY.isoformat()]],
        first_at=now,
        last_at=now,
        explanation="HP hp-lama-b dipakai lagi sesudah reset.",
        period_start=DAY,
        period_end=DAY,
    )
    joki_finding.employees.set([other])
    calendar_day = CalendarDay.objects.create(date=DAY, kind="cuti_bersama", name="Cuti bersama")
    phase = Phase.objects.create(
        name="Tahap uji", start=DAY, end=DAY + dt.timedelta(days=30), pattern="none"
    )
    RealisedCost.objects.create(
        opd=opd_b, month=dt.date(2026, 1, 1), component="listrik_air", amount=1
    )
    special = SpecialCircumstance.objects.create(
        employee=other, reason="Pemulihan pascaoperasi", end=DAY + dt.timedelta(days=30)
    )
    evaluation = MonthlyEvaluation.objects.create(opd=opd_b, month=dt.date(2026, 1, 1))
    admin_b = make_user(None)
    grant_b = RoleGrant.objects.create(user=admin_b, role=GrantedRole.OPD_ADMIN, opd=opd_b)
    totp = TOTPDevice.objects.create(user=other_user, name="HP Staf Lain")
    token_b, _ = issue_api_token(actor=other_user, user=other_user, name="HP Staf Lain")
    login = {"user_agent": "uji", "ip_address": "10.0.0.2", "username": other_user.username}
    attempt = AccessAttempt.objects.create(failures_since_start=1, **login)
    access_log = AccessLog.objects.create(**login)
    failure_log = AccessFailureLog.objects.create(**login)

    users: dict[str, User | None] = {"anonymous": None, **city.users, "superuser": superuser}
    rows = {
        "other": other,
        "schedule": schedule,
        "swap": swap,
        "home": home,
        "reset": reset,
        "passkey": passkey,
        "flagged": flagged,
        "presence_check": presence_check,
        "face": face,
        "correction": correction,
        "field_area": field_area,
        **_layer_rows(opd_b, other, flagged, city.users["bkpsdm"], now),
        "report": report,
        "activity": activity,
        "target": target,
        "delegation": delegation,
        "meeting": meeting,
        "occurrence": occurrence,
        "attendance": attendance,
        "spot_check": spot_check,
        "plan": plan,
        "item": item,
        "finding": finding,
        "joki_finding": joki_finding,
        "calendar_day": calendar_day,
        **_pay_rows(opd_b, other, city.users["bkpsdm"], now),
        "phase": phase,
        "special": special,
        "evaluation": evaluation,
        "opd_b": opd_b,
        "unit_b": other.unit,
        "position_b": other.position,
        "other_user": other_user,
        "office_b": office_for(opd_b),
        "grant_b": grant_b,
        "token_b": token_b,
        "totp": totp,
        "group": Group.objects.create(name="Grup B"),
        "attempt": attempt,
        "access_log": access_log,
        "failure_log": failure_log,
        "ct_employee": ContentType.objects.get_for_model(Employee),
        # A SIASN pull awaiting BKPSDM's review (city-wide: no OPD to hide it from).
        "sync_run": SyncRun.objects.create(trigger="nightly"),
    }
    ids: dict[str, int | str] = {name: row.pk for name, row in rows.items()}
    return World(city=city, users=users, ids=ids, rows=rows)
