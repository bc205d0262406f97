"""Atasan confirmation of FLAGGED check-ins (issue 15 item 3): inbox, decision, and what the
decision does to working time and the audit risk evidence."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from hibrida.audit import evidence
from hibrida.audit.models import AuditEvent
from hibrida.presence import selectors
from hibrida.presence.models import CheckIn, CheckInReview, ReviewStatus
from tests.conftest import client_for

from .conftest import body, post

pytestmark = pytest.mark.django_db

FAR = -6.2555  # about 2 km south of the office: outside the fence → FLAGGED


def flagged(city, **overrides) -> CheckIn:
    resp = post(client_for(city.users["asn"]), body(latitude=FAR, **overrides))
    assert resp.status_code == 201 and resp.json()["status"] == "FLAGGED"
    return CheckIn.objects.get(client_uuid=resp.json()["uuid"])


def decide(user, check_in, verb: str, note: str = "Rapat di kantor kecamatan"):
    return client_for(user).post(
        f"/api/v1/presence/reviews/{check_in.pk}/{verb}",
        data=json.dumps({"note": note}),
        content_type="application/json",
    )


def test_inbox_lists_the_flagged_record_with_its_evidence(city, office):
    row = flagged(city)
    resp = client_for(city.users["atasan"]).get("/api/v1/presence/reviews")
    assert resp.status_code == 200
    (item,) = resp.json()
    assert item["check_in_id"] == row.pk and item["employee_name"] == city.staff1.name
    assert item["distance_m"] > 2000 and item["accuracy_m"] == 8.5
    assert item["device_id"] == "hp-uji-1"
    assert [r["code"] for r in item["reasons"]] == ["outside_fence"]
    assert item["passkey"] == "Tidak ada masalah passkey"


def test_colleague_sees_no_inbox_and_cannot_decide(city, office):
    row = flagged(city)
    other = client_for(city.users["asn"])
    assert other.get("/api/v1/presence/reviews").json() == []
    assert decide(city.users["asn"], row, "accept").status_code == 404
    assert not CheckInReview.objects.exists()


def test_accepting_counts_the_record_as_valid_in_working_time(city, office):
    row = flagged(city)
    day = timezone.localdate()
    before = selectors.attendance_summary([city.staff1.pk], day, day)[(city.staff1.pk, day)]
    assert before["flagged"] == 1
    resp = decide(city.users["atasan"], row, "accept")
    assert resp.status_code == 200 and resp.json()["status"] == ReviewStatus.ACCEPTED
    after = selectors.attendance_summary([city.staff1.pk], day, day)[(city.staff1.pk, day)]
    assert after["flagged"] == 0 and after["rejected"] == 0 and not after["missing_in"]
    # The audit risk score counts flags from the same summary: accepted is no flag.
    assert evidence.flag_count(before) == 1 and evidence.flag_count(after) == 0
    event = AuditEvent.objects.get(action="presence.check_in_accepted")
    assert event.after["decision_note"] == "Rapat di kantor kecamatan"
    # The check-in itself stays as received.
    assert CheckIn.objects.get(pk=row.pk).status == "FLAGGED"
    assert client_for(city.users["atasan"]).get("/api/v1/presence/reviews").json() == []


def test_rejecting_counts_the_record_as_absent(city, office):
    row = flagged(city)
    assert decide(city.users["atasan"], row, "reject").status_code == 200
    day = timezone.localdate()
    after = selectors.attendance_summary([city.staff1.pk], day, day)[(city.staff1.pk, day)]
    assert after["missing_in"] and after["rejected"] == 1 and after["flagged"] == 0
    assert evidence.flag_count(after) == 1


def test_a_reason_is_required_and_a_second_decision_conflicts(city, office):
    row = flagged(city)
    resp = decide(city.users["atasan"], row, "reject", note="  ")
    assert resp.status_code == 422 and not CheckInReview.objects.exclude(status="pending").exists()
    assert decide(city.users["atasan"], row, "accept").status_code == 200
    again = decide(city.users["atasan"], row, "reject")
    assert again.status_code == 409
    assert CheckInReview.objects.get().status == ReviewStatus.ACCEPTED


def test_approvals_page_shows_the_record_and_decides_it(city, office):
    row = flagged(city)
    page = client_for(city.users["atasan"])
    html = page.get("/presensi/persetujuan/").content.decode()
    assert f'data-check-in="{row.pk}"' in html and 'id="review-data"' in html
    resp = page.post(f"/presensi/persetujuan/presensi/{row.pk}/tolak/", {"note": "Tidak di lokasi"})
    assert resp.status_code == 302
    assert CheckInReview.objects.get().status == ReviewStatus.REJECTED
