"""Every decided request shares one abstract model, and the renames kept the stored decisions.

The migration tests move one app back to the old column names, store a decision there, and
migrate forward: the same values must come back under ``decided_by``/``decided_at``/
``decision_note``/``status``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.utils import timezone

from hibrida.activity.models import DailyReport
from hibrida.audit.decisions import Decision
from hibrida.meetings.models import MeetingAttendance, SpotCheck
from hibrida.presence.models import CorrectionRequest, DeviceReset, HomeLocation
from hibrida.roster.models import ChangeRequest

from ..factories import nip_for
from ..migration_scratch import leaf_nodes, migrate, scratch_database

DECIDED = [
    HomeLocation,
    CorrectionRequest,
    DeviceReset,
    ChangeRequest,
    DailyReport,
    MeetingAttendance,
    SpotCheck,
]
AT = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)
BORN = dt.date(1980, 1, 1)


@pytest.mark.parametrize("model", DECIDED, ids=lambda m: m.__name__)
def test_every_decided_model_keeps_its_decision_in_the_shared_fields(model):
    assert issubclass(model, Decision)
    by = model._meta.get_field("decided_by")
    assert by.related_model._meta.label == settings.AUTH_USER_MODEL and by.null
    assert model._meta.get_field("decided_at").null
    assert model._meta.get_field("decision_note").blank
    # Each flow keeps its own states.
    assert model._meta.get_field("status").choices


@dataclass
class People:
    atasan: int  # employee ids
    staff: int
    user: int  # the atasan's account


def _people(apps, alias: str) -> People:
    """An OPD with an atasan, one staff member and the atasan's account, as historical rows."""

    def make(model: str, **fields):
        return apps.get_model("org", model).objects.using(alias).create(**fields)

    opd = make("Opd", code="OPD001", name="Dinas A", short_name="DinasA", kind="dinas")
    unit = make("Unit", opd=opd, code="U0001", name="Bidang A", kind="seksi")
    position = make("Position", opd=opd, name="Analis", kind="pelaksana")
    common = dict(asn_type="PNS", gender="L", unit=unit, opd=opd, position=position)
    atasan = make("Employee", nip=nip_for(1), name="Kabid A", birth_date=BORN, **common)
    staff = make("Employee", nip=nip_for(2), name="Staf Satu", birth_date=BORN, **common)
    user = make("User", username="atasan", employee_id=atasan.pk)
    return People(atasan.pk, staff.pk, user.pk)


def _roundtrip(old, new, store, read):
    """Store a row at ``old`` in an empty scratch database, migrate to ``new`` and the app's
    latest migration, and return ``read(alias, pk)`` through today's model. (Going back in the
    test database would unapply, and then have to reapply, every app's later migrations.)"""
    app = old[0][0]
    with scratch_database() as alias:
        apps = migrate(alias, old)
        pk = store(apps, alias, _people(apps, alias))
        migrate(alias, new)
        migrate(alias, [key for key in leaf_nodes() if key[0] == app])
        return read(alias, pk)


@pytest.mark.django_db(transaction=True)
def test_report_validation_columns_keep_their_data_under_the_decision_names():
    def store(apps, alias, people):
        old = (
            apps.get_model("activity", "DailyReport")
            .objects.using(alias)
            .create(
                employee_id=people.staff,
                day=dt.date(2026, 3, 2),
                status="returned",
                work_mode="wfo",
                validated_at=AT,
                validated_by_id=people.user,
                validation_comment="Lengkapi bukti.",
            )
        )
        return old.pk

    def read(alias, pk):
        report = DailyReport.objects.using(alias).get(pk=pk)
        return report.decided_at, report.decided_by_id, report.decision_note

    old, new = [("activity", "0001_initial")], [("activity", "0002_dailyreport_decision_fields")]
    # The scratch database's first account is the atasan's: id 1.
    assert _roundtrip(old, new, store, read) == (AT, 1, "Lengkapi bukti.")


@pytest.mark.django_db(transaction=True)
def test_spot_check_result_columns_keep_their_data_under_the_decision_names():
    def store(apps, alias, people):
        old = (
            apps.get_model("meetings", "SpotCheck")
            .objects.using(alias)
            .create(
                day=dt.date(2026, 3, 2),
                atasan_id=people.atasan,
                employee_id=people.staff,
                call_url="https://meet.jit.si/Supervisi-uji",
                proposed_at=timezone.now(),
                outcome="not_reached",
                reason="no_answer",
                note="Dihubungi dua kali.",
                recorded_at=AT,
                recorded_by_id=people.user,
            )
        )
        return old.pk

    def read(alias, pk):
        sc = SpotCheck.objects.using(alias).get(pk=pk)
        return sc.status, sc.decided_at, sc.decided_by_id, sc.decision_note

    old, new = [("meetings", "0001_initial")], [("meetings", "0002_decision_fields")]
    assert _roundtrip(old, new, store, read) == ("not_reached", AT, 1, "Dihubungi dua kali.")
