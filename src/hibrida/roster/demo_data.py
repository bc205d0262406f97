"""Demo schedules: every OPD's published months for the pilot (Oct, Nov, Dec 2025) and the
recent weeks up to the current month (``DemoContext.history_months``), solved by the real
solver for the whole city at once, plus some leave and dinas luar entries (LEAVE / DUTY days)."""

from __future__ import annotations

import datetime as dt
import time

from django.db import transaction

from hibrida.audit.log import record_event
from hibrida.demo.registry import DemoContext
from hibrida.org.models import Employee, User
from hibrida.policy.calendar import working_days

from .models import Absence, AbsenceKind, DayOverride
from .modes import WorkMode
from .planning import month_end
from .services import generate_draft, publish_schedules


def _absences(ctx: DemoContext, month: dt.date, share: float = 0.03) -> int:
    """Leave and dinas luar for a few percent of staff in ``month`` (bulk, one audit event)."""
    rng = ctx.rng
    days = working_days(month, month_end(month))
    if not days:
        return 0
    ids = sorted(Employee.objects.filter(is_active=True).values_list("pk", flat=True))
    picked = [pk for pk in ids if rng.random() < share]
    absences, overrides = [], []
    for pk in picked:
        kind = AbsenceKind.LEAVE if rng.random() < 0.7 else AbsenceKind.DUTY
        first = rng.randrange(len(days))
        span = days[first : first + rng.randint(1, 3)]
        absences.append(
            Absence(
                employee_id=pk,
                kind=kind,
                start=span[0],
                end=span[-1],
                note="Cuti tahunan" if kind == AbsenceKind.LEAVE else "Dinas luar (rapat provinsi)",
            )
        )
    with transaction.atomic():
        Absence.objects.bulk_create(absences, batch_size=2000)
        for a in absences:
            for d in days:
                if a.start <= d <= a.end:
                    overrides.append(
                        DayOverride(
                            employee_id=a.employee_id,
                            day=d,
                            mode=WorkMode.LEAVE if a.kind == AbsenceKind.LEAVE else WorkMode.DUTY,
                            absence=a,
                        )
                    )
        DayOverride.objects.bulk_create(overrides, batch_size=2000)
        record_event(
            actor=None,
            action="demo.absences_seeded",
            object_type="demo",
            object_id=month.isoformat(),
            after={"absences": len(absences), "days": len(overrides)},
        )
    return len(absences)


def seed(ctx: DemoContext) -> dict:
    """Generate and publish the demo months as the BKPSDM demo account."""
    actor = User.objects.filter(role_grants__role="bkpsdm").order_by("pk").first()
    if actor is None:
        return {"skipped": "no BKPSDM account"}
    months = ctx.history_months()
    counts: dict = {"months": [], "schedules": 0, "absences": 0, "seconds": 0.0}
    start = time.perf_counter()
    for month in months:
        if month >= dt.date(2025, 12, 1):
            counts["absences"] += _absences(ctx, month)
        drafts = generate_draft(actor=actor, month=month, opd=None)
        publish_schedules(actor=actor, schedules=drafts)
        counts["months"].append(month.strftime("%Y-%m"))
        counts["schedules"] += len(drafts)
    counts["seconds"] = round(time.perf_counter() - start, 1)
    return counts
