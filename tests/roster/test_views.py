"""Roster pages: generate and publish from the UI, my month, iCalendar feed."""

import pytest
from django.test import Client

from hibrida.roster.ical import feed_path
from hibrida.roster.models import Schedule, ScheduleStatus
from tests.conftest import client_for


@pytest.mark.django_db
def test_admin_generates_reviews_and_publishes_then_asn_sees_month(roster_city):
    c = roster_city
    admin = client_for(c.users["opd_admin"])
    r = admin.post("/rotasi/", {"month": "2025-12", "opd": c.opd_a.pk})
    schedule = Schedule.objects.get(opd=c.opd_a)
    assert r.status_code == 302 and r.url == f"/rotasi/jadwal/{schedule.pk}/"
    page = admin.get(r.url)
    assert page.status_code == 200 and "Gini" in page.content.decode()
    assert len(page.context["grid"]) > 0
    admin.post(f"/rotasi/jadwal/{schedule.pk}/terbitkan/")
    schedule.refresh_from_db()
    assert schedule.status == ScheduleStatus.PUBLISHED
    mine = client_for(c.users["asn"]).get("/rotasi/saya/?bulan=2025-12")
    assert mine.status_code == 200
    assert len(mine.context["wfh_days"]) == 11
    assert mine.context["unit_report"]["wfh_days"]["gini"] == 0.0


@pytest.mark.django_db
def test_ical_feed_needs_the_secret_token(roster_city):
    c = roster_city
    admin = client_for(c.users["opd_admin"])
    admin.post("/rotasi/", {"month": "2025-12", "opd": c.opd_a.pk})
    admin.post("/rotasi/terbitkan-bulan/", {"month": "2025-12"})
    user = c.users["asn"]
    path = feed_path(user)
    # The feed covers the months around today; ask it for December 2025 explicitly.
    from hibrida.roster import ical

    body = ical.feed_for(c.staff1, months_back=0, months_ahead=0)
    assert body.startswith("BEGIN:VCALENDAR")
    r = Client().get(path)
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    assert Client().get(path.replace(path.split("/")[-1], "0" * 32 + ".ics")).status_code == 404
    user.set_password("Sandi-Baru-2026!")
    user.save()
    assert Client().get(path).status_code == 404  # a new password revokes the old URL


@pytest.mark.django_db
def test_ical_lists_published_days(roster_city, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    from hibrida.roster import ical

    c = roster_city
    admin = client_for(c.users["opd_admin"])
    admin.post("/rotasi/", {"month": "2025-12", "opd": c.opd_a.pk})
    admin.post("/rotasi/terbitkan-bulan/", {"month": "2025-12"})
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2025, 12, 10))
    body = ical.feed_for(c.staff1)
    assert body.count("SUMMARY:WFH") == 11
    assert "DTSTART;VALUE=DATE:20251225" not in body


@pytest.mark.django_db
def test_asn_requests_from_the_page_and_atasan_approves_in_the_inbox(roster_city):
    from hibrida.policy.calendar import working_days
    from hibrida.roster.models import ChangeRequest, RequestStatus
    from hibrida.roster.planning import month_end
    from hibrida.roster.selectors import planned_mode
    from tests.factories import publish_manual

    from .conftest import next_month

    c = roster_city
    month = next_month()
    days = working_days(month, month_end(month))
    d1 = days[0]
    d2 = next(d for d in days[1:] if d.isocalendar()[:2] == d1.isocalendar()[:2])
    publish_manual(c.opd_a, month, {e: {} for e in c.unit_a_staff} | {c.staff1: {d1: "WFH"}})
    asn = client_for(c.users["asn"])
    asn.post(
        f"/rotasi/saya/?bulan={month:%Y-%m}",
        {"kind": "move", "day": d1.isoformat(), "other_day": d2.isoformat(), "reason": "x"},
    )
    req = ChangeRequest.objects.get()
    inbox = client_for(c.users["atasan"]).get("/rotasi/permintaan/")
    assert list(inbox.context["requests"]) == [req]
    client_for(c.users["atasan"]).post(f"/rotasi/permintaan/{req.pk}/setujui/")
    req.refresh_from_db()
    assert req.status == RequestStatus.APPROVED and planned_mode(c.staff1.pk, d2) == "WFH"


@pytest.mark.django_db
def test_preference_form_and_api(roster_city, api_headers):
    from hibrida.roster.models import WfhPreference

    c = roster_city
    client_for(c.users["asn"]).post("/rotasi/saya/preferensi/", {"prefer": ["fri"]})
    assert WfhPreference.objects.get(employee=c.staff1).prefer_weekdays == ["fri"]
    r = Client().put(
        "/api/v1/roster/me/preference",
        {"prefer_weekdays": ["sat"]},
        content_type="application/json",
        **api_headers(c.users["asn"]),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "prefer_weekdays"


@pytest.mark.django_db
def test_colleague_agrees_to_a_swap_on_the_page_and_over_the_api(roster_city, api_headers):
    """Rule: the colleague sees the swap on their schedule page, agrees there (or through the
    API); until then the atasan's inbox shows it as waiting and cannot approve it."""
    from django.test import Client

    from hibrida.policy.calendar import working_days
    from hibrida.roster.models import ChangeRequest, RequestStatus
    from hibrida.roster.planning import month_end
    from tests.factories import make_user, publish_manual

    from .conftest import next_month

    c = roster_city
    month = next_month()
    days = working_days(month, month_end(month))
    d1 = days[0]
    d2 = next(d for d in days[1:] if d.isocalendar()[:2] == d1.isocalendar()[:2])
    plan = {e: {} for e in c.unit_a_staff} | {c.staff1: {d1: "WFH"}, c.staff2: {d2: "WFH"}}
    publish_manual(c.opd_a, month, plan)
    partner = make_user(c.staff2)
    for n in range(2):
        client_for(c.users["asn"]).post(
            f"/rotasi/saya/?bulan={month:%Y-%m}",
            {
                "kind": "swap",
                "day": d1.isoformat(),
                "other_day": d2.isoformat(),
                "counterpart": c.staff2.pk,
                "reason": f"urusan keluarga {n}",
            },
        )
    by_page, by_api = ChangeRequest.objects.order_by("pk")
    inbox = client_for(c.users["atasan"]).get("/rotasi/permintaan/").content.decode()
    assert inbox.count('data-testid="awaiting-partner"') == 2
    page = client_for(partner).get(f"/rotasi/saya/?bulan={month:%Y-%m}")
    assert list(page.context["swaps_to_answer"]) == [by_page, by_api]
    assert "urusan keluarga 0" in page.content.decode()
    client_for(partner).post(f"/rotasi/permintaan/{by_page.pk}/setuju/")
    api = Client()
    r = api.get("/api/v1/roster/requests", **api_headers(partner))
    assert [x["id"] for x in r.json()["to_answer"]] == [by_api.pk]
    r = api.post(
        f"/api/v1/roster/requests/{by_api.pk}/answer",
        {"agree": False, "note": "tidak bisa"},
        content_type="application/json",
        **api_headers(partner),
    )
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    by_page.refresh_from_db()
    assert by_page.counterpart_agreed_at is not None and by_page.status == RequestStatus.PENDING
    inbox = client_for(c.users["atasan"]).get("/rotasi/permintaan/").content.decode()
    assert 'data-testid="awaiting-partner"' not in inbox  # agreed, and the other one closed
    stranger = api.post(  # the requester cannot answer for the colleague
        f"/api/v1/roster/requests/{by_page.pk}/answer",
        {"agree": True},
        content_type="application/json",
        **api_headers(c.users["asn"]),
    )
    assert stranger.status_code == 403


@pytest.mark.django_db
def test_a_redelivered_generate_task_returns_its_drafts_instead_of_adding_more(roster_city):
    """Rule: with acks_late a worker that dies after the commit gets the task again; the same
    key must not store a second set of drafts (nor a second audit event)."""
    from hibrida.audit.models import AuditEvent
    from hibrida.roster.tasks import generate_schedule_task

    c = roster_city
    args = {"user_id": c.users["opd_admin"].pk, "month": "2025-12", "opd_id": c.opd_a.pk}
    first = generate_schedule_task.apply(kwargs={**args, "key": "a" * 32}).get()
    again = generate_schedule_task.apply(kwargs={**args, "key": "a" * 32}).get()
    assert again == first and len(first) == 1
    assert Schedule.objects.filter(opd=c.opd_a).count() == 1
    assert AuditEvent.objects.filter(action="schedule.draft_generated").count() == 1
    other = generate_schedule_task.apply(kwargs={**args, "key": "b" * 32}).get()
    assert other != first
    assert list(Schedule.objects.filter(opd=c.opd_a).values_list("version", flat=True)) == [2, 1]
