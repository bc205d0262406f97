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
from collections.abc import Callable
from dataclasses import dataclass, field

from hibrida.roster.modes import WorkMode

from . import joki, verify

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


# --- proxy attendance ("joki") traces -------------------------------------------------------

OFFICES = 40  # at least; more for larger traces, about eight ASN each
VENUES = 5  # meeting venues for declared dinas luar


@dataclass
class JokiTraces:
    """Check-ins of many ASN as the joki rules see them, labelled per check-in with the rules
    whose mechanism produced it, plus the approved phone resets."""

    events: list[joki.Event]
    labels: dict[int, set[str]]
    reports: list[joki.LostReport]
    notes: dict[str, int] = field(default_factory=dict)
    roles: dict[int, str] = field(default_factory=dict)  # employee → part played, if any


@dataclass
class _Staff:
    id: int
    office: verify.Place
    home: verify.Place
    device: str
    partner: int | None = None  # carpool colleague or spouse: same mode on the same days
    joki: tuple[int, str] | None = None  # (joki id, mode) when someone checks in for them
    lost_at: dt.datetime | None = None
    new_device: str = ""
    lost_reuse: bool = False
    role: str = ""


class _Builder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.events: list[joki.Event] = []
        self.labels: dict[int, set[str]] = {}

    def add(
        self,
        emp: int,
        at: dt.datetime,
        point: tuple[float, float],
        device: str,
        kind: str,
        setting: str,
        labels: set[str] | None = None,
    ) -> joki.Event:
        e = joki.Event(
            id=len(self.events) + 1,
            employee=emp,
            at=at,
            latitude=point[0],
            longitude=point[1],
            device=device,
            kind=kind,
            setting=setting,
        )
        self.events.append(e)
        self.labels[e.id] = set(labels or ())
        return e


def generate_joki_traces(*, seed: int = 2026, employees: int = 300, days: int = 20) -> JokiTraces:
    """Genuine traffic with shared offices, carpools, spouses and neighbours (hard negatives)
    mixed with labelled proxy check-ins and lost phones used again (docs/joki.md)."""
    rng = random.Random(seed)
    # Kantor 0 is the city hall, where one in ten ASN work (crowded mornings); the others are
    # small offices of about eight people each.
    offices = [
        verify.Place(
            "office",
            f"Kantor {k}",
            *_offset(*CENTRE, rng.uniform(0, 9000), rng.uniform(0, 2 * math.pi)),
            150 if k == 0 else 100,
        )
        for k in range(max(OFFICES, employees // 8))
    ]
    staff = [
        _Staff(
            id=i + 1,
            office=offices[0] if i % 10 == 0 else offices[1 + i % (len(offices) - 1)],
            home=verify.Place(
                "home",
                "Rumah",
                *_offset(*CENTRE, rng.uniform(2000, 15000), rng.uniform(0, 2 * math.pi)),
                100,
            ),
            device=f"hp-{i + 1}",
        )
        for i in range(employees)
    ]
    notes = _cast(rng, staff)
    by_id = {s.id: s for s in staff}
    b = _Builder(rng)
    reports: list[joki.LostReport] = []
    start = dt.date(2025, 10, 6)
    workdays: list[dt.date] = []
    day = start
    while len(workdays) < days:
        if day.weekday() < 5:
            workdays.append(day)
        day += dt.timedelta(days=1)
    for s in staff:
        if s.new_device:
            d = workdays[rng.randrange(max(1, days // 4), max(2, days - days // 4))]
            s.lost_at = dt.datetime.combine(d, dt.time(12, 0), tzinfo=WIB)
            reports.append(
                joki.LostReport(s.id, frozenset({s.device}), s.lost_at, "HP hilang di angkot")
            )
    venues = [
        _offset(*CENTRE, rng.uniform(0, 12000), rng.uniform(0, 2 * math.pi)) for _ in range(VENUES)
    ]
    for day in workdays:
        _joki_day(rng, b, staff, by_id, day, venues)
    roles = {s.id: s.role for s in staff if s.role}
    return JokiTraces(b.events, b.labels, reports, notes, roles)


class _Pool:
    """Staff not yet given a part, in random order."""

    def __init__(self, rng: random.Random, staff: list[_Staff]) -> None:
        self.free = list(staff)
        rng.shuffle(self.free)

    def take(self, pred: Callable[[_Staff], bool] = lambda s: True) -> _Staff | None:
        for s in self.free:
            if pred(s):
                self.free.remove(s)
                return s
        return None

    def pair(self, same_office: bool = False) -> tuple[_Staff, _Staff] | None:
        a = self.take()
        b = a and self.take(lambda s: not same_office or s.office is a.office)
        return (a, b) if a and b else None


def _cast(rng: random.Random, staff: list[_Staff]) -> dict[str, int]:
    """Give some staff a part: carpool, spouses, neighbours, joki and victims, lost phone."""
    n = len(staff)
    pool = _Pool(rng, staff)
    notes: dict[str, int] = defaultdict(int)
    # Carpools: two colleagues of one office riding together (same days in the office).
    for pair in filter(None, (pool.pair(same_office=True) for _ in range(max(1, n // 30)))):
        a, b = pair
        a.partner, b.partner = b.id, a.id
        a.role = b.role = "carpool"
        notes["carpool pairs"] += 1
    # Spouses: both ASN, one registered house, often WFH on the same days.
    for pair in filter(None, (pool.pair() for _ in range(max(1, n // 40)))):
        a, b = pair
        b.home = a.home
        a.partner, b.partner = b.id, a.id
        a.role = b.role = "couple"
        notes["couples sharing a home"] += 1
    # Neighbours: houses 20–45 m apart.
    for pair in filter(None, (pool.pair() for _ in range(max(1, n // 50)))):
        a, b = pair
        lat, lon = _offset(a.home.latitude, a.home.longitude, rng.uniform(20, 45), 1.0)
        b.home = verify.Place("home", "Rumah", lat, lon, 100)
        a.role = b.role = "neighbour"
        notes["neighbour pairs"] += 1
    for _ in range(max(1, n // 50)):
        _cast_joki(rng, pool, notes)
    # Lost phones: half come back into use (handed to someone), half only deliver a check-in
    # queued offline before the report (a hard negative).
    for s in filter(None, (pool.take() for _ in range(max(1, n // 60)))):
        s.lost_reuse = rng.random() < 0.5
        s.role = "lost phone"
        s.new_device = f"{s.device}-baru"
        notes["lost phones reused" if s.lost_reuse else "lost phones, queued check-in only"] += 1
    return dict(notes)


def _cast_joki(rng: random.Random, pool: _Pool, notes: dict[str, int]) -> None:
    """One colleague checks in 2–3 office mates with their phones, their passwords, or a
    location spoofer with a saved point."""
    j = pool.take()
    if j is None:
        return
    mode = rng.choice(["password", "password", "phones", "phones", "spoof"])
    j.role = "joki"
    for _v in range(rng.choice([2, 2, 3])):
        v = pool.take(lambda s: s.office is j.office)
        if v:
            v.joki = (j.id, mode)
            v.role = "victim"
            notes["victims"] += 1
    notes[f"joki ({mode})"] += 1


def _joki_day(
    rng: random.Random,
    b: _Builder,
    staff: list[_Staff],
    by_id: dict[int, _Staff],
    day: dt.date,
    venues: list[tuple[float, float]],
) -> None:
    modes: dict[int, str] = {}
    for s in staff:
        if s.partner is not None and s.partner in modes:
            # Partners keep the same days (carpool to the office, WFH together) most of the time.
            modes[s.id] = modes[s.partner] if rng.random() < 0.8 else _mode(rng)
        else:
            modes[s.id] = _mode(rng)
    own: dict[int, dict[str, joki.Event]] = defaultdict(dict)
    times = {
        s.id: {
            "in": dt.datetime.combine(day, dt.time(7, 0), tzinfo=WIB)
            + dt.timedelta(minutes=rng.gauss(25, 15)),
            "out": dt.datetime.combine(day, dt.time(16, 0), tzinfo=WIB)
            + dt.timedelta(minutes=rng.gauss(10, 15)),
        }
        for s in staff
    }
    _carpool_times(rng, staff, by_id, modes, times)
    covered = _covered(rng, staff)
    for s in staff:
        mode = modes[s.id]
        for kind in ("in", "out"):
            if kind in covered.get(s.id, ()):
                continue
            at = times[s.id][kind]
            # On the report day the morning check-in was still made on the old phone (queued
            # offline and sent after the report: a hard negative for the lost-phone rule).
            device = s.new_device if s.lost_at and at >= s.lost_at else s.device
            point, setting = _genuine_point(rng, s, mode, venues[day.toordinal() % VENUES])
            p = by_id.get(s.partner) if s.partner else None
            if p and kind in own[p.id] and own[p.id][kind].setting == setting == joki.OFFICE:
                # Walking in together: a few metres apart, each phone with its own error.
                first = own[p.id][kind]
                near = _offset(
                    first.latitude, first.longitude, rng.uniform(3, 25), 6.3 * rng.random()
                )
                point = _offset(*near, abs(rng.gauss(0, 8)), rng.uniform(0, 6.3))
            own[s.id][kind] = b.add(s.id, at, point, device, kind, setting)
        if s.lost_at and s.lost_reuse and day > s.lost_at.date() and rng.random() < 0.4:
            # The "lost" phone is back in someone's hand and checks its owner in once more.
            at = times[s.id]["in"] - dt.timedelta(minutes=rng.uniform(1, 20))
            point = _noisy(rng, s.office, 8.0)
            b.add(s.id, at, point, s.device, "in", joki.OFFICE, {joki.LOST_DEVICE})
    for s in staff:
        if s.id in covered and s.joki:
            _proxies(rng, b, s, by_id[s.joki[0]], own, modes, covered[s.id])


def _proxies(
    rng: random.Random,
    b: _Builder,
    s: _Staff,
    j: _Staff,
    own: dict[int, dict[str, joki.Event]],
    modes: dict[int, str],
    kinds: tuple[str, ...],
) -> None:
    """The joki checks in an absent colleague right after checking in themself."""
    if s.joki:
        j_id, how = s.joki
        for kind in kinds:
            mine = own[j_id].get(kind)
            if mine is None:
                continue
            at = mine.at + dt.timedelta(seconds=rng.uniform(20, 90) * (1 + s.id % 3))
            expected = s.office if modes[s.id] in (WorkMode.WFO, WorkMode.DUTY, "CAFE") else s.home
            if how == "spoof":
                point = _saved_point(j, expected)
                setting = joki.OFFICE if expected is s.office else joki.OWN_HOME
                labels = {joki.IDENTICAL_SEQUENCE} if expected is s.office else set()
                b.add(s.id, at, point, s.device, kind, setting, labels)
                continue
            point = _offset(
                mine.latitude, mine.longitude, abs(rng.gauss(0, 2)), rng.uniform(0, 6.3)
            )
            setting = _setting_for(point, s, expected)
            labels = {joki.IDENTICAL_SEQUENCE}
            if how == "password":
                labels.add(joki.SHARED_DEVICE)
            if setting == joki.OTHER:
                labels.add(joki.COLOCATED_BURST)
            device = j.device if how == "password" else s.device
            b.add(s.id, at, point, device, kind, setting, labels)
            # The joki's own check-in is the other half of the identical pair, and of the
            # burst when the joki is away from any fence (a café) too.
            b.labels[mine.id].add(joki.IDENTICAL_SEQUENCE)
            if setting == joki.OTHER and mine.setting == joki.OTHER:
                b.labels[mine.id].add(joki.COLOCATED_BURST)


def _covered(rng: random.Random, staff: list[_Staff]) -> dict[int, tuple[str, ...]]:
    """Whose check-ins the joki makes today: the whole day (absent), or only the morning (the
    colleague arrives late and checks out themself)."""
    covered: dict[int, tuple[str, ...]] = {}
    for s in staff:
        if s.joki:
            r = rng.random()
            if r < 0.35:
                covered[s.id] = ("in", "out")
            elif r < 0.45:
                covered[s.id] = ("in",)
    return covered


def _carpool_times(
    rng: random.Random,
    staff: list[_Staff],
    by_id: dict[int, _Staff],
    modes: dict[int, str],
    times: dict[int, dict[str, dt.datetime]],
) -> None:
    """A carpool arrives and leaves together."""
    for s in staff:
        p = by_id.get(s.partner) if s.partner else None
        same_office = modes[s.id] == WorkMode.WFO and p is not None and modes[p.id] == WorkMode.WFO
        if p and p.id < s.id and same_office and p.home is not s.home:
            for kind in ("in", "out"):
                times[s.id][kind] = times[p.id][kind] + dt.timedelta(seconds=rng.uniform(0, 180))


def _genuine_point(
    rng: random.Random, s: _Staff, mode: str, venue: tuple[float, float]
) -> tuple[tuple[float, float], str]:
    if mode == WorkMode.DUTY:
        return _offset(*venue, abs(rng.gauss(0, 15)), rng.uniform(0, 6.3)), joki.FIELD
    if mode == "CAFE":
        far = rng.uniform(300, 3000)
        return _offset(s.home.latitude, s.home.longitude, far, rng.uniform(0, 6.3)), joki.OTHER
    if mode == WorkMode.WFO:
        return _noisy(rng, s.office, 8.0), joki.OFFICE
    return _noisy(rng, s.home, 8.0), joki.OWN_HOME


def _mode(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.28:
        return WorkMode.WFH
    if r < 0.29:
        return "CAFE"  # WFH from a café: outside the home fence, alone
    if r < 0.31:
        return WorkMode.DUTY  # declared dinas luar at a meeting venue with others
    return WorkMode.WFO


def _saved_point(j: _Staff, place: verify.Place) -> tuple[float, float]:
    # A spoofer's saved point: a fixed spot inside the fence, the same for every victim.
    if place.kind == "office":
        return _offset(place.latitude, place.longitude, 20, (j.id % 7) * 0.9)
    return _offset(place.latitude, place.longitude, 15, (j.id % 5) * 1.2)


def _setting_for(point: tuple[float, float], s: _Staff, expected: verify.Place) -> str:
    if verify.distance_outside(s.office, *point) == 0:
        return joki.OFFICE
    if expected is s.home and verify.distance_outside(s.home, *point) == 0:
        return joki.OWN_HOME
    return joki.OTHER


def evaluate_joki(
    traces: JokiTraces, params: joki.Params | None = None
) -> dict[str, dict[str, float]]:
    """Precision and recall per joki rule at the check-in level: a check-in is predicted by a
    rule when a finding of that rule holds it as a suspect."""
    params = params or joki.Params()
    predicted: dict[str, set[int]] = {r: set() for r in joki.RULES}
    findings: dict[str, int] = {r: 0 for r in joki.RULES}
    for hit in joki.detect(traces.events, traces.reports, params):
        predicted[hit.rule].update(hit.suspects)
        findings[hit.rule] += 1
    out: dict[str, dict[str, float]] = {}
    for rule in joki.RULES:
        truth = {i for i, labels in traces.labels.items() if rule in labels}
        tp = len(truth & predicted[rule])
        out[rule] = {
            "support": len(truth),
            "predicted": len(predicted[rule]),
            "tp": tp,
            "findings": findings[rule],
            "precision": tp / len(predicted[rule]) if predicted[rule] else float("nan"),
            "recall": tp / len(truth) if truth else float("nan"),
        }
    return out


def false_positive_roles(
    traces: JokiTraces, params: joki.Params | None = None
) -> dict[str, dict[str, int]]:
    """Per rule, how many wrongly held check-ins belong to each part (carpool, couple, …)."""
    out: dict[str, dict[str, int]] = {}
    by_id = {e.id: e for e in traces.events}
    for hit in joki.detect(traces.events, traces.reports, params or joki.Params()):
        for i in hit.suspects:
            if hit.rule not in traces.labels[i]:
                role = traces.roles.get(by_id[i].employee) or "no part"
                out.setdefault(hit.rule, {}).setdefault(role, 0)
                out[hit.rule][role] += 1
    return out
