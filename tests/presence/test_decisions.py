"""Approvals of homes, phone resets and corrections: one decision each, one rule for notes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hibrida.audit.decisions import NOTE_MAX_CHARS, AlreadyDecided
from hibrida.audit.models import AuditEvent
from hibrida.presence import services
from hibrida.presence.models import (
    ApprovalStatus,
    CorrectionRequest,
    DeviceReset,
    HomeLocation,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _home(city) -> HomeLocation:
    return services.request_home_location(
        actor=city.users["asn"], latitude=-6.25, longitude=107.0, radius_m=100
    )


def _reset(city) -> DeviceReset:
    return services.request_device_reset(actor=city.users["asn"], reason="HP hilang")


def _correction(city) -> CorrectionRequest:
    return services.request_correction(
        actor=city.users["asn"],
        work_date=timezone.localdate() - dt.timedelta(days=1),
        kind="forgot_out",
        reason="Lupa presensi pulang karena rapat",
        time_out=dt.time(16, 30),
    )


def _decide(kind: str, city, item, **kwargs):
    actor = city.users["atasan"]
    if kind == "home":
        return services.decide_home_location(actor=actor, home=item, **kwargs)
    if kind == "reset":
        return services.decide_device_reset(actor=actor, item=item, **kwargs)
    return services.decide_correction(actor=actor, item=item, **kwargs)


MAKERS = {"home": _home, "reset": _reset, "correction": _correction}
FLOWS = pytest.mark.parametrize("kind", list(MAKERS))


def _decisions(item) -> int:
    return AuditEvent.objects.filter(
        object_type=item._meta.label_lower,
        object_id=str(item.pk),
        action__regex=r"_(approved|rejected)$",
    ).count()


@FLOWS
def test_second_decision_on_a_stale_copy_is_refused_with_a_message(kind, city):
    item = MAKERS[kind](city)
    _decide(kind, city, item, approve=True)
    # ``item`` still says pending: only the locked fresh read can tell it was decided.
    assert item.status == ApprovalStatus.PENDING
    with pytest.raises(AlreadyDecided) as err:
        _decide(kind, city, item, approve=False, note="Tidak sesuai")
    assert err.value.message_dict == {"status": ["Permintaan ini sudah diputuskan."]}
    item.refresh_from_db()
    assert item.status == ApprovalStatus.APPROVED
    assert item.decision_note == ""
    assert _decisions(item) == 1


@FLOWS
def test_rejection_without_a_reason_is_refused_and_changes_nothing(kind, city):
    item = MAKERS[kind](city)
    with pytest.raises(ValidationError) as err:
        _decide(kind, city, item, approve=False, note="   ")
    assert list(err.value.message_dict) == ["note"]
    item.refresh_from_db()
    assert item.status == ApprovalStatus.PENDING
    assert _decisions(item) == 0


@FLOWS
def test_too_long_note_is_a_field_error_not_a_cut(kind, city):
    item = MAKERS[kind](city)
    with pytest.raises(ValidationError) as err:
        _decide(kind, city, item, approve=False, note="x" * (NOTE_MAX_CHARS + 1))
    assert "1000" in err.value.message_dict["note"][0]
    item.refresh_from_db()
    assert item.status == ApprovalStatus.PENDING
    assert item.decision_note == ""
    assert _decisions(item) == 0


@FLOWS
def test_note_at_the_limit_is_stored_whole_and_stripped(kind, city):
    item = MAKERS[kind](city)
    note = "a" * NOTE_MAX_CHARS
    decided = _decide(kind, city, item, approve=False, note=f"  {note}\n")
    decided.refresh_from_db()
    assert decided.status == ApprovalStatus.REJECTED
    assert decided.decision_note == note
    event = AuditEvent.objects.get(action__endswith="_rejected", object_id=str(item.pk))
    assert event.before["status"] == "pending"
    assert event.after["status"] == "rejected"
    assert event.after["decision_note"] == note


def test_approving_a_home_retires_only_the_previous_approved_one(city):
    first = _home(city)
    services.decide_home_location(actor=city.users["atasan"], home=first, approve=True)
    second = _home(city)
    services.decide_home_location(actor=city.users["atasan"], home=second, approve=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ApprovalStatus.SUPERSEDED, ApprovalStatus.APPROVED)
    event = AuditEvent.objects.get(action="presence.home_approved", object_id=str(second.pk))
    assert event.after["superseded"] == 1


def test_too_long_home_address_is_a_field_error_not_a_cut(city):
    with pytest.raises(ValidationError) as err:
        services.request_home_location(
            actor=city.users["asn"], latitude=-6.25, longitude=107.0, address="j" * 301
        )
    assert list(err.value.message_dict) == ["address"]
    assert not HomeLocation.objects.exists()


def test_too_long_reset_reason_is_a_field_error_not_a_cut(city):
    with pytest.raises(ValidationError) as err:
        services.request_device_reset(actor=city.users["asn"], reason="r" * 301)
    assert list(err.value.message_dict) == ["reason"]
    assert not DeviceReset.objects.exists()


@pytest.mark.parametrize(
    ("kind", "route"),
    [("home", "home"), ("reset", "device"), ("correction", "correction")],
)
def test_approvals_page_shows_the_refusal_of_a_second_decision(kind, route, city):
    item = MAKERS[kind](city)
    client = client_for(city.users["atasan"])
    first = client.post(reverse(f"presence:approve_{route}", args=[item.pk]), {"note": ""})
    assert first.status_code == 302
    second = client.post(
        reverse(f"presence:reject_{route}", args=[item.pk]), {"note": "Salah"}, follow=True
    )
    assert second.status_code == 200
    assert "Permintaan ini sudah diputuskan." in second.content.decode()
    item.refresh_from_db()
    assert item.status == ApprovalStatus.APPROVED


@pytest.mark.parametrize(
    ("kind", "route"),
    [("home", "home"), ("reset", "device"), ("correction", "correction")],
)
def test_reject_url_rejects_with_the_note(kind, route, city):
    item = MAKERS[kind](city)
    client = client_for(city.users["atasan"])
    url = reverse(f"presence:reject_{route}", args=[item.pk])
    assert client.post(url, {"note": "Data tidak sesuai"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ApprovalStatus.REJECTED


@pytest.mark.parametrize("route", ["approve_home", "reject_home"])
def test_decision_urls_refuse_get(route, city):
    item = _home(city)
    response = client_for(city.users["atasan"]).get(reverse(f"presence:{route}", args=[item.pk]))
    assert response.status_code == 405
