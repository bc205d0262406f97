"""Proxy-attendance ("joki absensi") rules over many ASN's check-ins. Pure: no Django import.

Plain check-in records and lost-phone reports in, findings with their evidence out. The rules,
their thresholds and the cases they deliberately leave alone are defined in docs/joki.md; the
batch job (hibrida.audit.joki) feeds them and stores what they find for the Inspektorat.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from .verify import distance_m

WIB = dt.timezone(dt.timedelta(hours=7))

# Rule codes (stable: stored with each finding, counted by benchmarks/anomaly_eval.py).
SHARED_DEVICE = "shared_device"
COLOCATED_BURST = "colocated_burst"
IDENTICAL_SEQUENCE = "identical_sequence"
LOST_DEVICE = "lost_device"
RULES = (SHARED_DEVICE, COLOCATED_BURST, IDENTICAL_SEQUENCE, LOST_DEVICE)

LABELS = {
    SHARED_DEVICE: "Satu perangkat dipakai beberapa ASN",
    COLOCATED_BURST: "Beberapa ASN presensi dari tempat yang sama dalam hitungan menit",
    IDENTICAL_SEQUENCE: "Deret koordinat identik antar-ASN",
    LOST_DEVICE: "Presensi dari HP yang sudah dilaporkan hilang/diganti",
}

# Where a check-in was, relative to the fences (computed by the caller from the records).
OFFICE = "office"  # inside any office fence: colleagues arriving together there is normal
FIELD = "field"  # inside the field area of the employee's own schedule: patrols move in groups
OWN_HOME = "own_home"  # inside the employee's own approved home fence
OTHER = "other"  # anywhere else (outside the scheduled fence, dinas luar, no place)
EXPECTED_GROUP_PLACES = frozenset({OFFICE, FIELD})


@dataclass(frozen=True)
class Params:
    """Thresholds, tuned on one synthetic seed and reported on another (docs/joki.md)."""

    # A phone normally belongs to one person for months; 30 days covers a payroll month
    # without joining a phone handed down long after its owner stopped using it.
    shared_window_days: int = 30
    # Two ASN are enough at a place that is nobody's office: the cheapest joki is one
    # colleague checking in one friend.
    burst_min_asn: int = 2
    # A house or a warung: a larger radius would join neighbours in a dense kampung.
    burst_radius_m: float = 50.0
    # Checking in another phone takes a minute or two; ten minutes leaves room for a slow
    # login without joining people who merely live nearby and start at 07:30.
    burst_minutes: float = 10.0
    # Two phones held in one hand agree to a few metres (same sky, same moment); two people
    # walking in together differ by their own distance plus two independent GPS errors. Chosen
    # on synthetic seed 7 (benchmarks/anomaly_eval.py); it rests on the assumed side-by-side
    # error of about 2 m per axis, which real phones should confirm (docs/joki.md).
    sequence_radius_m: float = 4.0
    sequence_minutes: float = 3.0
    # One coincidence is chance; the same pair agreeing on three different days is a pattern.
    sequence_min_days: int = 3
    # True: a day counts only when the pair coincides at check-in AND check-out. Off, because
    # a joki who only covers late mornings would escape it, and the 4 m radius already keeps
    # colleagues who walk in together out on the tuning seed.
    sequence_full_day: bool = False
    # Coordinates equal to 1e-6 degree (≈ 0.1 m) for two people never come from two receivers.
    exact_decimals: int = 6


@dataclass(frozen=True)
class Event:
    """One stored check-in, as the rules need it."""

    id: int
    employee: int
    at: dt.datetime  # device time (aware)
    latitude: float
    longitude: float
    device: str
    kind: str = "in"
    setting: str = OTHER
    place: str = ""  # the matched place's name, for the explanation
    precise: bool = True  # False once coarsened (privacy retention): rules 2 and 3 skip it


@dataclass(frozen=True)
class LostReport:
    """An approved phone reset: the devices the employee used before it, and when."""

    employee: int
    devices: frozenset[str]
    reported_at: dt.datetime
    reason: str = ""


@dataclass(frozen=True)
class Hit:
    """One finding: the rule, the people, the check-ins and what ties them together."""

    rule: str
    subject: str  # a device id, a place "lat,lon", or an employee pair
    employees: tuple[int, ...]  # every ASN involved, sorted
    suspects: tuple[int, ...]  # check-in ids the rule holds doubtful (the proxies)
    events: tuple[int, ...]  # every check-in id of the evidence
    start: dt.datetime
    end: dt.datetime
    facts: dict[str, object] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Stable identity, so a re-run over an overlapping period adds no duplicate."""
        return f"{self.rule}|{self.subject}|{','.join(map(str, self.employees))}|{min(self.events)}"


def _local(at: dt.datetime) -> str:
    return at.astimezone(WIB).strftime("%d/%m/%Y %H:%M")


def _near_pairs(
    pool: Sequence[Event], radius_m: float, span: dt.timedelta
) -> Iterator[tuple[Event, Event, float]]:
    """Pairs (earlier, later) of check-ins by different ASN within ``radius_m`` and ``span``.

    Buckets the points on a grid one radius wide, so each point meets only its 3 × 3
    neighbourhood: a city-wide month stays near-linear instead of quadratic.
    """
    if not pool:
        return
    lat_cell = radius_m / 110_574
    widest = max(abs(e.latitude) for e in pool)
    lon_cell = radius_m / (111_320 * max(math.cos(math.radians(widest)), 1e-6))
    cells: dict[tuple[int, int], list[Event]] = defaultdict(list)
    for e in pool:
        cells[(math.floor(e.latitude / lat_cell), math.floor(e.longitude / lon_cell))].append(e)
    times: dict[tuple[int, int], list[tuple[dt.datetime, int]]] = {}
    for key, members in cells.items():
        members.sort(key=lambda e: (e.at, e.id))
        times[key] = [(e.at, e.id) for e in members]
    neighbours = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    for (cy, cx), members in cells.items():
        for a in members:
            for dy, dx in neighbours:
                key = (cy + dy, cx + dx)
                if key in cells:
                    yield from _later_near(a, cells[key], times[key], radius_m, span)


def _later_near(
    a: Event,
    cell: list[Event],
    times: list[tuple[dt.datetime, int]],
    radius_m: float,
    span: dt.timedelta,
) -> Iterator[tuple[Event, Event, float]]:
    for b in cell[bisect.bisect_right(times, (a.at, a.id)) :]:
        if b.at - a.at > span:
            break
        if b.employee != a.employee:
            gap = distance_m(a.latitude, a.longitude, b.latitude, b.longitude)
            if gap <= radius_m:
                yield a, b, gap


# --- rule 1: one device for several ASN ----------------------------------------------------


def shared_device(events: Iterable[Event], params: Params = Params()) -> list[Hit]:
    """A device id used for ≥ 2 ASN with uses less than ``shared_window_days`` apart.

    Uses of one device are chained into episodes (a gap longer than the window ends one); an
    episode with several ASN is a finding. The ASN with most check-ins in the episode is taken
    as the phone's owner; the others' check-ins are the suspects.
    """
    window = dt.timedelta(days=params.shared_window_days)
    by_device: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        if e.device:
            by_device[e.device].append(e)
    hits = []
    for device, uses in sorted(by_device.items()):
        uses.sort(key=lambda e: (e.at, e.id))
        episode: list[Event] = []
        for e in uses:
            if episode and e.at - episode[-1].at > window:
                hits.extend(_device_hit(device, episode))
                episode = []
            episode.append(e)
        hits.extend(_device_hit(device, episode))
    return hits


def _device_hit(device: str, episode: list[Event]) -> list[Hit]:
    counts: dict[int, int] = defaultdict(int)
    for e in episode:
        counts[e.employee] += 1
    if len(counts) < 2:
        return []
    first_use: dict[int, dt.datetime] = {}
    for e in episode:
        first_use.setdefault(e.employee, e.at)
    owner = max(counts, key=lambda emp: (counts[emp], -first_use[emp].timestamp(), -emp))
    return [
        Hit(
            rule=SHARED_DEVICE,
            subject=device,
            employees=tuple(sorted(counts)),
            suspects=tuple(e.id for e in episode if e.employee != owner),
            events=tuple(e.id for e in episode),
            start=episode[0].at,
            end=episode[-1].at,
            facts={"owner": owner, "uses": {str(k): v for k, v in sorted(counts.items())}},
        )
    ]


# --- rule 2: several ASN at one non-office place within minutes ----------------------------


def colocated_burst(events: Iterable[Event], params: Params = Params()) -> list[Hit]:
    """≥ ``burst_min_asn`` ASN checking in within ``burst_radius_m`` of each other and within
    ``burst_minutes``, at a place that is neither an office fence nor their own field area.

    Pairs are joined transitively into groups. A group whose members are all inside their own
    approved home (spouses who both registered the same house) is expected, not a finding. The
    suspects are the members outside their own expected place.
    """
    span = dt.timedelta(minutes=params.burst_minutes)
    pool = sorted(
        (e for e in events if e.precise and e.setting not in EXPECTED_GROUP_PLACES),
        key=lambda e: (e.at, e.id),
    )
    parent = list(range(len(pool)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index = {e.id: i for i, e in enumerate(pool)}
    for a, b, _gap in _near_pairs(pool, params.burst_radius_m, span):
        parent[root(index[b.id])] = root(index[a.id])
    groups: dict[int, list[Event]] = defaultdict(list)
    for i, e in enumerate(pool):
        groups[root(i)].append(e)
    hits = []
    for members in groups.values():
        people = sorted({e.employee for e in members})
        if len(people) < params.burst_min_asn:
            continue
        if all(e.setting == OWN_HOME for e in members):
            continue
        lat = sum(e.latitude for e in members) / len(members)
        lon = sum(e.longitude for e in members) / len(members)
        spread = max(distance_m(lat, lon, e.latitude, e.longitude) for e in members)
        hits.append(
            Hit(
                rule=COLOCATED_BURST,
                subject=f"{lat:.5f},{lon:.5f}",
                employees=tuple(people),
                suspects=tuple(e.id for e in members if e.setting != OWN_HOME),
                events=tuple(e.id for e in members),
                start=members[0].at,
                end=members[-1].at,
                facts={
                    "latitude": round(lat, 6),
                    "longitude": round(lon, 6),
                    "spread_m": round(spread, 1),
                    "homes": sorted({e.employee for e in members if e.setting == OWN_HOME}),
                },
            )
        )
    return hits


# --- rule 3: identical coordinate series across ASN -----------------------------------------


def identical_sequence(events: Iterable[Event], params: Params = Params()) -> list[Hit]:
    """Two ASN whose fixes coincide beyond what two receivers can do.

    (a) The same coordinates to ``exact_decimals`` decimals for two ASN, at any time: a saved
    point replayed by a location spoofer. (b) A pair whose same-kind fixes lie within
    ``sequence_radius_m`` and ``sequence_minutes`` of each other on ≥ ``sequence_min_days``
    different days (with ``sequence_full_day``: both check-in and check-out that day): one
    hand holding both phones. Offices are included
    on purpose: this rule sees the colleague checking in a friend's phone at the office.
    """
    pool = [e for e in events if e.precise]
    hits = _exact_matches(pool, params)
    hits.extend(_tracking_pairs(pool, params))
    return hits


def _exact_matches(pool: list[Event], params: Params) -> list[Hit]:
    by_point: dict[tuple[float, float], list[Event]] = defaultdict(list)
    for e in pool:
        point = (
            round(e.latitude, params.exact_decimals),
            round(e.longitude, params.exact_decimals),
        )
        by_point[point].append(e)
    hits = []
    for (lat, lon), same in sorted(by_point.items()):
        people = sorted({e.employee for e in same})
        if len(people) < 2:
            continue
        same.sort(key=lambda e: (e.at, e.id))
        hits.append(
            Hit(
                rule=IDENTICAL_SEQUENCE,
                subject=f"{lat},{lon}",
                employees=tuple(people),
                suspects=tuple(e.id for e in same),
                events=tuple(e.id for e in same),
                start=same[0].at,
                end=same[-1].at,
                facts={"exact": True, "latitude": lat, "longitude": lon, "count": len(same)},
            )
        )
    return hits


def _tracking_pairs(pool: list[Event], params: Params) -> list[Hit]:
    span = dt.timedelta(minutes=params.sequence_minutes)
    matches: dict[tuple[int, int], list[tuple[Event, Event, float]]] = defaultdict(list)
    for a, b, gap in _near_pairs(pool, params.sequence_radius_m, span):
        if b.kind == a.kind:
            pair = (min(a.employee, b.employee), max(a.employee, b.employee))
            matches[pair].append((a, b, gap))
    hits = []
    for pair, found in sorted(matches.items()):
        kinds: dict[dt.date, set[str]] = defaultdict(set)
        for a, _b, _g in found:
            kinds[a.at.astimezone(WIB).date()].add(a.kind)
        days = sorted(
            d for d, k in kinds.items() if not params.sequence_full_day or {"in", "out"} <= k
        )
        if len(days) < params.sequence_min_days:
            continue
        found = [m for m in found if m[0].at.astimezone(WIB).date() in days]
        ids = sorted({e.id for a, b, _g in found for e in (a, b)})
        hits.append(
            Hit(
                rule=IDENTICAL_SEQUENCE,
                subject=f"{pair[0]}~{pair[1]}",
                employees=pair,
                suspects=tuple(ids),
                events=tuple(ids),
                start=min(a.at for a, _b, _g in found),
                end=max(b.at for _a, b, _g in found),
                facts={
                    "exact": False,
                    "days": [d.isoformat() for d in days],
                    "matches": len(found),
                    "max_gap_m": round(max(g for _a, _b, g in found), 1),
                    "max_seconds": round(max((b.at - a.at).total_seconds() for a, b, _g in found)),
                },
            )
        )
    return hits


# --- rule 4: a phone reported lost checks in again ------------------------------------------


def lost_device(
    events: Iterable[Event], reports: Sequence[LostReport], params: Params = Params()
) -> list[Hit]:
    """A check-in, for anyone, from a device its owner gave up in an approved reset, with a
    device time after the reset. A queued offline check-in made before the reset and sent
    after it is therefore not a finding."""
    lost: dict[str, list[LostReport]] = defaultdict(list)
    for r in reports:
        for d in r.devices:
            lost[d].append(r)
    found: dict[tuple[str, int], list[Event]] = defaultdict(list)
    owner: dict[tuple[str, int], LostReport] = {}
    for e in events:
        for r in lost.get(e.device, ()):
            if e.at >= r.reported_at:
                found[(e.device, r.employee)].append(e)
                owner[(e.device, r.employee)] = r
    hits = []
    for (device, reporter), uses in sorted(found.items()):
        uses.sort(key=lambda e: (e.at, e.id))
        r = owner[(device, reporter)]
        hits.append(
            Hit(
                rule=LOST_DEVICE,
                subject=device,
                employees=tuple(sorted({reporter, *(e.employee for e in uses)})),
                suspects=tuple(e.id for e in uses),
                events=tuple(e.id for e in uses),
                start=uses[0].at,
                end=uses[-1].at,
                facts={
                    "reporter": reporter,
                    "reported_at": r.reported_at.isoformat(),
                    "reason": r.reason,
                    "used_for": sorted({e.employee for e in uses}),
                },
            )
        )
    return hits


def detect(
    events: Sequence[Event], reports: Sequence[LostReport] = (), params: Params = Params()
) -> list[Hit]:
    """Every rule over the same check-ins, ordered by rule then time."""
    hits = (
        shared_device(events, params)
        + colocated_burst(events, params)
        + identical_sequence(events, params)
        + lost_device(events, reports, params)
    )
    hits.sort(key=lambda h: (RULES.index(h.rule), h.start, h.subject))
    return hits


# --- explanation -----------------------------------------------------------------------------


def explain(hit: Hit, events: Mapping[int, Event], names: Mapping[int, str]) -> str:
    """The finding in Indonesian: who, which device or place, which times."""

    def who(emp: int) -> str:
        return names.get(emp, f"pegawai #{emp}")

    def moments(ids: Iterable[int], limit: int = 6) -> str:
        chosen = sorted((events[i] for i in ids if i in events), key=lambda e: (e.at, e.id))
        parts = [f"{who(e.employee)} {_local(e.at)}" for e in chosen[:limit]]
        more = len(chosen) - limit
        return "; ".join(parts) + (f"; dan {more} presensi lain" if more > 0 else "")

    people = ", ".join(who(e) for e in hit.employees)
    period = f"{_local(hit.start)}–{_local(hit.end)} WIB"
    if hit.rule == SHARED_DEVICE:
        owner = int(str(hit.facts["owner"]))
        others = ", ".join(who(e) for e in hit.employees if e != owner)
        return (
            f"Perangkat {hit.subject} dipakai untuk presensi {len(hit.employees)} ASN ({people}) "
            f"pada {period}. Pemakai utama: {who(owner)}; presensi {others} dari perangkat yang "
            f"sama patut diperiksa: {moments(hit.suspects)}."
        )
    if hit.rule == COLOCATED_BURST:
        return (
            f"{len(hit.employees)} ASN ({people}) presensi dalam radius "
            f"{hit.facts['spread_m']} m di sekitar koordinat {hit.subject} — bukan kantor dan "
            f"bukan area lapangan — dalam selang {period}: {moments(hit.events)}. Presensi di "
            f"luar tempat kerja terjadwal masing-masing: {moments(hit.suspects)}."
        )
    if hit.rule == IDENTICAL_SEQUENCE:
        if hit.facts.get("exact"):
            return (
                f"Koordinat {hit.subject} tercatat persis sama (hingga 0,1 m) untuk "
                f"{len(hit.employees)} ASN ({people}), {hit.facts['count']} kali pada {period} "
                f"— dua penerima GPS tidak pernah memberi angka identik; indikasi lokasi "
                f"diputar ulang: {moments(hit.events)}."
            )
        dates = [str(d) for d in cast(list[str], hit.facts["days"])]
        days = ", ".join(dt.date.fromisoformat(d).strftime("%d/%m/%Y") for d in dates)
        return (
            f"Presensi {people} berimpit pada {len(dates)} hari berbeda ({days}): jarak paling "
            f"jauh {hit.facts['max_gap_m']} m dan selisih paling lama "
            f"{hit.facts['max_seconds']} detik — setara satu orang memegang kedua HP: "
            f"{moments(hit.events)}."
        )
    reporter = int(str(hit.facts["reporter"]))
    reported = dt.datetime.fromisoformat(str(hit.facts["reported_at"]))
    reason = str(hit.facts.get("reason") or "").strip()
    return (
        f"HP {hit.subject} milik {who(reporter)} dilepas lewat reset perangkat yang disetujui "
        f"{_local(reported)} WIB"
        + (f" (alasan: {reason})" if reason else "")
        + f", tetapi dipakai lagi untuk presensi sesudahnya: {moments(hit.events)}."
    )
