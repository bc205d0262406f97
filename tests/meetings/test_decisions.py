"""Attendance confirmations and spot-check outcomes are decided once, under a row lock."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from hibrida.audit.decisions import NOTE_MAX_CHARS, AlreadyDecided
from hibrida.audit.models import AuditEvent
from hibrida.meetings import services
from hibrida.meetings.models import AttendanceStatus, SpotCheckOutcome
from tests.conftest import client_for

from .test_meetings import make_meeting
from .test_spot_check_views import spot

pytestmark = pytest.mark.django_db


def _attendance(city):
    occ = make_meeting(city).occurrences.first()
    return services.check_in(actor=city.users["asn"], occurrence=occ, now=occ.starts_at)


def test_second_confirmation_on_a_stale_copy_is_refused(city):
    att = _attendance(city)
    services.confirm_attendance(actor=city.users["opd_admin"], attendance=att, accept=True)
    with pytest.raises(AlreadyDecided) as err:
        services.confirm_attendance(actor=city.users["opd_admin"], attendance=att, accept=False)
    assert err.value.message_dict == {"status": ["Kehadiran ini sudah dikonfirmasi atau ditolak."]}
    att.refresh_from_db()
    assert att.status == AttendanceStatus.CONFIRMED
    actions = ["meeting.attendance_confirmed", "meeting.attendance_rejected"]
    assert AuditEvent.objects.filter(action__in=actions).count() == 1


def test_confirm_page_shows_the_refusal_and_the_api_answers_409(city, api_headers):
    att = _attendance(city)
    page = client_for(city.users["opd_admin"])
    assert page.post(f"/rapat/kehadiran/{att.pk}/konfirmasi/").status_code == 302
    second = page.post(f"/rapat/kehadiran/{att.pk}/tolak/", follow=True)
    assert second.status_code == 200
    assert "Kehadiran ini sudah dikonfirmasi atau ditolak." in second.content.decode()
    api = Client().post(
        f"/api/v1/meetings/attendances/{att.pk}/confirm",
        {"accept": False},
        content_type="application/json",
        **api_headers(city.users["opd_admin"]),
    )
    assert api.status_code == 409


def test_spot_check_outcome_is_recorded_once(city):
    sc = spot(city, timezone.localdate())
    services.record_spot_check(actor=city.users["atasan"], spot_check=sc, outcome="reached")
    with pytest.raises(AlreadyDecided) as err:
        services.record_spot_check(
            actor=city.users["atasan"], spot_check=sc, outcome="not_reached", reason="no_answer"
        )
    assert err.value.message_dict == {"status": ["Hasil panggilan ini sudah dicatat."]}
    sc.refresh_from_db()
    assert sc.status == SpotCheckOutcome.REACHED and sc.reason == ""
    assert AuditEvent.objects.filter(action="spot_check.recorded").count() == 1


def test_spot_check_other_reason_needs_a_note_within_the_limit(city):
    sc = spot(city, timezone.localdate())
    for note in ("  ", "x" * (NOTE_MAX_CHARS + 1)):
        with pytest.raises(ValidationError) as err:
            services.record_spot_check(
                actor=city.users["atasan"],
                spot_check=sc,
                outcome="not_reached",
                reason="other",
                note=note,
            )
        assert list(err.value.message_dict) == ["note"]
    sc.refresh_from_db()
    assert sc.status == SpotCheckOutcome.PENDING
    assert not AuditEvent.objects.filter(action="spot_check.recorded").exists()


def test_confirmation_records_who_decided_and_when_in_the_shared_fields(city):
    att = _attendance(city)
    services.confirm_attendance(actor=city.users["opd_admin"], attendance=att, accept=False)
    att.refresh_from_db()
    assert att.status == AttendanceStatus.REJECTED
    assert att.decided_by == city.users["opd_admin"] and att.decided_at is not None
    event = AuditEvent.objects.get(action="meeting.attendance_rejected")
    assert event.after["decided_by_id"] == city.users["opd_admin"].pk


def test_refuse_url_refuses_the_check_in(city):
    att = _attendance(city)
    page = client_for(city.users["opd_admin"])
    assert page.post(f"/rapat/kehadiran/{att.pk}/tolak/").status_code == 302
    att.refresh_from_db()
    assert att.status == AttendanceStatus.REJECTED


def test_refuse_url_refuses_get(city):
    att = _attendance(city)
    page = client_for(city.users["opd_admin"])
    assert page.get(f"/rapat/kehadiran/{att.pk}/tolak/").status_code == 405
