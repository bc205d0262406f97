"""The audit log is append-only and hash-chained; tampering is detected and named."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from hibrida.audit.log import record_event
from hibrida.audit.models import AuditEvent
from hibrida.org import services

from ..factories import PositionFactory, UnitFactory


def _events(n):
    for i in range(n):
        with transaction.atomic():
            record_event(
                actor=None, action="test.event", object_type="t", object_id=i, after={"i": i}
            )


def test_intact_chain_verifies(db, capsys):
    _events(5)
    call_command("verify_audit_log")
    assert "5 peristiwa" in capsys.readouterr().out


def test_event_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError):
        record_event(actor=None, action="x", object_type="t")


def test_altered_row_is_named_by_the_command(db):
    _events(5)
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET after = %s WHERE seq = 3", ['{"i": 99}'])
    with pytest.raises(CommandError) as err:
        call_command("verify_audit_log")
    assert "#3" in str(err.value)


def test_deleted_middle_event_is_reported_missing(db):
    _events(5)
    AuditEvent.objects.filter(seq=2).delete()
    with pytest.raises(CommandError) as err:
        call_command("verify_audit_log")
    assert "#2" in str(err.value) and "hilang" in str(err.value)


def test_deleted_tail_is_detected_through_the_chain_head(db):
    _events(4)
    AuditEvent.objects.filter(seq=4).delete()
    with pytest.raises(CommandError) as err:
        call_command("verify_audit_log")
    assert "#4" in str(err.value)


def test_a_service_write_and_its_event_commit_together(db, city):
    unit = UnitFactory(opd=city.opd_a)
    position = PositionFactory(opd=city.opd_a)
    before = AuditEvent.objects.count()
    employee = services.create_employee(
        actor=city.users["opd_admin"],
        data={
            "nip": "198001012005031007",
            "name": "Baru",
            "asn_type": "PNS",
            "unit": unit,
            "position": position,
        },
    )
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.object_id) == ("employee.created", str(employee.pk))
    assert event.after["nip"] == "198001012005031007"
    assert event.actor_id == city.users["opd_admin"].pk
