"""The demo is alive on the day it is loaded: history up to now, and every ASN can log in."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import Max

from hibrida.activity.models import DailyReport
from hibrida.demo.accounts import DEMO_PASSWORD, swap_colleague
from hibrida.demo.registry import DemoContext
from hibrida.meetings.models import MeetingOccurrence, SpotCheck
from hibrida.monitoring.models import DailySummary
from hibrida.org.models import Employee, User
from hibrida.presence.models import CheckIn
from hibrida.roster.models import Schedule

JKT = ZoneInfo("Asia/Jakarta")
# Wednesday 18 November 2026, 10:15 WIB: eight weeks back is Wednesday 23 September.
NOW = dt.datetime(2026, 11, 18, 10, 15, tzinfo=JKT)
TODAY = NOW.date()


def test_history_covers_the_pilot_and_the_last_eight_weeks():
    """Rule: the pilot (Oct-Dec 2025) and 56 days back from today, each month touched."""
    ctx = DemoContext(seed=1, rng=None, today=TODAY)
    assert ctx.history_ranges() == [
        (dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
        (dt.date(2026, 9, 23), TODAY),
    ]
    assert ctx.history_months() == [
        dt.date(2025, 10, 1),
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 9, 1),
        dt.date(2026, 10, 1),
        dt.date(2026, 11, 1),
    ]


def test_recent_weeks_inside_the_pilot_merge_into_one_range():
    """Rule: loaded on 10 January 2026 the two ranges overlap and become one."""
    ctx = DemoContext(seed=1, rng=None, today=dt.date(2026, 1, 10))
    assert ctx.history_ranges() == [(dt.date(2025, 10, 1), dt.date(2026, 1, 10))]
    assert ctx.history_months()[-1] == dt.date(2026, 1, 1)


@pytest.mark.django_db
def test_each_app_fills_the_whole_window():
    """Rule: presence's days, activity's month slices and the meeting periods cover both ranges
    (Oct-Dec 2025; 23 Sep-18 Nov 2026), never a day after today."""
    from hibrida.activity.demo_data import _months
    from hibrida.meetings.demo_data import _periods
    from hibrida.presence.demo_data import _days

    ctx = DemoContext(seed=1, rng=None, today=TODAY)
    days = _days(ctx)
    assert days[0] == dt.date(2025, 10, 1)  # a Wednesday
    assert dt.date(2025, 10, 4) not in days  # a Saturday
    assert dt.date(2026, 9, 23) in days and days[-1] == TODAY
    assert dt.date(2026, 9, 22) not in days  # the day before the window
    assert _months(ctx) == [
        (dt.date(2025, 10, 1), dt.date(2025, 10, 31)),
        (dt.date(2025, 11, 1), dt.date(2025, 11, 30)),
        (dt.date(2025, 12, 1), dt.date(2025, 12, 31)),
        (dt.date(2026, 9, 23), dt.date(2026, 9, 30)),
        (dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        (dt.date(2026, 11, 1), TODAY),
    ]
    # Meetings run to the end of the current month, so the running week's are planned.
    assert _periods(ctx) == [
        (dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
        (dt.date(2026, 9, 1), dt.date(2026, 11, 30)),
    ]


@pytest.mark.django_db(transaction=True)
def test_loaded_demo_reaches_now_and_every_asn_logs_in(time_machine, client):
    """Rule: loaded at 10:15 WIB (the short test slice), check-ins reach today, at least 85 %
    of the city has checked in and no record is later than 10:15, reports reach yesterday,
    the rest of the week's meetings are planned, today's spot checks proposed and summaries
    reach today; a synthetic ASN and the colleague the README names log in with NIP and the
    demo password."""
    time_machine.move_to(NOW, tick=False)
    call_command("seed_demo", "--employees", "4000", "--fast")
    assert dt.date(2026, 11, 1) in set(
        Schedule.objects.filter(status="published").values_list("month", flat=True)
    )
    today = CheckIn.objects.filter(work_date=TODAY)
    # The whole city, not the history sample (200 in the test slice), has checked in by 10:15:
    # all but those on leave or absent (a few percent) and the rare very late arrival.
    checked_in = today.filter(kind="in").values("employee_id").distinct().count()
    assert checked_in >= 0.85 * Employee.objects.filter(is_active=True).count()
    assert today.aggregate(last=Max("device_time"))["last"] <= NOW
    assert CheckIn.objects.aggregate(last=Max("work_date"))["last"] == TODAY
    assert DailyReport.objects.aggregate(last=Max("day"))["last"] == dt.date(2026, 11, 17)
    assert MeetingOccurrence.objects.filter(date__gt=TODAY, status="scheduled").exists()
    assert SpotCheck.objects.filter(day=TODAY).exists()
    assert DailySummary.objects.aggregate(last=Max("day"))["last"] == TODAY

    assert User.objects.filter(employee__isnull=False).count() == Employee.objects.count()
    synthetic = (
        User.objects.exclude(
            username__in=["asn", "atasan", "admin.opd", "bkpsdm", "inspektorat", "diskominfo"]
        )
        .filter(employee__isnull=False)
        .order_by("username")
        .first()
    )
    assert synthetic.username == synthetic.employee.nip
    colleague = swap_colleague()
    asn = User.objects.get(username="asn").employee
    assert colleague is not None and colleague != asn
    assert colleague.unit_id == asn.unit_id or colleague.supervisor_id == asn.supervisor_id
    for nip in (synthetic.username, colleague.nip):
        answer = client.post("/masuk/", {"username": nip, "password": DEMO_PASSWORD})
        assert (answer.status_code, answer.get("Location")) == (302, "/")
        client.logout()
