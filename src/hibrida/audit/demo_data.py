"""Demo audit: one Inspektorat plan over Phase II with a drawn sample and two findings.

Goes through the real services, so the sample, findings and daily anchors are what the pages
and ``hibrida verify_audit_log`` would produce. Deterministic from ctx.seed.
"""

from __future__ import annotations

import datetime as dt

from hibrida.demo.registry import DemoContext
from hibrida.org.models import Opd, User

from . import services

PERIOD = (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
SCOPE = ["BKPSDM", "BAPELITBANGDA", "DISKOMINFOSTANDI"]


def seed(ctx: DemoContext) -> dict:
    auditor = User.objects.filter(username="inspektorat").first()
    admin = User.objects.filter(username="admin.opd").first()
    counts: dict = {"plans": 0, "sample": 0, "findings": 0, "anchors": 0}
    opds = list(Opd.objects.filter(code__in=SCOPE).order_by("code"))
    if auditor is not None and opds:
        plan = services.create_plan(
            actor=auditor,
            title="Audit kinerja ASN WFH Tahap II (Desember 2025)",
            objective="Menguji apakah hari WFH didukung presensi, laporan harian yang divalidasi "
            "dengan wajar, dan supervisi atasan.",
            period_start=PERIOD[0],
            period_end=PERIOD[1],
            opds=opds if not ctx.fast else opds[:1],
            sample_size=6 if ctx.fast else 15,
        )
        plan = services.draw_sample(actor=auditor, plan=plan, seed=ctx.seed * 7919 + 17)
        items = list(plan.items.select_related("employee", "employee__opd").order_by("rank"))
        counts.update(plans=1, sample=len(items))
        due = ctx.today + dt.timedelta(days=30)
        if items:
            first = services.record_finding(
                actor=auditor,
                plan=plan,
                item=items[0],
                title="Laporan harian WFH tanpa bukti output",
                condition="Laporan hari WFH berisi uraian umum tanpa output terukur atau bukti; "
                "disetujui atasan tanpa catatan.",
                severity="medium",
                recommendation="Atasan mewajibkan output terukur dan bukti pada laporan WFH; "
                "validasi dilakukan setelah membuka bukti.",
                due_date=due,
            )
            counts["findings"] += 1
            responder = admin if admin and first.opd_id in _admin_opds(admin) else None
            if responder is not None:
                services.add_follow_up(
                    actor=responder,
                    finding=first,
                    note="Surat edaran internal tentang bukti output WFH telah diterbitkan.",
                )
        if len(items) > 1:
            services.record_finding(
                actor=auditor,
                plan=plan,
                item=items[1],
                title="Panggilan supervisi tidak terdokumentasi",
                condition="Uji petik panggilan video pada hari sampel tidak dicatat hasilnya "
                "oleh atasan.",
                severity="low",
                recommendation="Atasan mencatat hasil setiap uji petik pada hari yang sama.",
                due_date=due,
            )
            counts["findings"] += 1
    for back in range(14, 0, -1):
        services.anchor_day(day=ctx.today - dt.timedelta(days=back))
        counts["anchors"] += 1
    return counts


def _admin_opds(user) -> set[int]:
    return set(user.role_grants.filter(role="opd_admin").values_list("opd_id", flat=True))
