"""Writes: realised costs, baselines, service-level import (scoping, validation, audit)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hibrida.audit.models import AuditEvent
from hibrida.efficiency import services
from hibrida.efficiency.models import CostBaseline, RealisedCost, ServiceLevel

OCT = dt.date(2025, 10, 1)


def test_opd_admin_records_realised_cost_with_audit_event(city):
    """Rule: OPD finance staff enter actual costs; each write leaves one audit event."""
    admin = city.users["opd_admin"]
    cost = services.record_realised_cost(
        actor=admin,
        opd=city.opd_a,
        month=dt.date(2025, 10, 17),
        component="listrik_air",
        amount=24_500_000,
        note="tagihan PLN",
    )
    assert cost.month == OCT and cost.entered_by == admin
    again = services.record_realised_cost(
        actor=admin, opd=city.opd_a, month=OCT, component="listrik_air", amount=24_000_000
    )
    assert again.pk == cost.pk and RealisedCost.objects.count() == 1
    events = AuditEvent.objects.filter(action="realised_cost.recorded").order_by("seq")
    assert events.count() == 2
    assert events.last().before["amount"] == 24_500_000
    assert events.last().after["amount"] == 24_000_000


def test_opd_admin_cannot_write_another_opd(city):
    """Rule: an OPD admin may not enter costs for another OPD."""
    with pytest.raises(PermissionDenied):
        services.record_realised_cost(
            actor=city.users["opd_admin"],
            opd=city.opd_b,
            month=OCT,
            component="listrik_air",
            amount=1,
        )
    assert not RealisedCost.objects.exists()


def test_inspektorat_is_read_only(city):
    """Rule: Inspektorat reads the city but writes nothing."""
    with pytest.raises(PermissionDenied):
        services.set_cost_baseline(
            actor=city.users["inspektorat"],
            opd=city.opd_a,
            component="listrik_air",
            monthly_amount=1,
        )


def test_invalid_amount_gets_field_message_and_writes_nothing(city):
    """Rule: bad input gets a field-level Indonesian message and changes nothing."""
    with pytest.raises(ValidationError) as err:
        services.record_realised_cost(
            actor=city.users["bkpsdm"],
            opd=city.opd_a,
            month=OCT,
            component="listrik_air",
            amount=-5,
        )
    assert "amount" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.set_cost_baseline(
            actor=city.users["bkpsdm"], opd=city.opd_a, component="kopi", monthly_amount=5
        )
    assert "component" in err.value.message_dict
    assert not RealisedCost.objects.exists() and not CostBaseline.objects.exists()


def _csv(rows: list[str]) -> bytes:
    header = "OPD,Titik Layanan,Tanggal,Pengunjung Dilayani,Waktu Tunggu Menit,Pengaduan"
    return ("\n".join([header, *rows]) + "\n").encode()


def test_service_import_all_or_nothing(city):
    """Rule: the import validates every row first; one bad row and nothing is saved."""
    bk = city.users["bkpsdm"]
    code = city.opd_b.code
    bad = _csv(
        [
            f"{code},Loket 1,2025-10-01,120,14.5,1",
            f"{code},Loket 1,2025-10-02,banyak,9,0",
            f"{code},Loket 1,2025-13-01,50,9,0",
        ]
    )
    result = services.import_service_levels(actor=bk, filename="layanan.csv", content=bad)
    assert not result.ok
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "PENGUNJUNG DILAYANI"),
        (4, "TANGGAL"),
    }
    assert not ServiceLevel.objects.exists()

    good = _csv([f"{code},Loket 1,2025-10-01,120,14.5,1", f"{code},Loket 2,2025-10-01,80,9,0"])
    result = services.import_service_levels(actor=bk, filename="layanan.csv", content=good)
    assert result.ok and result.created == 2
    assert AuditEvent.objects.filter(action="service_level.imported").count() == 1


def test_service_import_refuses_other_opd_rows_for_opd_admin(city):
    """Rule: an OPD admin imports only their own OPD's service points."""
    content = _csv([f"{city.opd_b.code},Loket 1,2025-10-01,120,14.5,1"])
    result = services.import_service_levels(
        actor=city.users["opd_admin"], filename="l.csv", content=content
    )
    assert not result.ok and result.errors[0].column == "OPD"
    assert not ServiceLevel.objects.exists()


def test_service_import_reports_missing_columns(city):
    """Rule: a file without the required columns is refused with the missing column names."""
    result = services.import_service_levels(
        actor=city.users["bkpsdm"], filename="l.csv", content=b"OPD,Tanggal\nX,2025-10-01\n"
    )
    assert not result.ok and "TITIK LAYANAN" in result.errors[0].message


def test_realised_cost_for_a_future_month_is_refused(city):
    """Rule: realised costs are for months that have started (Asia/Jakarta calendar)."""
    from django.utils import timezone

    next_month = (timezone.localdate().replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    with pytest.raises(ValidationError) as err:
        services.record_realised_cost(
            actor=city.users["bkpsdm"],
            opd=city.opd_a,
            month=next_month,
            component="listrik_air",
            amount=1,
        )
    assert "month" in err.value.message_dict


def test_service_import_page_all_or_nothing(city):
    """Rule: the import page lists each row error and saves nothing; a clean file imports."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import client_for

    client = client_for(city.users["bkpsdm"])
    code = city.opd_b.code
    bad = SimpleUploadedFile("l.csv", _csv([f"{code},Loket 1,2025-10-01,-3,9,0"]))
    body = client.post("/efisiensi/layanan/impor/", {"file": bad}).content.decode()
    assert 'data-testid="import-errors"' in body and "PENGUNJUNG DILAYANI" in body
    assert not ServiceLevel.objects.exists()
    good = SimpleUploadedFile("l.csv", _csv([f"{code},Loket 1,2025-10-01,30,9,0"]))
    body = client.post("/efisiensi/layanan/impor/", {"file": good}).content.decode()
    assert 'data-testid="import-summary"' in body and ServiceLevel.objects.count() == 1
    assert client_for(city.users["asn"]).get("/efisiensi/layanan/impor/").status_code == 403
