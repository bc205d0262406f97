"""GPS check-in verification. Pure: plain dataclasses in, a verdict out; no Django import.

The verdict is VALID, FLAGGED (with reasons, kept for the atasan to review) or REJECTED
(the fix cannot support presence at all, e.g. a mock-location app). Every verdict is stored:
a check-in is never silently dropped.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from hibrida.roster.modes import WorkMode

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)
WGS84_A = 6_378_137.0
WGS84_E2 = 6.69437999014e-3

VALID = "VALID"
FLAGGED = "FLAGGED"
REJECTED = "REJECTED"

# Reason codes (stable: stored on the check-in, counted by the anomaly evaluation).
MOCK_LOCATION = "mock_location"
OUTSIDE_FENCE = "outside_fence"
LOW_ACCURACY = "low_accuracy"
UNUSABLE_ACCURACY = "unusable_accuracy"
CLOCK_SKEW = "clock_skew"
IMPOSSIBLE_SPEED = "impossible_speed"
REPEATED_COORDINATES = "repeated_coordinates"
UNREGISTERED_DEVICE = "unregistered_device"
NOT_SCHEDULED = "not_scheduled"
NO_PLACE = "no_place"
# The passkey layer's codes (checked in assertion.py, stored with the same list).
NO_PASSKEY = "no_passkey"
PASSKEY_INVALID = "passkey_invalid"
PASSKEY_REPLAY = "passkey_replay"
PASSKEY_CLONED = "passkey_cloned"
# The selfie layer's codes (judged in face.py after the check-in was answered).
SELFIE_MISSING = "selfie_missing"
SELFIE_NO_FACE = "selfie_no_face"
SELFIE_MISMATCH = "selfie_mismatch"
SELFIE_NOT_LIVE = "selfie_not_live"
SELFIE_NO_REFERENCE = "selfie_no_reference"

MESSAGES = {
    MOCK_LOCATION: "Aplikasi lokasi palsu (mock location) terdeteksi di perangkat.",
    OUTSIDE_FENCE: "Lokasi di luar area yang dijadwalkan.",
    LOW_ACCURACY: "Akurasi GPS kurang baik.",
    UNUSABLE_ACCURACY: "Akurasi GPS terlalu buruk untuk membuktikan kehadiran.",
    CLOCK_SKEW: "Jam perangkat menyimpang dari jam server.",
    IMPOSSIBLE_SPEED: "Perpindahan terlalu cepat dari presensi sebelumnya (tidak mungkin).",
    REPEATED_COORDINATES: "Koordinat persis sama dengan hari-hari sebelumnya (indikasi pemalsuan).",
    UNREGISTERED_DEVICE: "Perangkat belum terdaftar untuk pegawai ini.",
    NOT_SCHEDULED: "Tidak dijadwalkan hadir hari ini (cuti).",
    NO_PLACE: "Belum ada lokasi terdaftar untuk mode kerja hari ini.",
    NO_PASSKEY: "Presensi tanpa verifikasi passkey yang disetujui.",
    PASSKEY_INVALID: "Verifikasi passkey tidak sah (kunci, tanda tangan atau tantangan salah).",
    PASSKEY_REPLAY: "Tantangan passkey sudah dipakai atau kedaluwarsa (pengulangan ditolak).",
    PASSKEY_CLONED: (
        "Penghitung passkey tidak bertambah: kemungkinan passkey disalin ke perangkat lain."
    ),
    SELFIE_MISSING: "Swafoto wajib di OPD ini, tetapi tidak dikirim bersama presensi.",
    SELFIE_NO_FACE: "Wajah tidak terdeteksi pada swafoto.",
    SELFIE_MISMATCH: "Wajah pada swafoto tidak cocok dengan foto rujukan pegawai.",
    SELFIE_NOT_LIVE: (
        "Uji keaktifan gagal: kedua swafoto bukan orang yang sama atau kepala tidak menoleh "
        "ke arah yang diminta."
    ),
    SELFIE_NO_REFERENCE: "Pegawai belum memiliki foto rujukan wajah yang disetujui.",
}

# Keyed by str: a day's mode arrives as the stored text, which a StrEnum key matches.
MODE_PLACE: dict[str, str | None] = {
    WorkMode.WFO: "office",
    WorkMode.WFH: "home",
    WorkMode.FIELD: "field",
    WorkMode.DUTY: None,
    WorkMode.LEAVE: None,
}


@dataclass(frozen=True)
class Rules:
    """Thresholds; the defaults are the city's proposal, overridable from settings."""

    accuracy_flag_m: float = 100.0
    accuracy_reject_m: float = 1000.0
    max_clock_skew_s: float = 300.0
    max_speed_mps: float = 55.0  # ≈ 200 km/h: faster than any road trip inside Bekasi
    min_jump_m: float = 1000.0  # below this GPS noise with tiny time gaps is not "speed"
    repeated_days: int = 2  # same exact coordinates on this many earlier days → flag
    fence_slack_max_m: float = 30.0  # accuracy circle may overlap the fence by this much


@dataclass(frozen=True)
class Place:
    """A fence: a circle (lat, lon, radius) or a polygon of (lat, lon) points."""

    kind: str  # office | home | field
    name: str
    latitude: float
    longitude: float
    radius_m: float = 100.0
    polygon: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Fix:
    latitude: float
    longitude: float
    accuracy_m: float
    device_time: dt.datetime
    mock_location: bool = False
    device_id: str = ""
    # Device clock when the request was sent; with the server time it measures the skew
    # even for check-ins queued offline for hours.
    sent_at: dt.datetime | None = None


@dataclass(frozen=True)
class PreviousFix:
    latitude: float
    longitude: float
    device_time: dt.datetime


@dataclass(frozen=True)
class Context:
    expected_mode: str | None  # WFO | WFH | FIELD | DUTY | LEAVE | None (no schedule → WFO)
    places: Sequence[Place]  # candidate places of every kind; the mode picks the kind
    server_time: dt.datetime
    previous: PreviousFix | None = None
    repeated_day_count: int = 0
    registered_devices: frozenset[str] | None = None  # None: no device bound yet
    rules: Rules = field(default_factory=Rules)


@dataclass(frozen=True)
class Verdict:
    status: str
    reasons: tuple[str, ...]
    place: str = ""
    distance_m: float | None = None
    expected_mode: str = WorkMode.WFO

    @property
    def messages(self) -> list[str]:
        return [MESSAGES[r] for r in self.reasons]


# --- geometry ----------------------------------------------------------------------------


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres on the mean-radius sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in metres using the WGS84 radii of curvature at the mean latitude.

    Fences need metre accuracy: near Bekasi (6° S) the sphere of :func:`haversine_m` is up to
    0.7 % off north–south (≈17 m at 2.5 km) because the meridian radius there is 6,336 km,
    not 6,371 km. Scaling latitude by the meridional radius M and longitude by the prime-
    vertical radius N keeps the error far below 1 m up to several kilometres; beyond that
    (speed checks over tens of km) the sphere is used, where 0.7 % does not matter.
    """
    if abs(lat2 - lat1) > 0.5 or abs(lon2 - lon1) > 0.5:
        return haversine_m(lat1, lon1, lat2, lon2)
    phi = math.radians((lat1 + lat2) / 2)
    w = 1 - WGS84_E2 * math.sin(phi) ** 2
    meridional = WGS84_A * (1 - WGS84_E2) / w**1.5
    prime_vertical = WGS84_A / math.sqrt(w)
    dy = meridional * math.radians(lat2 - lat1)
    dx = prime_vertical * math.cos(phi) * math.radians(lon2 - lon1)
    return math.hypot(dx, dy)


def point_in_polygon(lat: float, lon: float, polygon: Sequence[Sequence[float]]) -> bool:
    """Even-odd ray casting on (lat, lon) treated as planar: exact enough for city-size areas."""
    inside = False
    n = len(polygon)
    if n < 3:
        return False
    j = n - 1
    for i in range(n):
        yi, xi = polygon[i][0], polygon[i][1]
        yj, xj = polygon[j][0], polygon[j][1]
        if (yi > lat) != (yj > lat):
            x_cross = (xj - xi) * (lat - yi) / (yj - yi) + xi
            if lon < x_cross:
                inside = not inside
        j = i
    return inside


def _segment_distance_m(lat: float, lon: float, a: Sequence[float], b: Sequence[float]) -> float:
    # Local projection around the point with the ellipsoid's radii (see distance_m).
    phi = math.radians(lat)
    w = 1 - WGS84_E2 * math.sin(phi) ** 2
    ky = math.radians(1) * WGS84_A * (1 - WGS84_E2) / w**1.5
    kx = math.radians(1) * WGS84_A / math.sqrt(w) * math.cos(phi)
    ax, ay = (a[1] - lon) * kx, (a[0] - lat) * ky
    bx, by = (b[1] - lon) * kx, (b[0] - lat) * ky
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length2))
    return math.hypot(ax + t * dx, ay + t * dy)


def distance_outside(place: Place, lat: float, lon: float) -> float:
    """Metres from the point to the fence; 0 when inside."""
    if len(place.polygon) >= 3:
        if point_in_polygon(lat, lon, place.polygon):
            return 0.0
        pts = place.polygon
        return min(_segment_distance_m(lat, lon, pts[i - 1], pts[i]) for i in range(len(pts)))
    return max(0.0, distance_m(lat, lon, place.latitude, place.longitude) - place.radius_m)


# --- verification ------------------------------------------------------------------------


def _check_place(fix: Fix, ctx: Context, mode: str, flagged: list[str]) -> tuple[str, float | None]:
    """The nearest place of the kind the day's mode expects, and how far outside it the fix is;
    appends the place rules' reasons to ``flagged``."""
    if mode == WorkMode.LEAVE:
        flagged.append(NOT_SCHEDULED)
        return "", None
    kind = MODE_PLACE.get(mode, "office")
    if kind is None:
        return "", None
    candidates = [p for p in ctx.places if p.kind == kind]
    if not candidates:
        flagged.append(NO_PLACE)
        return "", None
    best = min(candidates, key=lambda p: distance_outside(p, fix.latitude, fix.longitude))
    distance = distance_outside(best, fix.latitude, fix.longitude)
    if distance > min(fix.accuracy_m, ctx.rules.fence_slack_max_m):
        flagged.append(OUTSIDE_FENCE)
    return best.name, distance


def verify(fix: Fix, ctx: Context) -> Verdict:
    """Apply every rule; REJECTED wins over FLAGGED; all reasons found are kept."""
    rules = ctx.rules
    mode = ctx.expected_mode or WorkMode.WFO
    rejected: list[str] = []
    flagged: list[str] = []

    if fix.mock_location:
        rejected.append(MOCK_LOCATION)
    if fix.accuracy_m > rules.accuracy_reject_m:
        rejected.append(UNUSABLE_ACCURACY)
    elif fix.accuracy_m > rules.accuracy_flag_m:
        flagged.append(LOW_ACCURACY)

    clock = fix.sent_at or fix.device_time
    if abs((clock - ctx.server_time).total_seconds()) > rules.max_clock_skew_s and (
        fix.sent_at is not None or clock > ctx.server_time
    ):
        flagged.append(CLOCK_SKEW)

    place_name, distance = _check_place(fix, ctx, mode, flagged)

    prev = ctx.previous
    if prev is not None:
        gap = abs((fix.device_time - prev.device_time).total_seconds())
        jump = haversine_m(prev.latitude, prev.longitude, fix.latitude, fix.longitude)
        if jump >= rules.min_jump_m and jump > rules.max_speed_mps * max(gap, 1.0):
            flagged.append(IMPOSSIBLE_SPEED)

    if ctx.repeated_day_count >= rules.repeated_days:
        flagged.append(REPEATED_COORDINATES)

    if ctx.registered_devices and fix.device_id not in ctx.registered_devices:
        flagged.append(UNREGISTERED_DEVICE)

    if rejected:
        status = REJECTED
    elif flagged:
        status = FLAGGED
    else:
        status = VALID
    return Verdict(
        status=status,
        reasons=tuple(rejected + flagged),
        place=place_name,
        distance_m=None if distance is None else round(distance, 1),
        expected_mode=mode,
    )
