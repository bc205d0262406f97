"""Draft generation from policy + eligibility: the pilot phases do what the pilot describes."""

import datetime as dt
from collections import Counter

import pytest

from hibrida.policy.models import Level, PolicyRule, WfhReadiness
from hibrida.roster.models import ScheduleRow
from hibrida.roster.planning import decode_modes
from hibrida.roster.services import generate_draft


def _modes(schedule):
    return {
        r.employee_id: decode_modes(schedule.month, r.modes)
        for r in ScheduleRow.objects.filter(schedule=schedule)
    }


@pytest.mark.django_db
def test_phase_one_gives_wfh_only_on_thursdays_once_a_week(roster_city):
    c = roster_city
    # The pilot closed offices on Thursdays: no coverage floor for this OPD.
    PolicyRule.objects.create(level=Level.OPD, opd=c.opd_a, min_onsite_share=0, min_onsite_count=0)
    WfhReadiness.objects.filter(employee=c.staff2).update(security_accepted_at=None)
    [schedule] = generate_draft(actor=c.users["opd_admin"], month="2025-11", opd=c.opd_a)
    assert schedule.phase == "Tahap I" and schedule.status == "draft"
    modes = _modes(schedule)
    thursdays = [dt.date(2025, 11, d) for d in (6, 13, 20, 27)]
    for emp_id, days in modes.items():
        wfh = sorted(d for d, m in days.items() if m == "WFH")
        if emp_id == c.staff2.pk:
            assert wfh == []  # not ready: never WFH
        else:
            assert wfh == thursdays  # every Thursday, one a week
    row = ScheduleRow.objects.get(schedule=schedule, employee=c.staff2)
    assert not row.eligible and "keamanan data" in row.reason


@pytest.mark.django_db
def test_phase_two_rotates_half_of_each_unit_and_shares_days_equally(roster_city):
    c = roster_city
    [schedule] = generate_draft(actor=c.users["opd_admin"], month="2025-12", opd=c.opd_a)
    assert schedule.phase == "Tahap II" and schedule.solver_status == "OPTIMAL"
    modes = _modes(schedule)
    units = {e.pk: e.unit_id for e in [*c.unit_a_staff, c.s3, c.s4]}
    per_day = Counter()
    size = Counter(units.values())
    for emp_id, days in modes.items():
        for d, m in days.items():
            if m == "WFH":
                per_day[(units[emp_id], d)] += 1
    for (unit_id, _d), n in per_day.items():
        assert n <= size[unit_id] // 2  # at most half the unit at home on any day
    wfh = [sum(1 for m in days.values() if m == "WFH") for days in modes.values()]
    assert wfh == [11] * len(wfh)  # 22 working days, 50:50, everyone the same
    unit_key = f"{c.unit_a.name} ({c.unit_a.code})"
    assert schedule.report["units"][unit_key]["wfh_days"]["gini"] == 0.0
    assert schedule.max_shortfall == 0


@pytest.mark.django_db
def test_baseline_month_has_no_wfh_and_frontline_stays_in_office(roster_city):
    c = roster_city
    drafts = generate_draft(actor=c.users["bkpsdm"], month="2025-10", opd=None)
    assert len(drafts) == 2  # one per OPD
    for schedule in drafts:
        assert all(m != "WFH" for days in _modes(schedule).values() for m in days.values())
    row = ScheduleRow.objects.get(employee=c.other)
    assert not row.eligible and row.reason.startswith("Kelas OPD pelayanan langsung")


@pytest.mark.django_db
def test_weekly_quota_month_honours_coverage_and_quota(roster_city):
    c = roster_city
    [schedule] = generate_draft(actor=c.users["opd_admin"], month="2026-02", opd=c.opd_a)
    modes = _modes(schedule)
    for days in modes.values():
        weeks = Counter(d.isocalendar()[1] for d, m in days.items() if m == "WFH")
        assert all(n <= 1 for n in weeks.values())
    # Lunar New Year (17 Feb 2026) is a national holiday: not planned at all.
    assert all(dt.date(2026, 2, 17) not in days for days in modes.values())


def test_coverage_pools_send_lone_units_to_the_nearest_ancestor():
    from hibrida.roster.planning import coverage_pools

    parents = {1: None, 2: 1, 3: 2, 4: 2, 5: 1, 6: None}
    sizes = {1: 1, 2: 1, 3: 5, 4: 1, 5: 3, 6: 1}
    pools = coverage_pools(sizes, parents)
    # 4 (alone) → 2 (alone) → 1 (root): the leadership pool; 3 and 5 are big enough.
    assert pools == {1: 1, 2: 1, 3: 3, 4: 1, 5: 5, 6: 6}


@pytest.mark.django_db
def test_someone_alone_in_a_unit_rotates_with_the_parent_unit(roster_city):
    from tests.factories import EmployeeFactory, UnitFactory

    from .conftest import _ready

    c = roster_city
    lone_unit = UnitFactory(opd=c.opd_a, parent=c.unit_a, name="Bidang Sendiri")
    lone = EmployeeFactory(unit=lone_unit, position=c.staff1.position, supervisor=c.kepala)
    _ready([lone])
    [schedule] = generate_draft(actor=c.users["opd_admin"], month="2025-12", opd=c.opd_a)
    modes = _modes(schedule)
    assert sum(1 for m in modes[lone.pk].values() if m == "WFH") > 0
    pool = [e.pk for e in c.unit_a_staff] + [lone.pk]
    for d in modes[lone.pk]:
        at_home = sum(1 for e in pool if modes[e].get(d) == "WFH")
        assert at_home <= len(pool) // 2  # 50:50 over the pooled 9 people


@pytest.mark.django_db
def test_preferred_weekday_is_honoured_when_coverage_allows(roster_city):
    from django.core.exceptions import ValidationError

    from hibrida.roster.services import set_wfh_preference

    c = roster_city
    with pytest.raises(ValidationError) as err:
        set_wfh_preference(
            actor=c.users["asn"],
            employee=c.staff1,
            prefer_weekdays=["thu"],
            avoid_weekdays=["thu"],
        )
    assert "avoid_weekdays" in err.value.message_dict
    set_wfh_preference(
        actor=c.users["asn"], employee=c.staff1, prefer_weekdays=["thu"], avoid_weekdays=["mon"]
    )
    [schedule] = generate_draft(actor=c.users["opd_admin"], month="2026-02", opd=c.opd_a)
    wfh = [d for d, m in _modes(schedule)[c.staff1.pk].items() if m == "WFH"]
    assert len(wfh) == 4 and all(d.weekday() == 3 for d in wfh)
