"""Spot-check draw: secret-seeded, covers everyone within the month, proposed per atasan."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from hibrida.meetings import services
from hibrida.meetings.models import SpotCheck
from hibrida.meetings.spotcheck import choose_spot_checks, daily_sample_size
from hibrida.policy import calendar
from hibrida.roster.planning import month_end
from tests.factories import EmployeeFactory, publish_manual

SECRET = "rahasia-server-uji"


def working_days(year: int, month: int) -> list[dt.date]:
    day, out = dt.date(year, month, 1), []
    while day.month == month:
        if day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


@given(n=st.integers(min_value=1, max_value=40), atasan=st.integers(1, 10_000))
@settings(max_examples=60, deadline=None)
def test_rule_every_wfh_subordinate_is_called_within_the_month(n, atasan):
    """Rule: without replacement over the month, each of n WFH staff is called at least once
    when the team works from home every day (worst case: n up to 40, k=ceil(n/4))."""
    team = list(range(100, 100 + n))
    checked: set[int] = set()
    for day in working_days(2026, 3):
        checked.update(
            choose_spot_checks(
                secret=SECRET,
                day=day,
                atasan_id=atasan,
                candidates=team,
                checked_this_month=checked,
            )
        )
    assert checked == set(team)


@given(team=st.sets(st.integers(1, 500), min_size=1, max_size=30), data=st.data())
@settings(max_examples=60, deadline=None)
def test_rule_sample_is_from_candidates_without_repeats(team, data):
    """Rule: a draw only ever names candidates, each once, and the expected number of them."""
    checked = data.draw(st.sets(st.sampled_from(sorted(team))))
    chosen = choose_spot_checks(
        secret=SECRET,
        day=dt.date(2026, 1, 7),
        atasan_id=9,
        candidates=team,
        checked_this_month=checked,
    )
    assert set(chosen) <= team
    assert len(chosen) == len(set(chosen)) == daily_sample_size(len(team))
    fresh = team - checked
    # Those not yet checked this month come first.
    assert set(chosen[: len(fresh)]) <= fresh or set(chosen) <= fresh


def test_rule_draw_is_not_predictable_without_the_secret():
    """Rule: the same public inputs with a different secret give a different sample; the same
    secret reproduces it (so the server can explain a draw, staff cannot foresee it)."""
    team = list(range(1, 41))
    days = working_days(2026, 2)

    def month(secret):
        return [
            tuple(
                choose_spot_checks(
                    secret=secret, day=d, atasan_id=7, candidates=team, checked_this_month=[]
                )
            )
            for d in days
        ]

    assert month("rahasia-A") == month("rahasia-A")
    assert month("rahasia-A") != month("rahasia-B")


MARCH = dt.date(2026, 3, 1)


def publish_all_wfh(employees, month: dt.date = MARCH) -> None:
    """A published roster in which ``employees`` work from home on every working day."""
    days = calendar.working_days(month, month_end(month))
    by_opd: dict = {}
    for e in employees:
        by_opd.setdefault(e.opd, {})[e] = dict.fromkeys(days, "WFH")
    for opd, modes in by_opd.items():
        publish_manual(opd, month, modes)


def test_rule_propose_covers_team_over_a_month_and_is_idempotent(db):
    """Rule: the daily service proposes to each atasan only their WFH direct reports, once
    per day, and over a month every one of them is proposed."""
    boss = EmployeeFactory()
    team = [
        EmployeeFactory(unit=boss.unit, position=boss.position, supervisor=boss) for _ in range(8)
    ]
    publish_all_wfh(team)
    for day in calendar.working_days(MARCH, month_end(MARCH)):
        first = services.propose_spot_checks(day=day, secret=SECRET)
        again = services.propose_spot_checks(day=day, secret=SECRET)
        assert first["proposed"] == daily_sample_size(len(team))
        assert again["proposed"] == 0
    called = set(SpotCheck.objects.values_list("employee_id", flat=True))
    assert called == {e.pk for e in team}
    assert set(SpotCheck.objects.values_list("atasan_id", flat=True)) == {boss.pk}


def test_rule_no_roster_means_no_proposals(db):
    """Rule: with no published schedule nobody is known to be at home: nothing is proposed."""
    boss = EmployeeFactory()
    EmployeeFactory(unit=boss.unit, position=boss.position, supervisor=boss)
    result = services.propose_spot_checks(day=dt.date(2026, 3, 2), secret=SECRET)
    assert result["proposed"] == 0 and result["note"]
    assert not SpotCheck.objects.exists()


def test_rule_celery_task_runs_the_service(db):
    from hibrida.meetings.tasks import propose_spot_checks

    boss = EmployeeFactory()
    publish_all_wfh([EmployeeFactory(unit=boss.unit, position=boss.position, supervisor=boss)])
    result = propose_spot_checks.delay("2026-03-02").get()
    assert result["proposed"] == 1
