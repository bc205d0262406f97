"""Writes for meetings and spot checks: one function per use case, one transaction, one event."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hibrida.audit import decisions
from hibrida.audit.log import record_event, snapshot
from hibrida.org import access
from hibrida.org.access import Role
from hibrida.org.models import Employee, Opd, Unit, User
from hibrida.policy.calendar import is_working_day

from . import selectors
from .models import (
    AttendanceStatus,
    Meeting,
    MeetingAttendance,
    MeetingOccurrence,
    NotReachedReason,
    OccurrenceStatus,
    SpotCheck,
    SpotCheckOutcome,
)
from .spotcheck import choose_spot_checks

MAX_SERIES_DAYS = 366
# Self check-in opens a little before the start so people joining early are not refused.
CHECK_IN_EARLY = dt.timedelta(minutes=15)
MEETING_FIELDS = [
    "title",
    "agenda",
    "organiser_opd",
    "weekdays",
    "start_time",
    "duration_minutes",
    "start_date",
    "end_date",
    "video_url",
]


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def new_room_url(prefix: str = "Hibrida") -> str:
    """A Jitsi room on the configured server with an unguessable name."""
    base = settings.HIBRIDA_MEETING_BASE_URL.rstrip("/")
    return f"{base}/{prefix}-{secrets.token_hex(8)}"


def can_organise(actor: User, opd: Opd) -> bool:
    """OPD admins and BKPSDM for the OPDs they manage; an atasan for their own OPD."""
    if access.can_manage_opd(actor, opd):
        return True
    scope = access.scope_for(actor)
    if scope.has(Role.ATASAN) and scope.employee_id:
        return Employee.objects.filter(pk=scope.employee_id, opd=opd).exists()
    return False


def can_run(actor: User, meeting: Meeting) -> bool:
    """The organiser, or whoever manages the organising OPD, confirms attendance and minutes."""
    if meeting.organiser_id and meeting.organiser_id == getattr(actor, "pk", None):
        return True
    return access.can_manage_opd(actor, meeting.organiser_opd_id)


# One independent check per form field; the branches count fields, not logic.
def _clean_meeting(data: dict) -> dict[str, str]:  # noqa: C901
    errors: dict[str, str] = {}
    if not (data.get("title") or "").strip():
        errors["title"] = "Judul rapat wajib diisi."
    weekdays = data.get("weekdays") or []
    try:
        weekdays = sorted({int(d) for d in weekdays})
    except (TypeError, ValueError):
        weekdays = []
        errors["weekdays"] = "Hari rapat tidak sah."
    if not weekdays and "weekdays" not in errors:
        errors["weekdays"] = "Pilih minimal satu hari rapat."
    elif any(d < 0 or d > 6 for d in weekdays):
        errors["weekdays"] = "Hari rapat harus antara Senin dan Minggu."
    data["weekdays"] = weekdays
    if data.get("start_time") is None:
        errors["start_time"] = "Jam mulai wajib diisi."
    duration = data.get("duration_minutes") or 60
    if not 15 <= int(duration) <= 480:
        errors["duration_minutes"] = "Durasi harus 15–480 menit."
    start, end = data.get("start_date"), data.get("end_date")
    if start is None:
        errors["start_date"] = "Tanggal mulai wajib diisi."
    if end is None:
        errors["end_date"] = "Tanggal selesai wajib diisi."
    if start and end:
        if end < start:
            errors["end_date"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
        elif (end - start).days > MAX_SERIES_DAYS:
            errors["end_date"] = "Rangkaian rapat paling lama satu tahun."
    url = (data.get("video_url") or "").strip()
    if url and not url.startswith(("https://", "http://")):
        errors["video_url"] = "Tautan video harus diawali https://."
    return errors


def occurrence_dates(meeting: Meeting) -> list[dt.date]:
    """Dates of the weekly rule within the range that are working days."""
    out, day = [], meeting.start_date
    while day <= meeting.end_date:
        if day.weekday() in meeting.weekdays and is_working_day(day):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def _window(meeting: Meeting, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, meeting.start_time, tzinfo=_tz())
    return start, start + dt.timedelta(minutes=meeting.duration_minutes)


def create_meeting(
    *,
    actor: User,
    title: str,
    organiser_opd: Opd | None,
    weekdays: list[int],
    start_time: dt.time | None,
    start_date: dt.date | None,
    end_date: dt.date | None,
    duration_minutes: int = 60,
    agenda: str = "",
    video_url: str = "",
    invited_opds: list[Opd] | None = None,
    invited_units: list[Unit] | None = None,
) -> Meeting:
    """Create a recurring coordination meeting and its occurrences (working days only)."""
    access.require_writer(actor)
    data = {
        "title": title,
        "weekdays": weekdays,
        "start_time": start_time,
        "duration_minutes": duration_minutes,
        "start_date": start_date,
        "end_date": end_date,
        "video_url": video_url,
    }
    errors = _clean_meeting(data)
    if organiser_opd is None:
        errors["organiser_opd"] = "OPD penyelenggara wajib diisi."
    elif not can_organise(actor, organiser_opd):
        errors["organiser_opd"] = "Anda tidak berwenang menyelenggarakan rapat untuk OPD ini."
    if errors:
        raise ValidationError(errors)
    # Each of these was reported above when missing, so none is None past the raise.
    assert organiser_opd is not None and start_time is not None
    assert start_date is not None and end_date is not None
    with transaction.atomic():
        meeting = Meeting.objects.create(
            title=title.strip(),
            agenda=(agenda or "").strip(),
            organiser_opd=organiser_opd,
            organiser=actor,
            weekdays=data["weekdays"],
            start_time=start_time,
            duration_minutes=int(duration_minutes),
            start_date=start_date,
            end_date=end_date,
            video_url=(video_url or "").strip() or new_room_url(),
        )
        meeting.invited_opds.set(invited_opds or [])
        meeting.invited_units.set(invited_units or [])
        occurrences = []
        for day in occurrence_dates(meeting):
            starts, ends = _window(meeting, day)
            occurrences.append(
                MeetingOccurrence(meeting=meeting, date=day, starts_at=starts, ends_at=ends)
            )
        MeetingOccurrence.objects.bulk_create(occurrences)
        after = snapshot(meeting, MEETING_FIELDS)
        after["invited_opds"] = sorted(o.pk for o in invited_opds or [])
        after["invited_units"] = sorted(u.pk for u in invited_units or [])
        after["occurrences"] = len(occurrences)
        record_event(actor=actor, action="meeting.created", obj=meeting, after=after)
    return meeting


def is_invited(employee: Employee, meeting: Meeting) -> bool:
    """Everyone in the organising OPD, an invited OPD or an invited unit may attend."""
    if employee.opd_id == meeting.organiser_opd_id:
        return True
    if meeting.invited_opds.filter(pk=employee.opd_id).exists():
        return True
    return meeting.invited_units.filter(pk=employee.unit_id).exists()


def check_in(
    *, actor: User, occurrence: MeetingOccurrence, now: dt.datetime | None = None
) -> MeetingAttendance:
    """Self check-in of the logged-in ASN during the meeting window (idempotent)."""
    access.require_writer_for(actor, getattr(actor, "employee_id", None))
    now = now or timezone.now()
    employee = getattr(actor, "employee", None)
    if employee is None:
        raise ValidationError({"employee": "Hanya ASN yang dapat mengisi kehadiran rapat."})
    meeting = occurrence.meeting
    if not is_invited(employee, meeting):
        raise ValidationError({"occurrence": "Anda tidak termasuk undangan rapat ini."})
    if occurrence.status == OccurrenceStatus.CANCELLED:
        raise ValidationError({"occurrence": "Rapat ini dibatalkan."})
    if not (occurrence.starts_at - CHECK_IN_EARLY <= now <= occurrence.ends_at):
        raise ValidationError(
            {"occurrence": "Kehadiran hanya dapat diisi selama rapat berlangsung."}
        )
    existing = MeetingAttendance.objects.filter(occurrence=occurrence, employee=employee).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        attendance = MeetingAttendance.objects.create(
            occurrence=occurrence, employee=employee, checked_in_at=now
        )
        record_event(
            actor=actor,
            action="meeting.checked_in",
            obj=attendance,
            after=snapshot(attendance, ["occurrence", "employee", "checked_in_at", "status"]),
        )
    return attendance


def confirm_attendance(
    *, actor: User, attendance: MeetingAttendance, accept: bool
) -> MeetingAttendance:
    """The organiser confirms (or rejects) a self check-in, once."""
    access.require_writer(actor)
    access.require(
        can_run(actor, attendance.occurrence.meeting),
        "Hanya penyelenggara rapat yang dapat mengonfirmasi kehadiran.",
    )
    return decisions.decide(
        actor=actor,
        model=MeetingAttendance,
        pk=attendance.pk,
        pending=[AttendanceStatus.CHECKED_IN],
        to_status=AttendanceStatus.CONFIRMED if accept else AttendanceStatus.REJECTED,
        action="meeting.attendance_confirmed" if accept else "meeting.attendance_rejected",
        snapshot_fields=["status", "decided_by", "decided_at"],
        already_message="Kehadiran ini sudah dikonfirmasi atau ditolak.",
    )


def record_minutes(
    *, actor: User, occurrence: MeetingOccurrence, minutes: str, held: bool = True
) -> MeetingOccurrence:
    """Store the minutes and mark the sitting held (or cancelled, with the reason as minutes)."""
    access.require_writer(actor)
    access.require(
        can_run(actor, occurrence.meeting), "Hanya penyelenggara rapat yang dapat mengisi notulen."
    )
    text = (minutes or "").strip()
    if not text:
        raise ValidationError(
            {
                "minutes": "Notulen (atau alasan pembatalan) wajib diisi."
                if held
                else "Alasan wajib."
            }
        )
    if held and occurrence.starts_at > timezone.now():
        raise ValidationError({"minutes": "Rapat belum dimulai; notulen diisi setelah rapat."})
    with transaction.atomic():
        occurrence = MeetingOccurrence.objects.select_for_update().get(pk=occurrence.pk)
        before = snapshot(occurrence, ["status", "minutes"])
        occurrence.status = OccurrenceStatus.HELD if held else OccurrenceStatus.CANCELLED
        occurrence.minutes = text
        occurrence.minutes_at = timezone.now()
        occurrence.save(update_fields=["status", "minutes", "minutes_at"])
        record_event(
            actor=actor,
            action="meeting.minutes_recorded" if held else "meeting.cancelled",
            obj=occurrence,
            before=before,
            after=snapshot(occurrence, ["status", "minutes"]),
        )
    return occurrence


# --- supervision spot checks -------------------------------------------------------------


def spot_check_secret() -> str:
    """Server-side secret for the daily draw (never shown to staff)."""
    return getattr(settings, "HIBRIDA_SPOT_CHECK_SECRET", "") or settings.SECRET_KEY


def propose_spot_checks(
    *, day: dt.date, secret: str | None = None, now: dt.datetime | None = None
) -> dict:
    """Propose today's calls to every atasan: a secret-seeded sample of WFH direct reports.

    Idempotent per day: an atasan who already has proposals for ``day`` gets no more. Without a
    published schedule for the day nobody is known to be at home: nothing is
    proposed and the result says why.
    """
    if not is_working_day(day):
        return {"day": day.isoformat(), "proposed": 0, "note": "bukan hari kerja"}
    secret = secret or spot_check_secret()
    now = now or timezone.now()
    staff = list(
        Employee.objects.filter(
            is_active=True, supervisor__isnull=False, supervisor__is_active=True
        ).values_list("id", "supervisor_id")
    )
    wfh = selectors.wfh_employee_ids([e for e, _s in staff], day)
    if wfh is None:
        return {"day": day.isoformat(), "proposed": 0, "note": "jadwal (rotasi) belum tersedia"}
    teams: dict[int, list[int]] = defaultdict(list)
    for emp, sup in staff:
        if emp in wfh:
            teams[sup].append(emp)
    done_atasan = set(SpotCheck.objects.filter(day=day).values_list("atasan_id", flat=True))
    already_today = set(SpotCheck.objects.filter(day=day).values_list("employee_id", flat=True))
    month_start = day.replace(day=1)
    checked = set(
        SpotCheck.objects.filter(day__gte=month_start, day__lt=day).values_list(
            "employee_id", flat=True
        )
    )
    rows = []
    for atasan_id in sorted(teams):
        if atasan_id in done_atasan:
            continue
        candidates = [e for e in teams[atasan_id] if e not in already_today]
        for emp in choose_spot_checks(
            secret=secret,
            day=day,
            atasan_id=atasan_id,
            candidates=candidates,
            checked_this_month=checked,
        ):
            rows.append(
                SpotCheck(
                    day=day,
                    atasan_id=atasan_id,
                    employee_id=emp,
                    call_url=new_room_url("Supervisi"),
                    proposed_at=now,
                )
            )
    with transaction.atomic():
        SpotCheck.objects.bulk_create(rows, ignore_conflicts=True)
        record_event(
            actor=None,
            action="spot_checks.proposed",
            object_type="meetings.spotcheck",
            object_id=day.isoformat(),
            after={"day": day, "proposed": len(rows), "atasan": len({r.atasan_id for r in rows})},
        )
    return {"day": day.isoformat(), "proposed": len(rows), "note": ""}


def record_spot_check(
    *, actor: User, spot_check: SpotCheck, outcome: str, reason: str = "", note: str = ""
) -> SpotCheck:
    """The atasan records how the video call went (reached / not reached with a reason), once."""
    access.require_writer(actor)
    access.require(
        getattr(actor, "employee_id", None) == spot_check.atasan_id,
        "Hanya atasan yang diminta melakukan panggilan ini yang dapat mencatat hasilnya.",
    )
    errors = {}
    if outcome not in (SpotCheckOutcome.REACHED, SpotCheckOutcome.NOT_REACHED):
        errors["outcome"] = "Pilih hasil: terhubung atau tidak terhubung."
    if outcome == SpotCheckOutcome.NOT_REACHED and reason not in NotReachedReason.values:
        errors["reason"] = "Alasan wajib dipilih bila pegawai tidak terhubung."
    if spot_check.day > timezone.localdate():
        errors["outcome"] = "Panggilan untuk hari yang akan datang belum dapat dicatat."
    if errors:
        raise ValidationError(errors)
    other = outcome == SpotCheckOutcome.NOT_REACHED and reason == NotReachedReason.OTHER
    return decisions.decide(
        actor=actor,
        model=SpotCheck,
        pk=spot_check.pk,
        pending=[SpotCheckOutcome.PENDING],
        to_status=outcome,
        action="spot_check.recorded",
        note=note,
        note_required="Jelaskan alasan 'lainnya' di catatan." if other else "",
        changes={"reason": reason if outcome == SpotCheckOutcome.NOT_REACHED else ""},
        snapshot_fields=["status", "reason", "decision_note", "decided_at", "decided_by"],
        already_message="Hasil panggilan ini sudah dicatat.",
    )
