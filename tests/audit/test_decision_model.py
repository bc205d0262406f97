"""Every decided request shares one abstract model, and the renames kept the stored decisions.

The migration tests move one app back to the old column names, store a decision there, and
migrate forward: the same values must come back under ``decided_by``/``decided_at``/
``decision_note``/``status``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from hibrida.activity.models import DailyReport
from hibrida.audit.decisions import Decision
from hibrida.meetings.models import MeetingAttendance, SpotCheck
from hibrida.presence.models import CorrectionRequest, DeviceReset, HomeLocation
from hibrida.roster.models import ChangeRequest

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


@pytest.mark.parametrize("model", DECIDED, ids=lambda m: m.__name__)
def test_every_decided_model_keeps_its_decision_in_the_shared_fields(model):
    assert issubclass(model, Decision)
    by = model._meta.get_field("decided_by")
    assert by.related_model._meta.label == settings.AUTH_USER_MODEL and by.null
    assert model._meta.get_field("decided_at").null
    assert model._meta.get_field("decision_note").blank
    # Each flow keeps its own states.
    assert model._meta.get_field("status").choices


def _roundtrip(old, new, store):
    executor = MigrationExecutor(connection)
    executor.migrate(old)
    pk = store(executor.loader.project_state(old).apps)
    executor = MigrationExecutor(connection)
    executor.migrate(new)
    _back_to_the_latest_schema()
    return pk


def _back_to_the_latest_schema() -> None:
    """Going back to ``old`` also unapplied every later migration that depends on it (other
    apps' too); reapply them all so the tests that follow in this process find their tables."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_report_validation_columns_keep_their_data_under_the_decision_names(city):
    user = city.users["atasan"]

    def store(apps):
        old = apps.get_model("activity", "DailyReport").objects.create(
            employee_id=city.staff1.pk,
            day=dt.date(2026, 3, 2),
            status="returned",
            work_mode="wfo",
            validated_at=AT,
            validated_by_id=user.pk,
            validation_comment="Lengkapi bukti.",
        )
        return old.pk

    pk = _roundtrip(
        [("activity", "0001_initial")], [("activity", "0002_dailyreport_decision_fields")], store
    )
    report = DailyReport.objects.get(pk=pk)
    assert (report.decided_at, report.decided_by_id, report.decision_note) == (
        AT,
        user.pk,
        "Lengkapi bukti.",
    )


@pytest.mark.django_db(transaction=True)
def test_spot_check_result_columns_keep_their_data_under_the_decision_names(city):
    user = city.users["atasan"]

    def store(apps):
        old = apps.get_model("meetings", "SpotCheck").objects.create(
            day=dt.date(2026, 3, 2),
            atasan_id=city.kabid.pk,
            employee_id=city.staff1.pk,
            call_url="https://meet.jit.si/Supervisi-uji",
            proposed_at=timezone.now(),
            outcome="not_reached",
            reason="no_answer",
            note="Dihubungi dua kali.",
            recorded_at=AT,
            recorded_by_id=user.pk,
        )
        return old.pk

    pk = _roundtrip([("meetings", "0001_initial")], [("meetings", "0002_decision_fields")], store)
    sc = SpotCheck.objects.get(pk=pk)
    assert (sc.status, sc.decided_at, sc.decided_by_id, sc.decision_note) == (
        "not_reached",
        AT,
        user.pk,
        "Dihubungi dua kali.",
    )
