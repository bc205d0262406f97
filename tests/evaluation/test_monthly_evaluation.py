"""Monthly evaluation per unit and OPD (PermenPANRB 4/2025 Pasal 35): figures, the unit head
then the PPK acknowledging, frozen figures, exports and the pilot page."""

import datetime as dt
import io
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from hibrida.activity.models import DailyReport, ReportStatus
from hibrida.audit.decisions import AlreadyDecided
from hibrida.audit.models import AuditEvent
from hibrida.evaluation.models import EvaluationStatus, MonthlyEvaluation
from hibrida.evaluation.selectors import compute_figures
from hibrida.evaluation.services import acknowledge_ppk, acknowledge_unit
from hibrida.presence.models import CheckIn
from tests.conftest import client_for
from tests.factories import make_user
from tests.policy.conftest import make_ready

JAN = dt.date(2026, 1, 1)
MON = dt.date(2026, 1, 5)  # a Monday, a working day (no national holiday)
# January 2026: 22 weekdays minus 1 January (New Year) and 16 January (Isra Mikraj).
JAN_WORKING_DAYS = 20


def stamp(employee, day: dt.date, kind: str, hour: int, minute: int) -> None:
    at = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())
    CheckIn.objects.create(
        client_uuid=uuid.uuid4(),
        employee=employee,
        kind=kind,
        device_time=at,
        received_at=at,
        work_date=day,
        latitude=-6.24,
        longitude=106.99,
        accuracy_m=10,
        device_id="uji",
        status="VALID",
    )


def report(employee, day: dt.date, status: str) -> None:
    DailyReport.objects.create(
        employee=employee, day=day, status=status, work_mode="WFO", submitted_at=timezone.now()
    )


@pytest.fixture
def month_of_unit_a(city):
    """Unit A in January 2026: two reports of four validated, one late check-in, one ready."""
    report(city.staff1, MON, ReportStatus.APPROVED)
    report(city.staff2, MON, ReportStatus.RETURNED)
    report(city.kabid, MON, ReportStatus.SUBMITTED)
    report(city.kepala, MON, ReportStatus.APPROVED)
    stamp(city.staff1, MON, "in", 7, 45)  # 15 minutes late: TL1
    stamp(city.staff1, MON, "out", 16, 5)
    stamp(city.staff2, MON, "in", 7, 20)
    stamp(city.staff2, MON, "out", 15, 0)  # an hour early: PSW2
    make_ready(city.staff1)
    city.head = make_user(city.kepala)
    return city


@pytest.mark.django_db
def test_figures_count_reports_attendance_and_readiness_of_the_unit(month_of_unit_a):
    c = month_of_unit_a
    f = compute_figures(c.users["bkpsdm"], c.opd_a, c.staff1.unit, JAN)
    assert f["staff"] == 4
    assert f["working_days"] == JAN_WORKING_DAYS
    assert (f["reports_submitted"], f["reports_approved"]) == (4, 2)
    assert f["reports_returned_or_rejected"] == 1
    assert f["validation_rate"] == 3 / 4 and f["approval_rate"] == 2 / 4
    assert (f["present_days"], f["expected_days"]) == (2, 4 * JAN_WORKING_DAYS)
    assert (f["late_days"], f["early_leave_days"]) == (1, 1)
    assert f["days_without_record"] == 4 * JAN_WORKING_DAYS - 2
    assert (f["ready_staff"], f["readiness_rate"]) == (1, 0.25)


@pytest.mark.django_db
def test_the_unit_head_then_the_ppk_acknowledge_and_the_figures_freeze(month_of_unit_a):
    c = month_of_unit_a
    unit = c.staff1.unit
    with pytest.raises(PermissionDenied):
        # The kabid does not supervise the kepala: not the head of the whole unit.
        acknowledge_unit(actor=c.users["atasan"], opd=c.opd_a, unit=unit, month=JAN)
    with pytest.raises(PermissionDenied):
        acknowledge_unit(actor=c.users["bkpsdm"], opd=c.opd_a, unit=unit, month=JAN)
    row = acknowledge_unit(actor=c.head, opd=c.opd_a, unit=unit, month=JAN, note="Sesuai")
    assert row.status == EvaluationStatus.UNIT and row.unit_note == "Sesuai"
    assert row.figures["reports_submitted"] == 4
    report(c.staff2, MON + dt.timedelta(days=1), ReportStatus.APPROVED)
    page = client_for(c.users["bkpsdm"]).get(
        f"/evaluasi/opd/{c.opd_a.pk}/?bulan=2026-01&unit={unit.pk}"
    )
    assert page.context["figures"]["reports_submitted"] == 4  # frozen, not read again
    with pytest.raises(PermissionDenied):
        acknowledge_ppk(actor=c.users["opd_admin"], row=row)
    final = acknowledge_ppk(actor=c.users["bkpsdm"], row=row, note="Diterima")
    assert final.status == EvaluationStatus.FINAL
    with pytest.raises(AlreadyDecided):
        acknowledge_ppk(actor=c.users["bkpsdm"], row=row)
    with pytest.raises(AlreadyDecided):
        acknowledge_unit(actor=c.head, opd=c.opd_a, unit=unit, month=JAN)
    actions = list(
        AuditEvent.objects.filter(action__startswith="evaluation.").values_list("action", flat=True)
    )
    assert actions == ["evaluation.unit_acknowledged", "evaluation.ppk_acknowledged"]


@pytest.mark.django_db
def test_a_month_not_yet_over_cannot_be_acknowledged(month_of_unit_a):
    c = month_of_unit_a
    with pytest.raises(ValidationError) as err:
        acknowledge_unit(actor=c.head, opd=c.opd_a, unit=None, month=timezone.localdate())
    assert "month" in err.value.message_dict
    assert not MonthlyEvaluation.objects.exists()


@pytest.mark.django_db
def test_the_ppk_step_cannot_come_before_the_unit_head(city):
    row = MonthlyEvaluation.objects.create(opd=city.opd_a, month=JAN)
    with pytest.raises(AlreadyDecided):
        acknowledge_ppk(actor=city.users["bkpsdm"], row=row)


@pytest.mark.django_db
def test_the_opd_head_acknowledges_the_whole_opd_through_the_page(month_of_unit_a):
    c = month_of_unit_a
    client = client_for(c.head)
    response = client.post(
        f"/evaluasi/opd/{c.opd_a.pk}/akui-unit/", {"bulan": "2026-01", "note": ""}
    )
    assert response.status_code == 302
    row = MonthlyEvaluation.objects.get(opd=c.opd_a, unit=None, month=JAN)
    assert row.status == EvaluationStatus.UNIT and row.unit_acknowledged_by == c.head
    # Unit B belongs to another OPD: the head of OPD A gets nothing of it.
    other = client.get(f"/evaluasi/opd/{c.opd_b.pk}/?bulan=2026-01")
    assert other.status_code == 404


@pytest.mark.django_db
def test_pdf_and_xlsx_carry_the_same_figures(month_of_unit_a):
    c = month_of_unit_a
    client = client_for(c.users["bkpsdm"])
    query = f"?bulan=2026-01&unit={c.staff1.unit.pk}"
    pdf = client.get(f"/evaluasi/opd/{c.opd_a.pk}/pdf/{query}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"/evaluasi/opd/{c.opd_a.pk}/xlsx/{query}")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = {row[1]: row[2] for row in sheet.iter_rows(values_only=True) if len(row) > 2}
    assert values["Tingkat validasi atasan"] == "75,0 %"
    assert values["Hari terlambat (TL)"] == "1"
    assert values["Pegawai siap WFH (3 syarat)"] == "1"


@pytest.mark.django_db
def test_the_api_gives_the_figures_and_answers_409_to_a_second_ppk_step(
    month_of_unit_a, client, api_headers
):
    c = month_of_unit_a
    response = client.get(
        f"/api/v1/evaluation/opds/{c.opd_a.pk}?month=2026-01", **api_headers(c.users["bkpsdm"])
    )
    assert response.status_code == 200
    assert response.json()["figures"]["reports_approved"] == 2
    head = client.post(
        f"/api/v1/evaluation/opds/{c.opd_a.pk}/acknowledge-unit",
        data={"month": "2026-01"},
        content_type="application/json",
        **api_headers(c.head),
    )
    assert head.status_code == 200 and head.json()["status"] == "unit"
    pk = head.json()["id"]
    for expected in (200, 409):
        ppk = client.post(
            f"/api/v1/evaluation/{pk}/acknowledge-ppk",
            data={},
            content_type="application/json",
            **api_headers(c.users["bkpsdm"]),
        )
        assert ppk.status_code == expected


@pytest.mark.django_db
def test_the_pilot_page_lists_final_evaluations_of_the_pilot_months(city):
    MonthlyEvaluation.objects.create(
        opd=city.opd_a,
        month=dt.date(2025, 11, 1),
        status=EvaluationStatus.FINAL,
        figures={"staff": 4, "attendance_rate": 0.9, "validation_rate": 0.5},
    )
    MonthlyEvaluation.objects.create(
        opd=city.opd_b, month=dt.date(2025, 11, 1), status=EvaluationStatus.UNIT, figures={}
    )
    page = client_for(city.users["bkpsdm"]).get("/efisiensi/uji-coba/")
    rows = page.context["monthly"]
    assert [(r["opd"].pk, r["attendance"], r["validation"]) for r in rows] == [
        (city.opd_a.pk, "90,0 %", "50,0 %")
    ]
    assert b"Evaluasi bulanan berjenjang (Pasal 35)" in page.content
