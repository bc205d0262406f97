"""Presence thresholds at, just below and just above each bound: geofence slack, GPS rules,
TL/PSW tiers and tolerances, and the GPS retention day."""

from __future__ import annotations

import datetime as dt
import math

import pytest
import time_machine
from django.test import Client

from hibrida.presence import verify, worktime
from hibrida.presence.models import CheckIn
from hibrida.presence.services import coarsen_old_locations

from .conftest import body, post
from .test_verify import vincenty_m

NOW = dt.datetime(2025, 11, 3, 0, 30, tzinfo=dt.UTC)  # 07:30 WIB
# On the equator the WGS84 prime-vertical radius is the semi-major axis a, so a point
# d metres east of the centre is d / a radians of longitude away (the test's own geometry).
A = 6_378_137.0
CENTRE = (0.0, 106.9925)
OFFICE = verify.Place("office", "Kantor", CENTRE[0], CENTRE[1], 100)


def east(metres: float) -> float:
    return CENTRE[1] + math.degrees(metres / A)


def fix(outside_m: float = -50.0, accuracy_m: float = 10.0, **kw) -> verify.Fix:
    """A fix ``outside_m`` metres beyond the 100 m office circle (negative: inside)."""
    base = {
        "latitude": CENTRE[0],
        "longitude": east(100 + outside_m),
        "accuracy_m": accuracy_m,
        "device_time": NOW,
        "device_id": "hp-1",
    }
    base.update(kw)
    return verify.Fix(**base)


def ctx(**kw) -> verify.Context:
    base = {"expected_mode": "WFO", "places": [OFFICE], "server_time": NOW}
    base.update(kw)
    return verify.Context(**base)


def check(f: verify.Fix, c: verify.Context | None = None) -> verify.Verdict:
    return verify.verify(f, c or ctx())


class TestGeofence:
    """A fix may lie outside the fence by its accuracy, but by at most 30 m (fence_slack_max_m)."""

    def test_reviewer_case_99m_accuracy_98m_outside_is_flagged(self):
        # min(99, 30) = 30 < 98 → outside; the slack never grows to the accuracy itself.
        v = check(fix(outside_m=98, accuracy_m=99))
        assert (v.status, v.reasons) == (verify.FLAGGED, (verify.OUTSIDE_FENCE,))
        assert v.distance_m == 98.0

    @pytest.mark.parametrize(
        ("outside", "accuracy", "flagged"),
        [
            (29.9, 50, False),  # just inside the 30 m cap
            (30.1, 50, True),  # just beyond the cap
            (9.9, 10, False),  # accuracy 10 m: slack 10 m
            (10.1, 10, True),
            (29.9, 30, False),  # accuracy equal to the cap
            (30.1, 30, True),
        ],
    )
    def test_slack_is_the_smaller_of_accuracy_and_30m(self, outside, accuracy, flagged):
        v = check(fix(outside_m=outside, accuracy_m=accuracy))
        assert (verify.OUTSIDE_FENCE in v.reasons) is flagged
        assert v.status == (verify.FLAGGED if flagged else verify.VALID)
        assert v.distance_m == round(outside, 1)

    def test_at_the_fence_with_zero_accuracy_is_valid(self):
        # Inside: distance 0, slack min(0, 30) = 0, and 0 is not beyond 0.
        v = check(fix(outside_m=-1, accuracy_m=0))
        assert (v.status, v.distance_m, v.place) == (verify.VALID, 0.0, "Kantor")

    def test_the_cap_comes_from_the_rules(self):
        rules = verify.Rules(fence_slack_max_m=60)
        assert check(fix(outside_m=59, accuracy_m=80), ctx(rules=rules)).status == verify.VALID
        assert check(fix(outside_m=61, accuracy_m=80), ctx(rules=rules)).status == verify.FLAGGED

    def test_the_nearest_fence_of_the_kind_decides(self):
        far = verify.Place("office", "Jauh", CENTRE[0], CENTRE[1] + 0.01, 100)
        near = verify.Place("office", "Dekat", CENTRE[0], east(300), 100)
        v = check(fix(outside_m=150), ctx(places=[far, OFFICE, near]))
        # 250 m from the centre: 150 m outside OFFICE, 50 m inside "Dekat" (300 m east).
        assert (v.status, v.place, v.distance_m) == (verify.VALID, "Dekat", 0.0)


class TestVerifyRules:
    @pytest.mark.parametrize(
        ("accuracy", "status", "reasons"),
        [
            (100.0, verify.VALID, ()),
            (100.5, verify.FLAGGED, (verify.LOW_ACCURACY,)),
            (1000.0, verify.FLAGGED, (verify.LOW_ACCURACY,)),
            (1000.5, verify.REJECTED, (verify.UNUSABLE_ACCURACY,)),
        ],
    )
    def test_accuracy_flag_100m_and_reject_1km(self, accuracy, status, reasons):
        v = check(fix(outside_m=-100, accuracy_m=accuracy))  # at the centre
        assert (v.status, v.reasons) == (status, reasons)

    @pytest.mark.parametrize(("ahead_s", "skewed"), [(299, False), (300, False), (301, True)])
    def test_clock_skew_over_300s_ahead_without_sent_at(self, ahead_s, skewed):
        at = NOW + dt.timedelta(seconds=ahead_s)
        assert (verify.CLOCK_SKEW in check(fix(device_time=at)).reasons) is skewed

    @pytest.mark.parametrize(("behind_s", "skewed"), [(300, False), (301, True)])
    def test_clock_skew_over_300s_behind_with_sent_at(self, behind_s, skewed):
        at = NOW - dt.timedelta(seconds=behind_s)
        assert (verify.CLOCK_SKEW in check(fix(device_time=at, sent_at=at)).reasons) is skewed

    def test_a_device_time_long_behind_without_sent_at_is_a_late_sync(self):
        at = NOW - dt.timedelta(hours=2)
        assert check(fix(device_time=at)).status == verify.VALID

    @staticmethod
    def _prev(metres: float, seconds: float) -> verify.PreviousFix:
        # Along the equator haversine gives R·Δλ exactly; fix() stands at east(50).
        lon = east(50) - math.degrees(metres / verify.EARTH_RADIUS_M)
        return verify.PreviousFix(CENTRE[0], lon, NOW - dt.timedelta(seconds=seconds))

    @pytest.mark.parametrize(
        ("metres", "seconds", "flagged"),
        [
            (1100, 19, True),  # 55 m/s × 19 s = 1045 m < 1100 m
            (1100, 21, False),  # 1155 m ≥ 1100 m
            (999, 0, False),  # below the 1 km jump: GPS noise, however quick
            (1001, 0, True),  # a zero gap counts as 1 s: 1001 m > 55 m
            (1001, 1, True),
        ],
    )
    def test_impossible_speed_55_mps_over_1km(self, metres, seconds, flagged):
        v = check(fix(), ctx(previous=self._prev(metres, seconds)))
        assert (verify.IMPOSSIBLE_SPEED in v.reasons) is flagged

    def test_a_later_previous_fix_uses_the_absolute_gap(self):
        # Previous fix 19 s in the future (queued out of order): same rule as 19 s before.
        prev = self._prev(1100, -19)
        assert verify.IMPOSSIBLE_SPEED in check(fix(), ctx(previous=prev)).reasons
        assert (
            verify.IMPOSSIBLE_SPEED not in check(fix(), ctx(previous=self._prev(1100, -21))).reasons
        )

    def test_a_jump_of_exactly_the_minimum_counts(self):
        prev = self._prev(2000, 0)
        jump = verify.haversine_m(prev.latitude, prev.longitude, CENTRE[0], east(50))
        at_min = ctx(previous=prev, rules=verify.Rules(min_jump_m=jump))
        assert verify.IMPOSSIBLE_SPEED in check(fix(), at_min).reasons
        # Exactly the top speed over one second is not faster than it.
        at_speed = ctx(previous=prev, rules=verify.Rules(min_jump_m=0, max_speed_mps=jump))
        assert verify.IMPOSSIBLE_SPEED not in check(fix(), at_speed).reasons

    @pytest.mark.parametrize(("seconds", "flagged"), [(0, True), (1.5, True), (2, False)])
    def test_gaps_under_one_second_count_as_one(self, seconds, flagged):
        # 1,100 m at 700 m/s: allowed over 1.5 s (1,050 m) no, over 2 s (1,400 m) yes.
        c = ctx(previous=self._prev(1100, seconds), rules=verify.Rules(max_speed_mps=700))
        assert (verify.IMPOSSIBLE_SPEED in check(fix(), c).reasons) is flagged

    def test_an_unknown_mode_checks_the_office_fence(self):
        v = check(fix(outside_m=500), ctx(expected_mode="PELATIHAN"))
        assert (v.reasons, v.place, v.expected_mode) == (
            (verify.OUTSIDE_FENCE,),
            "Kantor",
            "PELATIHAN",
        )

    def test_the_distance_is_rounded_to_decimetres(self):
        assert check(fix(outside_m=29.94, accuracy_m=50)).distance_m == 29.9
        assert check(fix(outside_m=29.96, accuracy_m=50)).distance_m == 30.0

    @pytest.mark.parametrize(("days", "flagged"), [(1, False), (2, True), (3, True)])
    def test_repeated_coordinates_from_two_days(self, days, flagged):
        v = check(fix(), ctx(repeated_day_count=days))
        assert (v.reasons == (verify.REPEATED_COORDINATES,)) is flagged

    @pytest.mark.parametrize(
        ("devices", "flagged"),
        [
            (None, False),
            (frozenset(), False),
            (frozenset({"hp-1"}), False),
            (frozenset({"x"}), True),
        ],
    )
    def test_registered_devices(self, devices, flagged):
        v = check(fix(), ctx(registered_devices=devices))
        assert (v.reasons == (verify.UNREGISTERED_DEVICE,)) is flagged

    def test_rejected_wins_and_every_reason_is_kept_in_order(self):
        prev = self._prev(5000, 10)
        v = check(
            fix(outside_m=500, accuracy_m=1500, mock_location=True, device_id="x"),
            ctx(previous=prev, repeated_day_count=2, registered_devices=frozenset({"hp-1"})),
        )
        assert v.status == verify.REJECTED
        assert v.reasons == (
            verify.MOCK_LOCATION,
            verify.UNUSABLE_ACCURACY,
            verify.OUTSIDE_FENCE,
            verify.IMPOSSIBLE_SPEED,
            verify.REPEATED_COORDINATES,
            verify.UNREGISTERED_DEVICE,
        )
        assert v.messages[0] == "Aplikasi lokasi palsu (mock location) terdeteksi di perangkat."

    @pytest.mark.parametrize(("mode", "expected"), [(None, "WFO"), ("DUTY", "DUTY")])
    def test_no_schedule_means_wfo_and_duty_has_no_fence(self, mode, expected):
        v = check(fix(outside_m=5000), ctx(expected_mode=mode))
        assert v.expected_mode == expected
        if mode == "DUTY":
            assert (v.status, v.place, v.distance_m) == (verify.VALID, "", None)
        else:
            assert v.reasons == (verify.OUTSIDE_FENCE,)

    def test_leave_and_missing_place(self):
        v = check(fix(), ctx(expected_mode="LEAVE"))
        assert (v.status, v.reasons, v.place, v.distance_m) == (
            verify.FLAGGED,
            (verify.NOT_SCHEDULED,),
            "",
            None,
        )
        v = check(fix(), ctx(expected_mode="WFH"))
        assert (v.reasons, v.place, v.distance_m) == ((verify.NO_PLACE,), "", None)


class TestPolygon:
    # A 0.001° square east of the centre: sides of about 111 m.
    SQUARE = verify.Place(
        "field",
        "Area",
        0.0,
        0.0,
        polygon=((0.0, 106.0), (0.0, 106.001), (0.001, 106.001), (0.001, 106.0)),
    )

    def test_inside_is_zero_and_outside_measures_to_the_nearest_side(self):
        c = ctx(expected_mode="FIELD", places=[self.SQUARE])
        assert check(fix(latitude=0.0005, longitude=106.0005), c).distance_m == 0.0
        # 20 m west of the west side (x = 106.0), on the equator-ish: 20 m.
        west = 106.0 - math.degrees(20 / A)
        v = check(fix(latitude=0.0005, longitude=west, accuracy_m=50), c)
        assert v.distance_m == 20.0 and v.status == verify.VALID
        v = check(fix(latitude=0.0005, longitude=106.0 - math.degrees(31 / A), accuracy_m=50), c)
        assert (v.distance_m, v.status) == (31.0, verify.FLAGGED)

    # A 0.01° square in Bekasi (6.24° S): distances to it against the independent Vincenty
    # reference of test_verify.py, within 1 cm (the local projection agrees to < 2 mm here).
    BEKASI_SQUARE = verify.Place(
        "field",
        "Kecamatan",
        0.0,
        0.0,
        polygon=(
            (-6.24, 106.99),
            (-6.24, 107.00),
            (-6.24, 107.00),  # a repeated vertex: a zero-length side
            (-6.23, 107.00),
            (-6.23, 106.99),
        ),
    )

    @pytest.mark.parametrize(
        ("point", "nearest"),
        [
            ((-6.245, 106.995), (-6.24, 106.995)),  # 553 m south of the south side
            ((-6.235, 106.985), (-6.235, 106.99)),  # 553 m west of the west side
            ((-6.245, 107.005), (-6.24, 107.0)),  # beyond a corner: the vertex is nearest
        ],
    )
    def test_distance_to_a_polygon_at_bekasi_latitude(self, point, nearest):
        expected = vincenty_m(*point, *nearest)
        assert abs(verify.distance_outside(self.BEKASI_SQUARE, *point) - expected) < 0.01

    def test_a_point_on_the_west_edge_is_inside(self):
        # Even-odd with a strict "<": the west edge is not crossed, the east edge is.
        square = self.BEKASI_SQUARE.polygon
        assert verify.point_in_polygon(-6.235, 106.99, square)
        assert not verify.point_in_polygon(-6.235, 107.0 + 1e-9, square)

    def test_two_points_are_not_a_polygon(self):
        assert not verify.point_in_polygon(0.0, 0.0, [(0.0, -1.0), (0.0, 1.0)])

    # Circle fences at Bekasi latitude against Vincenty, and the sphere beyond 0.5°.
    @pytest.mark.parametrize("offset", [(0.005, 0.0), (0.0, 0.005), (0.004, 0.004)])
    def test_the_ellipsoid_within_half_a_degree(self, offset):
        centre = (-6.2355, 106.9925)
        point = (centre[0] + offset[0], centre[1] + offset[1])
        fence = verify.Place("office", "K", *centre, radius_m=100)
        expected = vincenty_m(*point, *centre) - 100
        assert abs(verify.distance_outside(fence, *point) - expected) < 0.01

    @pytest.mark.parametrize("offset", [(0.5, 0.0), (0.0, 0.5)])
    def test_exactly_half_a_degree_still_uses_the_ellipsoid(self, offset):
        a, b = (-6.2355, 106.9925), (-6.2355 + offset[0], 106.9925 + offset[1])
        # The sphere would be about 0.5 % (about 280 m) off here; the ellipsoid within 1 m.
        assert abs(verify.distance_m(*a, *b) - vincenty_m(*a, *b)) < 1.0

    @pytest.mark.parametrize("offset", [(0.6, 0.0), (0.0, 0.6), (0.6, 0.6)])
    def test_beyond_half_a_degree_the_sphere_is_used(self, offset):
        lat1, lon1 = -6.2355, 106.9925
        lat2, lon2 = lat1 + offset[0], lon1 + offset[1]
        # The haversine formula written out here, on the mean radius.
        p1, p2 = math.radians(lat1), math.radians(lat2)
        h = (
            math.sin((p2 - p1) / 2) ** 2
            + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
        )
        expected = 2 * 6_371_008.8 * math.asin(math.sqrt(h))
        assert abs(verify.distance_m(lat1, lon1, lat2, lon2) - expected) < 0.01


# --- working time ---------------------------------------------------------------------------

WIB = dt.timezone(dt.timedelta(hours=7))
DAY = dt.date(2025, 11, 3)
HOURS = worktime.Hours(dt.time(7, 30), dt.time(16, 0), 30)


def at(h: int, m: int, s: int = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(h, m, s), tzinfo=WIB)


def day(first_in, last_out, tolerance=0) -> worktime.DaySummary:
    stamps = [worktime.Stamp("in", first_in), worktime.Stamp("out", last_out)]
    return worktime.summarise_day(DAY, stamps, HOURS, tolerance_minutes=tolerance)


class TestWorktime:
    @pytest.mark.parametrize(
        ("minutes", "tolerance", "expected"),
        [
            (-5, 0, ""),
            (0, 0, ""),
            (1, 0, "TL1"),
            (14, 15, ""),
            (15, 15, ""),  # at the tolerance: forgiven
            (16, 15, "TL1"),  # beyond it the full 16 minutes count
            (29, 0, "TL1"),
            (30, 0, "TL1"),
            (31, 0, "TL2"),
            (59, 0, "TL2"),
            (60, 0, "TL2"),
            (61, 0, "TL3"),
            (89, 0, "TL3"),
            (90, 0, "TL3"),
            (91, 0, "TL4"),
            (31, 30, "TL2"),
        ],
    )
    def test_tiers_and_tolerance(self, minutes, tolerance, expected):
        assert worktime.tier("TL", minutes, tolerance) == expected

    @pytest.mark.parametrize(
        ("arrival", "late", "tier"),
        [
            (at(7, 44, 59), 14, ""),
            (at(7, 45, 0), 15, ""),
            (at(7, 45, 59), 15, ""),  # whole minutes, rounded down
            (at(7, 46, 0), 16, "TL1"),
            (at(8, 0), 30, "TL1"),
            (at(8, 1), 31, "TL2"),
            (at(9, 0), 90, "TL3"),
            (at(9, 1), 91, "TL4"),
            (at(7, 0), 0, ""),  # early arrival is not negative lateness
        ],
    )
    def test_arrival_with_15_minute_tolerance(self, arrival, late, tier):
        s = day(arrival, at(16, 0), tolerance=15)
        assert (s.late_minutes, s.late_tier) == (late, tier)
        assert (s.early_minutes, s.early_tier) == (0, "")

    @pytest.mark.parametrize(
        ("departure", "early", "tier"),
        [
            (at(15, 46), 14, ""),
            (at(15, 45), 15, ""),  # PSW tolerance: 15 minutes early is forgiven
            (at(15, 44, 30), 15, ""),  # 15.5 minutes early counts as 15
            (at(15, 44), 16, "PSW1"),
            (at(15, 30), 30, "PSW1"),
            (at(15, 29), 31, "PSW2"),
            (at(14, 30), 90, "PSW3"),
            (at(14, 29), 91, "PSW4"),
            (at(17, 0), 0, ""),
        ],
    )
    def test_departure_with_15_minute_tolerance(self, departure, early, tier):
        s = day(at(7, 30), departure, tolerance=15)
        assert (s.early_minutes, s.early_tier) == (early, tier)
        assert (s.late_minutes, s.late_tier) == (0, "")

    def test_a_negative_tolerance_gives_no_tier_to_an_on_time_arrival(self):
        assert worktime.tier("TL", 0, tolerance=-5) == ""
        assert worktime.tier("TL", 1, tolerance=-5) == "TL1"

    def test_the_default_tolerance_is_zero(self):
        stamps = [worktime.Stamp("in", at(7, 31)), worktime.Stamp("out", at(15, 59))]
        s = worktime.summarise_day(DAY, stamps, HOURS)
        assert (s.day, s.late_tier, s.early_tier) == (DAY, "TL1", "PSW1")

    def test_worked_minutes_subtract_the_break(self):
        s = day(at(7, 30), at(16, 0))
        assert s.worked_minutes == 8 * 60 + 30 - 30
        assert (s.missing_in, s.missing_out, s.flagged, s.rejected, s.corrected) == (
            False,
            False,
            0,
            0,
            False,
        )

    def test_a_stay_shorter_than_the_break_is_zero_not_negative(self):
        assert day(at(7, 30), at(7, 50)).worked_minutes == 0

    def test_out_at_the_same_minute_as_in_is_no_departure(self):
        s = day(at(9, 0), at(9, 0))
        assert (s.last_out, s.missing_out, s.early_tier, s.worked_minutes) == (
            None,
            True,
            "PSW4",
            0,
        )
        assert s.early_minutes == 0

    def test_only_an_out_stamp(self):
        s = worktime.summarise_day(DAY, [worktime.Stamp("out", at(15, 0))], HOURS)
        assert (s.first_in, s.late_tier, s.missing_in, s.late_minutes) == (None, "TL4", True, 0)
        assert (s.early_minutes, s.early_tier, s.worked_minutes) == (60, "PSW2", 0)

    def test_no_stamps_at_all(self):
        s = worktime.summarise_day(DAY, [], HOURS)
        assert (s.late_tier, s.early_tier, s.missing_in, s.missing_out) == (
            "TL4",
            "PSW4",
            True,
            True,
        )

    def test_status_counts_and_rejected_stamps(self):
        stamps = [
            worktime.Stamp("in", at(7, 0), "REJECTED"),
            worktime.Stamp("in", at(7, 40), "FLAGGED"),
            worktime.Stamp("in", at(7, 50)),
            worktime.Stamp("out", at(16, 30), "REJECTED"),
            worktime.Stamp("out", at(15, 0)),
            worktime.Stamp("out", at(15, 50), "FLAGGED"),
        ]
        s = worktime.summarise_day(DAY, stamps, HOURS)
        assert (s.first_in, s.last_out) == (at(7, 40), at(15, 50))
        assert (s.flagged, s.rejected) == (2, 2)
        assert s.as_dict()["worked_minutes"] == 8 * 60 + 10 - 30

    def test_corrections_replace_each_side_separately(self):
        stamps = [worktime.Stamp("in", at(8, 0)), worktime.Stamp("out", at(15, 0))]
        s = worktime.summarise_day(DAY, stamps, HOURS, corrected_out=at(16, 0))
        assert (s.first_in, s.last_out, s.corrected, s.late_minutes) == (
            at(8, 0),
            at(16, 0),
            True,
            30,
        )
        s = worktime.summarise_day(DAY, stamps, HOURS, corrected_in=at(7, 30))
        assert (s.first_in, s.last_out, s.corrected, s.early_minutes) == (
            at(7, 30),
            at(15, 0),
            True,
            60,
        )


# --- GPS retention --------------------------------------------------------------------------


@pytest.mark.django_db
class TestGpsRetention:
    """Coordinates older than HIBRIDA_GPS_RETENTION_DAYS (90) are rounded to 0.01°; a fix taken
    exactly 90 days ago is kept (the cut-off is strict), one a microsecond older is rounded."""

    FROZEN = dt.datetime(2026, 6, 1, 1, 0, tzinfo=dt.UTC)

    def test_the_retention_day(self, city, office, api_headers, settings):
        settings.HIBRIDA_GPS_RETENTION_DAYS = 90
        headers = api_headers(city.users["asn"])
        ages = {
            "older": dt.timedelta(days=90, microseconds=1),
            "exact": dt.timedelta(days=90),
            "newer": dt.timedelta(days=89, hours=23, minutes=59),
        }
        for i, name in enumerate(ages):
            lat = -6.2355 - 0.0001 * (i + 1) - 0.0000123
            assert post(Client(), body(latitude=lat, device_id=name), headers).status_code == 201
        for name, age in ages.items():
            CheckIn.objects.filter(device_id=name).update(device_time=self.FROZEN - age)
        with time_machine.travel(self.FROZEN, tick=False):
            counts = coarsen_old_locations()
        assert counts["check_ins"] == 1
        rows = {c.device_id: (c.coarsened, c.latitude) for c in CheckIn.objects.all()}
        assert rows == {
            "older": (True, -6.24),
            "exact": (False, -6.2357123),
            "newer": (False, -6.2358123),
        }

    def test_a_shorter_setting_moves_the_day(self, city, office, api_headers, settings):
        settings.HIBRIDA_GPS_RETENTION_DAYS = 30
        headers = api_headers(city.users["asn"])
        assert post(Client(), body(device_id="a"), headers).status_code == 201
        CheckIn.objects.update(device_time=self.FROZEN - dt.timedelta(days=30, seconds=1))
        with time_machine.travel(self.FROZEN, tick=False):
            assert coarsen_old_locations()["check_ins"] == 1
