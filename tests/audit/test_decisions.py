"""The decision service itself, and finding follow-ups that go through its lock."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hibrida.audit import decisions, services
from hibrida.audit.models import AuditEvent, FindingStatus, FollowUp
from hibrida.presence.models import ApprovalStatus, HomeLocation

from .test_audits import make_plan

pytestmark = pytest.mark.django_db


def test_note_at_the_limit_passes_one_more_character_is_a_field_error():
    assert decisions.clean_note(" " + "a" * decisions.NOTE_MAX_CHARS + " ") == "a" * 1000
    with pytest.raises(ValidationError) as err:
        decisions.clean_note("a" * (decisions.NOTE_MAX_CHARS + 1), field="comment")
    assert err.value.message_dict == {"comment": ["Paling panjang 1000 karakter (sekarang 1001)."]}


def test_required_note_refuses_blank_with_the_flow_message():
    with pytest.raises(ValidationError) as err:
        decisions.clean_note(" \n ", required_message="Alasan wajib diisi.")
    assert err.value.message_dict == {"note": ["Alasan wajib diisi."]}


def test_already_decided_is_a_status_field_error():
    err = decisions.AlreadyDecided("Sudah.")
    assert err.message_dict == {"status": ["Sudah."]} and err.detail == "Sudah."


def test_decide_writes_the_decision_and_one_event_with_before_and_after(city):
    home = HomeLocation.objects.create(employee=city.staff1, latitude=-6.2, longitude=107.0)
    atasan = city.users["atasan"]
    decided = decisions.decide(
        actor=atasan,
        model=HomeLocation,
        pk=home.pk,
        pending=[ApprovalStatus.PENDING],
        to_status=ApprovalStatus.REJECTED,
        action="presence.home_rejected",
        note="  di luar Kota Bekasi ",
        note_required="Alasan wajib.",
    )
    assert (decided.status, decided.decided_by, decided.decision_note) == (
        ApprovalStatus.REJECTED,
        atasan,
        "di luar Kota Bekasi",
    )
    assert decided.decided_at is not None
    event = AuditEvent.objects.get(action="presence.home_rejected")
    assert event.before["status"] == "pending" and event.before["decided_by_id"] is None
    assert event.after["status"] == "rejected" and event.after["decided_by_id"] == atasan.pk


def test_a_refused_check_under_the_lock_rolls_back_everything(city):
    home = HomeLocation.objects.create(employee=city.staff1, latitude=-6.2, longitude=107.0)

    def refuse(row):
        raise ValidationError({"status": "Aturan berubah."})

    with pytest.raises(ValidationError):
        decisions.decide(
            actor=city.users["atasan"],
            model=HomeLocation,
            pk=home.pk,
            pending=[ApprovalStatus.PENDING],
            to_status=ApprovalStatus.APPROVED,
            action="presence.home_approved",
            check=refuse,
        )
    home.refresh_from_db()
    assert home.status == ApprovalStatus.PENDING and not AuditEvent.objects.exists()


def _finding(city):
    plan = services.draw_sample(actor=city.users["inspektorat"], plan=make_plan(city), seed=1)
    return services.record_finding(
        actor=city.users["inspektorat"],
        plan=plan,
        item=plan.items.first(),
        title="Laporan kosong",
        condition="Tidak ada laporan pada hari WFH.",
        severity="medium",
        recommendation="Atasan menegur dan memantau.",
    )


def test_admin_step_on_a_finding_closed_meanwhile_is_refused(city):
    finding = _finding(city)
    admin = city.users["opd_admin"]
    services.add_follow_up(actor=admin, finding=finding, note="Selesai.", close=True)
    assert finding.status == FindingStatus.OPEN  # the caller's copy is stale
    with pytest.raises(decisions.AlreadyDecided):
        services.add_follow_up(actor=admin, finding=finding, note="Tambahan.")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED
    assert FollowUp.objects.filter(finding=finding).count() == 1


def test_too_long_follow_up_note_is_a_field_error_and_the_api_says_422(city, api_headers):
    finding = _finding(city)
    with pytest.raises(ValidationError) as err:
        services.add_follow_up(actor=city.users["opd_admin"], finding=finding, note="x" * 1001)
    assert list(err.value.message_dict) == ["note"]
    response = Client().post(
        f"/api/v1/audit/findings/{finding.pk}/follow-ups",
        {"note": "x" * 1001},
        content_type="application/json",
        **api_headers(city.users["opd_admin"]),
    )
    assert response.status_code == 422
    assert not FollowUp.objects.exists()
