"""Daily-report deadline at 23:59/00:00 WIB (with and without grace) and escalation after
exactly N working days (HIBRIDA_VALIDATION_WORKING_DAYS), with the clock frozen."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from hibrida.activity import services
from hibrida.activity.models import DailyReport

from .conftest import JAKARTA, TODAY, submitted_report

pytestmark = pytest.mark.django_db

YESTERDAY = TODAY - dt.timedelta(days=1)  # Mon 9 Feb 2026


def wib(day: dt.date, h: int, m: int, s: int = 0, us: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, h, m, s, us, tzinfo=JAKARTA)


def submit_at(city, moment: dt.datetime, day: dt.date = YESTERDAY) -> DailyReport:
    with time_machine.travel(moment, tick=False):
        return submitted_report(city.users["asn"], day=day)


@pytest.fixture
def frozen_env(city, modes, media):
    return city


def test_the_deadline_is_the_last_microsecond_of_the_day_in_wib(settings):
    settings.HIBRIDA_REPORT_GRACE_MINUTES = 0
    assert services.deadline_for(YESTERDAY) == wib(YESTERDAY, 23, 59, 59, 999999)
    settings.HIBRIDA_REPORT_GRACE_MINUTES = 120
    assert services.deadline_for(YESTERDAY) == wib(TODAY, 1, 59, 59, 999999)


@pytest.mark.parametrize(
    ("moment", "late"),
    [
        (wib(YESTERDAY, 23, 58, 59), False),
        (wib(YESTERDAY, 23, 59, 59), False),  # the last second of 23:59 is on time
        (wib(TODAY, 0, 0, 0), True),  # midnight WIB is the next day: late
        (wib(TODAY, 0, 0, 1), True),
    ],
)
def test_submission_at_2359_and_0000_wib(frozen_env, settings, moment, late):
    settings.HIBRIDA_REPORT_GRACE_MINUTES = 0
    assert submit_at(frozen_env, moment).is_late is late


def test_midnight_wib_is_1700_utc(frozen_env, settings):
    settings.HIBRIDA_REPORT_GRACE_MINUTES = 0
    utc = dt.datetime(2026, 2, 9, 17, 0, tzinfo=dt.UTC)  # = 10 Feb 00:00 WIB
    assert submit_at(frozen_env, utc - dt.timedelta(seconds=1)).is_late is False


def test_midnight_wib_in_utc_is_late(frozen_env, settings):
    settings.HIBRIDA_REPORT_GRACE_MINUTES = 0
    assert submit_at(frozen_env, dt.datetime(2026, 2, 9, 17, 0, tzinfo=dt.UTC)).is_late is True


@pytest.mark.parametrize(
    ("moment", "late"),
    [(wib(TODAY, 1, 59, 59), False), (wib(TODAY, 2, 0, 0), True)],
)
def test_grace_of_120_minutes_moves_the_deadline_to_0200(frozen_env, settings, moment, late):
    settings.HIBRIDA_REPORT_GRACE_MINUTES = 120
    assert submit_at(frozen_env, moment).is_late is late


# Submitted Tue 10 Feb 2026. Working days after it: Wed 11, Thu 12, Fri 13, Mon 16,
# (Tue 17 Feb is Imlek), Wed 18.
@pytest.mark.parametrize(
    ("days", "due", "not_yet", "escalates"),
    [
        (1, dt.date(2026, 2, 11), dt.date(2026, 2, 11), dt.date(2026, 2, 12)),
        (3, dt.date(2026, 2, 13), dt.date(2026, 2, 13), dt.date(2026, 2, 16)),
        (5, dt.date(2026, 2, 18), dt.date(2026, 2, 18), dt.date(2026, 2, 19)),
    ],
)
def test_escalation_after_exactly_n_working_days(
    frozen_env, settings, days, due, not_yet, escalates
):
    settings.HIBRIDA_VALIDATION_WORKING_DAYS = days
    report = submit_at(frozen_env, wib(TODAY, 15, 0), day=TODAY)
    assert report.validation_due == due
    assert services.escalate_overdue(on=not_yet - dt.timedelta(days=1)) == 0
    assert services.escalate_overdue(on=not_yet) == 0  # the due day itself: still in time
    assert services.escalate_overdue(on=escalates) == 1
    report.refresh_from_db()
    assert (report.validator_id, report.escalation_level) == (frozen_env.kepala.pk, 1)


def test_escalation_uses_todays_date_when_none_is_given(frozen_env, settings):
    settings.HIBRIDA_VALIDATION_WORKING_DAYS = 3
    submit_at(frozen_env, wib(TODAY, 15, 0), day=TODAY)
    with time_machine.travel(wib(dt.date(2026, 2, 13), 23, 59), tick=False):
        assert services.escalate_overdue() == 0
    with time_machine.travel(wib(dt.date(2026, 2, 16), 0, 1), tick=False):
        assert services.escalate_overdue() == 1
