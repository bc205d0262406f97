"""Inspektorat audits: plans, seeded sample within scope, findings, follow-up and access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from hibrida.audit import selectors, services
from hibrida.audit.models import AuditPlanStatus, FindingStatus
from hibrida.meetings.models import SpotCheck
from hibrida.org import services as org_services
from tests.conftest import client_for
from tests.factories import EmployeeFactory, make_user

START = dt.date(2026, 3, 2)
END = dt.date(2026, 3, 13)


def make_plan(city, opds=None, size=5, actor=None):
    return services.create_plan(
        actor=actor or city.users["inspektorat"],
        title="Audit WFH Maret",
        period_start=START,
        period_end=END,
        opds=opds or [city.opd_a],
        sample_size=size,
    )


def test_rule_only_inspektorat_writes_audits(city):
    for role in ("bkpsdm", "opd_admin", "asn", "diskominfo"):
        with pytest.raises(PermissionDenied):
            make_plan(city, actor=city.users[role])
    plan = make_plan(city)
    assert plan.status == AuditPlanStatus.DRAFT


def test_rule_inspektorat_cannot_write_outside_audits(city):
    """Rule: every other app's services refuse the Inspektorat (access.require_writer)."""
    from hibrida.meetings import services as meeting_services

    auditor = city.users["inspektorat"]
    with pytest.raises(PermissionDenied):
        org_services.update_employee(actor=auditor, employee=city.staff1, data={})
    with pytest.raises(PermissionDenied):
        meeting_services.create_meeting(
            actor=auditor,
            title="x",
            organiser_opd=city.opd_a,
            weekdays=[0],
            start_time=dt.time(9),
            start_date=START,
            end_date=END,
        )
    sc = SpotCheck.objects.create(
        day=START,
        atasan=city.kabid,
        employee=city.staff1,
        call_url="https://x/y",
        proposed_at=timezone.now(),
    )
    with pytest.raises(PermissionDenied):
        meeting_services.record_spot_check(actor=auditor, spot_check=sc, outcome="reached")


def test_rule_plan_validation_messages(city):
    with pytest.raises(ValidationError) as err:
        services.create_plan(
            actor=city.users["inspektorat"],
            title="",
            period_start=END,
            period_end=START,
            opds=[],
            sample_size=0,
        )
    assert {"title", "period_end", "opds", "sample_size"} <= set(err.value.message_dict)


def test_rule_sample_reproducible_from_stored_seed_and_inside_scope(city):
    """Rule: the drawn sample lies inside the plan's OPDs and period, is stored with its seed,
    and redrawing from that seed over the same records gives the same sample."""
    extra = [
        EmployeeFactory(unit=city.staff1.unit, position=city.staff1.position, supervisor=city.kabid)
        for _ in range(5)
    ]
    plan = make_plan(city, size=12)
    SpotCheck.objects.create(
        day=START,
        atasan=city.kabid,
        employee=extra[0],
        call_url="https://x/y",
        proposed_at=timezone.now(),
        status="not_reached",
        reason="no_answer",
    )
    plan = services.draw_sample(actor=city.users["inspektorat"], plan=plan, seed=12345)
    items = list(plan.items.select_related("employee"))
    assert len(items) == 12 and plan.seed == 12345
    assert all(i.employee.opd_id == city.opd_a.pk for i in items)
    assert all(START <= i.day <= END and i.day.weekday() < 5 for i in items)
    verify = selectors.verify_sample(city.users["inspektorat"], plan)
    assert verify["same_input"] and verify["same_sample"]
    # The not-reached spot check is part of that employee-day's documented score.
    risky = [i for i in items if i.employee_id == extra[0].pk and i.day == START]
    for i in risky:
        assert any(c["key"] == "missed_spot_check" and c["points"] > 0 for c in i.risk_components)
    with pytest.raises(ValidationError):
        services.draw_sample(actor=city.users["inspektorat"], plan=plan)


def test_rule_findings_follow_up_closed_by_the_opd(city):
    plan = make_plan(city)
    plan = services.draw_sample(actor=city.users["inspektorat"], plan=plan, seed=1)
    item = plan.items.first()
    finding = services.record_finding(
        actor=city.users["inspektorat"],
        plan=plan,
        item=item,
        title="Laporan kosong",
        condition="Tidak ada laporan pada hari WFH.",
        severity="medium",
        recommendation="Atasan menegur dan memantau.",
    )
    assert finding.opd_id == city.opd_a.pk and finding.status == FindingStatus.OPEN
    with pytest.raises(ValidationError):
        services.add_follow_up(
            actor=city.users["inspektorat"], finding=finding, note="x", close=True
        )
    services.add_follow_up(actor=city.users["opd_admin"], finding=finding, note="Sudah ditegur.")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.IN_PROGRESS
    services.add_follow_up(
        actor=city.users["opd_admin"], finding=finding, note="Selesai.", close=True
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED and finding.closed_at
    other_admin = make_user(None, "opd_admin", city.opd_b)
    with pytest.raises(PermissionDenied):
        services.add_follow_up(actor=other_admin, finding=finding, note="bukan milik saya")


def test_rule_finding_outside_plan_scope_is_refused(city):
    plan = make_plan(city)
    with pytest.raises(ValidationError) as err:
        services.record_finding(
            actor=city.users["inspektorat"],
            plan=plan,
            opd=city.opd_b,
            title="t",
            condition="c",
            severity="low",
            recommendation="r",
        )
    assert "opd" in err.value.message_dict


def test_rule_opd_admin_cannot_see_other_opds_findings(city, api_headers):
    plan = make_plan(city, opds=[city.opd_a, city.opd_b])
    finding_a = services.record_finding(
        actor=city.users["inspektorat"],
        plan=plan,
        opd=city.opd_a,
        title="A",
        condition="c",
        severity="low",
        recommendation="r",
    )
    finding_b = services.record_finding(
        actor=city.users["inspektorat"],
        plan=plan,
        opd=city.opd_b,
        title="B",
        condition="c",
        severity="high",
        recommendation="r",
    )
    admin_a = city.users["opd_admin"]
    assert list(selectors.findings(admin_a)) == [finding_a]
    client = client_for(admin_a)
    assert client.get(f"/audit/temuan/{finding_b.pk}/").status_code == 404
    assert client.get(f"/audit/temuan/{finding_a.pk}/").status_code == 200
    page = client.get("/audit/temuan/").content.decode()
    assert "A" in page and f"/audit/temuan/{finding_b.pk}/" not in page
    api = Client().get("/api/v1/audit/findings", **api_headers(admin_a)).json()
    assert [f["id"] for f in api] == [finding_a.pk]
    # Audit plans and worksheets are not for OPD admins at all.
    assert client.get("/audit/").status_code == 403
    assert client.get(f"/audit/rencana/{plan.pk}/").status_code == 403


def test_rule_exports_and_worksheet(city):
    plan = make_plan(city, size=3)
    services.draw_sample(actor=city.users["inspektorat"], plan=plan, seed=7)
    client = client_for(city.users["inspektorat"])
    item = plan.items.first()
    page = client.get(f"/audit/sampel/{item.pk}/")
    assert page.status_code == 200 and 'data-testid="worksheet"' in page.content.decode()
    services.record_finding(
        actor=city.users["inspektorat"],
        plan=plan,
        item=item,
        title="Temuan ekspor",
        condition="c",
        severity="high",
        recommendation="r",
    )
    xlsx = client.get(f"/audit/rencana/{plan.pk}/laporan.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Audit", "Sampel", "Temuan", "Metode"]
    assert book["Sampel"].max_row == 1 + 3
    assert [c.value for c in book["Temuan"][2]][2:4] == ["Temuan ekspor", "Tinggi"]
    pdf = client.get(f"/audit/rencana/{plan.pk}/laporan.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


def test_rule_api_plan_sample_and_422(city, api_headers):
    client = Client()
    headers = api_headers(city.users["inspektorat"])
    bad = client.post(
        "/api/v1/audit/plans",
        {
            "title": "x",
            "period_start": "2026-03-10",
            "period_end": "2026-03-01",
            "opds": [city.opd_a.pk],
            "sample_size": 3,
        },
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "period_end"
    created = client.post(
        "/api/v1/audit/plans",
        {
            "title": "x",
            "period_start": str(START),
            "period_end": str(END),
            "opds": [city.opd_a.pk],
            "sample_size": 3,
        },
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    plan_id = created.json()["id"]
    drawn = client.post(f"/api/v1/audit/plans/{plan_id}/sample", **headers)
    assert drawn.status_code == 200 and drawn.json()["seed"] is not None
    items = client.get(f"/api/v1/audit/plans/{plan_id}/items", **headers).json()
    assert len(items) == 3
    refused = client.post(
        "/api/v1/audit/plans",
        {
            "title": "x",
            "period_start": str(START),
            "period_end": str(END),
            "opds": [city.opd_a.pk],
            "sample_size": 3,
        },
        content_type="application/json",
        **api_headers(city.users["bkpsdm"]),
    )
    assert refused.status_code == 403


def test_rule_issued_report_takes_no_new_findings(city):
    plan = make_plan(city, size=2)
    plan = services.draw_sample(actor=city.users["inspektorat"], plan=plan, seed=3)
    with pytest.raises(PermissionDenied):
        services.issue_report(actor=city.users["bkpsdm"], plan=plan)
    plan = services.issue_report(actor=city.users["inspektorat"], plan=plan)
    assert plan.status == AuditPlanStatus.REPORTED
    with pytest.raises(ValidationError) as err:
        services.record_finding(
            actor=city.users["inspektorat"],
            plan=plan,
            item=plan.items.first(),
            title="t",
            condition="c",
            severity="low",
            recommendation="r",
        )
    assert "plan" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.issue_report(actor=city.users["inspektorat"], plan=plan)


def test_worksheet_is_marked_reviewed_through_its_own_url(city):
    plan = make_plan(city, size=1)
    services.draw_sample(actor=city.users["inspektorat"], plan=plan, seed=7)
    item = plan.items.get()
    client = client_for(city.users["inspektorat"])
    response = client.post(f"/audit/sampel/{item.pk}/direviu/")
    assert response["Location"] == f"/audit/sampel/{item.pk}/"
    item.refresh_from_db()
    assert item.reviewed_at is not None


def test_marking_a_worksheet_reviewed_refuses_get(city):
    plan = make_plan(city, size=1)
    services.draw_sample(actor=city.users["inspektorat"], plan=plan, seed=7)
    item = plan.items.get()
    client = client_for(city.users["inspektorat"])
    assert client.get(f"/audit/sampel/{item.pk}/direviu/").status_code == 405
    item.refresh_from_db()
    assert item.reviewed_at is None
