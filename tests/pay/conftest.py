"""TPP fixtures: a tier table and check-ins written as rows (the recap reads rows, not the API)."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

import pytest

from hibrida.pay import services
from hibrida.presence.models import CheckIn

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
# November 2025 has no national holiday on a weekday: 20 working days, Monday 3rd to Friday 28th.
MONTH = (2025, 11)
END = dt.date(2025, 11, 30)
DAYS = [dt.date(2025, 11, d) for d in range(1, 31) if dt.date(2025, 11, d).weekday() < 5]
TABLE = {
    "name": "Perwal TPP uji",
    "source": "Perwal Kota Bekasi tentang TPP (uji), Pasal 12",
    "valid_from": "2025-01-01",
    "tl_tiers": "30:0,5; 60:1; 90:1,25; *:1,5",
    "psw_tiers": "30:0,5; 60:1; 90:1,25; *:1,5",
    "absent_percent": "3",
}


@pytest.fixture
def table(city):
    return services.create_tier_table(actor=city.users["bkpsdm"], data=TABLE)


def stamp(employee, day: dt.date, kind: str, hhmm: str, status: str = "VALID") -> CheckIn:
    hour, minute = map(int, hhmm.split(":"))
    at = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=WIB)
    return CheckIn(
        client_uuid=uuid.uuid4(),
        employee=employee,
        kind=kind,
        device_time=at,
        received_at=at,
        work_date=day,
        latitude=-6.2,
        longitude=106.9,
        accuracy_m=5,
        device_id="uji",
        status=status,
    )


def on_time(employees, days=DAYS, skip=()) -> None:
    """07.25 in, 16.35 out on every day given (Friday included), except (employee, day) in skip."""
    rows = []
    for e in employees:
        for day in days:
            if (e.pk, day) in skip:
                continue
            rows += [stamp(e, day, "in", "07:25"), stamp(e, day, "out", "16:35")]
    CheckIn.objects.bulk_create(rows)
