"""A tiny OPD week written straight into the other apps' tables, and its hand count."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hibrida.activity.models import DailyReport
from hibrida.monitoring import services
from hibrida.policy.calendar import working_days
from hibrida.presence.models import CheckIn
from hibrida.roster.models import Schedule, ScheduleRow
from hibrida.roster.planning import encode_modes

JKT = ZoneInfo("Asia/Jakarta")
WEEK = [dt.date(2026, 2, d) for d in (2, 3, 4, 5, 6)]  # Mon–Fri, no holiday
MONTH = dt.date(2026, 2, 1)


@dataclass
class Week:
    """The scenario: plan, check-ins and reports per (employee, day)."""

    city: object
    plan: dict = field(default_factory=dict)  # (emp id, day) -> mode
    checkins: list = field(default_factory=list)  # (emp id, day, kind, HH:MM, status)
    reports: dict = field(default_factory=dict)  # (emp id, day) -> (status, is_late)


def _check_in(emp_id, day, kind, hhmm, status, mode):
    h, m = map(int, hhmm.split(":"))
    at = dt.datetime(day.year, day.month, day.day, h, m, tzinfo=JKT)
    return CheckIn.objects.create(
        client_uuid=uuid.uuid4(),
        employee_id=emp_id,
        kind=kind,
        device_time=at,
        received_at=at,
        work_date=day,
        latitude=-6.2355 + emp_id * 0.01,
        longitude=106.9925,
        accuracy_m=10,
        device_id="hp",
        expected_mode=mode,
        status=status,
        reasons=[] if status == "VALID" else ["di luar geofence"],
    )


@pytest.fixture
def week(city) -> Week:
    assert working_days(WEEK[0], WEEK[-1]) == WEEK
    w = Week(city)
    a_people = [city.kepala, city.kabid, city.staff1, city.staff2]
    special = {
        (city.staff1.pk, WEEK[1]): "WFH",
        (city.staff1.pk, WEEK[3]): "WFH",
        (city.staff2.pk, WEEK[2]): "LEAVE",
        (city.kabid.pk, WEEK[4]): "WFH",
    }
    schedule = Schedule.objects.create(
        opd=city.opd_a,
        month=MONTH,
        version=1,
        status="published",
        published_at=timezone.now() - dt.timedelta(days=400),
        days=[d.isoformat() for d in WEEK],
    )
    for p in a_people:
        modes = {d: special.get((p.pk, d), "WFO") for d in WEEK}
        ScheduleRow.objects.create(
            schedule=schedule, employee=p, unit=p.unit, modes=encode_modes(MONTH, modes)
        )
        w.plan.update({(p.pk, d): m for d, m in modes.items()})
    # OPD B has no published schedule: its working days count as WFO.
    w.plan.update({(city.other.pk, d): "WFO" for d in WEEK})
    rows = [
        # kepala: on time every day, all valid
        *[(city.kepala.pk, d, "in", "07:20", "VALID") for d in WEEK],
        # kabid: late Monday, flagged Tuesday (then a valid one), nothing Friday
        (city.kabid.pk, WEEK[0], "in", "08:10", "VALID"),
        (city.kabid.pk, WEEK[1], "in", "07:25", "FLAGGED"),
        (city.kabid.pk, WEEK[1], "in", "07:40", "VALID"),
        (city.kabid.pk, WEEK[2], "in", "07:30", "VALID"),
        (city.kabid.pk, WEEK[3], "in", "07:29", "VALID"),
        (city.kabid.pk, WEEK[3], "out", "16:05", "FLAGGED"),
        # staff1: rejected Monday only, valid WFH Tuesday, flagged only Wednesday
        (city.staff1.pk, WEEK[0], "in", "07:00", "REJECTED"),
        (city.staff1.pk, WEEK[1], "in", "07:31", "VALID"),
        (city.staff1.pk, WEEK[2], "in", "07:15", "FLAGGED"),
        # staff2: checks in on leave day (ignored), valid Thursday
        (city.staff2.pk, WEEK[2], "in", "07:10", "VALID"),
        (city.staff2.pk, WEEK[3], "in", "07:10", "VALID"),
        # OPD B: every day valid and on time
        *[(city.other.pk, d, "in", "07:00", "VALID") for d in WEEK],
    ]
    for emp, day, kind, hhmm, status in rows:
        _check_in(emp, day, kind, hhmm, status, w.plan[(emp, day)])
    w.checkins = rows
    reports = {
        (city.kepala.pk, WEEK[0]): ("approved", False),
        (city.kepala.pk, WEEK[1]): ("approved", False),
        (city.kabid.pk, WEEK[0]): ("submitted", False),
        (city.kabid.pk, WEEK[1]): ("rejected", True),
        (city.staff1.pk, WEEK[1]): ("returned", False),
        (city.staff1.pk, WEEK[3]): ("approved", True),
        (city.staff2.pk, WEEK[0]): ("draft", False),
        (city.other.pk, WEEK[0]): ("approved", False),
    }
    for (emp, day), (status, late) in reports.items():
        DailyReport.objects.create(
            employee_id=emp,
            day=day,
            status=status,
            is_late=late,
            work_mode=w.plan[(emp, day)],
            submitted_at=None if status == "draft" else timezone.now(),
        )
    w.reports = reports
    services.refresh_daily_summary(actor=None, start=WEEK[0], end=WEEK[-1])
    return w


def hand_count(w: Week, people: set[int], mode: str | None = None) -> dict[str, int]:
    """The figures' numerators and denominators, counted plainly from the scenario."""
    expected = {k for k, m in w.plan.items() if k[0] in people and m in ("WFO", "WFH", "FIELD")}
    if mode:
        expected = {k for k in expected if w.plan[k] == mode}
    valid_in = {(e, d) for e, d, kind, _t, s in w.checkins if kind == "in" and s == "VALID"}
    firsts: dict = {}
    for e, d, kind, t, s in w.checkins:
        if kind == "in" and s != "REJECTED":
            firsts[(e, d)] = min(firsts.get((e, d), t), t)
    flagged_days = {(e, d) for e, d, _k, _t, s in w.checkins if s == "FLAGGED"}
    sent = {k: v for k, v in w.reports.items() if v[0] != "draft" and k in expected}
    return {
        "expected": len(expected),
        "wfh": sum(1 for k in expected if w.plan[k] == "WFH"),
        "present_valid": len(expected & valid_in),
        "checked_in": len(expected & set(firsts)),
        "on_time": sum(1 for k in expected if k in firsts and firsts[k] <= "07:30"),
        "flagged_days": len(expected & flagged_days),
        "reports_submitted": len(sent),
        "reports_validated": sum(1 for s, _ in sent.values() if s in ("approved", "rejected")),
        "reports_pending": sum(1 for s, _ in sent.values() if s == "submitted"),
        "reports_late": sum(1 for _, late in sent.values() if late),
    }
