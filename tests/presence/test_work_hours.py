"""Work-hour policies: fixed, dynamic, shift; Friday; Ramadan; the most specific one wins."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hibrida.audit.models import AuditEvent
from hibrida.presence import hour_policies, selectors, worktime
from hibrida.presence.hours import HourResolver
from hibrida.presence.models import RamadanPeriod, WorkHourPolicy
from tests.pay.conftest import on_time, stamp

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
MONDAY = dt.date(2025, 11, 3)
FRIDAY = dt.date(2025, 11, 7)
H = worktime.Hours
FIXED = worktime.HourPolicy(
    worktime.FIXED,
    {
        **{d: H(dt.time(7, 30), dt.time(16, 0), 60) for d in range(4)},
        4: H(dt.time(7, 30), dt.time(16, 30), 90),
    },
)
DYNAMIC = worktime.HourPolicy(
    worktime.DYNAMIC,
    FIXED.hours,
    window_start=dt.time(7, 0),
    window_end=dt.time(8, 30),
    daily_minutes=450,
)


def at(day, hh, mm):
    return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=WIB)


def test_fixed_week_is_37_and_a_half_hours():
    assert sum(worktime.required_minutes(FIXED.hours[d]) for d in range(5)) == 37 * 60 + 30


def test_ramadan_week_is_32_and_a_half_hours_from_eight():
    days = [MONDAY + dt.timedelta(days=n) for n in range(5)]
    hours = [worktime.day_hours(FIXED, d, ramadan=True) for d in days]
    assert {h.start for h in hours} == {dt.time(8, 0)}
    assert sum(worktime.required_minutes(h) for h in hours) == 32 * 60 + 30


def test_direct_service_keeps_its_hours_in_ramadan():
    policy = worktime.HourPolicy(worktime.FIXED, FIXED.hours, direct_service=True)
    assert worktime.day_hours(policy, MONDAY, ramadan=True) == FIXED.hours[0]


def test_dynamic_start_inside_the_window_is_not_late_and_sets_the_end():
    hours = worktime.day_hours(DYNAMIC, MONDAY, ramadan=False, first_in=at(MONDAY, 8, 10))
    assert hours == H(dt.time(8, 10), dt.time(16, 40), 60)
    late, early, worked = worktime.late_early(MONDAY, at(MONDAY, 8, 10), at(MONDAY, 16, 40), hours)
    assert (late, early, worked) == (0, 0, 450)


def test_dynamic_arrival_after_the_window_is_late_from_its_end():
    hours = worktime.day_hours(DYNAMIC, MONDAY, ramadan=False, first_in=at(MONDAY, 8, 45))
    assert hours.start == dt.time(8, 30)
    assert worktime.late_early(MONDAY, at(MONDAY, 8, 45), None, hours)[0] == 15


def test_dynamic_arrival_before_the_window_counts_from_its_start():
    hours = worktime.day_hours(DYNAMIC, MONDAY, ramadan=False, first_in=at(MONDAY, 6, 30))
    assert hours == H(dt.time(7, 0), dt.time(15, 30), 60)


def test_weekly_check_sums_each_iso_week():
    rows = [(MONDAY + dt.timedelta(days=n), 450, 450) for n in range(5)]
    rows.append((dt.date(2025, 11, 10), 300, 450))
    weeks = worktime.weekly_check(rows)
    assert [(w.week, w.worked_minutes, w.required_minutes, w.met) for w in weeks] == [
        (MONDAY, 2250, 2250, True),
        (dt.date(2025, 11, 10), 300, 450, False),
    ]


def form(city, **extra):
    data = {
        "opd": str(city.opd_a.pk),
        "kind": "shift",
        "valid_from": "2025-11-01",
        "source": "SK Kadis A 12/2025",
    }
    for d in range(5):
        data.update({f"h{d}_start": "06:00", f"h{d}_end": "14:30", f"h{d}_break": "60"})
    data.update(extra)
    return data


def test_position_policy_beats_unit_and_opd(city):
    admin = city.users["opd_admin"]
    hour_policies.create_hour_policy(actor=admin, data=form(city))
    unit = form(city, unit=str(city.staff1.unit_id))
    unit.update({f"h{d}_start": "07:00" for d in range(5)})
    unit.update({f"h{d}_end": "15:30" for d in range(5)})
    hour_policies.create_hour_policy(actor=admin, data=unit)
    resolver = HourResolver([city.staff1.pk, city.other.pk], MONDAY, FRIDAY)
    assert resolver.hours(city.staff1.pk, MONDAY).start == dt.time(7, 0)
    position = form(city, position=str(city.staff1.position_id))
    position.update({f"h{d}_start": "09:00" for d in range(5)})
    position.update({f"h{d}_end": "17:30" for d in range(5)})
    hour_policies.create_hour_policy(actor=admin, data=position)
    resolver = HourResolver([city.staff1.pk, city.other.pk], MONDAY, FRIDAY)
    assert resolver.hours(city.staff1.pk, MONDAY).start == dt.time(9, 0)
    # OPD B has no policy: the city default (Perpres 21/2023).
    assert resolver.hours(city.other.pk, FRIDAY) == H(dt.time(7, 30), dt.time(16, 30), 90)
    assert AuditEvent.objects.filter(action="work_hours.created").count() == 3


def test_policy_applies_only_inside_its_validity(city):
    hour_policies.create_hour_policy(
        actor=city.users["opd_admin"],
        data=form(city, valid_from="2025-11-05", valid_to="2025-11-06"),
    )
    resolver = HourResolver([city.staff1.pk], MONDAY, FRIDAY)
    assert resolver.hours(city.staff1.pk, MONDAY).start == dt.time(7, 30)
    assert resolver.hours(city.staff1.pk, dt.date(2025, 11, 5)).start == dt.time(6, 0)
    assert resolver.hours(city.staff1.pk, FRIDAY).start == dt.time(7, 30)


def test_attendance_summary_follows_the_policy_of_that_day(city):
    hour_policies.create_hour_policy(actor=city.users["opd_admin"], data=form(city))
    stamp(city.staff1, MONDAY, "in", "06:20").save()
    stamp(city.staff1, MONDAY, "out", "14:00").save()
    day = selectors.day_attendance(city.staff1.pk, MONDAY)
    assert (day["late_minutes"], day["early_minutes"]) == (20, 30)


def test_short_week_is_refused_naming_the_regulation_and_nothing_is_stored(city):
    short = form(city)
    short.update({f"h{d}_end": "13:00" for d in range(5)})
    with pytest.raises(ValidationError) as err:
        hour_policies.create_hour_policy(actor=city.users["opd_admin"], data=short)
    assert "Perpres 21/2023" in err.value.message_dict["kind"][0]
    assert WorkHourPolicy.objects.count() == 0
    # A direct-service unit may keep other hours.
    hour_policies.create_hour_policy(
        actor=city.users["opd_admin"], data={**short, "direct_service": "1"}
    )
    assert WorkHourPolicy.objects.count() == 1


def test_bad_fields_each_get_a_message(city):
    bad = form(
        city,
        kind="dynamic",
        window_start="09:00",
        window_end="08:00",
        daily_minutes="9999",
        h2_end="05:00",
        valid_to="2025-01-01",
        source="",
    )
    with pytest.raises(ValidationError) as err:
        hour_policies.create_hour_policy(actor=city.users["opd_admin"], data=bad)
    assert {"window_end", "daily_minutes", "h2_end", "valid_to", "source"} <= set(
        err.value.message_dict
    )


def test_opd_admin_cannot_set_another_opds_hours(city):
    with pytest.raises(PermissionDenied):
        hour_policies.create_hour_policy(
            actor=city.users["opd_admin"], data=form(city, opd=str(city.opd_b.pk))
        )
    with pytest.raises(PermissionDenied):
        hour_policies.create_hour_policy(actor=city.users["inspektorat"], data=form(city))


def test_ramadan_dates_change_the_hours_and_only_bkpsdm_sets_them(city):
    data = {"start": "2025-11-03", "end": "2025-11-07", "source": "SE Sekda Ramadan (uji)"}
    with pytest.raises(PermissionDenied):
        hour_policies.add_ramadan_period(actor=city.users["opd_admin"], data=data)
    hour_policies.add_ramadan_period(actor=city.users["bkpsdm"], data=data)
    with pytest.raises(ValidationError) as err:
        hour_policies.add_ramadan_period(actor=city.users["bkpsdm"], data=data)
    assert "tumpang tindih" in err.value.message_dict["start"][0]
    assert RamadanPeriod.objects.count() == 1
    resolver = HourResolver([city.staff1.pk], MONDAY, FRIDAY)
    assert resolver.hours(city.staff1.pk, MONDAY) == H(dt.time(8, 0), dt.time(15, 0), 30)
    assert resolver.hours(city.staff1.pk, dt.date(2025, 11, 10)).start == dt.time(7, 30)


def test_work_hours_page_shows_field_errors_with_422(city, client):
    client.force_login(city.users["opd_admin"])
    response = client.post("/presensi/jam-kerja/tambah/", form(city, h1_start="7.3x"))
    assert response.status_code == 422
    assert 'data-field="h1_start"' in response.content.decode()
    assert WorkHourPolicy.objects.count() == 0
    ok = client.post("/presensi/jam-kerja/tambah/", form(city))
    assert ok.status_code == 302 and WorkHourPolicy.objects.count() == 1
    page = client.get("/presensi/jam-kerja/").content.decode()
    assert "SK Kadis A 12/2025" in page


def test_recap_deducts_by_the_shift_of_that_day(city):
    """TPP: a shift worker on time for their 06.00 shift is not late (the default is 07.30)."""
    from hibrida.pay import services
    from tests.pay.conftest import DAYS, END, TABLE

    services.create_tier_table(actor=city.users["bkpsdm"], data=TABLE)
    hour_policies.create_hour_policy(
        actor=city.users["opd_admin"], data=form(city, position=str(city.staff1.position_id))
    )
    on_time([city.other])
    rows = []
    for day in DAYS:
        rows += [stamp(city.staff1, day, "in", "06:00"), stamp(city.staff1, day, "out", "14:30")]
    from hibrida.presence.models import CheckIn

    CheckIn.objects.bulk_create(rows)
    recap = services.compute_month(actor=city.users["bkpsdm"], year=2025, month=11, today=END)
    assert recap.lines.get(employee=city.staff1).items == []


def test_api_creates_and_lists_work_hours_within_the_admins_opd(city, api_headers):
    import json

    from django.test import Client

    data = form(city)
    body = {k: v for k, v in data.items() if not k.startswith("h")}
    body["opd"] = city.opd_a.pk
    body["hours"] = {k: v for k, v in data.items() if k.startswith("h")}
    headers = api_headers(city.users["opd_admin"])
    created = Client().post(
        "/api/v1/presence/work-hours", json.dumps(body), content_type="application/json", **headers
    )
    assert created.status_code == 201 and created.json()["hours"]["0"]["start"] == "06:00"
    other = {**body, "opd": city.opd_b.pk}
    refused = Client().post(
        "/api/v1/presence/work-hours", json.dumps(other), content_type="application/json", **headers
    )
    assert refused.status_code == 403
    short = {**body, "hours": {**body["hours"], "h3_end": "nine"}}
    bad = Client().post(
        "/api/v1/presence/work-hours", json.dumps(short), content_type="application/json", **headers
    )
    assert bad.status_code == 422 and "h3_end" in json.dumps(bad.json())
    listed = Client().get("/api/v1/presence/work-hours", **headers).json()
    assert [p["source"] for p in listed] == ["SK Kadis A 12/2025"]
