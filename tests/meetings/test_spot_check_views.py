"""Recording spot checks (atasan only), rates and misses for dashboards, and the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hibrida.meetings import selectors, services
from hibrida.meetings.models import SpotCheck, SpotCheckOutcome
from tests.conftest import client_for
from tests.factories import make_user


def spot(city, day, employee=None, outcome=SpotCheckOutcome.PENDING, reason=""):
    return SpotCheck.objects.create(
        day=day,
        atasan=city.kabid,
        employee=employee or city.staff1,
        call_url="https://meet.jit.si/Supervisi-uji",
        proposed_at=timezone.now(),
        status=outcome,
        reason=reason,
    )


def test_rule_only_the_asked_atasan_records_and_reason_is_required(city):
    today = timezone.localdate()
    sc = spot(city, today)
    with pytest.raises(PermissionDenied):
        services.record_spot_check(actor=city.users["asn"], spot_check=sc, outcome="reached")
    boss_of_boss = make_user(city.kepala)  # transitively above, but not the one asked
    with pytest.raises(PermissionDenied):
        services.record_spot_check(actor=boss_of_boss, spot_check=sc, outcome="reached")
    with pytest.raises(ValidationError) as err:
        services.record_spot_check(actor=city.users["atasan"], spot_check=sc, outcome="not_reached")
    assert "reason" in err.value.message_dict
    sc = services.record_spot_check(
        actor=city.users["atasan"], spot_check=sc, outcome="not_reached", reason="no_answer"
    )
    assert sc.status == "not_reached" and sc.decided_by == city.users["atasan"]


def test_rule_rates_and_misses_count_exactly(city):
    """Rule: done = reached + not reached; missed = not reached + pending from past days."""
    today = timezone.localdate()
    past = today - dt.timedelta(days=3)
    spot(city, past, city.staff1, SpotCheckOutcome.REACHED)
    spot(city, past - dt.timedelta(days=1), city.staff1, SpotCheckOutcome.NOT_REACHED, "other")
    spot(city, past, city.staff2)  # never made: a miss
    spot(city, today, city.staff2)  # today, still pending: not a miss yet
    rows = selectors.spot_check_rates(
        city.users["bkpsdm"], today - dt.timedelta(days=10), today, by="opd"
    )
    assert len(rows) == 1
    row = rows[0]
    assert (row["proposed"], row["done"], row["reached"], row["not_reached"], row["overdue"]) == (
        4,
        2,
        1,
        1,
        1,
    )
    assert row["missed"] == 2 and row["reach_rate"] == 0.5
    missed = selectors.missed_spot_checks(
        city.users["atasan"], today - dt.timedelta(days=10), today
    )
    assert missed.count() == 2
    # Another OPD's admin sees none of them.
    other_admin = make_user(None, "opd_admin", city.opd_b)
    assert selectors.spot_check_rates(other_admin, today - dt.timedelta(days=10), today) == []


def test_rule_spot_check_page_and_post(city):
    today = timezone.localdate()
    sc = spot(city, today)
    client = client_for(city.users["atasan"])
    page = client.get("/rapat/uji-petik/").content.decode()
    assert sc.call_url in page and city.staff1.name in page
    client.post(f"/rapat/uji-petik/{sc.pk}/", {"outcome": "reached", "note": "ok"})
    sc.refresh_from_db()
    assert sc.status == "reached"
    # Someone who cannot see the spot check gets 404, not a silent write.
    other = client_for(make_user(city.other))
    assert other.post(f"/rapat/uji-petik/{sc.pk}/", {"outcome": "not_reached"}).status_code == 404


def test_rule_check_in_page_flow(city):
    """Rule: an invited ASN checks in from the sitting page while it runs; the organiser
    confirms from the same page."""
    from hibrida.meetings.models import MeetingOccurrence

    now = timezone.now()
    meeting = services.create_meeting(
        actor=city.users["opd_admin"],
        title="Rakor hari ini",
        organiser_opd=city.opd_a,
        weekdays=[0],
        start_time=dt.time(9, 0),
        start_date=dt.date(2026, 3, 2),
        end_date=dt.date(2026, 3, 2),
    )
    # Setup: a sitting running right now, whatever the clock and the calendar say.
    occ = MeetingOccurrence.objects.create(
        meeting=meeting,
        date=timezone.localdate(),
        starts_at=now - dt.timedelta(minutes=10),
        ends_at=now + dt.timedelta(minutes=50),
    )
    client = client_for(city.users["asn"])
    assert 'data-testid="check-in"' in client.get(f"/rapat/sesi/{occ.pk}/").content.decode()
    client.post(f"/rapat/sesi/{occ.pk}/hadir/")
    attendance = occ.attendances.get(employee=city.staff1)
    organiser = client_for(city.users["opd_admin"])
    organiser.post(f"/rapat/kehadiran/{attendance.pk}/konfirmasi/")
    attendance.refresh_from_db()
    assert attendance.status == "confirmed"


def test_rule_openapi_schema_builds(city):
    response = client_for(city.users["bkpsdm"]).get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/meetings/compliance" in paths and "/api/v1/audit/plans" in paths


def test_rule_spot_check_api_mine_and_422(city, api_headers):
    from django.test import Client

    sc = spot(city, timezone.localdate())
    client = Client()
    headers = api_headers(city.users["atasan"])
    mine = client.get("/api/v1/meetings/spot-checks?mine=true", **headers).json()
    assert [row["id"] for row in mine] == [sc.pk]
    bad = client.post(
        f"/api/v1/meetings/spot-checks/{sc.pk}/outcome",
        {"outcome": "not_reached"},
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"
    ok = client.post(
        f"/api/v1/meetings/spot-checks/{sc.pk}/outcome",
        {"outcome": "reached"},
        content_type="application/json",
        **headers,
    )
    assert ok.status_code == 200 and ok.json()["outcome"] == "reached"
    # The ASN being checked cannot record their own call.
    asn = client.post(
        f"/api/v1/meetings/spot-checks/{sc.pk}/outcome",
        {"outcome": "reached"},
        content_type="application/json",
        **api_headers(city.users["asn"]),
    )
    assert asn.status_code == 403


def test_rule_employee_cannot_see_own_pending_call(city, api_headers):
    """Rule: the draw stays unpredictable — an ASN cannot learn in the morning that they will
    be called today (neither page nor API shows their own pending spot check)."""
    from django.test import Client

    today = timezone.localdate()
    sc = spot(city, today)
    asn = city.users["asn"]
    assert not selectors.visible_spot_checks(asn).exists()
    listed = Client().get(f"/api/v1/meetings/spot-checks?day={today}", **api_headers(asn)).json()
    assert listed == []
    assert sc.call_url not in client_for(asn).get("/rapat/uji-petik/").content.decode()
    services.record_spot_check(actor=city.users["atasan"], spot_check=sc, outcome="reached")
    assert selectors.visible_spot_checks(asn).count() == 1
