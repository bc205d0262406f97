"""Demo work policy: city rule, class defaults, a few overrides, pilot phases, calendar rows,
WFH readiness for most staff. Everything is ordinary data that BKPSDM / OPD admins can edit.

Cuti bersama 2025–2026 are loaded from the ``holidays`` package's "government" category (the
joint ministerial decree); in production BKPSDM keeps them up to date on the policy page.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from hibrida.audit.log import record_event
from hibrida.demo.registry import DemoContext
from hibrida.org.models import Employee, Opd, OpdClass, Position, Unit, User

from .calendar import package_cuti_bersama
from .models import (
    CalendarDay,
    CalendarDayKind,
    DisciplineKind,
    DisciplineRecord,
    JobCriteria,
    Level,
    Pattern,
    Phase,
    PhaseStatus,
    PolicyRule,
    SpecialCircumstance,
    SpecialStatus,
    WfhReadiness,
)

PHASES = [
    (
        "Baseline Oktober 2025",
        "Kondisi awal sebelum uji coba: seluruh ASN bekerja di kantor (WFO penuh).",
        dt.date(2025, 10, 1),
        dt.date(2025, 10, 31),
        PhaseStatus.ACTIVE,
        Pattern.NONE,
        "",
        None,
        None,
    ),
    (
        "Tahap I November 2025",
        "Mengikuti SE Jawa Barat No. 150/KPG.03/BKD: WFH setiap hari Kamis; kegiatan penting "
        "diselenggarakan daring.",
        dt.date(2025, 11, 1),
        dt.date(2025, 11, 30),
        PhaseStatus.ACTIVE,
        Pattern.FIXED_WEEKDAY,
        "thu",
        1,
        None,
    ),
    (
        "Tahap II Desember 2025",
        "Rotasi 50:50 antara WFH dan WFO di seluruh OPD yang layak.",
        dt.date(2025, 12, 1),
        dt.date(2025, 12, 31),
        PhaseStatus.ACTIVE,
        Pattern.ROTATION,
        "",
        None,
        0.5,
    ),
    (
        "Model 2026 (rancangan)",
        "Rancangan model tahun anggaran 2026 berdasarkan hasil uji coba: kuota 1 hari WFH per "
        "minggu per unit. Belum berlaku.",
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        PhaseStatus.DRAFT,
        Pattern.WEEKLY_QUOTA,
        "",
        1,
        None,
    ),
]


def seed(ctx: DemoContext) -> dict:
    """Create the demo policy; deterministic from ``ctx.rng``."""
    rng = ctx.rng
    now = timezone.now()
    with transaction.atomic():
        rules = [
            PolicyRule(
                level=Level.KOTA,
                wfh_allowed=True,
                pattern=Pattern.WEEKLY_QUOTA,
                wfh_days_per_week=1,
                max_wfh_per_week=2,
                allowed_weekdays=["mon", "tue", "wed", "thu", "fri"],
                min_onsite_share=0.5,
                min_onsite_count=1,
                wfh_share=0.5,
                blackout_dates=["2025-12-30", "2025-12-31", "2026-12-30", "2026-12-31"],
                field_rotation=False,
                note="Kebijakan kota: WFH 1–2 hari per minggu; tutup buku akhir tahun tanpa WFH.",
            ),
            PolicyRule(
                level=Level.KELAS,
                opd_class=OpdClass.PELAYANAN_LANGSUNG,
                wfh_allowed=False,
                note="Pelayanan langsung: WFO penuh, antrean digital dan layanan daring.",
            ),
            PolicyRule(
                level=Level.KELAS,
                opd_class=OpdClass.ADMINISTRATIF_TEKNIS,
                min_onsite_share=0.5,
                note="Administratif/teknis: WFH bergilir, pelaporan daring.",
            ),
            PolicyRule(
                level=Level.KELAS,
                opd_class=OpdClass.PENGAWASAN_LAPANGAN,
                field_rotation=True,
                min_onsite_share=0.6,
                min_onsite_count=2,
                note="Pengawasan/lapangan: tugas lapangan bergilir, pelaporan waktu nyata.",
            ),
        ]
        opds = {o.code: o for o in Opd.objects.all()}
        if "BPKAD" in opds:
            rules.append(
                PolicyRule(
                    level=Level.OPD,
                    opd=opds["BPKAD"],
                    blackout_dates=["2025-11-28", "2026-06-30"],
                    min_onsite_share=0.6,
                    note="Tenggat penyusunan dan pertanggungjawaban APBD.",
                )
            )
        if "BAPENDA" in opds:
            # A frontline OPD whose back office may rotate: the OPD overrides its class.
            rules.append(
                PolicyRule(
                    level=Level.OPD,
                    opd=opds["BAPENDA"],
                    wfh_allowed=True,
                    min_onsite_share=0.7,
                    note="Loket pajak tetap WFO (jabatan); bagian lain boleh bergilir.",
                )
            )
        reception = (
            Unit.objects.filter(opd__code="SETDA", name__icontains="Umum").order_by("code").first()
        )
        if reception is not None:
            rules.append(
                PolicyRule(
                    level=Level.UNIT,
                    unit=reception,
                    min_onsite_count=3,
                    note="Subbagian Umum melayani tamu dan surat masuk setiap hari.",
                )
            )
        PolicyRule.objects.bulk_create(rules)

        phases = []
        for name, desc, start, end, status, pattern, weekday, quota, share in PHASES:
            phases.append(
                Phase(
                    name=name,
                    description=desc,
                    start=start,
                    end=end,
                    status=status,
                    pattern=pattern,
                    fixed_weekday=weekday,
                    wfh_days_per_week=quota,
                    wfh_share=share,
                )
            )
        Phase.objects.bulk_create(phases)

        days = []
        for year in (2025, 2026):
            for day, name in sorted(package_cuti_bersama(year).items()):
                if day.weekday() < 5:
                    days.append(CalendarDay(date=day, kind=CalendarDayKind.CUTI_BERSAMA, name=name))
        days.append(
            CalendarDay(
                date=dt.date(2026, 3, 10),
                kind=CalendarDayKind.LIBUR_DAERAH,
                name="Hari Jadi Kota Bekasi (contoh libur daerah)",
            )
        )
        CalendarDay.objects.bulk_create(days)

        # Most staff who could work from home have completed the three readiness steps;
        # a few are missing one, so the eligibility page shows each reason.
        candidates = Employee.objects.filter(
            position__requires_presence=False, position__field_work=False
        ).values_list("pk", flat=True)
        readiness = []
        for pk in sorted(candidates):
            draw = rng.random()
            if draw < 0.04:
                continue
            readiness.append(
                WfhReadiness(
                    employee_id=pk,
                    connectivity_checked_at=now,
                    connectivity_mbps=round(rng.uniform(8, 80), 1),
                    device_registered_at=None if draw < 0.07 else now,
                    device_label="" if draw < 0.07 else f"Laptop dinas INV-{pk:06d}",
                    security_accepted_at=None if 0.07 <= draw < 0.10 else now,
                )
            )
        WfhReadiness.objects.bulk_create(readiness, batch_size=2000)
        # PermenPANRB 4/2025 Pasal 23: an archivist's work needs the archive room, so the
        # demo's archivists fail one job criterion and the pages show that reason.
        criteria = [
            JobCriteria(position=p, no_special_equipment=False)
            for p in Position.objects.filter(name="Arsiparis")
        ]
        JobCriteria.objects.bulk_create(criteria)
        discipline, special = _staff_criteria(ctx, now)
        counts = {
            "rules": len(rules),
            "phases": len(phases),
            "calendar_days": len(days),
            "readiness": len(readiness),
            "job_criteria": len(criteria),
            "discipline_records": discipline,
            "special_circumstances": special,
        }
        record_event(
            actor=None,
            action="demo.policy_seeded",
            object_type="demo",
            object_id=str(ctx.seed),
            after=counts,
        )
    return counts


def _staff_criteria(ctx: DemoContext, now: dt.datetime) -> tuple[int, int]:
    """PermenPANRB 4/2025 Pasal 25 and 30 in the demo: two ASN under a disciplinary process or
    sanction (ineligible for its period), and in the demo atasan's team one approved and one
    pending special-circumstance application. People are picked by NIP order, not by
    ``ctx.rng``, so the apps seeded after this one draw the same numbers as before."""
    bkpsdm = User.objects.filter(username="bkpsdm").first()
    atasan = User.objects.filter(username="atasan").select_related("employee").first()
    if bkpsdm is None or atasan is None or atasan.employee is None:
        return 0, 0
    demo_people = set(
        User.objects.filter(employee__isnull=False).values_list("employee_id", flat=True)
    )
    candidates = (
        Employee.objects.filter(
            is_active=True, position__requires_presence=False, position__field_work=False
        )
        .exclude(pk__in=demo_people)
        .exclude(opd__code="BKPSDM")
        .order_by("nip")
    )
    picked = list(candidates[:2])
    records = [
        DisciplineRecord(
            employee=person,
            kind=kind,
            start=ctx.today - dt.timedelta(days=start),
            end=ctx.today + dt.timedelta(days=end),
            reference=reference,
            recorded_by=bkpsdm,
        )
        for person, (kind, start, end, reference) in zip(
            picked,
            [
                (DisciplineKind.IN_PROCESS, 20, 40, "BAP pemeriksaan BKPSDM/PD/2026/031"),
                (DisciplineKind.SANCTION, 60, 120, "SK Wali Kota 800/HD.07-BKPSDM/2026"),
            ],
            strict=False,
        )
    ]
    DisciplineRecord.objects.bulk_create(records)
    team = list(
        Employee.objects.filter(supervisor=atasan.employee, is_active=True)
        .exclude(pk__in=demo_people)
        .order_by("nip")[:2]
    )
    applications = []
    if team:
        applications.append(
            SpecialCircumstance(
                employee=team[0],
                reason="Pemulihan pascaoperasi lutut; surat keterangan dokter RSUD dr. Chasbullah "
                "Abdulmadjid terlampir.",
                end=ctx.today + dt.timedelta(days=30),
                status=SpecialStatus.APPROVED,
                decided_by=atasan,
                decided_at=now - dt.timedelta(days=3),
                decision_note="Disetujui sampai kontrol ulang.",
            )
        )
    if len(team) > 1:
        applications.append(
            SpecialCircumstance(
                employee=team[1],
                reason="Merawat orang tua yang sakit berat di rumah.",
                end=ctx.today + dt.timedelta(days=14),
            )
        )
    SpecialCircumstance.objects.bulk_create(applications)
    return len(records), len(applications)
