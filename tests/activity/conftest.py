"""Fixtures of the activity tests: a fixed clock and a roster plan published for real."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from hibrida.activity import services
from hibrida.org.models import Employee
from hibrida.roster.models import Schedule
from tests.factories import publish_manual

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
# A Tuesday with no national holiday: the tests do not depend on the day they run.
TODAY = dt.date(2026, 2, 10)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=JAKARTA)


class Clock:
    def __init__(self, moment: dt.datetime):
        self.moment = moment

    def set(self, day: dt.date, hour: int = 15, minute: int = 0) -> None:
        self.moment = at(day, hour, minute)


@pytest.fixture
def clock(monkeypatch):
    """Services see 10 Feb 2026 15:00 WIB unless a test moves the clock."""
    c = Clock(at(TODAY, 15))
    monkeypatch.setattr(services, "now", lambda: c.moment)
    return c


class PublishedPlan:
    """Planned modes set as ``plan[(employee id, day)] = mode``, each written as a published
    roster version of the employee's OPD so the activity app reads it through the roster."""

    def __init__(self):
        self.entries: dict[tuple[int, dt.date], str] = {}

    def __setitem__(self, key: tuple[int, dt.date], mode: str) -> None:
        self.entries[key] = mode
        employee = Employee.objects.get(pk=key[0])
        month = key[1].replace(day=1)
        Schedule.objects.filter(opd_id=employee.opd_id, month=month).delete()
        own: dict[Employee, dict[dt.date, str]] = {}
        for (emp_id, day), planned in self.entries.items():
            other = Employee.objects.get(pk=emp_id)
            if other.opd_id == employee.opd_id and day.replace(day=1) == month:
                own.setdefault(other, {})[day] = planned
        publish_manual(employee.opd, month, own)


@pytest.fixture
def modes(db):
    """The roster and the calendar are the real apps: with nothing published every working day
    of the city calendar is WFO; a test publishes a plan with ``modes[(employee, day)] = mode``."""
    return PublishedPlan()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def env(city, clock, modes, media):
    """The mini city with the activity seams fixed."""
    return city


ACTIVITY = {
    "description": "Menyusun draf telaahan staf",
    "output": "Draf telaahan",
    "quantity": "2",
    "unit": "dokumen",
    "minutes": 180,
}


def submitted_report(user, day=TODAY, **extra):
    report = services.start_report(actor=user, day=day)
    services.add_activity(actor=user, report=report, data={**ACTIVITY, **extra})
    return services.submit_report(actor=user, report=report)
