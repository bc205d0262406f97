"""Loading what verification needs for a batch of check-ins, in a few bulk queries.

The per-employee part (expected mode, places) changes rarely and may be cached for a short
time by the fast path; the history part (previous fix, repeated coordinates, devices) is read
fresh for every batch because another server process may have written it a moment ago.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection

from hibrida import sql
from hibrida.org.models import Employee, OfficeLocation
from hibrida.policy import calendar
from hibrida.roster.modes import WorkMode
from hibrida.roster.selectors import planned_modes

from . import verify
from .models import ApprovalStatus, CheckIn, Device, FieldArea, HomeLocation

_WORKING_DAY_CACHE: dict[dt.date, tuple[float, bool]] = {}
WORKING_DAY_TTL_S = 300.0


def is_working_day(day: dt.date) -> bool:
    """Working day per the city calendar, cached per process for a few minutes: the check-in
    peak asks for the same day each time."""
    hit = _WORKING_DAY_CACHE.get(day)
    if hit and time.monotonic() - hit[0] < WORKING_DAY_TTL_S:
        return hit[1]
    value = calendar.is_working_day(day)
    _WORKING_DAY_CACHE[day] = (time.monotonic(), value)
    return value


def clear_working_day_cache() -> None:
    _WORKING_DAY_CACHE.clear()


def expected_modes(employee_ids, day: dt.date) -> dict[int, str | None]:
    """The published mode of each employee on ``day``; WFO on a working day with nothing
    published (the city's default), None on a day off. Two queries, not 2×n."""
    ids = [int(getattr(e, "pk", e)) for e in employee_ids]
    planned = planned_modes(ids, day, day)
    default = WorkMode.WFO if is_working_day(day) else None
    return {i: planned.get((i, day)) or default for i in ids}


def expected_modes_range(employee_ids, start: dt.date, end: dt.date) -> dict:
    """{(employee id, day): mode} for every working day in [start, end] (bulk, for seeding
    and recaps); days off are absent."""
    ids = [int(getattr(e, "pk", e)) for e in employee_ids]
    planned = planned_modes(ids, start, end)
    return {
        (i, day): planned.get((i, day)) or WorkMode.WFO
        for day in calendar.working_days(start, end)
        for i in ids
    }


@dataclass(frozen=True)
class EmployeePlaces:
    employee_id: int
    opd_id: int
    expected_mode: str | None
    places: tuple[verify.Place, ...]


def rules() -> verify.Rules:
    """Verification thresholds, overridable per deployment from settings."""
    return verify.Rules(
        accuracy_flag_m=float(getattr(settings, "HIBRIDA_PRESENCE_ACCURACY_FLAG_M", 100)),
        accuracy_reject_m=float(getattr(settings, "HIBRIDA_PRESENCE_ACCURACY_REJECT_M", 1000)),
        max_clock_skew_s=float(getattr(settings, "HIBRIDA_PRESENCE_MAX_SKEW_S", 300)),
    )


def _polygon(points) -> tuple[tuple[float, float], ...]:
    try:
        return tuple((float(p[0]), float(p[1])) for p in points or ())
    except (TypeError, ValueError, IndexError):
        return ()


class OpdPlacesCache:
    """Office fences, field areas and planned modes per OPD, cached briefly (fast path only)."""

    def __init__(self, ttl: float = 60.0, modes_ttl: float = 300.0):
        self.ttl = ttl
        self.modes_ttl = modes_ttl
        self._data: dict[int, tuple[float, list, list]] = {}
        self._modes: dict[tuple[int, dt.date], tuple[float, dict[int, str | None]]] = {}
        self._lock = threading.Lock()

    def modes(self, employees: Sequence[Mapping[str, Any]], day: dt.date) -> dict[int, str | None]:
        """Planned modes, loaded for a whole OPD at the first sight of one of its staff.

        At the peak nearly every check-in is someone's first of the day, so a per-employee
        cache would miss; the OPD's whole published day (one roster query) then serves all
        its staff for ``modes_ttl`` seconds. A swap approved meanwhile is seen that late.
        """
        now = time.monotonic()
        by_opd: dict[int, dict[int, str | None]] = {}
        for opd_id in {e["opd_id"] for e in employees}:
            key = (opd_id, day)
            with self._lock:
                hit = self._modes.get(key)
            if hit is None or now - hit[0] >= self.modes_ttl:
                staff = list(
                    Employee.objects.filter(opd_id=opd_id, is_active=True).values_list(
                        "id", flat=True
                    )
                )
                hit = (now, expected_modes(staff, day))
                with self._lock:
                    if len(self._modes) > 10_000:
                        self._modes.clear()
                    self._modes[key] = hit
            by_opd[opd_id] = hit[1]
        # Only the batch's employees: copying every OPD's whole staff cost more per batch.
        out: dict[int, str | None] = {}
        for e in employees:
            opd_modes = by_opd[e["opd_id"]]
            if e["id"] in opd_modes:
                out[e["id"]] = opd_modes[e["id"]]
        missing = [e["id"] for e in employees if e["id"] not in out]
        if missing:  # e.g. an employee added after the OPD was loaded
            out.update(expected_modes(missing, day))
        return out

    def get(self, opd_ids: set[int]) -> tuple[dict[int, list], dict[int, list]]:
        now = time.monotonic()
        offices, fields = defaultdict(list), defaultdict(list)
        with self._lock:
            missing = {o for o in opd_ids if now - self._data.get(o, (-1e9,))[0] >= self.ttl}
        if missing:
            loaded_o, loaded_f = _load_opd_places(missing)
            with self._lock:
                for opd in missing:
                    self._data[opd] = (now, loaded_o.get(opd, []), loaded_f.get(opd, []))
        with self._lock:
            for opd in opd_ids:
                _, o, f = self._data[opd]
                offices[opd], fields[opd] = o, f
        return offices, fields


def _load_opd_places(opd_ids) -> tuple[dict[int, list], dict[int, list]]:
    offices = defaultdict(list)
    for o in OfficeLocation.objects.filter(opd_id__in=opd_ids, is_active=True).values(
        "opd_id", "unit_id", "name", "latitude", "longitude", "radius_m", "polygon"
    ):
        offices[o["opd_id"]].append(o)
    fields = defaultdict(list)
    for f in FieldArea.objects.filter(opd_id__in=opd_ids, is_active=True).values(
        "opd_id", "unit_id", "name", "polygon"
    ):
        fields[f["opd_id"]].append(f)
    return offices, fields


def _employees_with_homes(
    employee_ids: Collection[int],
) -> tuple[Sequence[Mapping[str, Any]], Mapping[int, Mapping[str, Any]]]:
    if connection.vendor == "postgresql":
        # One round trip instead of two ORM queries: this runs for every batch at the peak.
        return _employees_and_homes(sql.rows(EMPLOYEES_SQL, {"employees": list(employee_ids)}))
    employees = list(Employee.objects.filter(pk__in=employee_ids).values("id", "opd_id", "unit_id"))
    homes: dict[int, Mapping[str, Any]] = {}
    for h in (
        HomeLocation.objects.filter(employee_id__in=employee_ids, status=ApprovalStatus.APPROVED)
        .order_by("employee_id", "-decided_at", "-id")
        .values("employee_id", "latitude", "longitude", "radius_m")
    ):
        homes.setdefault(h["employee_id"], h)
    return employees, homes


def load_places(
    employee_ids: list[int], day: dt.date, opd_cache: OpdPlacesCache | None = None
) -> dict[int, EmployeePlaces]:
    """Expected mode and candidate fences (office, approved home, field areas) per employee."""
    employees, homes = _employees_with_homes(employee_ids)
    return build_places(employees, homes, day, opd_cache)


def build_places(
    employees: Sequence[Mapping[str, Any]],
    homes: Mapping[int, Mapping[str, Any]],
    day: dt.date,
    opd_cache: OpdPlacesCache | None = None,
) -> dict[int, EmployeePlaces]:
    """Places per employee from employee rows ({id, opd_id, unit_id}) and approved homes."""
    opd_ids = {e["opd_id"] for e in employees}
    if opd_cache is not None:
        offices, fields = opd_cache.get(opd_ids)
    else:
        offices, fields = _load_opd_places(opd_ids)
    if opd_cache is not None:
        modes = opd_cache.modes(employees, day)
    else:
        modes = expected_modes([e["id"] for e in employees], day)
    out = {}
    for e in employees:
        places: list[verify.Place] = []
        own = [o for o in offices[e["opd_id"]] if o["unit_id"] in (None, e["unit_id"])]
        for o in own:
            places.append(
                verify.Place(
                    kind="office",
                    name=o["name"],
                    latitude=o["latitude"],
                    longitude=o["longitude"],
                    radius_m=o["radius_m"],
                    polygon=_polygon(o["polygon"]),
                )
            )
        home = homes.get(e["id"])
        if home:
            places.append(
                verify.Place(
                    kind="home",
                    name="Rumah terdaftar",
                    latitude=home["latitude"],
                    longitude=home["longitude"],
                    radius_m=home["radius_m"],
                )
            )
        for f in fields[e["opd_id"]]:
            poly = _polygon(f["polygon"])
            if f["unit_id"] in (None, e["unit_id"]) and len(poly) >= 3:
                places.append(
                    verify.Place(
                        kind="field",
                        name=f["name"],
                        latitude=poly[0][0],
                        longitude=poly[0][1],
                        polygon=poly,
                    )
                )
        out[e["id"]] = EmployeePlaces(
            employee_id=e["id"],
            opd_id=e["opd_id"],
            expected_mode=modes.get(e["id"]),
            places=tuple(places),
        )
    return out


@dataclass(frozen=True)
class History:
    previous: dict[int, list[tuple[dt.datetime, float, float]]]
    repeated: dict[tuple[int, float, float], set[dt.date]]
    devices: dict[int, frozenset[str]]


def load_history(
    items: list[tuple[int, float, float, dt.datetime]],
) -> History:
    """Recent fixes, earlier days with identical coordinates, and bound devices, in bulk.

    ``items`` are (employee_id, latitude, longitude, device_time) of the batch.
    """
    employee_ids = sorted({i[0] for i in items})
    earliest = min(i[3] for i in items) - dt.timedelta(hours=24)
    latest = max(i[3] for i in items)
    lats = sorted({i[1] for i in items})
    wanted = {(emp, lat, lon) for emp, lat, lon, _ in items}
    previous: dict[int, list] = defaultdict(list)
    repeated: dict[tuple[int, float, float], set] = defaultdict(set)
    devices: dict[int, set] = defaultdict(set)
    prev_rows: Iterable[Mapping[str, Any]]
    coord_rows: Iterable[Mapping[str, Any]]
    device_rows: Iterable[Mapping[str, Any]]
    if connection.vendor == "postgresql":
        # Raw SQL on the peak path: three round trips, no ORM compilation per batch.
        params = {"employees": employee_ids, "earliest": earliest, "latest": latest, "lats": lats}
        prev_rows = sql.rows(PREVIOUS_SQL, params)
        coord_rows = sql.rows(REPEATED_SQL, params)
        device_rows = sql.rows(DEVICES_SQL, params)
    else:
        prev_rows = CheckIn.objects.filter(
            employee_id__in=employee_ids, device_time__gte=earliest, device_time__lte=latest
        ).values("employee_id", "device_time", "latitude", "longitude")
        coord_rows = (
            CheckIn.objects.filter(employee_id__in=employee_ids, latitude__in=lats, coarsened=False)
            .values("employee_id", "latitude", "longitude", "work_date")
            .distinct()
        )
        device_rows = Device.objects.filter(
            employee_id__in=employee_ids, retired_at__isnull=True
        ).values("employee_id", "device_id")
    for r in prev_rows:
        previous[r["employee_id"]].append((r["device_time"], r["latitude"], r["longitude"]))
    for c in coord_rows:
        key = (c["employee_id"], c["latitude"], c["longitude"])
        if key in wanted:
            repeated[key].add(c["work_date"])
    for d in device_rows:
        devices[d["employee_id"]].add(d["device_id"])
    return History(
        previous=previous,
        repeated=repeated,
        devices={k: frozenset(v) for k, v in devices.items()},
    )


# The stored answer of a known UUID (what a re-send is answered with) ...
RESULT_FIELDS = [
    "client_uuid",
    "employee_id",
    "kind",
    "status",
    "reasons",
    "expected_mode",
    "place",
    "distance_m",
    "accuracy_m",
    "device_time",
    "received_at",
    "late_synced",
]
# ... then what the phone sent, compared on a re-send (same UUID, other content: 409).
EXISTING_COLUMNS = [
    *RESULT_FIELDS,
    "latitude",
    "longitude",
    "altitude",
    "speed",
    "provider",
    "mock_location",
    "device_id",
    "coarsened",
]
_CHECKINS = sql.table(CheckIn)
_HOMES = sql.table(HomeLocation)
_DEVICES = sql.table(Device)
EXISTING_SQL = (
    f"SELECT {', '.join(sql.column(CheckIn, c) for c in EXISTING_COLUMNS)}"
    f" FROM {_CHECKINS} WHERE client_uuid = ANY(%(uuids)s)"
)
EMPLOYEES_SQL = (
    "SELECT e.id, e.opd_id, e.unit_id, h.latitude, h.longitude, h.radius_m"
    f" FROM {sql.table(Employee)} e LEFT JOIN LATERAL ("
    f" SELECT latitude, longitude, radius_m FROM {_HOMES}"
    f" WHERE employee_id = e.id AND status = '{ApprovalStatus.APPROVED.value}'"
    " ORDER BY decided_at DESC NULLS LAST, id DESC LIMIT 1) h ON true"
    " WHERE e.id = ANY(%(employees)s)"
)
PREVIOUS_SQL = (
    "SELECT DISTINCT ON (employee_id) employee_id, device_time, latitude, longitude"
    f" FROM {_CHECKINS} WHERE employee_id = ANY(%(employees)s)"
    " AND device_time >= %(earliest)s AND device_time <= %(latest)s"
    " ORDER BY employee_id, device_time DESC"
)
REPEATED_SQL = (
    f"SELECT DISTINCT employee_id, latitude, longitude, work_date FROM {_CHECKINS}"
    " WHERE employee_id = ANY(%(employees)s) AND latitude = ANY(%(lats)s) AND NOT coarsened"
)
DEVICES_SQL = (
    f"SELECT employee_id, device_id FROM {_DEVICES}"
    " WHERE employee_id = ANY(%(employees)s) AND retired_at IS NULL"
)
PG_BATCH_SQL = ";\n".join((EXISTING_SQL, EMPLOYEES_SQL, PREVIOUS_SQL, REPEATED_SQL, DEVICES_SQL))


def _employees_and_homes(rows: list[dict]) -> tuple[list[dict], dict[int, dict]]:
    employees = [{"id": r["id"], "opd_id": r["opd_id"], "unit_id": r["unit_id"]} for r in rows]
    homes = {
        r["id"]: {"latitude": r["latitude"], "longitude": r["longitude"], "radius_m": r["radius_m"]}
        for r in rows
        if r["latitude"] is not None
    }
    return employees, homes


@dataclass
class BatchData:
    existing: list[dict]  # EXISTING_COLUMNS by name
    employees: list[dict]
    homes: dict[int, dict]
    history: History
    before: list[list[dict]] = field(default_factory=list)


def load_batch_pg(
    uuids,
    items: list[tuple[int, float, float, dt.datetime]],
    before: tuple[str, dict[str, Any]] = ("", {}),
) -> BatchData:
    """Everything a batch needs from PostgreSQL in ONE round trip (five statements, after
    the caller's ``before`` statements, whose result sets come back in ``BatchData.before``;
    they may use the named parameter ``employees``).

    At the peak the database round trips, not the SQL, dominate a batch's time, so the reads
    are sent together (client-side binding allows several statements per execute).
    """
    employee_ids = sorted({i[0] for i in items})
    params = {
        "uuids": list(uuids),
        "employees": employee_ids,
        "earliest": min(i[3] for i in items) - dt.timedelta(hours=24),
        "latest": max(i[3] for i in items),
        "lats": sorted({i[1] for i in items}),
        **before[1],
    }
    statement = f"{before[0]};\n{PG_BATCH_SQL}" if before[0] else PG_BATCH_SQL
    *prefix, existing, emp_rows, prev_rows, coord_rows, device_rows = sql.result_sets(
        statement, params
    )
    employees, homes = _employees_and_homes(emp_rows)
    wanted = {(emp, lat, lon) for emp, lat, lon, _ in items}
    previous: dict[int, list] = defaultdict(list)
    repeated: dict[tuple[int, float, float], set] = defaultdict(set)
    devices: dict[int, set] = defaultdict(set)
    for r in prev_rows:
        previous[r["employee_id"]].append((r["device_time"], r["latitude"], r["longitude"]))
    for r in coord_rows:
        key = (r["employee_id"], r["latitude"], r["longitude"])
        if key in wanted:
            repeated[key].add(r["work_date"])
    for r in device_rows:
        devices[r["employee_id"]].add(r["device_id"])
    history = History(
        previous=previous,
        repeated=repeated,
        devices={k: frozenset(v) for k, v in devices.items()},
    )
    return BatchData(
        existing=existing, employees=employees, homes=homes, history=history, before=prefix
    )
