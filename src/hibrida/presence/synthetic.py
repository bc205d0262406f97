"""Labelled synthetic check-in traces for evaluating the anomaly rules. Pure: no Django.

Genuine days with realistic noise plus injected anomalies labelled with the reason the verifier
should report; :func:`evaluate` returns precision and recall per reason. The anomaly kinds are
described in docs/architecture.md, "The check-in fast path".
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from hibrida.roster.modes import WorkMode

from . import verify

WIB = dt.timezone(dt.timedelta(hours=7))
CENTRE = (-6.2383, 106.9756)
ANOMALIES = (
    verify.MOCK_LOCATION,
    verify.IMPOSSIBLE_SPEED,
    verify.REPEATED_COORDINATES,
    verify.CLOCK_SKEW,
    verify.OUTSIDE_FENCE,
)


@dataclass
class LabelledFix:
    employee: int
    mode: str
    fix: verify.Fix
    server_time: dt.datetime
    labels: set[str] = field(default_factory=set)
    kind: str = "in"
    places: tuple[verify.Place, ...] = ()


@dataclass
class Person:
    id: int
    office: verify.Place
    home: verify.Place
    device: str
    desk: tuple[float, float] | None = None  # replayed coordinates of a desk spoofer


def _offset(lat: float, lon: float, metres: float, bearing: float) -> tuple[float, float]:
    dlat = metres * math.cos(bearing) / 110_574
    dlon = metres * math.sin(bearing) / (111_320 * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def _noisy(rng: random.Random, place: verify.Place, spread: float) -> tuple[float, float]:
    """A genuine fix: somewhere inside the fence plus GPS noise of about ``spread`` metres."""
    inside = place.radius_m * 0.8 * math.sqrt(rng.random())
    lat, lon = _offset(place.latitude, place.longitude, inside, rng.uniform(0, 2 * math.pi))
    return _offset(lat, lon, abs(rng.gauss(0, spread)), rng.uniform(0, 2 * math.pi))


def generate_traces(
    *, seed: int = 2026, employees: int = 300, days: int = 20, anomaly_rate: float = 0.12
) -> list[LabelledFix]:
    """Deterministic labelled fixes, ordered by server time."""
    rng = random.Random(seed)
    people = []
    for i in range(employees):
        olat, olon = _offset(*CENTRE, rng.uniform(0, 9000), rng.uniform(0, 2 * math.pi))
        hlat, hlon = _offset(*CENTRE, rng.uniform(2000, 15000), rng.uniform(0, 2 * math.pi))
        people.append(
            Person(
                id=i + 1,
                office=verify.Place("office", f"Kantor {i % 40}", olat, olon, 100),
                home=verify.Place("home", "Rumah", hlat, hlon, 100),
                device=f"hp-{i + 1}",
            )
        )
    spoofers = {p.id for p in rng.sample(people, max(1, employees // 25))}
    for p in people:
        if p.id in spoofers:
            p.desk = _noisy(rng, p.office, 3)
    start = dt.date(2025, 10, 6)
    out: list[LabelledFix] = []
    day_index = 0
    day = start
    while day_index < days:
        if day.weekday() < 5:
            for p in people:
                out.extend(_day(rng, p, day, day_index, anomaly_rate))
            day_index += 1
        day += dt.timedelta(days=1)
    out.sort(key=lambda f: f.server_time)
    return out


def _day(rng: random.Random, p: Person, day: dt.date, index: int, rate: float) -> list[LabelledFix]:
    mode = WorkMode.WFH if rng.random() < 0.3 else WorkMode.WFO
    place = p.home if mode == WorkMode.WFH else p.office
    t_in = dt.datetime.combine(day, dt.time(7, 0), tzinfo=WIB) + dt.timedelta(
        minutes=rng.gauss(25, 15)
    )
    t_out = dt.datetime.combine(day, dt.time(16, 0), tzinfo=WIB) + dt.timedelta(
        minutes=rng.gauss(10, 15)
    )
    fixes = []
    for kind, when in (("in", t_in), ("out", t_out)):
        spread = 8.0
        accuracy = max(3.0, rng.gauss(12, 6))
        if rng.random() < 0.04:  # indoors, poor sky view: a genuinely bad fix
            spread, accuracy = 60.0, rng.uniform(60, 150)
        lat, lon = _noisy(rng, place, spread)
        drift = dt.timedelta(seconds=rng.gauss(0, 20))
        server = when + dt.timedelta(seconds=abs(rng.gauss(1, 1)))
        device_time = when + drift
        sent_at = server + drift
        if rng.random() < 0.03:  # honest offline queue: sent 1–3 h later, clock right
            server = when + dt.timedelta(hours=rng.uniform(1, 3))
            sent_at = server + drift
        fixes.append(
            LabelledFix(
                employee=p.id,
                mode=mode,
                kind=kind,
                places=(p.office, p.home),
                server_time=server,
                fix=verify.Fix(
                    lat,
                    lon,
                    round(accuracy, 1),
                    device_time,
                    device_id=p.device,
                    sent_at=sent_at,
                ),
            )
        )
    if p.desk is not None and mode == WorkMode.WFO:
        for f in fixes:
            f.fix = _replace(f.fix, latitude=p.desk[0], longitude=p.desk[1], accuracy_m=5.0)
            f.labels.add("_desk")  # resolved to repeated_coordinates by evaluate()
        return fixes
    if rng.random() < rate:
        kind = rng.choice(
            [
                verify.MOCK_LOCATION,
                verify.IMPOSSIBLE_SPEED,
                verify.CLOCK_SKEW,
                verify.OUTSIDE_FENCE,
            ]
        )
        target = fixes[0] if rng.random() < 0.5 else fixes[1]
        if kind == verify.MOCK_LOCATION:
            target.fix = _replace(target.fix, mock_location=True)
            target.labels.add(kind)
        elif kind == verify.IMPOSSIBLE_SPEED:
            # A teleport right after the real check-in: 25–80 km away 1–8 minutes later
            # (≥ 190 km/h; the slowest ones sit near the 200 km/h threshold on purpose).
            first = fixes[0]
            lat, lon = _offset(
                first.fix.latitude,
                first.fix.longitude,
                rng.uniform(25_000, 80_000),
                rng.uniform(0, 2 * math.pi),
            )
            later = dt.timedelta(minutes=rng.uniform(1, 8))
            teleport = LabelledFix(
                employee=p.id,
                mode=mode,
                kind="in",
                places=(p.office, p.home),
                server_time=first.server_time + later,
                fix=_replace(
                    first.fix,
                    latitude=lat,
                    longitude=lon,
                    device_time=first.fix.device_time + later,
                    sent_at=(first.fix.sent_at or first.fix.device_time) + later,
                ),
                labels={verify.IMPOSSIBLE_SPEED, verify.OUTSIDE_FENCE},
            )
            fixes.append(teleport)
        elif kind == verify.CLOCK_SKEW:
            shift = dt.timedelta(minutes=rng.uniform(10, 120))
            target.fix = _replace(
                target.fix,
                device_time=target.fix.device_time - shift,
                sent_at=(target.fix.sent_at or target.fix.device_time) - shift,
            )
            target.labels.add(kind)
        else:
            lat, lon = _offset(
                place.latitude, place.longitude, rng.uniform(400, 5000), rng.uniform(0, 6.3)
            )
            target.fix = _replace(target.fix, latitude=lat, longitude=lon)
            target.labels.add(kind)
    return fixes


def _replace(fix: verify.Fix, **changes: object) -> verify.Fix:
    data = {f: getattr(fix, f) for f in fix.__dataclass_fields__}
    data.update(changes)
    return verify.Fix(**data)


def evaluate(
    traces: list[LabelledFix], rules: verify.Rules | None = None
) -> dict[str, dict[str, float]]:
    """Precision and recall per anomaly reason over the traces (server-like history kept)."""
    rules = rules or verify.Rules()
    last: dict[int, verify.PreviousFix] = {}
    coords: dict[tuple[int, float, float], set[dt.date]] = defaultdict(set)
    devices: dict[int, frozenset[str]] = {}
    counts: dict[str, dict[str, float]] = {
        r: {"support": 0, "predicted": 0, "tp": 0} for r in ANOMALIES
    }
    for f in traces:
        day = f.fix.device_time.astimezone(WIB).date()
        key = (f.employee, f.fix.latitude, f.fix.longitude)
        earlier_days = coords[key] - {day}
        labels = set(f.labels)
        if "_desk" in labels:
            labels.discard("_desk")
            if len(earlier_days) >= rules.repeated_days:
                labels.add(verify.REPEATED_COORDINATES)
        verdict = verify.verify(
            f.fix,
            verify.Context(
                expected_mode=f.mode,
                places=f.places,
                server_time=f.server_time,
                previous=last.get(f.employee),
                repeated_day_count=len(earlier_days),
                registered_devices=devices.get(f.employee),
                rules=rules,
            ),
        )
        predicted = set(verdict.reasons) & set(ANOMALIES)
        for reason in ANOMALIES:
            if reason in labels:
                counts[reason]["support"] += 1
            if reason in predicted:
                counts[reason]["predicted"] += 1
                if reason in labels:
                    counts[reason]["tp"] += 1
        last[f.employee] = verify.PreviousFix(f.fix.latitude, f.fix.longitude, f.fix.device_time)
        coords[key].add(day)
        devices.setdefault(f.employee, frozenset({f.fix.device_id}))
    for c in counts.values():
        c["precision"] = c["tp"] / c["predicted"] if c["predicted"] else float("nan")
        c["recall"] = c["tp"] / c["support"] if c["support"] else float("nan")
    return counts
