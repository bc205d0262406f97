"""Roster fixtures: the mini city with policy, pilot phases and a second unit in OPD A."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from hibrida.org.models import OpdClass
from hibrida.policy.models import Level, Phase, PhaseStatus, PolicyRule, WfhReadiness
from tests.factories import EmployeeFactory, UnitFactory

# "Next month" is January 2027 whatever day the tests run: its weeks and holidays decide which
# days the request tests pick, so the rules are checked on the same calendar every time.
TODAY = dt.datetime(2026, 12, 1, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def _fixed_today():
    with time_machine.travel(TODAY, tick=True):
        yield


def _ready(employees):
    now = timezone.now()
    WfhReadiness.objects.bulk_create(
        [
            WfhReadiness(
                employee=e,
                connectivity_checked_at=now,
                connectivity_mbps=20,
                device_registered_at=now,
                device_label="Laptop",
                security_accepted_at=now,
            )
            for e in employees
        ]
    )


@pytest.fixture
def roster_city(city):
    """Unit A: kepala, kabid, staff1, staff2 + 4 staff (8); unit A2: s3, s4; all ready."""
    c = city
    extra = [
        EmployeeFactory(unit=c.staff1.unit, position=c.staff1.position, supervisor=c.kabid)
        for _ in range(4)
    ]
    unit_a2 = UnitFactory(opd=c.opd_a, name="Seksi A2")
    c.s3 = EmployeeFactory(unit=unit_a2, position=c.staff1.position, supervisor=c.kabid, name="S3")
    c.s4 = EmployeeFactory(unit=unit_a2, position=c.staff1.position, supervisor=c.kabid, name="S4")
    c.unit_a = c.staff1.unit
    c.unit_a2 = unit_a2
    c.unit_a_staff = [c.kepala, c.kabid, c.staff1, c.staff2, *extra]
    _ready([*c.unit_a_staff, c.s3, c.s4, c.other])
    PolicyRule.objects.create(
        level=Level.KOTA,
        wfh_allowed=True,
        pattern="weekly_quota",
        wfh_days_per_week=1,
        max_wfh_per_week=2,
        min_onsite_share=0.5,
        min_onsite_count=1,
    )
    PolicyRule.objects.create(
        level=Level.KELAS, opd_class=OpdClass.PELAYANAN_LANGSUNG, wfh_allowed=False
    )
    Phase.objects.create(
        name="Baseline",
        start=dt.date(2025, 10, 1),
        end=dt.date(2025, 10, 31),
        status=PhaseStatus.ACTIVE,
        pattern="none",
    )
    Phase.objects.create(
        name="Tahap I",
        start=dt.date(2025, 11, 1),
        end=dt.date(2025, 11, 30),
        status=PhaseStatus.ACTIVE,
        pattern="fixed_weekday",
        fixed_weekday="thu",
    )
    Phase.objects.create(
        name="Tahap II",
        start=dt.date(2025, 12, 1),
        end=dt.date(2025, 12, 31),
        status=PhaseStatus.ACTIVE,
        pattern="rotation",
        wfh_share=0.5,
    )
    return c


def next_month() -> dt.date:
    today = timezone.localdate()
    return (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
