"""Demo TPP: a deduction table (marked as an example, not the city's Perwal) and the recap of
the last complete month of the demo history, for the ASN with presence history there (the
presence demo covers a sample of the city). Left for the atasan to review."""

from __future__ import annotations

import datetime as dt

from hibrida.demo.registry import DemoContext
from hibrida.org.models import User
from hibrida.presence.models import CheckIn

from . import services


def seed(ctx: DemoContext) -> dict:
    bkpsdm = User.objects.filter(username="bkpsdm").first()
    if bkpsdm is None:
        return {"skipped": "no bkpsdm account"}
    table = services.create_tier_table(
        actor=bkpsdm,
        data={
            "name": "Contoh tabel potongan TPP (demo)",
            "source": "Contoh untuk demo; ganti dengan Perwal Kota Bekasi tentang TPP yang berlaku",
            "valid_from": "2025-01-01",
            "tl_tiers": "30:0,5; 60:1; 90:1,25; *:1,5",
            "psw_tiers": "30:0,5; 60:1; 90:1,25; *:1,5",
            "absent_percent": "3",
        },
    )
    # The last month the history covers whole: in a partly covered month everyone would be
    # absent on the days before the history starts (the short test slice has none).
    months = [
        (first, _last_day(first))
        for first in ctx.history_months()
        if _last_day(first) < ctx.today
        and any(s <= first and _last_day(first) <= e for s, e in ctx.history_ranges())
    ]
    if not months:
        return {"tier_tables": 1, "recap_lines": 0}
    first, last = months[-1]
    people = list(
        CheckIn.objects.filter(work_date__gte=first, work_date__lte=last)
        .order_by("employee_id")
        .values_list("employee_id", flat=True)
        .distinct()
    )
    if not people:
        return {"tier_tables": 1, "recap_lines": 0}
    recap = services.compute_month(
        actor=bkpsdm,
        year=first.year,
        month=first.month,
        today=ctx.today,
        employee_ids=people,
    )
    return {"tier_tables": 1, "table": table.pk, "recap_lines": recap.lines.count()}


def _last_day(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
