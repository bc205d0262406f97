"""verify.py: geometry against independent references, and every verification rule."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, Polygon

from hibrida.presence import verify

BEKASI = (-6.2383, 106.9756)
NOW = dt.datetime(2025, 11, 3, 0, 30, tzinfo=dt.UTC)  # 07:30 WIB
OFFICE = verify.Place("office", "Kantor", -6.2355, 106.9925, 100)


def vincenty_m(lat1, lon1, lat2, lon2) -> float:
    """Reference: Vincenty's inverse formula on the WGS84 ellipsoid (written independently)."""
    a, f = 6378137.0, 1 / 298.257223563
    b = (1 - f) * a
    if lat1 == lat2 and lon1 == lon2:
        return 0.0
    u1 = math.atan((1 - f) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - f) * math.tan(math.radians(lat2)))
    lon_diff = math.radians(lon2 - lon1)
    lam = lon_diff
    sin_u1, cos_u1, sin_u2, cos_u2 = math.sin(u1), math.cos(u1), math.sin(u2), math.cos(u2)
    for _ in range(200):
        sin_lam, cos_lam = math.sin(lam), math.cos(lam)
        sin_sigma = math.hypot(cos_u2 * sin_lam, cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lam)
        if sin_sigma == 0:
            return 0.0
        cos_sigma = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lam
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = cos_u1 * cos_u2 * sin_lam / sin_sigma
        cos2_alpha = 1 - sin_alpha**2
        cos_2sm = cos_sigma - 2 * sin_u1 * sin_u2 / cos2_alpha if cos2_alpha else 0.0
        c = f / 16 * cos2_alpha * (4 + f * (4 - 3 * cos2_alpha))
        prev = lam
        lam = lon_diff + (1 - c) * f * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm**2))
        )
        if abs(lam - prev) < 1e-12:
            break
    u_sq = cos2_alpha * (a * a - b * b) / (b * b)
    big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    delta_sigma = (
        big_b
        * sin_sigma
        * (
            cos_2sm
            + big_b
            / 4
            * (
                cos_sigma * (-1 + 2 * cos_2sm**2)
                - big_b / 6 * cos_2sm * (-3 + 4 * sin_sigma**2) * (-3 + 4 * cos_2sm**2)
            )
        )
    )
    return b * big_a * (sigma - delta_sigma)


near_bekasi = st.tuples(
    st.floats(BEKASI[0] - 0.02, BEKASI[0] + 0.02), st.floats(BEKASI[1] - 0.02, BEKASI[1] + 0.02)
)


@settings(max_examples=300, deadline=None)
@given(near_bekasi, near_bekasi)
def test_fence_distance_agrees_with_vincenty_within_1m_below_5km(p, q):
    """Rule: the fence distance is within 1 m of the WGS84 geodesic around Bekasi (< 5 km);
    the plain sphere haversine stays within its documented 0.7 %."""
    reference = vincenty_m(p[0], p[1], q[0], q[1])
    if reference < 5000:
        assert abs(verify.distance_m(p[0], p[1], q[0], q[1]) - reference) <= 1.0
        assert (
            abs(verify.haversine_m(p[0], p[1], q[0], q[1]) - reference) <= 0.007 * reference + 0.01
        )


def test_haversine_known_distance():
    """Rule: one degree of latitude near the equator is ≈110.6 km (sanity of units)."""
    assert 110_000 < verify.haversine_m(-6.0, 107.0, -7.0, 107.0) < 111_500


square_offsets = st.lists(
    st.tuples(st.floats(-0.01, 0.01), st.floats(-0.01, 0.01)), min_size=3, max_size=8
)


@settings(max_examples=300, deadline=None)
@given(square_offsets, st.tuples(st.floats(-0.012, 0.012), st.floats(-0.012, 0.012)))
def test_point_in_polygon_agrees_with_shapely(offsets, point):
    """Rule: point-in-polygon matches shapely for simple polygons (boundary cases excluded)."""
    # A star-shaped polygon around the centre: sort vertices by angle so it is simple.
    pts = sorted(
        {(BEKASI[0] + a, BEKASI[1] + b) for a, b in offsets if abs(a) + abs(b) > 1e-4},
        key=lambda v: math.atan2(v[0] - BEKASI[0], v[1] - BEKASI[1]),
    )
    if len(pts) < 3:
        return
    shape = Polygon([(lon, lat) for lat, lon in pts])
    if not shape.is_valid or shape.area == 0:
        return
    lat, lon = BEKASI[0] + point[0], BEKASI[1] + point[1]
    if shape.exterior.distance(Point(lon, lat)) < 1e-9:
        return
    assert verify.point_in_polygon(lat, lon, pts) == shape.contains(Point(lon, lat))


def ctx(**kw) -> verify.Context:
    base = {"expected_mode": "WFO", "places": [OFFICE], "server_time": NOW}
    base.update(kw)
    return verify.Context(**base)


def fix(**kw) -> verify.Fix:
    base = {
        "latitude": OFFICE.latitude + 0.0002,
        "longitude": OFFICE.longitude,
        "accuracy_m": 10,
        "device_time": NOW,
        "device_id": "hp-1",
    }
    base.update(kw)
    return verify.Fix(**base)


def test_inside_office_fence_is_valid():
    """Rule: WFO day, inside the office circle, good accuracy → VALID."""
    v = verify.verify(fix(), ctx())
    assert v.status == verify.VALID and v.reasons == () and v.distance_m == 0


def test_outside_fence_is_flagged_with_distance():
    """Rule: 2 km away from the office → FLAGGED outside_fence, distance reported."""
    v = verify.verify(fix(latitude=OFFICE.latitude + 0.018), ctx())
    assert v.status == verify.FLAGGED and verify.OUTSIDE_FENCE in v.reasons
    assert 1800 < v.distance_m < 2000


def test_mock_location_is_rejected_but_reported():
    """Rule: mock-location flag → REJECTED (reason kept; storing is the caller's job)."""
    v = verify.verify(fix(mock_location=True), ctx())
    assert v.status == verify.REJECTED and v.reasons[0] == verify.MOCK_LOCATION


def test_accuracy_thresholds():
    """Rule: accuracy worse than 100 m flags, worse than 1 km rejects."""
    assert verify.LOW_ACCURACY in verify.verify(fix(accuracy_m=150), ctx()).reasons
    assert verify.verify(fix(accuracy_m=1500), ctx()).status == verify.REJECTED


def test_clock_skew_from_sent_at():
    """Rule: a device clock 20 min behind the server (sent_at) is flagged clock_skew."""
    shifted = NOW - dt.timedelta(minutes=20)
    v = verify.verify(fix(device_time=shifted, sent_at=shifted), ctx())
    assert verify.CLOCK_SKEW in v.reasons


def test_late_sync_is_not_clock_skew():
    """Rule: queued offline for an hour but sent with a correct clock → no clock_skew."""
    v = verify.verify(fix(device_time=NOW - dt.timedelta(hours=1), sent_at=NOW), ctx())
    assert verify.CLOCK_SKEW not in v.reasons


def test_impossible_speed_between_fixes():
    """Rule: 30 km in 5 minutes from the previous fix → impossible_speed."""
    prev = verify.PreviousFix(-6.5, 106.99, NOW - dt.timedelta(minutes=5))
    assert verify.IMPOSSIBLE_SPEED in verify.verify(fix(), ctx(previous=prev)).reasons
    slow = verify.PreviousFix(-6.5, 106.99, NOW - dt.timedelta(hours=3))
    assert verify.IMPOSSIBLE_SPEED not in verify.verify(fix(), ctx(previous=slow)).reasons


def test_repeated_coordinates_across_days():
    """Rule: identical coordinates on two earlier days flag desk spoofing."""
    assert verify.REPEATED_COORDINATES in verify.verify(fix(), ctx(repeated_day_count=2)).reasons
    assert (
        verify.REPEATED_COORDINATES not in verify.verify(fix(), ctx(repeated_day_count=1)).reasons
    )


def test_unregistered_device():
    """Rule: a phone other than the bound one is flagged; no bound phone yet is not."""
    bound = frozenset({"hp-lama"})
    assert verify.UNREGISTERED_DEVICE in verify.verify(fix(), ctx(registered_devices=bound)).reasons
    assert verify.UNREGISTERED_DEVICE not in verify.verify(fix(), ctx()).reasons


def test_mode_selects_the_fence():
    """Rule: WFH checks the home fence, FIELD the field polygon, LEAVE expects no check-in."""
    home = verify.Place("home", "Rumah", -6.30, 107.00, 100)
    area = verify.Place(
        "field", "Area", -6.24, 106.99, polygon=((-6.25, 106.98), (-6.25, 107.0), (-6.23, 106.99))
    )
    places = [OFFICE, home, area]
    at_office = fix()
    assert (
        verify.OUTSIDE_FENCE
        in verify.verify(at_office, ctx(expected_mode="WFH", places=places)).reasons
    )
    assert (
        verify.verify(
            fix(latitude=-6.30, longitude=107.0), ctx(expected_mode="WFH", places=places)
        ).status
        == verify.VALID
    )
    assert (
        verify.verify(
            fix(latitude=-6.245, longitude=106.99), ctx(expected_mode="FIELD", places=places)
        ).status
        == verify.VALID
    )
    assert (
        verify.NOT_SCHEDULED
        in verify.verify(at_office, ctx(expected_mode="LEAVE", places=places)).reasons
    )
    assert (
        verify.NO_PLACE
        in verify.verify(at_office, ctx(expected_mode="WFH", places=[OFFICE])).reasons
    )


def test_every_reason_has_an_indonesian_message():
    """Rule: reasons are shown in Indonesian."""
    v = verify.verify(fix(mock_location=True, accuracy_m=150), ctx(repeated_day_count=3))
    assert all(m and m[0].isupper() for m in v.messages)
