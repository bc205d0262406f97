"""Demo meetings and spot checks for the pilot months and the recent weeks to month end.

Every OPD joins the city's Monday meeting and holds its own on Thursday (a few skip weeks so the
compliance warnings show); a sample of atasan get daily spot checks. Deterministic from ctx.rng.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hibrida.audit.log import record_event
from hibrida.demo.registry import DemoContext
from hibrida.org.models import Employee, Opd, OpdClass, User
from hibrida.policy.calendar import is_working_day
from hibrida.roster.modes import WorkMode
from hibrida.roster.selectors import planned_modes

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
from .services import spot_check_secret
from .spotcheck import choose_spot_checks

MINUTES = [
    "Evaluasi kehadiran dan laporan harian minggu lalu; tindak lanjut laporan yang terlambat.",
    "Koordinasi layanan: jadwal piket WFO dipastikan memenuhi batas minimal per unit.",
    "Pembahasan capaian SKP bulanan dan kendala koneksi saat WFH.",
    "Sinkronisasi agenda lintas bidang dan pembagian tugas pekan ini.",
]


def _periods(ctx: DemoContext) -> list[tuple[dt.date, dt.date]]:
    """Whole months around each history range, so the running week's meetings are planned."""
    out = []
    for start, end in ctx.history_ranges():
        next_month = (end.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        out.append((start.replace(day=1), next_month - dt.timedelta(days=1)))
    return out


def _at(day: dt.date, t: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, t, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _room(rng, prefix: str = "Hibrida") -> str:
    """Like services.new_room_url, but from the demo generator so reruns give the same links."""
    base = settings.HIBRIDA_MEETING_BASE_URL.rstrip("/")
    return f"{base}/{prefix}-{rng.getrandbits(64):016x}"


def _series(rng, opd, organiser, title, agenda, weekday, start_time, period, invited=None):
    meeting = Meeting.objects.create(
        title=title,
        agenda=agenda,
        organiser_opd=opd,
        organiser=organiser,
        weekdays=[weekday],
        start_time=start_time,
        duration_minutes=60,
        start_date=period[0],
        end_date=period[1],
        video_url=_room(rng),
    )
    if invited:
        meeting.invited_opds.set(invited)
    return meeting


def _meetings(ctx: DemoContext) -> dict:
    rng = ctx.rng
    now = ctx.now or timezone.now()
    opds = list(Opd.objects.filter(is_active=True).order_by("code"))
    bkpsdm = next((o for o in opds if o.code == "BKPSDM"), opds[0])
    organiser = User.objects.filter(username="admin.opd").first()
    staff: dict[int, list[int]] = defaultdict(list)
    for pk, opd_id in (
        Employee.objects.filter(is_active=True).order_by("pk").values_list("pk", "opd_id")
    ):
        staff[opd_id].append(pk)
    # Three OPDs skip their own meeting in some weeks: the warnings have something to show.
    laggards = {o.pk for o in rng.sample([o for o in opds if o != bkpsdm], k=min(3, len(opds)))}
    occurrences: list[MeetingOccurrence] = []
    plan: list[tuple[MeetingOccurrence, list[int]]] = []
    n_series = 0
    for period in _periods(ctx):
        city = _series(
            rng,
            bkpsdm,
            organiser,
            "Rapat koordinasi WFH Kota Bekasi",
            "Laporan tiap OPD: kehadiran, laporan harian, kendala layanan.",
            0,
            dt.time(9, 0),
            period,
            invited=opds,
        )
        own = {
            o.pk: _series(
                rng,
                o,
                organiser if o == bkpsdm else None,
                f"Rapat koordinasi internal {o.short_name}",
                "Evaluasi mingguan kerja hibrida di lingkungan OPD.",
                3,
                dt.time(13, 30),
                period,
            )
            for o in opds
        }
        n_series += 1 + len(own)
        for meeting in [city, *own.values()]:
            day = meeting.start_date
            while day <= meeting.end_date:
                if day.weekday() in meeting.weekdays and is_working_day(day):
                    starts = _at(day, meeting.start_time)
                    occ = MeetingOccurrence(
                        meeting=meeting,
                        date=day,
                        starts_at=starts,
                        ends_at=starts + dt.timedelta(minutes=meeting.duration_minutes),
                    )
                    past = starts + dt.timedelta(hours=1) < now
                    if (
                        past
                        and meeting is not city
                        and (
                            (meeting.organiser_opd_id in laggards and rng.random() < 0.5)
                            or rng.random() < 0.04
                        )
                    ):
                        occ.status = OccurrenceStatus.CANCELLED
                        occ.minutes = "Dibatalkan: bertepatan dengan kegiatan pimpinan."
                    elif past:
                        occ.status = OccurrenceStatus.HELD
                        occ.minutes = rng.choice(MINUTES)
                        occ.minutes_at = starts + dt.timedelta(hours=2)
                    occurrences.append(occ)
                    if past and occ.status == OccurrenceStatus.HELD:
                        if meeting is city:
                            who = [
                                rng.choice(staff[o.pk])
                                for o in opds
                                if staff.get(o.pk) and rng.random() < 0.9
                            ]
                        else:
                            pool = staff.get(meeting.organiser_opd_id, [])
                            who = rng.sample(pool, k=min(len(pool), rng.randint(4, 8)))
                        plan.append((occ, who))
                day += dt.timedelta(days=1)
    with transaction.atomic():
        MeetingOccurrence.objects.bulk_create(occurrences, batch_size=2000)
        attendances = []
        for occ, who in plan:
            for emp in sorted(set(who)):
                attendances.append(
                    MeetingAttendance(
                        occurrence=occ,
                        employee_id=emp,
                        checked_in_at=occ.starts_at + dt.timedelta(minutes=rng.randint(-5, 20)),
                        status=(
                            AttendanceStatus.CONFIRMED
                            if rng.random() < 0.9
                            else AttendanceStatus.CHECKED_IN
                        ),
                        decided_at=occ.ends_at,
                    )
                )
        MeetingAttendance.objects.bulk_create(attendances, batch_size=5000)
        record_event(
            actor=None,
            action="demo.meetings_seeded",
            object_type="meetings.meeting",
            after={
                "series": n_series,
                "occurrences": len(occurrences),
                "attendances": len(attendances),
            },
        )
    return {"series": n_series, "occurrences": len(occurrences), "attendances": len(attendances)}


def _spot_checks(ctx: DemoContext) -> dict:
    rng = ctx.rng
    today = ctx.today
    demo_atasan = (
        User.objects.filter(username="atasan").values_list("employee_id", flat=True).first()
    )
    atasan_ids = sorted(
        set(
            Employee.objects.filter(is_active=True, subordinates__isnull=False)
            .exclude(opd__opd_class=OpdClass.PELAYANAN_LANGSUNG)
            .values_list("pk", flat=True)
        )
    )
    chosen = set(rng.sample(atasan_ids, k=min(len(atasan_ids), 20 if ctx.fast else 150)))
    if demo_atasan:
        chosen.add(demo_atasan)
    teams: dict[int, list[int]] = defaultdict(list)
    for pk, sup in Employee.objects.filter(supervisor_id__in=chosen, is_active=True).values_list(
        "pk", "supervisor_id"
    ):
        teams[sup].append(pk)
    everyone = sorted(pk for team in teams.values() for pk in team)
    secret = spot_check_secret()
    rows = []
    for start, end in _periods(ctx):
        end = min(end, today)
        modes = planned_modes(everyone, start, end)
        checked_in_month: dict[tuple[int, int], set[int]] = defaultdict(set)
        day = start
        while day <= end:
            if is_working_day(day):
                month_key = (day.year, day.month)
                for atasan in sorted(teams):
                    wfh = [e for e in teams[atasan] if modes.get((e, day)) == WorkMode.WFH]
                    picks = choose_spot_checks(
                        secret=secret,
                        day=day,
                        atasan_id=atasan,
                        candidates=wfh,
                        checked_this_month=checked_in_month[month_key],
                    )
                    checked_in_month[month_key].update(picks)
                    for emp in picks:
                        sc = SpotCheck(
                            day=day,
                            atasan_id=atasan,
                            employee_id=emp,
                            call_url=_room(rng, "Supervisi"),
                            proposed_at=_at(day, dt.time(7, 0)),
                        )
                        if day < today:
                            roll = rng.random()
                            if roll < 0.84:
                                sc.status = SpotCheckOutcome.REACHED
                                sc.decision_note = (
                                    "Terhubung; pegawai menunjukkan pekerjaan hari ini."
                                )
                            elif roll < 0.93:
                                sc.status = SpotCheckOutcome.NOT_REACHED
                                sc.reason = rng.choice(NotReachedReason.values)
                                sc.decision_note = "Dihubungi dua kali."
                            if sc.status != SpotCheckOutcome.PENDING:
                                sc.decided_at = _at(day, dt.time(rng.randint(9, 15), 0))
                        rows.append(sc)
            day += dt.timedelta(days=1)
    with transaction.atomic():
        SpotCheck.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
        record_event(
            actor=None,
            action="demo.spot_checks_seeded",
            object_type="meetings.spotcheck",
            after={"spot_checks": len(rows), "atasan": len(teams)},
        )
    return {"spot_checks": len(rows), "atasan": len(teams)}


def seed(ctx: DemoContext) -> dict:
    """Meetings with attendance and minutes, and spot checks; returns counts."""
    if not Opd.objects.exists():
        return {"skipped": "no city"}
    return {**_meetings(ctx), **_spot_checks(ctx)}
