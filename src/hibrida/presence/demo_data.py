"""Demo check-ins for a sample of the synthetic city (deterministic, bulk, a few seconds).

An in and (mostly) an out per working day with lateness, forgotten check-outs, WFH at an approved
home and a few anomalies; records older than the GPS retention period are stored coarsened.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
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


def _profile(rng, emp_id: int, e: Mapping[str, Any], offices: dict[int, list]) -> dict[str, Any]:
    """Office, home (lat, lon) and habits of one employee."""
    own = [o for o in offices.get(e["opd_id"], []) if o["unit_id"] in (None, e["unit_id"])]
    hlat, hlon = _offset(-6.2383, 106.9756, rng.uniform(2000, 14000), rng.uniform(0, 6.283))
    return {
        "office": own[0] if own else None,
        "home": (hlat, hlon),
        "punctual": rng.random() < 0.8,  # most staff are on time; some habitually late
        "spoofer": rng.random() < 0.004,
    }


def _home(emp_id: int, p: dict[str, Any], now: dt.datetime) -> HomeLocation:
    return HomeLocation(
        employee_id=emp_id,
        latitude=round(p["home"][0], 6),
        longitude=round(p["home"][1], 6),
        radius_m=100,
        status=ApprovalStatus.APPROVED,
        decided_at=now,
        decision_note="data demo",
    )


# Linear demo-data builder: one block per kind of record, read top to bottom.
def seed(ctx) -> dict:
    """Create the demo check-ins; returns counts."""
    started = time.perf_counter()
    rng = ctx.rng
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
        e["id"]: e
        for e in Employee.objects.filter(is_active=True).values("id", "opd_id", "unit_id")
    }
    offices: dict[int, list] = {}
    for o in OfficeLocation.objects.filter(is_active=True).values(
        "opd_id", "unit_id", "name", "latitude", "longitude", "radius_m"
    ):
        offices.setdefault(o["opd_id"], []).append(o)
    days = _days(ctx)
    retention = int(getattr(settings, "HIBRIDA_GPS_RETENTION_DAYS", 90))
    history = _History(
        rng=rng,
        tz=timezone.get_default_timezone(),
        now=ctx.now or timezone.now(),
        cutoff=ctx.today - dt.timedelta(days=retention),
        field_areas=_field_areas(employees, offices),
    )
    profile = {i: _profile(rng, i, employees[i], offices) for i in sample}
    homes = [_home(i, profile[i], history.now) for i in sample]
    devices = [Device(employee_id=i, device_id=f"hp-demo-{i}") for i in sample]
    modes = context.expected_modes_range(sample, days[0], days[-1]) if days else {}
    for day in days:
        for emp_id in sample:
            history.day(emp_id, employees[emp_id]["opd_id"], day, modes, profile[emp_id])
    # Today the whole city checks in, not only the sample: an atasan or a dashboard opened at
    # 09.00 must find most WFO staff in. A generator of its own keeps the history above (and
    # every app seeded after presence) unchanged whatever the city's size.
    today_rows = 0
    if days and days[-1] == ctx.today:
        before = len(history.rows)
        history.rng = random.Random(ctx.seed * 7919 + 1)
        rest = [i for i in ids if i not in profile]
        profile.update((i, _profile(history.rng, i, employees[i], offices)) for i in rest)
        today_modes = context.expected_modes_range(rest, ctx.today, ctx.today)
        for emp_id in rest:
            if today_modes.get((emp_id, ctx.today)) == WorkMode.WFH:
                homes.append(_home(emp_id, profile[emp_id], history.now))
            opd_id = employees[emp_id]["opd_id"]
            history.day(emp_id, opd_id, ctx.today, today_modes, profile[emp_id])
        today_rows = len(history.rows) - before
    with transaction.atomic():
        HomeLocation.objects.bulk_create(homes, batch_size=BATCH)
        Device.objects.bulk_create(devices, batch_size=BATCH, ignore_conflicts=True)
        FieldArea.objects.bulk_create(
            [
                FieldArea(opd_id=opd_id, name=a.name, polygon=[list(pt) for pt in a.polygon])
                for opd_id, a in history.field_areas.items()
            ]
        )
        _insert_rows(history.rows)
        counts = {**history.counts, "today": today_rows}
        record_event(
            actor=None,
            action="presence.demo_seeded",
            object_type="presence",
            object_id=str(ctx.seed),
            after={"employees": len(sample), "days": len(days), **counts},
        )
    seconds = round(time.perf_counter() - started, 1)
    return {"employees": len(sample), "days": len(days), **counts, "seconds": seconds}


@dataclass
class _History:
    """The check-in rows being generated, with what every row needs."""

    rng: random.Random
    tz: dt.tzinfo
    now: dt.datetime
    cutoff: dt.date  # older rows are stored coarsened (GPS retention)
    field_areas: dict[int, verify.Place]
    rows: list[tuple] = field(default_factory=list)
    counts: dict[str, int] = field(
        default_factory=lambda: {"check_in": 0, "flagged": 0, "rejected": 0, "coarsened": 0}
    )

    def day(self, emp_id: int, opd_id: int, day: dt.date, modes: dict, p: dict) -> None:  # noqa: C901
        """The in (and mostly an out) of one employee on one working day, up to ``now``."""
        rng, counts = self.rng, self.counts
        mode = modes.get((emp_id, day)) or WorkMode.WFO
        if mode == WorkMode.LEAVE or p["office"] is None:
            return
        if rng.random() < 0.02:  # absent without a record
            return
        office = p["office"]
        area = self.field_areas.get(opd_id)
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
        t_in = dt.datetime.combine(day, dt.time(7, 30), tzinfo=self.tz) + dt.timedelta(minutes=late)
        end = dt.time(16, 30) if day.weekday() == 4 else dt.time(16, 0)
        early = rng.expovariate(1 / 40) if rng.random() < 0.08 else -abs(rng.gauss(10, 8))
        t_out = dt.datetime.combine(day, end, tzinfo=self.tz) - dt.timedelta(minutes=early)
        stamps = [("in", t_in)]
        if rng.random() > 0.03:  # forgotten check-out
            stamps.append(("out", t_out))
        # Today only up to the moment of loading: nobody has checked out at 10:00.
        stamps = [(kind, when) for kind, when in stamps if when <= self.now]
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
            repeated = 3 if p["spoofer"] and mode == WorkMode.WFO else 0
            v = verdict(place, mode, lat, lon, accuracy, mock, when, repeated)
            coarse = day < self.cutoff
            self.rows.append(
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


# What verify.Context applies when given no rules, as the demo's records always were.
RULES = verify.Rules()


def verdict(
    place: verify.Place,
    mode: str,
    lat: float,
    lon: float,
    accuracy: float,
    mock: bool,
    when: dt.datetime,
    repeated: int,
) -> verify.Verdict:
    """The production verdict of a demo fix received 2 s after ``when`` at the one ``place``.

    Most demo fixes are valid by construction; for those the verdict follows from the fence
    distance alone, computed once, instead of verify's full pass (a third of the presence
    seed's time). Every other fix goes through verify.verify; tests compare both on a grid."""
    if (
        not mock
        and accuracy <= RULES.accuracy_flag_m
        and repeated < RULES.repeated_days
        and mode != WorkMode.LEAVE
        and verify.MODE_PLACE.get(mode, "office") == place.kind
    ):
        distance = verify.distance_outside(place, lat, lon)
        if distance <= min(accuracy, RULES.fence_slack_max_m):
            return verify.Verdict(verify.VALID, (), place.name, round(distance, 1), mode)
    return verify.verify(
        verify.Fix(lat, lon, accuracy, when, mock_location=mock),
        verify.Context(
            expected_mode=mode,
            places=[place],
            server_time=when + dt.timedelta(seconds=2),
            repeated_day_count=repeated,
            rules=RULES,
        ),
    )


COLUMNS = (
    "client_uuid, employee_id, kind, device_time, received_at, work_date, latitude, longitude,"
    " accuracy_m, provider, mock_location, device_id, expected_mode, place, distance_m, status,"
    " reasons, late_synced, coarsened, source"
)


def _insert_rows(rows: list[tuple]) -> None:
    """executemany instead of bulk_create: the ORM's per-value preparation dominated (60 s).

    SQLite stores a datetime as naive-UTC text and a date as ISO text (what Django's own
    adapters return, without their per-value checks); PostgreSQL takes the objects."""
    sqlite = connection.vendor == "sqlite"

    def stamp(value: dt.datetime) -> Any:
        return str(value.astimezone(dt.UTC).replace(tzinfo=None)) if sqlite else value

    prepared = [
        (
            r[0].hex if sqlite else r[0],
            r[1],
            r[2],
            stamp(r[3]),
            stamp(r[4]),
            r[5].isoformat() if sqlite else r[5],
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


def _field_areas(employees, offices) -> dict[int, verify.Place]:
    """A ~3 km patrol square around the office of each field-work OPD."""
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
