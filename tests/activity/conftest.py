"""Fixtures of the activity tests: a fixed clock and a controllable roster/calendar."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from hibrida.activity import integration, services

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


@pytest.fixture
def modes(monkeypatch):
    """Roster/calendar seam: Mon–Fri working days, WFO unless a test sets (employee, day)."""
    planned: dict[tuple[int, dt.date], str] = {}
    monkeypatch.setattr(
        integration, "work_mode", lambda e, d: planned.get((getattr(e, "pk", e), d), "WFO")
    )
    monkeypatch.setattr(integration, "is_working_day", lambda d: d.weekday() < 5)
    monkeypatch.setattr(
        integration,
        "working_days",
        lambda s, e: [
            s + dt.timedelta(days=i)
            for i in range((e - s).days + 1)
            if (s + dt.timedelta(days=i)).weekday() < 5
        ],
    )
    monkeypatch.setattr(integration, "attendance", lambda e, d: None)
    monkeypatch.setattr(
        integration,
        "work_modes",
        lambda ids, s, e: {k: v for k, v in planned.items() if k[0] in set(ids) and s <= k[1] <= e},
    )
    return planned


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
