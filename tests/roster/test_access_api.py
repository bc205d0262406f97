"""Access to schedules and the roster API: another OPD is 404, roles are enforced."""

import datetime as dt

import pytest
from django.test import Client

from hibrida.roster.models import Schedule, ScheduleStatus
from hibrida.roster.services import generate_draft, publish_schedule
from tests.conftest import client_for
from tests.factories import publish_manual

from .conftest import next_month


@pytest.fixture
def b_schedule(roster_city):
    [s] = generate_draft(actor=roster_city.users["bkpsdm"], month="2025-12", opd=roster_city.opd_b)
    return s


@pytest.mark.django_db
def test_opd_admin_of_another_opd_gets_404_on_pages_and_api(roster_city, b_schedule, api_headers):
    c = roster_city
    admin = c.users["opd_admin"]
    web = client_for(admin)
    assert web.get(f"/rotasi/jadwal/{b_schedule.pk}/").status_code == 404
    assert web.post(f"/rotasi/jadwal/{b_schedule.pk}/terbitkan/").status_code == 404
    api = Client()
    h = api_headers(admin)
    assert api.get(f"/api/v1/roster/schedules/{b_schedule.pk}", **h).status_code == 404
    assert api.post(f"/api/v1/roster/schedules/{b_schedule.pk}/publish", **h).status_code == 404
    r = api.post(
        "/api/v1/roster/drafts",
        {"month": "2025-12", "opd_id": c.opd_b.pk},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 404
    b_schedule.refresh_from_db()
    assert b_schedule.status == ScheduleStatus.DRAFT


@pytest.mark.django_db
def test_roles_on_roster_pages(roster_city, b_schedule):
    c = roster_city
    assert client_for(c.users["asn"]).get("/rotasi/").status_code == 403
    itda = client_for(c.users["inspektorat"])
    assert itda.get(f"/rotasi/jadwal/{b_schedule.pk}/").status_code == 200
    assert itda.post(f"/rotasi/jadwal/{b_schedule.pk}/terbitkan/").status_code == 403
    assert client_for(c.users["atasan"]).get("/rotasi/permintaan/").status_code == 200
    assert client_for(c.users["asn"]).get("/rotasi/permintaan/").status_code == 403


@pytest.mark.django_db
def test_api_generate_publish_and_my_schedule(roster_city, api_headers):
    c = roster_city
    api = Client()
    h = api_headers(c.users["opd_admin"])
    r = api.post(
        "/api/v1/roster/drafts",
        {"month": "2025-12", "opd_id": c.opd_a.pk},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 201
    [draft] = r.json()
    assert draft["status"] == "draft" and draft["phase"] == "Tahap II"
    r = api.post(f"/api/v1/roster/schedules/{draft['id']}/publish", **h)
    assert r.status_code == 200 and r.json()["status"] == "published"
    r = api.post(f"/api/v1/roster/schedules/{draft['id']}/publish", **h)
    assert r.status_code == 422
    r = api.get("/api/v1/roster/me/schedule?month=2025-12", **api_headers(c.users["asn"]))
    body = r.json()
    assert r.status_code == 200 and body["published_version"] == 1
    assert len(body["wfh_days"]) == 11
    assert {d["mode"] for d in body["days"] if d["date"] == "2025-12-25"} == {None}
    # The body is validated before access: a bad month is a field error even for the city.
    r = api.post(
        "/api/v1/roster/drafts", {"month": "2025-13"}, content_type="application/json", **h
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "month"
    r = api.post(
        "/api/v1/roster/drafts", {"month": "2025-12"}, content_type="application/json", **h
    )
    assert r.status_code == 403  # the whole city is BKPSDM's to plan
    assert r.json()["detail"] == "Hanya BKPSDM yang dapat merencanakan seluruh kota."
    r = api.post(
        "/api/v1/roster/drafts",
        {"month": "2025-13", "opd_id": c.opd_a.pk},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "month"


@pytest.mark.django_db
def test_api_requests_flow_and_refusal_reason(roster_city, api_headers):
    c = roster_city
    month = next_month()
    from hibrida.policy.calendar import working_days
    from hibrida.roster.planning import month_end

    days = working_days(month, month_end(month))
    d1 = days[0]
    d2 = next(d for d in days if d.isocalendar()[:2] == d1.isocalendar()[:2] and d != d1)
    publish_manual(c.opd_a, month, {e: {} for e in c.unit_a_staff} | {c.staff1: {d1: "WFH"}})
    api = Client()
    asn = api_headers(c.users["asn"])
    r = api.post(
        "/api/v1/roster/requests",
        {"kind": "move", "day": d1.isoformat(), "other_day": d2.isoformat()},
        content_type="application/json",
        **asn,
    )
    assert r.status_code == 201
    req_id = r.json()["id"]
    atasan = api_headers(c.users["atasan"])
    r = api.get("/api/v1/roster/requests", **atasan)
    assert [x["id"] for x in r.json()["to_decide"]] == [req_id]
    r = api.post(
        f"/api/v1/roster/requests/{req_id}/approve", {}, content_type="application/json", **asn
    )
    assert r.status_code == 403
    r = api.post(
        f"/api/v1/roster/requests/{req_id}/approve",
        {"note": "ok"},
        content_type="application/json",
        **atasan,
    )
    assert r.status_code == 200 and r.json()["status"] == "approved"
    r = api.get(f"/api/v1/roster/me/schedule?month={month:%Y-%m}", **asn)
    assert r.json()["wfh_days"] == [d2.isoformat()]


@pytest.mark.django_db
def test_city_fairness_summary_is_anonymous(roster_city):
    from hibrida.roster.selectors import city_fairness_summary

    c = roster_city
    assert city_fairness_summary(dt.date(2025, 12, 1)) is None
    for s in generate_draft(actor=c.users["bkpsdm"], month="2025-12", opd=None):
        publish_schedule(actor=c.users["bkpsdm"], schedule=s)
    summary = city_fairness_summary(dt.date(2025, 12, 1))
    assert summary["staff"] == 11 and summary["eligible"] == 10
    assert summary["wfh_days_per_eligible"]["gini"] == 0.0
    # One frontline person: the reason is merged so nobody can be singled out.
    assert summary["ineligibility_reasons"] == [["Alasan lain (digabung)", 1]]
    text = str(summary)
    assert c.other.name not in text and c.staff1.name not in text
    assert Schedule.objects.filter(status=ScheduleStatus.PUBLISHED).count() == 2


@pytest.mark.django_db
def test_api_absence_and_planned_modes_are_scoped(roster_city, api_headers):
    c = roster_city
    [s] = generate_draft(actor=c.users["opd_admin"], month="2025-12", opd=c.opd_a)
    publish_schedule(actor=c.users["opd_admin"], schedule=s)
    api = Client()
    body = {
        "employee_id": c.staff2.pk,
        "kind": "dinas_luar",
        "start": "2025-12-10",
        "end": "2025-12-10",
        "note": "Rapat di provinsi",
    }
    r = api.post(
        "/api/v1/roster/absences",
        body,
        content_type="application/json",
        **api_headers(c.users["asn"]),
    )
    assert r.status_code == 404  # an ASN cannot see a colleague
    r = api.post(
        "/api/v1/roster/absences",
        body,
        content_type="application/json",
        **api_headers(c.users["atasan"]),
    )
    assert r.status_code == 201
    q = f"start=2025-12-10&end=2025-12-10&employee_ids={c.staff2.pk},{c.other.pk}"
    r = api.get(f"/api/v1/roster/planned?{q}", **api_headers(c.users["opd_admin"]))
    assert r.json() == [{"employee_id": c.staff2.pk, "date": "2025-12-10", "mode": "DUTY"}]
    r = api.get("/api/v1/roster/fairness/city?month=2025-12", **api_headers(c.users["asn"]))
    assert r.status_code == 200 and r.json()["staff"] == 10


@pytest.mark.django_db
def test_api_policy_rule_put_changes_the_next_draft(roster_city, api_headers):
    c = roster_city
    api = Client()
    body = {"level": "opd", "opd_id": c.opd_a.pk, "values": {"blackout_dates": ["2026-02-05"]}}
    r = api.put(
        "/api/v1/policy/rules",
        body,
        content_type="application/json",
        **api_headers(c.users["opd_admin"]),
    )
    assert r.status_code == 200 and r.json()["target"] == str(c.opd_a)
    body["values"] = {"wfh_share": 2}
    r = api.put(
        "/api/v1/policy/rules",
        body,
        content_type="application/json",
        **api_headers(c.users["opd_admin"]),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "wfh_share"
    [s] = generate_draft(actor=c.users["opd_admin"], month="2026-02", opd=c.opd_a)
    from hibrida.roster.models import ScheduleRow

    assert all(
        r.mode_on(dt.date(2026, 2, 5)) != "WFH" for r in ScheduleRow.objects.filter(schedule=s)
    )
