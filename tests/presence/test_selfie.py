"""Selfie check (issue 15 item 2): the per-OPD setting behind a DPIA reference, face enrolment
and approval, frames bound to a check-in, the background match that flags (never rejects),
the sweep for missing frames and the retention of frames."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hibrida.audit.models import AuditEvent
from hibrida.presence import face, selfies, tasks, verify
from hibrida.presence.models import (
    CheckIn,
    FaceReference,
    PasskeyStatus,
    SelfieCheck,
    SelfiePolicy,
    SelfieState,
    Verdict,
)
from hibrida.privacy import retention
from tests.conftest import client_for
from tests.presence import selfie_kit as kit

from .conftest import body, post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def selfie_on(city):
    return selfies.set_policy(
        actor=city.users["bkpsdm"], opd=city.opd_a, enabled=True, dpia_reference="DPIA-07/2026"
    )


def jpeg(data: bytes, name: str = "f.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def enrolled(city, data: bytes | None = None) -> FaceReference:
    """staff1's reference, sent by the OPD admin (approved at once)."""
    return selfies.enrol_face(
        actor=city.users["opd_admin"],
        employee_id=city.staff1.pk,
        photo=jpeg(data or kit.face_bytes()),
    )


def checked_in(city, office) -> CheckIn:
    resp = post(client_for(city.users["asn"]), body())
    assert resp.status_code == 201 and resp.json()["status"] == "VALID"
    return CheckIn.objects.get(client_uuid=resp.json()["uuid"])


def upload(city, check_in, first: bytes, second: bytes, turn: str = "left", user=None):
    return client_for(user or city.users["asn"]).post(
        f"/api/v1/presence/check-ins/{check_in.client_uuid}/selfie",
        data={"turn": turn, "first": jpeg(first, "1.jpg"), "second": jpeg(second, "2.jpg")},
    )


# --- the OPD setting ------------------------------------------------------------------------


def test_the_layer_is_off_without_a_setting(city):
    assert not selfies.enabled_for(city.staff1.pk)


def test_turning_it_on_without_a_dpia_reference_is_a_field_error_and_changes_nothing(city):
    resp = client_for(city.users["bkpsdm"]).post(
        "/api/v1/presence/selfie-policies",
        data=json.dumps({"opd_id": city.opd_a.pk, "enabled": True, "dpia_reference": "  "}),
        content_type="application/json",
    )
    assert resp.status_code == 422
    (error,) = resp.json()["errors"]
    assert error["field"] == "dpia_reference" and "DPIA" in error["message"]
    assert not SelfiePolicy.objects.exists()
    assert not selfies.enabled_for(city.staff1.pk)


def test_the_page_shows_the_same_field_error(city):
    client = client_for(city.users["bkpsdm"])
    resp = client.post(
        f"/presensi/swafoto-opd/{city.opd_a.pk}/",
        {"enabled": "1", "dpia_reference": ""},
        follow=True,
    )
    assert "Rujukan DPIA wajib diisi" in resp.content.decode()
    assert not SelfiePolicy.objects.exists()


def test_with_a_dpia_reference_it_is_on_and_audited(city):
    resp = client_for(city.users["bkpsdm"]).post(
        "/api/v1/presence/selfie-policies",
        data=json.dumps({"opd_id": city.opd_a.pk, "enabled": True, "dpia_reference": "DPIA-07"}),
        content_type="application/json",
    )
    assert resp.status_code == 200 and resp.json()["enabled"] is True
    assert selfies.enabled_for(city.staff1.pk) and not selfies.enabled_for(city.other.pk)
    event = AuditEvent.objects.get(action="presence.selfie_policy_set")
    assert event.after == {"enabled": True, "dpia_reference": "DPIA-07"}


@pytest.mark.parametrize("role", ["opd_admin", "atasan", "asn", "inspektorat"])
def test_only_bkpsdm_sets_it(city, role):
    resp = client_for(city.users[role]).post(
        "/api/v1/presence/selfie-policies",
        data=json.dumps({"opd_id": city.opd_a.pk, "enabled": True, "dpia_reference": "DPIA-07"}),
        content_type="application/json",
    )
    assert resp.status_code in (403, 404)
    assert not SelfiePolicy.objects.exists()


# --- enrolment ------------------------------------------------------------------------------


def test_own_enrolment_waits_for_the_atasan_then_counts(city, selfie_on):
    resp = client_for(city.users["asn"]).post(
        "/api/v1/presence/face-references", data={"photo": jpeg(kit.face_bytes())}
    )
    assert resp.status_code == 201 and resp.json()["status"] == "pending"
    assert selfies.reference_embedding(city.staff1.pk) is None
    pending = client_for(city.users["atasan"]).get("/api/v1/presence/face-references/pending")
    assert [f["id"] for f in pending.json()] == [resp.json()["id"]]
    decided = client_for(city.users["atasan"]).post(
        f"/api/v1/presence/face-references/{resp.json()['id']}/approve",
        data=json.dumps({"note": ""}),
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    embedding = selfies.reference_embedding(city.staff1.pk)
    assert embedding is not None and len(embedding) == 128


def test_a_colleague_cannot_approve(city, selfie_on):
    item = selfies.enrol_face(
        actor=city.users["asn"], employee_id=city.staff1.pk, photo=jpeg(kit.face_bytes())
    )
    resp = client_for(city.users["asn"]).post(
        f"/api/v1/presence/face-references/{item.pk}/approve",
        data=json.dumps({"note": ""}),
        content_type="application/json",
    )
    assert resp.status_code == 404
    item.refresh_from_db()
    assert item.status == PasskeyStatus.PENDING


def test_a_photo_without_a_face_is_refused_with_a_field_message(city, selfie_on):
    resp = client_for(city.users["asn"]).post(
        "/api/v1/presence/face-references", data={"photo": jpeg(kit.no_face())}
    )
    assert resp.status_code == 422
    (error,) = resp.json()["errors"]
    assert error["field"] == "photo" and "Wajah tidak terdeteksi" in error["message"]
    assert not FaceReference.objects.exists()


def test_admin_enrolment_counts_at_once_and_revokes_the_previous_reference(city, selfie_on):
    first = enrolled(city)
    second = enrolled(city)
    first.refresh_from_db()
    assert first.status == PasskeyStatus.REVOKED and second.status == PasskeyStatus.APPROVED


def test_no_face_photo_is_collected_while_the_opd_has_the_layer_off(city):
    for user, data in [
        (city.users["asn"], {}),
        (city.users["opd_admin"], {"employee_id": city.staff1.pk}),
    ]:
        resp = client_for(user).post(
            "/api/v1/presence/face-references", data={**data, "photo": jpeg(kit.face_bytes())}
        )
        assert resp.status_code == 422
        (error,) = resp.json()["errors"]
        assert error["field"] == "photo" and "belum diaktifkan" in error["message"]
    assert not FaceReference.objects.exists()
    assert not AuditEvent.objects.filter(action="presence.face_enrolled").exists()


def test_admin_of_another_opd_cannot_enrol(city, selfie_on):
    resp = client_for(city.users["opd_admin"]).post(
        "/api/v1/presence/face-references",
        data={"employee_id": city.other.pk, "photo": jpeg(kit.face_bytes())},
    )
    assert resp.status_code == 404
    assert not FaceReference.objects.exists()


# --- frames with a check-in -----------------------------------------------------------------


def test_upload_is_accepted_and_queued_without_judging_it(city, office, selfie_on):
    check_in = checked_in(city, office)
    resp = upload(city, check_in, kit.face_bytes(), kit.turned("left"))
    assert resp.status_code == 202 and resp.json()["state"] == "pending"
    assert SelfieCheck.objects.get().state == SelfieState.PENDING
    check_in.refresh_from_db()
    assert check_in.status == Verdict.VALID


def test_a_matching_selfie_leaves_the_check_in_valid(
    city, office, selfie_on, django_capture_on_commit_callbacks
):
    enrolled(city)
    check_in = checked_in(city, office)
    with django_capture_on_commit_callbacks(execute=True):
        resp = upload(city, check_in, kit.phone_frame(), kit.phone_frame(kit.turned("left")))
    assert resp.status_code == 202
    row = SelfieCheck.objects.get()
    assert row.state == SelfieState.MATCHED and row.reasons == []
    assert row.distance < 0.3 and row.turn_delta >= 0.08 and len(row.embedding) == 128
    # The same model puts a different real person beyond the threshold (the test below).
    assert face.distance(row.embedding, face.analyse(kit.other_bytes()).descriptor) > 0.6
    check_in.refresh_from_db()
    assert check_in.status == Verdict.VALID and check_in.reasons == []
    assert AuditEvent.objects.filter(action="presence.selfie_checked").count() == 1


def test_another_person_at_the_camera_flags_the_check_in_for_the_atasan_with_the_score(
    city, office, selfie_on
):
    """staff1 enrolled her own face; someone else (a real second face) takes the selfie and
    turns as asked. The real model finds her beyond the threshold: flagged, never rejected."""
    reference = enrolled(city)
    expected = face.distance(reference.embedding, face.analyse(kit.other_bytes()).descriptor)
    assert expected > 0.6
    check_in = checked_in(city, office)
    upload(city, check_in, kit.other_bytes(), kit.turned("left", person=kit.OTHER))
    tasks.check_selfie(SelfieCheck.objects.get().pk)
    row = SelfieCheck.objects.get()
    assert row.state == SelfieState.FLAGGED and row.reasons == [verify.SELFIE_MISMATCH]
    assert row.distance == pytest.approx(expected, abs=1e-6)
    check_in.refresh_from_db()
    assert check_in.status == Verdict.FLAGGED
    assert check_in.reasons == [verify.SELFIE_MISMATCH]
    (item,) = client_for(city.users["atasan"]).get("/api/v1/presence/reviews").json()
    assert item["check_in_id"] == check_in.pk
    assert item["selfie"]["distance"] == pytest.approx(expected, abs=0.001)
    assert item["selfie"]["threshold"] == 0.6
    page = client_for(city.users["atasan"]).get("/presensi/persetujuan/").content.decode()
    cell = page[page.find('data-testid="selfie-score"') :]
    cell = cell[: cell.find("</td>")]
    shown = str(round(expected, 3)).replace(".", ",")
    assert "Wajah tidak cocok" in cell and "batas 0,6" in cell and shown in cell


def test_frames_without_a_face_flag_it_as_wajah_tidak_terdeteksi(city, office, selfie_on):
    enrolled(city)
    check_in = checked_in(city, office)
    upload(city, check_in, kit.no_face(), kit.no_face())
    tasks.check_selfie(SelfieCheck.objects.get().pk)
    check_in.refresh_from_db()
    assert check_in.status == Verdict.FLAGGED
    assert check_in.reasons == [verify.SELFIE_NO_FACE]
    page = client_for(city.users["atasan"]).get("/presensi/persetujuan/").content.decode()
    assert "Wajah tidak terdeteksi" in page


def test_a_photo_shown_twice_fails_liveness_and_is_flagged(city, office, selfie_on):
    enrolled(city)
    check_in = checked_in(city, office)
    upload(city, check_in, kit.face_bytes(), kit.face_bytes())
    tasks.check_selfie(SelfieCheck.objects.get().pk)
    check_in.refresh_from_db()
    assert check_in.status == Verdict.FLAGGED and check_in.reasons == [verify.SELFIE_NOT_LIVE]


def test_a_redelivered_task_does_not_judge_twice(city, office, selfie_on):
    enrolled(city)
    check_in = checked_in(city, office)
    upload(city, check_in, kit.no_face(), kit.no_face())
    pk = SelfieCheck.objects.get().pk
    tasks.check_selfie(pk)
    tasks.check_selfie(pk)
    assert AuditEvent.objects.filter(action="presence.selfie_checked").count() == 1
    check_in.refresh_from_db()
    assert check_in.reasons == [verify.SELFIE_NO_FACE]


def test_a_second_upload_returns_the_first(city, office, selfie_on):
    check_in = checked_in(city, office)
    assert upload(city, check_in, kit.face_bytes(), kit.turned("left")).status_code == 202
    again = upload(city, check_in, kit.no_face(), kit.no_face())
    assert again.status_code == 200
    assert SelfieCheck.objects.count() == 1


def test_someone_elses_check_in_is_unknown(city, office, selfie_on):
    check_in = checked_in(city, office)
    resp = upload(city, check_in, kit.face_bytes(), kit.turned("left"), user=city.users["atasan"])
    assert resp.status_code == 404
    assert not SelfieCheck.objects.exists()


def test_upload_is_refused_when_the_opd_has_the_layer_off(city, office):
    check_in = checked_in(city, office)
    resp = upload(city, check_in, kit.face_bytes(), kit.turned("left"))
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "selfie"
    assert not SelfieCheck.objects.exists()


@pytest.mark.parametrize(
    ("turn", "first", "field"),
    [("up", kit.face_bytes(), "turn"), ("left", b"not a jpeg", "first")],
)
def test_bad_frames_are_field_errors(city, office, selfie_on, turn, first, field):
    check_in = checked_in(city, office)
    resp = upload(city, check_in, first, kit.turned("left"), turn=turn)
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == field
    assert not SelfieCheck.objects.exists()


def test_a_frame_over_the_size_limit_is_a_field_error(city, office, selfie_on, settings):
    settings.HIBRIDA_SELFIE_MAX_BYTES = 1000
    check_in = checked_in(city, office)
    resp = upload(city, check_in, kit.face_bytes(), kit.turned("left"))
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "first"
    assert "KB" in resp.json()["errors"][0]["message"]


# --- check-ins without frames ---------------------------------------------------------------


def test_a_check_in_without_frames_is_flagged_after_the_grace_period(city, office, selfie_on):
    check_in = checked_in(city, office)
    assert selfies.flag_missing() == 0  # still within the grace period
    later = timezone.now() + dt.timedelta(seconds=901)
    assert selfies.flag_missing(now=later) == 1
    assert selfies.flag_missing(now=later) == 0
    check_in.refresh_from_db()
    assert check_in.status == Verdict.FLAGGED and check_in.reasons == [verify.SELFIE_MISSING]
    assert AuditEvent.objects.filter(action="presence.selfie_missing").count() == 1


def test_no_sweep_where_the_layer_is_off(city, office):
    checked_in(city, office)
    assert selfies.flag_missing(now=timezone.now() + dt.timedelta(hours=1)) == 0


# --- retention ------------------------------------------------------------------------------


def test_old_frames_are_deleted_and_the_scores_kept(
    city, office, selfie_on, django_capture_on_commit_callbacks
):
    enrolled(city)
    check_in = checked_in(city, office)
    upload(city, check_in, kit.face_bytes(), kit.turned("left"))
    row = SelfieCheck.objects.get()
    tasks.check_selfie(row.pk)
    row.refresh_from_db()
    paths = [row.first.path, row.second.path]
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.apply_retention("swafoto") == {"presence.SelfieCheck.frames": 0}
        later = timezone.now() + dt.timedelta(days=31)
        counts = retention.apply_retention("swafoto", now=later)
    assert counts == {"presence.SelfieCheck.frames": 2}
    row.refresh_from_db()
    assert not row.first and not row.second
    assert row.state == SelfieState.MATCHED and len(row.embedding) == 128
    assert row.distance is not None
    import os

    assert not any(os.path.exists(p) for p in paths)
    event = AuditEvent.objects.filter(action="privacy.retention", object_id="swafoto").last()
    assert event.after["presence.SelfieCheck.frames"] == 2


def test_decided_reference_photos_go_and_the_embedding_stays(
    city, selfie_on, django_capture_on_commit_callbacks
):
    item = enrolled(city)
    later = timezone.now() + dt.timedelta(days=8)
    with django_capture_on_commit_callbacks(execute=True):
        counts = retention.apply_retention("foto_wajah", now=later)
    assert counts == {"presence.FaceReference.photo": 1}
    item.refresh_from_db()
    assert not item.photo and len(item.embedding) == 128


def test_the_check_in_page_may_use_the_camera_only_where_the_layer_is_on(city, selfie_on):
    on = client_for(city.users["asn"]).get("/presensi/")
    assert "camera=(self)" in on.headers["Permissions-Policy"]
    assert 'data-selfie="on"' in on.content.decode()
    selfies.set_policy(actor=city.users["bkpsdm"], opd=city.opd_a, enabled=False, dpia_reference="")
    off = client_for(city.users["asn"]).get("/presensi/")
    assert "camera=()" in off.headers["Permissions-Policy"]
    assert 'data-selfie="off"' in off.content.decode()
