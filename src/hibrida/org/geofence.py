"""Bounds of an office geofence. Pure: plain numbers in, points or a problem code out.

The check-in verifier (presence/verify.py) uses a polygon of three or more points as the fence
and anything shorter as "use the circle", so a polygon that is given must be one it can really
use: finite points inside Indonesia, a non-zero area, edges that do not cross.
"""

from __future__ import annotations

import math

from shapely.geometry import Polygon

# Indonesia's extent (Sabang to Merauke, Miangas to Rote) with a small margin: a coordinate
# outside it is a typo (swapped lat/lon, a dropped minus sign), not an office of the city.
LAT_MIN, LAT_MAX = -11.5, 6.5
LON_MIN, LON_MAX = 94.5, 141.5
# A circle below this cannot hold a phone fix's usual error; above it the fence stops proving
# presence at an office (a wider area is drawn as a polygon).
RADIUS_MIN_M, RADIUS_MAX_M = 20, 1000
MAX_POINTS = 200
# A ring smaller than a 10 m square is a drawing slip (or collinear points that float rounding
# gives a sliver of area), never an office. Near the equator a degree is ~111.32 km both ways.
MIN_AREA_M2 = 100.0
M2_PER_DEG2 = 111_320.0**2

# Problem codes of polygon_points (the service words them for the user).
NOT_A_LIST = "not_a_list"
OUTSIDE = "outside"
TOO_FEW = "too_few"
TOO_MANY = "too_many"
NO_AREA = "no_area"
CROSSING = "crossing"


def latitude_ok(lat: float) -> bool:
    return math.isfinite(lat) and LAT_MIN <= lat <= LAT_MAX


def longitude_ok(lon: float) -> bool:
    return math.isfinite(lon) and LON_MIN <= lon <= LON_MAX


def radius_ok(radius_m: int) -> bool:
    return RADIUS_MIN_M <= radius_m <= RADIUS_MAX_M


def _number(value: object) -> bool:
    # bool is an int in Python; true/false in the JSON is a typo, not a coordinate.
    return isinstance(value, int | float) and not isinstance(value, bool)


def polygon_points(value: object) -> tuple[list[tuple[float, float]], str | None]:
    """``value`` (parsed JSON) as [(lat, lon), ...], or [] and the code of what is wrong."""
    if not isinstance(value, list):
        return [], NOT_A_LIST
    points: list[tuple[float, float]] = []
    for item in value:
        if not isinstance(item, list | tuple) or len(item) != 2 or not all(map(_number, item)):
            return [], NOT_A_LIST
        lat, lon = float(item[0]), float(item[1])
        if not (latitude_ok(lat) and longitude_ok(lon)):
            return [], OUTSIDE
        points.append((lat, lon))
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()  # a closed ring repeats its first point; the verifier closes it itself
    if len(set(points)) < 3:
        return [], TOO_FEW
    if len(points) > MAX_POINTS:
        return [], TOO_MANY
    ring = Polygon([(lon, lat) for lat, lon in points])
    # The hull tells a line of points (no area at all) from a bow tie (area, crossing edges).
    if ring.convex_hull.area * M2_PER_DEG2 < MIN_AREA_M2:
        return [], NO_AREA
    if not ring.is_valid:
        return [], CROSSING
    if ring.area * M2_PER_DEG2 < MIN_AREA_M2:
        return [], NO_AREA
    return points, None
