"""Demo data of policy and roster: the pilot phases and published months on a small city."""

import datetime as dt
import random
from collections import Counter

import pytest

from hibrida.demo.generator import generate_city
from hibrida.demo.registry import DemoContext
from hibrida.org.models import GrantedRole
from hibrida.policy import demo_data as policy_demo
from hibrida.policy.models import CalendarDay, Phase, PhaseStatus
from hibrida.roster import demo_data as roster_demo
from hibrida.roster.models import Schedule, ScheduleRow, ScheduleStatus
from hibrida.roster.planning import decode_modes
from tests.factories import make_user


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_has_the_pilot_phases_and_publishes_them_for_every_opd():
    generate_city(n_employees=2500, seed=3)
    make_user(None, GrantedRole.BKPSDM)
    ctx = DemoContext(seed=3, rng=random.Random(3), today=dt.date(2026, 1, 15))
    policy_demo.seed(ctx)
    phases = {p.name: p for p in Phase.objects.all()}
    assert phases["Tahap I November 2025"].fixed_weekday == "thu"
    assert phases["Tahap II Desember 2025"].wfh_share == 0.5
    assert phases["Model 2026 (rancangan)"].status == PhaseStatus.DRAFT
    assert CalendarDay.objects.filter(date=dt.date(2025, 12, 26), kind="cuti_bersama").exists()

    counts = roster_demo.seed(ctx)
    assert counts["months"] == ["2025-10", "2025-11", "2025-12", "2026-01"]
    published = Schedule.objects.filter(status=ScheduleStatus.PUBLISHED)
    assert (
        published.filter(month=dt.date(2025, 11, 1)).count()
        == published.filter(month=dt.date(2025, 10, 1)).count()
        > 30
    )
    rows = ScheduleRow.objects.filter(schedule__in=published)
    for row in rows.filter(schedule__month=dt.date(2025, 10, 1)):
        assert "H" not in row.modes  # baseline: WFO penuh
    for row in rows.filter(schedule__month=dt.date(2025, 11, 1)):
        wfh = [d for d, m in decode_modes(row.schedule.month, row.modes).items() if m == "WFH"]
        assert all(d.weekday() == 3 for d in wfh)  # Tahap I: Thursdays only
    december = list(rows.filter(schedule__month=dt.date(2025, 12, 1)))
    size = Counter(r.unit_id for r in december)
    # Tahap II, 50:50: in units of 4 or more nearly every eligible person rotates; someone
    # alone in a unit covers it and gets none (small cities have many).
    team = [r for r in december if r.eligible and size[r.unit_id] >= 4]
    assert team and sum(1 for r in team if r.wfh_days > 0) > 0.8 * len(team)
    assert all(r.wfh_days <= 11 for r in december)
