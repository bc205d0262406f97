"""Employee writes: validation messages, atasan cycles, OPD scope, read-only Inspektorat."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hibrida.audit.models import AuditEvent
from hibrida.org import services
from hibrida.org.models import Employee

from ..factories import PositionFactory, UnitFactory


def _data(city, **over):
    unit = UnitFactory(opd=city.opd_a)
    data = {
        "nip": "198203042006041002",
        "name": "Pegawai Baru",
        "asn_type": "PNS",
        "unit": unit,
        "position": PositionFactory(opd=city.opd_a),
    }
    data.update(over)
    return data


def test_invalid_nip_gives_field_message_and_writes_nothing(city):
    count, events = Employee.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as err:
        services.create_employee(actor=city.users["opd_admin"], data=_data(city, nip="123"))
    assert "18 digit" in err.value.message_dict["nip"][0]
    assert (Employee.objects.count(), AuditEvent.objects.count()) == (count, events)


def test_duplicate_nip_is_refused(city):
    with pytest.raises(ValidationError) as err:
        services.create_employee(actor=city.users["bkpsdm"], data=_data(city, nip=city.staff1.nip))
    assert "sudah terdaftar" in err.value.message_dict["nip"][0]


def test_gender_and_birth_date_come_from_the_nip(city):
    e = services.create_employee(
        actor=city.users["opd_admin"], data=_data(city, nip="199512312020122005")
    )
    assert e.gender == "P" and str(e.birth_date) == "1995-12-31" and e.opd_id == city.opd_a.pk


def test_atasan_cycle_is_refused(city):
    # kepala -> kabid -> staff1; making staff1 the atasan of kepala closes a loop.
    with pytest.raises(ValidationError) as err:
        services.set_supervisor(
            actor=city.users["bkpsdm"], employee=city.kepala, supervisor=city.staff1
        )
    assert "lingkaran" in err.value.message_dict["supervisor"][0]
    city.kepala.refresh_from_db()
    assert city.kepala.supervisor_id is None


def test_self_supervision_is_refused(city):
    with pytest.raises(ValidationError):
        services.set_supervisor(
            actor=city.users["bkpsdm"], employee=city.staff1, supervisor=city.staff1
        )


def test_opd_admin_cannot_add_staff_to_another_opd(city):
    with pytest.raises(ValidationError) as err:
        services.create_employee(
            actor=city.users["opd_admin"],
            data=_data(
                city, unit=UnitFactory(opd=city.opd_b), position=PositionFactory(opd=city.opd_b)
            ),
        )
    assert "unit" in err.value.message_dict


def test_inspektorat_cannot_change_master_data(city):
    with pytest.raises(PermissionDenied):
        services.set_supervisor(
            actor=city.users["inspektorat"], employee=city.staff2, supervisor=None
        )


def test_update_without_change_leaves_no_event(city):
    before = AuditEvent.objects.count()
    services.set_supervisor(actor=city.users["bkpsdm"], employee=city.staff1, supervisor=city.kabid)
    assert AuditEvent.objects.count() == before
    services.set_supervisor(
        actor=city.users["bkpsdm"], employee=city.staff1, supervisor=city.kepala
    )
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.before["supervisor_id"] == city.kabid.pk
    assert event.after["supervisor_id"] == city.kepala.pk


def test_position_requiring_presence_needs_a_reason(city):
    with pytest.raises(ValidationError) as err:
        services.create_position(
            actor=city.users["opd_admin"],
            opd=city.opd_a,
            name="Loket",
            kind="pelaksana",
            requires_presence=True,
        )
    assert "presence_reason" in err.value.message_dict
