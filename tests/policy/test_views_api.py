"""Policy pages and API: who sees what, counts by reason, sources shown."""

import pytest

from hibrida.policy.models import WfhReadiness
from tests.conftest import client_for


@pytest.mark.django_db
def test_overview_shows_counts_by_reason_to_opd_admin_and_refuses_asn(policy_city):
    c = policy_city
    page = client_for(c.users["opd_admin"]).get("/kebijakan/")
    assert page.status_code == 200
    assert page.context["counts"]["total"] == 4  # OPD A only
    assert page.context["counts"]["eligible"] == 4
    assert client_for(c.users["asn"]).get("/kebijakan/").status_code == 403
    city_page = client_for(c.users["bkpsdm"]).get("/kebijakan/")
    reasons = dict(city_page.context["counts"]["by_reason"])
    assert city_page.context["counts"]["total"] == 5
    assert sum(reasons.values()) == 1
    assert "Kelas OPD pelayanan langsung (frontliner): WFO penuh" in reasons


@pytest.mark.django_db
def test_opd_admin_asking_counts_of_another_opd_gets_404(policy_city, api_headers):
    c = policy_city
    client = client_for(c.users["opd_admin"])
    r = client.get(
        f"/api/v1/policy/eligibility?opd={c.opd_b.pk}", **api_headers(c.users["opd_admin"])
    )
    assert r.status_code == 404
    r = client.get(f"/api/v1/policy/eligibility?opd={c.opd_a.pk}")
    assert r.status_code == 200 and r.json()["eligible"] == 4


@pytest.mark.django_db
def test_api_effective_policy_of_me_lists_sources(policy_city, api_headers):
    c = policy_city
    from django.test import Client

    r = Client().get("/api/v1/policy/me?day=2025-11-13", **api_headers(c.users["asn"]))
    assert r.status_code == 200
    body = r.json()
    assert body["eligible"] is True
    sources = {v["field"]: v["source"] for v in body["values"]}
    assert sources["wfh_days_per_week"] == "kota"
    # An ASN cannot read another employee's policy.
    r = Client().get(f"/api/v1/policy/employees/{c.other.pk}", **api_headers(c.users["asn"]))
    assert r.status_code == 404


@pytest.mark.django_db
def test_employee_page_shows_reason_and_my_page_records_readiness(policy_city):
    c = policy_city
    page = client_for(c.users["bkpsdm"]).get(f"/kebijakan/pegawai/{c.other.pk}/")
    assert "Jabatan memerlukan kehadiran: loket pelayanan" in page.content.decode()
    client = client_for(c.users["asn"])
    r = client.post("/kebijakan/saya/konektivitas/", {"connectivity_mbps": "12,5"})
    assert r.status_code == 302
    c.staff1.readiness.refresh_from_db()
    assert c.staff1.readiness.connectivity_mbps == 12.5


@pytest.mark.django_db
def test_api_calendar_add_refuses_opd_admin_and_validates(city, api_headers):
    from django.test import Client

    body = {"date": "2026-12-24", "kind": "cuti_bersama", "name": "Cuti Bersama Natal"}
    r = Client().post(
        "/api/v1/policy/calendar",
        body,
        content_type="application/json",
        **api_headers(city.users["opd_admin"]),
    )
    assert r.status_code == 403
    r = Client().post(
        "/api/v1/policy/calendar",
        {**body, "name": ""},
        content_type="application/json",
        **api_headers(city.users["bkpsdm"]),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "name"
    r = Client().post(
        "/api/v1/policy/calendar",
        body,
        content_type="application/json",
        **api_headers(city.users["bkpsdm"]),
    )
    assert r.status_code == 201
    r = Client().get("/api/v1/policy/calendar?year=2026", **api_headers(city.users["asn"]))
    kinds = {d["date"]: d["kind"] for d in r.json()["days"]}
    assert kinds["2026-12-24"] == "cuti_bersama" and kinds["2026-08-17"] == "libur_nasional"


@pytest.mark.django_db
def test_api_phase_create_is_bkpsdm_only_validated_and_applies(city, api_headers):
    from django.test import Client

    from hibrida.audit.models import AuditEvent
    from hibrida.policy.engine import effective_policy

    body = {
        "name": "Tahap I",
        "start": "2025-11-01",
        "end": "2025-11-30",
        "status": "aktif",
        "pattern": "fixed_weekday",
        "fixed_weekday": "thu",
        "opd_ids": [city.opd_a.pk],
    }
    r = Client().post(
        "/api/v1/policy/phases",
        body,
        content_type="application/json",
        **api_headers(city.users["opd_admin"]),
    )
    assert r.status_code == 403
    bad = {**body, "fixed_weekday": "", "end": "2025-10-01"}
    r = Client().post(
        "/api/v1/policy/phases",
        bad,
        content_type="application/json",
        **api_headers(city.users["bkpsdm"]),
    )
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"end", "fixed_weekday"}
    r = Client().post(
        "/api/v1/policy/phases",
        body,
        content_type="application/json",
        **api_headers(city.users["bkpsdm"]),
    )
    assert r.status_code == 201 and r.json()["opd_ids"] == [city.opd_a.pk]
    assert AuditEvent.objects.filter(action="phase.created").exists()
    import datetime as dt

    assert effective_policy(city.staff1, dt.date(2025, 11, 6)).sources["pattern"] == "fase Tahap I"
    assert effective_policy(city.other, dt.date(2025, 11, 6)).pattern == "weekly_quota"


@pytest.mark.django_db
def test_api_working_hours_default_and_change_by_own_admin(city, api_headers):
    from django.test import Client

    h = api_headers(city.users["opd_admin"])
    r = Client().get(f"/api/v1/policy/working-hours?opd={city.opd_a.pk}", **h)
    assert [x["end"] for x in r.json()] == ["16:00:00"] * 4 + ["16:30:00"]
    body = {
        "opd_id": city.opd_a.pk,
        "weekday": 0,
        "start": "08:00",
        "end": "07:00",
        "break_minutes": 60,
    }
    r = Client().put("/api/v1/policy/working-hours", body, content_type="application/json", **h)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "end"
    body["end"] = "16:30"
    r = Client().put("/api/v1/policy/working-hours", body, content_type="application/json", **h)
    assert r.status_code == 200
    body["opd_id"] = city.opd_b.pk
    r = Client().put("/api/v1/policy/working-hours", body, content_type="application/json", **h)
    assert r.status_code == 404


@pytest.mark.django_db
def test_bkpsdm_adds_a_phase_from_the_policy_page(city):
    from hibrida.policy.models import Phase

    data = {
        "name": "Tahap III",
        "start": "2026-01-01",
        "end": "2026-01-31",
        "status": "draft",
        "pattern": "weekly_quota",
        "wfh_days_per_week": "2",
        "opds": [city.opd_a.pk],
    }
    assert (
        client_for(city.users["opd_admin"]).post("/kebijakan/fase/tambah/", data).status_code == 403
    )
    r = client_for(city.users["bkpsdm"]).post("/kebijakan/fase/tambah/", data)
    assert r.status_code == 302
    phase = Phase.objects.get(name="Tahap III")
    assert phase.wfh_days_per_week == 2 and list(phase.opds.all()) == [city.opd_a]
    page = client_for(city.users["bkpsdm"]).get("/kebijakan/")
    assert "Tahap III" in page.content.decode()


@pytest.mark.django_db
def test_rule_form_sets_a_unit_override_and_refuses_another_opds_unit(policy_city):
    from hibrida.policy.models import PolicyRule

    c = policy_city
    client = client_for(c.users["opd_admin"])
    assert client.get("/kebijakan/aturan/").status_code == 200
    data = {
        "level": "unit",
        "target": c.staff1.unit_id,
        "min_onsite_count": "2",
        "allowed_weekdays": ["mon", "fri"],
        "wfh_allowed": "",
        "note": "loket surat",
    }
    assert client.post("/kebijakan/aturan/", data).status_code == 302
    rule = PolicyRule.objects.get(level="unit", unit=c.staff1.unit)
    assert rule.min_onsite_count == 2 and rule.allowed_weekdays == ["mon", "fri"]
    assert rule.wfh_allowed is None  # empty = inherit
    client.post("/kebijakan/aturan/", {**data, "target": c.other.unit_id})
    assert not PolicyRule.objects.filter(unit=c.other.unit).exists()


@pytest.mark.django_db
def test_connectivity_that_is_not_a_number_is_a_message_and_records_nothing(policy_city):
    from django.contrib.messages import get_messages

    before = list(WfhReadiness.objects.values())
    client = client_for(policy_city.users["asn"])
    r = client.post("/kebijakan/saya/konektivitas/", {"connectivity_mbps": "cepat"})
    assert [str(m) for m in get_messages(r.wsgi_request)] == [
        "Kecepatan harus berupa angka (Mbps)."
    ]
    assert list(WfhReadiness.objects.values()) == before


@pytest.mark.django_db
def test_device_and_security_are_recorded_through_their_own_urls(policy_city):
    client = client_for(policy_city.users["asn"])
    assert (
        client.post("/kebijakan/saya/perangkat/", {"device_label": "Laptop 12"}).status_code == 302
    )
    assert client.post("/kebijakan/saya/keamanan-data/").status_code == 302
    readiness = WfhReadiness.objects.get(employee=policy_city.staff1)
    assert readiness.device_label == "Laptop 12"
    assert readiness.security_accepted_at is not None


@pytest.mark.django_db
def test_my_policy_page_refuses_post(policy_city):
    client = client_for(policy_city.users["asn"])
    assert client.post("/kebijakan/saya/", {"item": "security"}).status_code == 405
