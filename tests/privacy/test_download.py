"""An ASN downloads all their data and who viewed their location (Pasal 32), and only theirs."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from hibrida.activity.models import Notification
from hibrida.audit.models import AuditEvent
from hibrida.presence.models import FieldReport, LocationView
from tests.conftest import client_for
from tests.factories import make_user
from tests.presence.conftest import body, office, post  # noqa: F401  # office is a fixture

pytestmark = pytest.mark.django_db


def unzip(answer) -> tuple[str, dict, dict[str, bytes]]:
    """The archive's data.json (text and parsed) and its other files by name."""
    archive = zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content)))
    files = {n: archive.read(n) for n in archive.namelist()}
    text = files.pop("data.json").decode()
    return text, json.loads(text), files


@pytest.fixture
def seen(city, office, api_headers, settings, tmp_path):  # noqa: F811  # the fixture above
    """Staf Satu and Staf Dua check in and send a field photo; their atasan opens the team map
    once."""
    settings.MEDIA_ROOT = tmp_path
    mine = body(uuid="11111111-1111-4111-8111-111111111111")
    theirs = body(uuid="22222222-2222-4222-8222-222222222222")
    staff2_user = make_user(city.staff2)
    assert post(Client(), mine, api_headers(city.users["asn"])).status_code == 201
    assert post(Client(), theirs, api_headers(staff2_user)).status_code == 201
    Notification.objects.create(user=city.users["asn"], kind="uji", message="Untuk Staf Satu")
    Notification.objects.create(user=staff2_user, kind="uji", message="Untuk Staf Dua")
    for employee, content in ((city.staff1, b"foto-satu"), (city.staff2, b"foto-dua")):
        report = FieldReport.objects.create(
            employee=employee, at=timezone.now(), latitude=-6.2, longitude=106.9
        )
        report.photo.save("lapangan.jpg", ContentFile(content), save=True)
    assert client_for(city.users["atasan"]).get("/presensi/peta/data/").status_code == 200
    return city


def test_location_view_by_the_atasan_is_logged_and_shown_to_the_asn(seen):
    city = seen
    rows = LocationView.objects.values_list("viewer_id", "employee_id", "context")
    assert sorted(rows) == sorted(
        [
            (city.users["atasan"].pk, city.staff1.pk, "peta_tim"),
            (city.users["atasan"].pk, city.staff2.pk, "peta_tim"),
        ]
    )
    page = client_for(city.users["asn"]).get("/privasi/saya/").content.decode()
    assert f"Kabid A ({city.kabid.nip})" in page
    assert "peta_tim" in page
    # The atasan's own page: nobody looked at the atasan's location.
    own = client_for(city.users["atasan"]).get("/privasi/saya/").content.decode()
    assert "Belum ada yang melihat lokasi Anda." in own


def test_download_holds_own_records_and_nobody_elses(seen):
    city = seen
    answer = client_for(city.users["asn"]).get("/privasi/saya/unduh/")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/zip"
    assert answer["Content-Disposition"] == (
        f'attachment; filename="data-pribadi-{city.staff1.nip}.zip"'
    )
    text, data, files = unzip(answer)
    tables = data["data"]
    photo = FieldReport.objects.get(employee=city.staff1).photo.name
    assert files == {f"berkas/{photo}": b"foto-satu"}
    assert data["berkas"] == {"disertakan": [photo], "tidak_ditemukan": []}
    assert [r["client_uuid"] for r in tables["presence.CheckIn"]] == [
        "11111111-1111-4111-8111-111111111111"
    ]
    # GPS as stored: the body put the fix 0.0001° north of the office at (-6.2355, 106.9925).
    assert tables["presence.CheckIn"][0]["latitude"] == pytest.approx(-6.2354)
    assert tables["presence.CheckIn"][0]["longitude"] == pytest.approx(106.9925)
    assert [r["id"] for r in tables["org.Employee"]] == [city.staff1.pk]
    assert [r["id"] for r in tables["org.User"]] == [city.users["asn"].pk]
    assert [r["message"] for r in tables["activity.Notification"]] == ["Untuk Staf Satu"]
    assert [t["user_id"] for t in tables["org.ApiToken"]] == [city.users["asn"].pk]
    assert data["riwayat_lihat_lokasi"][0]["pelihat"] == f"Kabid A ({city.kabid.nip})"
    assert len(data["riwayat_lihat_lokasi"]) == 1
    # Nothing of Staf Dua, nor any secret.
    assert city.staff2.nip not in text and "Staf Dua" not in text
    assert FieldReport.objects.get(employee=city.staff2).photo.name not in text
    assert "22222222-2222-4222-8222-222222222222" not in text
    assert "password" not in tables["org.User"][0]
    assert "key_hash" not in tables["org.ApiToken"][0]
    assert "audit.SampleItem" in data["tidak_disertakan"]


def test_every_download_is_audited(seen):
    city = seen
    client_for(city.users["asn"]).get("/privasi/saya/unduh/")
    event = AuditEvent.objects.get(action="privacy.self_download")
    assert event.actor_id == city.users["asn"].pk
    assert event.object_type == "org.employee" and event.object_id == str(city.staff1.pk)
    assert event.after["rows"]["presence.CheckIn"] == 1
    assert event.after["location_views"] == 1


def test_audit_events_about_own_records_are_included(seen):
    """The audit trail of the subject's rows, e.g. the issuing of their API token."""
    city = seen
    _, data, _ = unzip(client_for(city.users["asn"]).get("/privasi/saya/unduh/"))
    token_id = str(data["data"]["org.ApiToken"][0]["id"])
    about = {(e["object_type"], e["object_id"]) for e in data["peristiwa_audit_tentang_data_ini"]}
    assert {i for t, i in about if t == "org.apitoken"} == {token_id}


def test_a_missing_file_is_reported_not_dropped(seen):
    city = seen
    photo = FieldReport.objects.get(employee=city.staff1).photo
    photo.storage.delete(photo.name)
    _, data, files = unzip(client_for(city.users["asn"]).get("/privasi/saya/unduh/"))
    assert files == {}
    assert data["berkas"] == {"disertakan": [], "tidak_ditemukan": [photo.name]}


def test_account_without_employee_has_no_download(city):
    assert client_for(city.users["bkpsdm"]).get("/privasi/saya/unduh/").status_code == 403
