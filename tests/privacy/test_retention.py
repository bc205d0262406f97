"""Each retention job deletes exactly the rows past their period, and audits the run."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from hibrida.activity.models import Notification
from hibrida.audit.models import AuditEvent
from hibrida.meetings.models import SpotCheck
from hibrida.org.models import ApiToken
from hibrida.org.services import issue_api_token
from hibrida.presence.models import FieldReport, LocationView
from hibrida.privacy import retention, tasks

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)
DAYS = 10
# The cutoff is NOW - 10 days = 5 June 12:00 UTC: one hour earlier is past it, one later is not.
PAST = dt.datetime(2026, 6, 5, 11, 0, tzinfo=dt.UTC)
WITHIN = dt.datetime(2026, 6, 5, 13, 0, tzinfo=dt.UTC)
SETTINGS = (
    "HIBRIDA_NOTIFICATION_RETENTION_DAYS",
    "HIBRIDA_LOGIN_LOG_RETENTION_DAYS",
    "HIBRIDA_LOCATION_VIEW_RETENTION_DAYS",
    "HIBRIDA_API_TOKEN_RETENTION_DAYS",
    "HIBRIDA_FIELD_PHOTO_RETENTION_DAYS",
    "HIBRIDA_SPOT_CHECK_RETENTION_DAYS",
)


@pytest.fixture
def frozen(settings, time_machine, tmp_path):
    for name in SETTINGS:
        setattr(settings, name, DAYS)
    settings.MEDIA_ROOT = tmp_path
    time_machine.move_to(NOW, tick=False)


def run_event(job: str) -> dict:
    event = AuditEvent.objects.get(action="privacy.retention", object_id=job)
    assert event.actor_id is None
    assert event.after["days"] == DAYS
    assert event.after["cutoff"] == "2026-06-05T12:00:00+00:00"
    return event.after


def test_notifications(city, frozen):
    user = city.users["asn"]
    for at in (PAST, PAST, WITHIN):
        note = Notification.objects.create(user=user, kind="uji", message=at.isoformat())
        Notification.objects.filter(pk=note.pk).update(created_at=at)
    # Through the Celery task (eager in tests), as beat calls it.
    assert tasks.apply_retention.delay("notifikasi").get() == {"activity.Notification": 2}
    assert list(Notification.objects.values_list("message", flat=True)) == [WITHIN.isoformat()]
    assert run_event("notifikasi")["activity.Notification"] == 2


def test_login_attempts(city, frozen):
    for model, times in (
        (AccessAttempt, (PAST,)),
        (AccessLog, (PAST, WITHIN)),
        (AccessFailureLog, (PAST, PAST, WITHIN)),
    ):
        for i, at in enumerate(times):
            extra = {"failures_since_start": 1} if model is AccessAttempt else {}
            row = model.objects.create(
                username=f"u{i}", ip_address="10.0.0.1", user_agent="uji", **extra
            )
            model.objects.filter(pk=row.pk).update(attempt_time=at)
    counts = retention.apply_retention("log_masuk")
    assert counts == {"axes.AccessAttempt": 1, "axes.AccessLog": 1, "axes.AccessFailureLog": 2}
    assert (AccessAttempt.objects.count(), AccessLog.objects.count()) == (0, 1)
    assert AccessFailureLog.objects.count() == 1
    assert run_event("log_masuk")["axes.AccessFailureLog"] == 2


def test_location_views(city, frozen):
    viewer = city.users["atasan"]
    for at in (PAST, WITHIN):
        view = LocationView.objects.create(viewer=viewer, employee=city.staff1, context="uji")
        LocationView.objects.filter(pk=view.pk).update(at=at)
    assert retention.apply_retention("lihat_lokasi") == {"presence.LocationView": 1}
    assert list(LocationView.objects.values_list("at", flat=True)) == [WITHIN]
    assert run_event("lihat_lokasi")["presence.LocationView"] == 1


def test_tokens_only_dead_ones_past_the_period(city, frozen):
    user = city.users["asn"]
    tokens = {}
    for name in (
        "revoked_long_ago",
        "revoked_lately",
        "expired_long_ago",
        "expired_lately",
        "live",
    ):
        tokens[name], _ = issue_api_token(actor=user, user=user, name=name)
    ApiToken.objects.filter(name="revoked_long_ago").update(revoked=True, revoked_at=PAST)
    ApiToken.objects.filter(name="revoked_lately").update(revoked=True, revoked_at=WITHIN)
    ApiToken.objects.filter(name="expired_long_ago").update(expires_at=PAST)
    ApiToken.objects.filter(name="expired_lately").update(expires_at=WITHIN)
    assert retention.apply_retention("token_api") == {"org.ApiToken": 2}
    assert sorted(ApiToken.objects.values_list("name", flat=True)) == [
        "expired_lately",
        "live",
        "revoked_lately",
    ]
    assert run_event("token_api")["org.ApiToken"] == 2


def test_field_photos_removed_rows_kept(city, frozen, django_capture_on_commit_callbacks):
    reports = {}
    for key, at in (("old", PAST), ("new", WITHIN)):
        report = FieldReport.objects.create(
            employee=city.staff1, at=at, latitude=-6.2, longitude=106.9, note=key
        )
        report.photo.save(f"{key}.jpg", ContentFile(b"\xff\xd8foto"), save=True)
        reports[key] = report.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        counts = retention.apply_retention("foto_lapangan")
    assert counts == {"presence.FieldReport.photo": 1}
    assert dict(FieldReport.objects.values_list("note", "photo")) == {
        "old": "",
        "new": reports["new"],
    }
    assert not default_storage.exists(reports["old"])
    assert default_storage.exists(reports["new"])
    assert run_event("foto_lapangan")["presence.FieldReport.photo"] == 1


def test_spot_checks_by_day(city, frozen):
    # The cutoff 5 June 12:00 UTC is 5 June 19:00 in Jakarta: calls of 4 June go, 5 June stays.
    for day, employee in ((dt.date(2026, 6, 4), city.staff1), (dt.date(2026, 6, 5), city.staff2)):
        SpotCheck.objects.create(
            day=day,
            atasan=city.kabid,
            employee=employee,
            call_url="https://meet.example/uji",
            proposed_at=NOW,
        )
    assert retention.apply_retention("spot_check") == {"meetings.SpotCheck": 1}
    assert list(SpotCheck.objects.values_list("day", flat=True)) == [dt.date(2026, 6, 5)]
    assert run_event("spot_check")["meetings.SpotCheck"] == 1


def test_a_second_run_finds_nothing_more(city, frozen):
    """Idempotent: beat or a redelivered task may run a job twice."""
    view = LocationView.objects.create(
        viewer=city.users["atasan"], employee=city.staff1, context="x"
    )
    LocationView.objects.filter(pk=view.pk).update(at=PAST)
    assert retention.apply_retention("lihat_lokasi") == {"presence.LocationView": 1}
    assert retention.apply_retention("lihat_lokasi") == {"presence.LocationView": 0}
    assert AuditEvent.objects.filter(action="privacy.retention").count() == 2
