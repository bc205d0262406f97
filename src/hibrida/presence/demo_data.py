"""Demo check-ins for a sample of the synthetic city (deterministic, bulk, a few seconds).

An in and (mostly) an out per working day with lateness, forgotten check-outs, WFH at an approved
home and a few anomalies; records older than the GPS retention period are stored coarsened.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
import uuid
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from hibrida import sql
from hibrida.audit.log import record_event
from hibrida.org.models import Employee, OfficeLocation, Opd, OpdClass, User
from hibrida.roster.modes import WorkMode

from . import context, verify
from .models import ApprovalStatus, CheckIn, Device, FieldArea, HomeLocation

# With the recent weeks added the history is ~105 working days; 1,000 people keep the load
# near what 1,500 over the pilot alone cost (`make demo` ≤ 60 s).
SAMPLE = 1000
BATCH = 5000


def _days(ctx) -> list[dt.date]:
    """Working days of the demo history, today included (its records stop at ``ctx.now``)."""
    days = []
    for start, end in ctx.history_ranges():
        day = start
        while day <= end:
            if context.is_working_day(day):
                days.append(day)
            day += dt.timedelta(days=1)
    return sorted(set(days))


def _offset(lat: float, lon: float, metres: float, bearing: float) -> tuple[float, float]:
    return (
        lat + metres * math.cos(bearing) / 110_574,
        lon + metres * math.sin(bearing) / (111_320 * math.cos(math.radians(lat))),
    )


# Linear demo-data builder: one block per kind of record, read top to bottom.
def seed(ctx) -> dict:  # noqa: C901, PLR0915
    """Create the demo check-ins; returns counts."""
    started = time.perf_counter()
    rng = ctx.rng
    tz = timezone.get_default_timezone()
    ids = list(Employee.objects.filter(is_active=True).order_by("id").values_list("id", flat=True))
    # The demo logins and their teams always have history, so every demo role sees data.
    logins = set(User.objects.filter(employee__isnull=False).values_list("employee_id", flat=True))
    team = set(
        Employee.objects.filter(supervisor_id__in=logins, is_active=True).values_list(
            "id", flat=True
        )
    )
    must = sorted(logins | team)
    size = min(SAMPLE if not ctx.fast else 200, len(ids))
    others = [i for i in ids if i not in set(must)]
    sample = sorted(set(must) | set(rng.sample(others, max(0, min(len(others), size - len(must))))))
    employees = {
        e["id"]: e for e in Employee.objects.filter(pk__in=sample).values("id", "opd_id", "unit_id")
    }
    offices: dict[int, list] = {}
    for o in OfficeLocation.objects.filter(is_active=True).values(
        "opd_id", "unit_id", "name", "latitude", "longitude", "radius_m"
    ):
        offices.setdefault(o["opd_id"], []).append(o)
    days = _days(ctx)
    retention = int(getattr(settings, "HIBRIDA_GPS_RETENTION_DAYS", 90))
    cutoff = ctx.today - dt.timedelta(days=retention)
    now = ctx.now or timezone.now()

    homes, devices = [], []
    profile: dict[int, dict[str, Any]] = {}  # office row, home (lat, lon), habits
    for emp_id in sample:
        e = employees[emp_id]
        own = [o for o in offices.get(e["opd_id"], []) if o["unit_id"] in (None, e["unit_id"])]
        office = own[0] if own else None
        hlat, hlon = _offset(-6.2383, 106.9756, rng.uniform(2000, 14000), rng.uniform(0, 6.283))
        homes.append(
            HomeLocation(
                employee_id=emp_id,
                latitude=round(hlat, 6),
                longitude=round(hlon, 6),
                radius_m=100,
                status=ApprovalStatus.APPROVED,
                decided_at=now,
                decision_note="data demo",
            )
        )
        devices.append(Device(employee_id=emp_id, device_id=f"hp-demo-{emp_id}"))
        profile[emp_id] = {
            "office": office,
            "home": (hlat, hlon),
            "punctual": rng.random() < 0.8,  # most staff are on time; some habitually late
            "spoofer": rng.random() < 0.004,
        }
    modes = context.expected_modes_range(sample, days[0], days[-1]) if days else {}
    field_areas = _field_areas(employees, offices, rng)

    rows: list[tuple] = []
    counts = {"check_in": 0, "flagged": 0, "rejected": 0, "coarsened": 0}
    for day in days:
        for emp_id in sample:
            p = profile[emp_id]
            mode = modes.get((emp_id, day)) or WorkMode.WFO
            if mode == WorkMode.LEAVE or p["office"] is None:
                continue
            if rng.random() < 0.02:  # absent without a record
                continue
            office = p["office"]
            area = field_areas.get(employees[emp_id]["opd_id"])
            if mode == WorkMode.WFH:
                home_lat, home_lon = p["home"]
                place = verify.Place("home", "Rumah terdaftar", home_lat, home_lon, 100)
            elif mode == WorkMode.FIELD and area is not None:
                place = area
            else:
                place = verify.Place(
                    "office",
                    office["name"],
                    office["latitude"],
                    office["longitude"],
                    office["radius_m"],
                )
            late = rng.gauss(-12, 8) if p["punctual"] else rng.expovariate(1 / 25) - 5
            t_in = dt.datetime.combine(day, dt.time(7, 30), tzinfo=tz) + dt.timedelta(minutes=late)
            end = dt.time(16, 30) if day.weekday() == 4 else dt.time(16, 0)
            early = rng.expovariate(1 / 40) if rng.random() < 0.08 else -abs(rng.gauss(10, 8))
            t_out = dt.datetime.combine(day, end, tzinfo=tz) - dt.timedelta(minutes=early)
            stamps = [("in", t_in)]
            if rng.random() > 0.03:  # forgotten check-out
                stamps.append(("out", t_out))
            # Today only up to the moment of loading: nobody has checked out at 10:00.
            stamps = [(kind, when) for kind, when in stamps if when <= now]
            for kind, when in stamps:
                spread = 1500 if place.kind == "field" else place.radius_m * 0.7
                lat, lon = _offset(
                    place.latitude,
                    place.longitude,
                    spread * math.sqrt(rng.random()),
                    rng.uniform(0, 6.283),
                )
                mock = rng.random() < 0.003
                accuracy = round(rng.uniform(4, 30), 1)
                if rng.random() < 0.01:  # checked in from elsewhere
                    lat, lon = _offset(lat, lon, rng.uniform(500, 4000), rng.uniform(0, 6.283))
                if p["spoofer"] and mode == WorkMode.WFO:
                    lat, lon = place.latitude + 0.00012345, place.longitude - 0.00011111
                v = verify.verify(
                    verify.Fix(lat, lon, accuracy, when, mock_location=mock),
                    verify.Context(
                        expected_mode=mode,
                        places=[place],
                        server_time=when + dt.timedelta(seconds=2),
                        repeated_day_count=3 if p["spoofer"] and mode == WorkMode.WFO else 0,
                    ),
                )
                coarse = day < cutoff
                rows.append(
                    (
                        uuid.UUID(int=rng.getrandbits(128), version=4),
                        emp_id,
                        kind,
                        when,
                        when + dt.timedelta(seconds=2),
                        day,
                        round(lat, 2) if coarse else lat,
                        round(lon, 2) if coarse else lon,
                        accuracy,
                        "gps",
                        mock,
                        f"hp-demo-{emp_id}",
                        mode,
                        v.place,
                        v.distance_m,
                        v.status,
                        list(v.reasons),
                        False,
                        coarse,
                        "demo",
                    )
                )
                counts["check_in"] += 1
                counts["flagged"] += v.status == verify.FLAGGED
                counts["rejected"] += v.status == verify.REJECTED
                counts["coarsened"] += coarse
    with transaction.atomic():
        HomeLocation.objects.bulk_create(homes, batch_size=BATCH)
        Device.objects.bulk_create(devices, batch_size=BATCH, ignore_conflicts=True)
        FieldArea.objects.bulk_create(
            [
                FieldArea(opd_id=opd_id, name=a.name, polygon=[list(pt) for pt in a.polygon])
                for opd_id, a in field_areas.items()
            ]
        )
        _insert_rows(rows)
        record_event(
            actor=None,
            action="presence.demo_seeded",
            object_type="presence",
            object_id=str(ctx.seed),
            after={"employees": len(sample), "days": len(days), **counts},
        )
    seconds = round(time.perf_counter() - started, 1)
    return {"employees": len(sample), "days": len(days), **counts, "seconds": seconds}


COLUMNS = (
    "client_uuid, employee_id, kind, device_time, received_at, work_date, latitude, longitude,"
    " accuracy_m, provider, mock_location, device_id, expected_mode, place, distance_m, status,"
    " reasons, late_synced, coarsened, source"
)


def _insert_rows(rows: list[tuple]) -> None:
    """executemany instead of bulk_create: the ORM's per-value preparation dominated (60 s)."""
    ops = connection.ops
    sqlite = connection.vendor == "sqlite"
    prepared = [
        (
            r[0].hex if sqlite else r[0],
            r[1],
            r[2],
            ops.adapt_datetimefield_value(r[3]),
            ops.adapt_datetimefield_value(r[4]),
            ops.adapt_datefield_value(r[5]),
            *r[6:16],
            json.dumps(r[16]),
            *r[17:],
        )
        for r in rows
    ]
    placeholders = ", ".join(["%s"] * 20)
    with connection.cursor() as cur:
        for i in range(0, len(prepared), BATCH):
            cur.executemany(
                f"INSERT INTO {sql.table(CheckIn)} ({COLUMNS}) VALUES ({placeholders})",
                prepared[i : i + BATCH],
            )


def _field_areas(employees, offices, rng) -> dict[int, verify.Place]:
    """A ~3 km patrol square around the office of each field-work OPD in the sample."""
    field_opds = set(
        Opd.objects.filter(
            pk__in={e["opd_id"] for e in employees.values()},
            opd_class=OpdClass.PENGAWASAN_LAPANGAN,
        ).values_list("id", "short_name")
    )
    out = {}
    for opd_id, short_name in sorted(field_opds):
        office = (offices.get(opd_id) or [None])[0]
        if office is None:
            continue
        lat, lon, d = office["latitude"], office["longitude"], 0.015
        square = ((lat - d, lon - d), (lat - d, lon + d), (lat + d, lon + d), (lat + d, lon - d))
        out[opd_id] = verify.Place("field", f"Area patroli {short_name}", lat, lon, polygon=square)
    return out
