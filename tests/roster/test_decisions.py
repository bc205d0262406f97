"""Change-request decisions: one decision per request, one note rule, 409 on the API."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hibrida.audit.decisions import NOTE_MAX_CHARS, AlreadyDecided
from hibrida.audit.models import AuditEvent
from hibrida.roster.models import Absence, ChangeRequest, DayOverride, RequestStatus
from hibrida.roster.services import (
    answer_swap,
    approve_request,
    record_absence,
    reject_request,
    request_change,
)
from tests.conftest import client_for
from tests.factories import make_user

from .test_requests import published  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _move(c) -> ChangeRequest:
    return request_change(actor=c.users["asn"], kind="move", day=c.d1, other_day=c.d3)


def _decisions(req) -> int:
    return AuditEvent.objects.filter(
        object_id=str(req.pk),
        action__in=[
            "change_request.approved",
            "change_request.rejected",
            "change_request.partner_declined",
        ],
    ).count()


def test_reject_after_approve_on_a_stale_copy_is_refused(published):  # noqa: F811
    c = published
    req = _move(c)
    approve_request(actor=c.users["atasan"], request=req)
    assert req.status == RequestStatus.PENDING  # the caller's copy is stale
    with pytest.raises(AlreadyDecided) as err:
        reject_request(actor=c.users["atasan"], request=req, note="Tidak jadi")
    assert err.value.message_dict == {"status": ["Permintaan ini sudah diputuskan."]}
    req.refresh_from_db()
    assert req.status == RequestStatus.APPROVED and req.decision_note == ""
    assert DayOverride.objects.filter(request=req).count() == 2
    assert _decisions(req) == 1


def test_approve_after_reject_on_a_stale_copy_writes_no_overlay(published):  # noqa: F811
    c = published
    req = _move(c)
    reject_request(actor=c.users["atasan"], request=req, note="Rapat tatap muka.")
    with pytest.raises(AlreadyDecided):
        approve_request(actor=c.users["atasan"], request=req)
    req.refresh_from_db()
    assert req.status == RequestStatus.REJECTED
    assert not DayOverride.objects.exists()
    assert _decisions(req) == 1


def test_rejection_needs_a_reason_and_a_too_long_one_is_a_field_error(published):  # noqa: F811
    c = published
    req = _move(c)
    for note in ("  ", "x" * (NOTE_MAX_CHARS + 1)):
        with pytest.raises(ValidationError) as err:
            reject_request(actor=c.users["atasan"], request=req, note=note)
        assert list(err.value.message_dict) == ["note"]
    req.refresh_from_db()
    assert req.status == RequestStatus.PENDING and _decisions(req) == 0


def test_too_long_approval_note_changes_nothing(published):  # noqa: F811
    c = published
    req = _move(c)
    with pytest.raises(ValidationError) as err:
        approve_request(actor=c.users["atasan"], request=req, note="x" * (NOTE_MAX_CHARS + 1))
    assert list(err.value.message_dict) == ["note"]
    req.refresh_from_db()
    assert req.status == RequestStatus.PENDING
    assert not DayOverride.objects.exists()


def test_decline_note_is_bounded_by_the_same_limit_and_kept_whole(published):  # noqa: F811
    c = published
    partner = make_user(c.staff2)
    req = request_change(
        actor=c.users["asn"], kind="swap", day=c.d1, other_day=c.d2, counterpart=c.staff2
    )
    with pytest.raises(ValidationError) as err:
        answer_swap(actor=partner, request=req, agree=False, note="n" * (NOTE_MAX_CHARS + 1))
    assert list(err.value.message_dict) == ["note"]
    note = "n" * NOTE_MAX_CHARS
    req = answer_swap(actor=partner, request=req, agree=False, note=note)
    req.refresh_from_db()
    assert req.decision_note == f"Ditolak oleh rekan: {note}"
    assert _decisions(req) == 1


def test_second_answer_to_a_swap_is_refused(published):  # noqa: F811
    c = published
    partner = make_user(c.staff2)
    req = request_change(
        actor=c.users["asn"], kind="swap", day=c.d1, other_day=c.d2, counterpart=c.staff2
    )
    answer_swap(actor=partner, request=req, agree=True)
    with pytest.raises(AlreadyDecided):
        answer_swap(actor=partner, request=req, agree=False)
    req.refresh_from_db()
    assert req.status == RequestStatus.PENDING and req.counterpart_agreed_at is not None


def test_too_long_request_reason_and_absence_note_are_field_errors(published):  # noqa: F811
    c = published
    with pytest.raises(ValidationError) as err:
        request_change(
            actor=c.users["asn"], kind="move", day=c.d1, other_day=c.d3, reason="r" * 301
        )
    assert list(err.value.message_dict) == ["reason"]
    assert not ChangeRequest.objects.exists()
    with pytest.raises(ValidationError) as err:
        record_absence(
            actor=c.users["atasan"],
            employee=c.staff1,
            kind="cuti",
            start=c.d1,
            end=c.d1,
            note="n" * 301,
        )
    assert list(err.value.message_dict) == ["note"]
    assert not Absence.objects.exists()


def test_inbox_shows_the_refusal_of_a_second_decision(published):  # noqa: F811
    c = published
    req = _move(c)
    client = client_for(c.users["atasan"])
    assert client.post(f"/rotasi/permintaan/{req.pk}/setujui/").status_code == 302
    second = client.post(f"/rotasi/permintaan/{req.pk}/tolak/", {"note": "Salah"}, follow=True)
    assert second.status_code == 200
    assert "Permintaan ini sudah diputuskan." in second.content.decode()


def test_api_answers_409_to_a_second_decision(published, api_headers):  # noqa: F811
    c = published
    req = _move(c)
    headers = api_headers(c.users["atasan"])
    url = f"/api/v1/roster/requests/{req.pk}"
    first = Client().post(f"{url}/approve", {}, content_type="application/json", **headers)
    assert first.status_code == 200
    second = Client().post(
        f"{url}/reject", {"note": "Salah"}, content_type="application/json", **headers
    )
    assert second.status_code == 409
    assert second.json()["errors"] == [
        {"field": "status", "message": "Permintaan ini sudah diputuskan."}
    ]
    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    responses = schema["paths"]["/api/v1/roster/requests/{request_id}/reject"]["post"]
    assert "409" in responses["responses"]


def test_reject_url_rejects_with_the_note(published):  # noqa: F811
    c = published
    req = _move(c)
    client = client_for(c.users["atasan"])
    response = client.post(f"/rotasi/permintaan/{req.pk}/tolak/", {"note": "Kantor penuh"})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.REJECTED


def test_decline_url_closes_the_swap_for_the_colleague(published):  # noqa: F811
    c = published
    req = request_change(
        actor=c.users["asn"], kind="swap", day=c.d1, other_day=c.d2, counterpart=c.staff2
    )
    colleague = client_for(make_user(c.staff2))
    assert colleague.post(f"/rotasi/permintaan/{req.pk}/menolak/").status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.REJECTED
    assert req.counterpart_agreed_at is None


@pytest.mark.parametrize("verb", ["setujui", "tolak", "setuju", "menolak"])
def test_request_decision_urls_refuse_get(published, verb):  # noqa: F811
    req = _move(published)
    client = client_for(published.users["atasan"])
    assert client.get(f"/rotasi/permintaan/{req.pk}/{verb}/").status_code == 405
