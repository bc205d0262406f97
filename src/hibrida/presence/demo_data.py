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
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from hibrida import sql
from hibrida.audit.log import record_event
from hibrida.demo import parallel
from hibrida.org.models import Employee, OfficeLocation, Opd, OpdClass, User
from hibrida.roster.modes import WorkMode

from . import context, verify
from .models import ApprovalStatus, CheckIn, Device, FieldArea, HomeLocation

# With the recent weeks added the history is ~105 working days; 1,000 people keep the load
# near what 1,500 over the pilot alone cost (`make demo` ≤ 60 s).
SAMPLE = 1000
BATCH = 5000
# Fixed, not per CPU: the rows' order (their ids) must not depend on the machine. More parts
# than workers, so this process writes one part while the workers compute the next ones.
PARTS = 8


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


def _profile(rng, opd_id: int, unit_id: int, offices: dict[int, list]) -> dict[str, Any]:
    """Office, home (lat, lon) and habits of one employee."""
    own = [o for o in offices.get(opd_id, []) if o["unit_id"] in (None, unit_id)]
    hlat, hlon = _offset(-6.2383, 106.9756, rng.uniform(2000, 14000), rng.uniform(0, 6.283))
    return {
        "office": own[0] if own else None,
        "home": (hlat, hlon),
        "punctual": rng.random() < 0.8,  # most staff are on time; some habitually late
        "spoofer": rng.random() < 0.004,
    }


def _home(emp_id: int, p: dict[str, Any]) -> tuple[int, float, float]:
    return (emp_id, round(p["home"][0], 6), round(p["home"][1], 6))


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
        e["id"]: (e["opd_id"], e["unit_id"])
        for e in Employee.objects.filter(is_active=True).values("id", "opd_id", "unit_id")
    }
    offices: dict[int, list] = {}
    for o in OfficeLocation.objects.filter(is_active=True).values(
        "opd_id", "unit_id", "name", "latitude", "longitude", "radius_m"
    ):
        offices.setdefault(o["opd_id"], []).append(o)
    days = _days(ctx)
    retention = int(getattr(settings, "HIBRIDA_GPS_RETENTION_DAYS", 90))
    now = ctx.now or timezone.now()
    # Today the whole city checks in, not only the sample: an atasan or a dashboard opened at
    # 09.00 must find most WFO staff in.
    today = bool(days) and days[-1] == ctx.today
    chosen = set(sample)
    rest = [i for i in ids if i not in chosen] if today else []
    job = _Job(
        seed=ctx.seed,
        tz=timezone.get_default_timezone(),
        now=now,
        cutoff=ctx.today - dt.timedelta(days=retention),
        field_areas=_field_areas(employees, offices),
        sqlite=connection.vendor == "sqlite",
        employees=employees,
        offices=offices,
        days=days,
        sample=sample,
        modes=context.expected_modes_range(sample, days[0], days[-1]) if days else {},
        rest=rest,
        today=ctx.today,
        today_modes=context.expected_modes_range(rest, ctx.today, ctx.today) if rest else {},
        parts=PARTS,
    )
    counts = {"check_in": 0, "flagged": 0, "rejected": 0, "coarsened": 0, "today": 0}
    homes: list[HomeLocation] = []
    with transaction.atomic():
        for part in parallel.imap_parts(_part, job, job.parts):
            _insert_rows(part.rows)
            homes.extend(
                HomeLocation(
                    employee_id=emp_id,
                    latitude=lat,
                    longitude=lon,
                    radius_m=100,
                    status=ApprovalStatus.APPROVED,
                    decided_at=now,
                    decision_note="data demo",
                )
                for emp_id, lat, lon in part.homes
            )
            for key, value in part.counts.items():
                counts[key] += value
        HomeLocation.objects.bulk_create(homes, batch_size=BATCH)
        Device.objects.bulk_create(
            [Device(employee_id=i, device_id=f"hp-demo-{i}") for i in sample],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        FieldArea.objects.bulk_create(
            [
                FieldArea(opd_id=opd_id, name=a.name, polygon=[list(pt) for pt in a.polygon])
                for opd_id, a in job.field_areas.items()
            ]
        )
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
class _Job:
    """What every part of the check-in generation reads (inherited by forked workers)."""

    seed: int
    tz: dt.tzinfo
    now: dt.datetime
    cutoff: dt.date
    field_areas: dict[int, verify.Place]
    sqlite: bool
    employees: dict[int, tuple[int, int]]  # id -> (OPD, unit)
    offices: dict[int, list]
    days: list[dt.date]
    sample: list[int]  # with history on every day
    modes: dict
    rest: list[int]  # the rest of the city: today only
    today: dt.date
    today_modes: dict
    parts: int


@dataclass
class _Part:
    rows: list[tuple]
    homes: list[tuple[int, float, float]]  # (employee, lat, lon) of approved homes
    counts: dict[str, int]


def _part(job: _Job, index: int) -> _Part:
    """Rows of one slice of the sample (history) and of the rest of the city (today).

    Each employee draws from a generator of their own (seed and employee id), so the rows do
    not depend on how the city is cut into parts nor on which worker computes them."""
    history = _History(
        rng=random.Random(0),
        tz=job.tz,
        now=job.now,
        cutoff=job.cutoff,
        field_areas=job.field_areas,
        sqlite=job.sqlite,
    )
    homes = []
    for emp_id in parallel.split(job.sample, job.parts)[index]:
        history.rng = random.Random(f"{job.seed}:presence:{emp_id}")
        opd_id, unit_id = job.employees[emp_id]
        p = _profile(history.rng, opd_id, unit_id, job.offices)
        homes.append(_home(emp_id, p))
        for day in job.days:
            history.day(emp_id, opd_id, day, job.modes, p)
    before = history.counts["check_in"]
    for emp_id in parallel.split(job.rest, job.parts)[index]:
        history.rng = random.Random(f"{job.seed}:presence-today:{emp_id}")
        opd_id, unit_id = job.employees[emp_id]
        p = _profile(history.rng, opd_id, unit_id, job.offices)
        if job.today_modes.get((emp_id, job.today)) == WorkMode.WFH:
            homes.append(_home(emp_id, p))
        history.day(emp_id, opd_id, job.today, job.today_modes, p)
    return _Part(
        history.rows, homes, {**history.counts, "today": history.counts["check_in"] - before}
    )


@dataclass
class _History:
    """The check-in rows being generated (as the database takes them), with what every row
    needs."""

    rng: random.Random
    tz: dt.tzinfo
    now: dt.datetime
    cutoff: dt.date  # older rows are stored coarsened (GPS retention)
    field_areas: dict[int, verify.Place]
    sqlite: bool
    rows: list[tuple] = field(default_factory=list)
    counts: dict[str, int] = field(
        default_factory=lambda: {"check_in": 0, "flagged": 0, "rejected": 0, "coarsened": 0}
    )
    # Per working day: (its ISO text, the start and end of work in UTC); a time-zone
    # conversion per day instead of one per stamp (250,000 of them).
    _bounds: dict[dt.date, tuple[str, dt.datetime, dt.datetime]] = field(default_factory=dict)

    def iso(self, day: dt.date) -> Any:
        return day.isoformat() if self.sqlite else day

    def bounds(self, day: dt.date) -> tuple[str, dt.datetime, dt.datetime]:
        got = self._bounds.get(day)
        if got is None:
            end = dt.time(16, 30) if day.weekday() == 4 else dt.time(16, 0)
            got = (
                self.iso(day),
                dt.datetime.combine(day, dt.time(7, 30), tzinfo=self.tz).astimezone(dt.UTC),
                dt.datetime.combine(day, end, tzinfo=self.tz).astimezone(dt.UTC),
            )
            self._bounds[day] = got
        return got

    def stamp(self, value: dt.datetime) -> Any:
        """SQLite stores a datetime as naive-UTC text (what Django's adapter returns, without
        its per-value checks); PostgreSQL takes the aware object."""
        return str(value.replace(tzinfo=None)) if self.sqlite else value

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
        iso_day, start, end = self.bounds(day)
        late = rng.gauss(-12, 8) if p["punctual"] else rng.expovariate(1 / 25) - 5
        t_in = start + dt.timedelta(minutes=late)
        early = rng.expovariate(1 / 40) if rng.random() < 0.08 else -abs(rng.gauss(10, 8))
        t_out = end - dt.timedelta(minutes=early)
        stamps = [("in", t_in)]
        if rng.random() > 0.03:  # forgotten check-out
            stamps.append(("out", t_out))
        # Today only up to the moment of loading: nobody has checked out at 10:00.
        stamps = [(kind, when) for kind, when in stamps if when <= self.now]
        coarse = day < self.cutoff
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
            client_uuid = uuid.UUID(int=rng.getrandbits(128), version=4)
            self.rows.append(
                (
                    client_uuid.hex if self.sqlite else client_uuid,
                    emp_id,
                    kind,
                    self.stamp(when),
                    self.stamp(when + dt.timedelta(seconds=2)),
                    iso_day,
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
                    json.dumps(list(v.reasons)) if v.reasons else "[]",
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
    """executemany of rows already as the database takes them (see ``_History``): the ORM's
    per-value preparation cost more than the insert itself (60 s)."""
    placeholders = ", ".join(["%s"] * 20)
    with connection.cursor() as cur:
        for i in range(0, len(rows), BATCH):
            cur.executemany(
                f"INSERT INTO {sql.table(CheckIn)} ({COLUMNS}) VALUES ({placeholders})",
                rows[i : i + BATCH],
            )


def _field_areas(employees, offices) -> dict[int, verify.Place]:
    """A ~3 km patrol square around the office of each field-work OPD."""
    field_opds = set(
        Opd.objects.filter(
            pk__in={opd_id for opd_id, _unit_id in employees.values()},
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
