"""The Inspektorat's audit pages: a refused plan keeps its field message, a sample is drawn once,
a report is issued once, a finding after the report is refused, and opening a worksheet with
check-in points logs the location view."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

import pytest
import time_machine

from hibrida.audit.models import AuditPlan, AuditPlanStatus, Finding
from hibrida.presence.models import CheckIn, LocationView
from tests.conftest import client_for

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
FRIDAY = dt.datetime(2026, 2, 6, 10, 0, tzinfo=JAKARTA)
TUESDAY = dt.date(2026, 2, 3)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _friday():
    with time_machine.travel(FRIDAY, tick=True):
        yield


def plan_form(city, **extra) -> dict:
    return {
        "title": "Audit WFH",
        "objective": "",
        "period_start": "2026-02-03",
        "period_end": "2026-02-03",
        "opds": [city.opd_a.pk],
        "sample_size": 4,
        **extra,
    }


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_plan_whose_period_has_not_started_is_refused_on_its_field(city):
    client = client_for(city.users["inspektorat"])
    r = client.post("/audit/", plan_form(city, period_start="2026-02-09", period_end="2026-02-10"))
    assert r.status_code == 200
    assert r.context["form"].errors == {
        "period_start": ["Periode audit harus sudah dimulai (audit atas catatan)."]
    }
    assert not AuditPlan.objects.exists()


def test_sample_drawn_once_and_report_issued_once(city):
    client = client_for(city.users["inspektorat"])
    r = client.post("/audit/", plan_form(city), follow=True)
    plan = AuditPlan.objects.get()
    assert r.redirect_chain == [(f"/audit/rencana/{plan.pk}/", 302)]
    assert messages_of(r) == ["Rencana audit dibuat."]

    # Issuing before the sample is refused with the service's message.
    r = client.post(f"/audit/rencana/{plan.pk}/terbitkan/", follow=True)
    assert messages_of(r) == ["Laporan diterbitkan setelah sampel diambil, sekali saja."]

    r = client.post(f"/audit/rencana/{plan.pk}/sampel/", follow=True)
    assert messages_of(r) == ["Sampel berbasis risiko telah diambil."]
    plan.refresh_from_db()
    assert (plan.status, plan.items.count()) == (AuditPlanStatus.SAMPLED, 4)
    r = client.post(f"/audit/rencana/{plan.pk}/sampel/", follow=True)
    assert messages_of(r) == ["Sampel audit ini sudah diambil dan tidak dapat diulang."]

    r = client.post(f"/audit/rencana/{plan.pk}/terbitkan/", follow=True)
    assert messages_of(r) == ["Laporan audit diterbitkan."]
    plan.refresh_from_db()
    assert plan.status == AuditPlanStatus.REPORTED

    # After the report no finding is added: the form shows the plan's message, nothing stored.
    item = plan.items.get(employee=city.staff1)
    r = client.post(
        f"/audit/sampel/{item.pk}/",
        {
            "title": "Presensi di luar area",
            "condition": "Presensi 2 km dari rumah",
            "severity": "medium",
            "recommendation": "Tegur",
        },
    )
    assert r.status_code == 200
    assert r.context["form"].non_field_errors() == [
        "Laporan audit ini sudah diterbitkan; temuan baru tidak dapat ditambah."
    ]
    assert not Finding.objects.exists()


def test_a_plan_over_an_opd_without_staff_has_nothing_to_draw(city):
    client = client_for(city.users["inspektorat"])
    empty = type(city.opd_a).objects.create(
        code="KOSONG", name="Dinas Kosong", short_name="Kosong", kind="dinas"
    )
    client.post("/audit/", plan_form(city, opds=[empty.pk]), follow=True)
    plan = AuditPlan.objects.get()
    r = client.post(f"/audit/rencana/{plan.pk}/sampel/", follow=True)
    assert messages_of(r) == ["Tidak ada pegawai-hari dalam lingkup dan periode audit."]
    assert plan.items.count() == 0


def test_opening_a_worksheet_with_check_in_points_logs_the_location_view(city):
    at = dt.datetime(2026, 2, 3, 7, 25, tzinfo=JAKARTA)
    CheckIn.objects.create(
        client_uuid=uuid.uuid4(),
        employee=city.staff1,
        kind="in",
        device_time=at,
        received_at=at,
        work_date=TUESDAY,
        latitude=-6.2355,
        longitude=106.9925,
        accuracy_m=10,
        device_id="uji",
        status="VALID",
    )
    auditor = city.users["inspektorat"]
    client = client_for(auditor)
    client.post("/audit/", plan_form(city))
    plan = AuditPlan.objects.get()
    client.post(f"/audit/rencana/{plan.pk}/sampel/")
    item = plan.items.get(employee=city.staff1)
    other = plan.items.get(employee=city.staff2)  # no check-in: nothing shown, nothing logged

    assert client.get(f"/audit/sampel/{item.pk}/").status_code == 200
    assert client.get(f"/audit/sampel/{other.pk}/").status_code == 200

    views = list(LocationView.objects.values_list("viewer_id", "employee_id", "context"))
    assert views == [(auditor.pk, city.staff1.pk, f"audit:{item.pk}")]
