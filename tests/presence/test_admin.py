"""The Django admin for the issue-15 models: registered read-only like the organisation's
(superusers only, tests/org/test_master_data.py), and never showing biometric payloads (face
photos, selfie frames, embeddings), public-key bytes or random-check positions."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import RequestFactory
from django.utils import timezone

from hibrida.audit.models import AuditEvent, JokiFinding
from hibrida.org.admin import ReadOnlyAdmin
from hibrida.presence.models import (
    CheckIn,
    CheckInReview,
    FaceReference,
    Passkey,
    PasskeyPolicy,
    PresenceCheck,
    PresenceCheckConsent,
    PresenceCheckPolicy,
    SelfieCheck,
    SelfiePolicy,
)
from tests.conftest import client_for
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ISSUE_15_MODELS = [
    PasskeyPolicy,
    Passkey,
    CheckInReview,
    PresenceCheckPolicy,
    PresenceCheckConsent,
    PresenceCheck,
    SelfiePolicy,
    FaceReference,
    SelfieCheck,
    JokiFinding,
]
# Values no page may print: recognisable in the HTML if any of them leaked.
EMBEDDING_VALUE = 0.918273645
PHOTO_NAME = "wajah-rahasia-uji"
FRAME_NAME = "swafoto-rahasia-uji"
SECRET_LAT, SECRET_LON = -6.2468135, 106.9912357


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def superuser():
    user = make_user(None)
    user.is_superuser = True
    user.save()
    return user


def _url(obj) -> str:
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def _rows(city):
    now = timezone.now()
    other = city.other
    check_in = CheckIn.objects.create(
        client_uuid=uuid.uuid4(),
        employee=other,
        kind="in",
        device_time=now,
        received_at=now,
        work_date=timezone.localdate(now),
        latitude=-6.25,
        longitude=106.98,
        accuracy_m=10,
        device_id="hp-b",
        status="FLAGGED",
        reasons=["selfie_mismatch"],
    )
    face = FaceReference.objects.create(
        employee=other,
        embedding=[EMBEDDING_VALUE] * 128,
        photo=default_storage.save(f"presence/face/{PHOTO_NAME}.jpg", ContentFile(b"\xff\xd8")),
        requested_by=make_user(other),
    )
    frame = default_storage.save(f"presence/selfie/{FRAME_NAME}.jpg", ContentFile(b"\xff\xd8"))
    selfie = SelfieCheck.objects.create(
        check_in=check_in,
        employee=other,
        turn="left",
        first=frame,
        second=frame,
        received_at=now,
        state="flagged",
        reasons=["selfie_mismatch"],
        embedding=[EMBEDDING_VALUE] * 128,
        distance=0.7123,
    )
    check = PresenceCheck.objects.create(
        employee=other,
        day=timezone.localdate(now),
        seq=0,
        asked_at=now,
        deadline=now + dt.timedelta(minutes=15),
        closes_at=now + dt.timedelta(hours=2),
        answered_at=now,
        latitude=SECRET_LAT,
        longitude=SECRET_LON,
        accuracy_m=12,
        distance_m=345.0,
        result="elsewhere",
    )
    passkey = Passkey.objects.create(
        employee=other, credential_id="kredensial-uji", public_key=b"\xa5\x5a", label="HP uji"
    )
    return {"face": face, "selfie": selfie, "check": check, "passkey": passkey}


@pytest.mark.parametrize("model", ISSUE_15_MODELS, ids=lambda m: m.__name__)
def test_each_issue_15_model_is_registered_read_only(model, superuser):
    model_admin = admin.site._registry.get(model)
    assert isinstance(model_admin, ReadOnlyAdmin)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    client = client_for(superuser)
    assert client.get(base).status_code == 200
    assert client.get(base + "add/").status_code == 403


def test_biometric_payloads_never_reach_the_admin_pages(city, superuser):
    rows = _rows(city)
    client = client_for(superuser)
    pages = [
        "/admin/presence/facereference/",
        _url(rows["face"]),
        "/admin/presence/selfiecheck/",
        _url(rows["selfie"]),
        "/admin/presence/presencecheck/",
        _url(rows["check"]),
        _url(rows["passkey"]),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert city.other.name in html, page  # the page does show the record
        for secret in (
            "918273645",
            PHOTO_NAME,
            FRAME_NAME,
            "6.2468135",
            "6,2468135",
            "106.9912357",
            "106,9912357",
        ):
            assert secret not in html, (page, secret)
    # What the atasan sees is there: the match score, the distance to home.
    selfie_page = client.get(_url(rows["selfie"])).content.decode()
    assert "0,7123" in selfie_page or "0.7123" in selfie_page
    check_page = client.get(_url(rows["check"])).content.decode()
    assert "345" in check_page


def test_the_superuser_cannot_change_a_layer_setting_through_the_admin(city, superuser):
    policy = SelfiePolicy.objects.create(
        opd=city.opd_a, enabled=False, dpia_reference="", updated_by=superuser
    )
    before = AuditEvent.objects.count()
    response = client_for(superuser).post(
        f"/admin/presence/selfiepolicy/{policy.pk}/change/",
        {"opd": city.opd_a.pk, "enabled": "on", "dpia_reference": "lewat admin"},
    )
    assert response.status_code == 403
    policy.refresh_from_db()
    assert (policy.enabled, policy.dpia_reference) == (False, "")
    assert AuditEvent.objects.count() == before


def test_no_role_reaches_the_issue_15_admin_pages(city):
    rows = _rows(city)
    for role, user in city.users.items():
        for page in ("/admin/presence/selfiecheck/", _url(rows["face"])):
            response = client_for(user).get(page)
            assert response.status_code == 302, (role, page)
            assert response["Location"].startswith("/admin/login/"), (role, page)
