"""The national pages as BKPSDM and the Inspektorat use them: sync, review and apply with a
conflict choice, the queue, the Simpegnas export and import."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

import pytest

from hibrida.audit.models import AuditEvent
from hibrida.national.models import BknSubmission, RunStatus, SimpegnasDay, SyncRun
from hibrida.presence.models import CheckIn

from ..conftest import client_for
from .results import scored

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


@pytest.fixture
def small_world(city, gateway, siasn_settings):
    gateway.gw.unors = [
        {"Id": "ROOT", "NamaUnor": "Kota", "DiatasanId": ""},
        {"Id": "O-A", "NamaUnor": "Dinas A", "DiatasanId": "ROOT"},
        {"Id": "U-BA", "NamaUnor": "Bidang A", "DiatasanId": "O-A", "PemimpinPnsId": "pns-kabid"},
    ]
    for e, pns in ((city.kabid, "pns-kabid"), (city.staff1, "pns-s1")):
        gateway.gw.people[e.nip] = {
            "id": pns,
            "nipBaru": e.nip,
            "nama": e.name,
            "unorId": "U-BA",
            "jabatanNama": e.position.name,
            "emailGov": e.email,
        }
    gateway.gw.people[city.staff1.nip]["jabatanNama"] = "Analis Kebijakan"
    return city


def test_bkpsdm_syncs_reviews_and_applies(small_world):
    bkpsdm = client_for(small_world.users["bkpsdm"])
    page = bkpsdm.get("/nasional/")
    assert "Sinkronkan sekarang" in page.content.decode()
    response = bkpsdm.post("/nasional/sinkronkan/", {"nips": ""})
    run = SyncRun.objects.get()
    assert response.url == f"/nasional/sinkronisasi/{run.pk}/"
    review = bkpsdm.get(response.url).content.decode()
    assert "Analis Kebijakan" in review and "Terapkan perubahan" in review
    assert (
        bkpsdm.post(f"/nasional/sinkronisasi/{run.pk}/terapkan/", {"note": "cek"}).status_code
        == 302
    )
    run.refresh_from_db()
    assert run.status == RunStatus.APPLIED
    small_world.staff1.refresh_from_db()
    assert small_world.staff1.position.name == "Analis Kebijakan"


def test_a_bad_nip_is_refused_before_any_call(small_world, gateway):
    bkpsdm = client_for(small_world.users["bkpsdm"])
    response = bkpsdm.post("/nasional/sinkronkan/", {"nips": "12345"}, follow=True)
    assert "NIP harus 18 angka: 12345" in response.content.decode()
    assert not SyncRun.objects.exists() and gateway.gw.calls == []


def test_inspektorat_reads_but_has_no_buttons(small_world):
    run = SyncRun.objects.create(trigger="nightly")
    auditor = client_for(small_world.users["inspektorat"])
    assert "Sinkronkan sekarang" not in auditor.get("/nasional/").content.decode()
    assert (
        "Terapkan perubahan"
        not in auditor.get(f"/nasional/sinkronisasi/{run.pk}/").content.decode()
    )
    assert auditor.post(f"/nasional/sinkronisasi/{run.pk}/terapkan/").status_code == 403


def test_queue_page_lists_each_record_with_its_status(small_world):
    scored(small_world.staff1, year=2026, month=1, done=10, pns_id="pns-s1")
    bkpsdm = client_for(small_world.users["bkpsdm"])
    response = bkpsdm.post(
        "/nasional/kirim-bkn/antrekan/",
        {"operation": "kinerjaperiodik", "year": "2026", "month": "1"},
        follow=True,
    )
    text = response.content.decode()
    assert "1 data diantrekan" in text
    row = BknSubmission.objects.get()
    # Tasks run eagerly here: the queued record was sent at once.
    assert (row.status, row.bkn_id) == ("sent", "bkn-00001")
    assert small_world.staff1.nip in text and "terkirim" in text


def test_queue_refuses_a_bad_year_with_a_message(small_world):
    bkpsdm = client_for(small_world.users["bkpsdm"])
    response = bkpsdm.post(
        "/nasional/kirim-bkn/antrekan/", {"operation": "skp22", "year": "dua"}, follow=True
    )
    assert "Tahun harus angka." in response.content.decode()
    assert not BknSubmission.objects.exists()


@pytest.fixture
def simpegnas_on(settings):
    settings.HIBRIDA_SIMPEGNAS_ENABLED = True


def test_simpegnas_export_grades_lateness_and_early_leave(city, simpegnas_on):
    day = dt.date(2026, 2, 10)  # a Tuesday: 07.30–16.00
    for kind, hour, minute in (("in", 8, 15), ("out", 15, 20)):
        at = dt.datetime(2026, 2, 10, hour, minute, tzinfo=JAKARTA)
        CheckIn.objects.create(
            client_uuid=uuid.uuid4(),
            employee=city.staff1,
            kind=kind,
            device_time=at,
            received_at=at,
            work_date=day,
            latitude=-6.24,
            longitude=106.99,
            accuracy_m=10,
            device_id="hp",
            status="VALID",
        )
    bkpsdm = client_for(city.users["bkpsdm"])
    response = bkpsdm.get("/nasional/simpegnas/ekspor.csv?mulai=2026-02-01&sampai=2026-02-28")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    # 45 minutes late: TM2; 40 minutes early: PC2.
    assert lines == [
        "NIP,TANGGAL,JENIS_KERJA,JAM_MASUK,JAM_PULANG,TM,PC",
        f"{city.staff1.nip},2026-02-10,WFO,08:15,15:20,TM2,PC2",
    ]


def test_simpegnas_import_all_or_nothing(city, simpegnas_on):
    bkpsdm = client_for(city.users["bkpsdm"])
    header = b"NIP,TANGGAL,JENIS_KERJA,JAM_MASUK,JAM_PULANG,TM,PC\n"
    good = f"{city.staff1.nip},2026-02-10,WFH,07:40,16:05,TM1,\n".encode()
    unknown = b"199912312020121001,2026-02-10,WFO,07:30,16:00,,\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = bkpsdm.post(
        "/nasional/simpegnas/impor/", {"file": SimpleUploadedFile("a.csv", header + good + unknown)}
    )
    assert bad.status_code == 400
    assert "NIP 199912312020121001 tidak terdaftar di Hibrida." in bad.content.decode()
    assert not SimpegnasDay.objects.exists()
    ok = bkpsdm.post(
        "/nasional/simpegnas/impor/", {"file": SimpleUploadedFile("a.csv", header + good)}
    )
    assert ok.status_code == 302
    stored = SimpegnasDay.objects.get()
    assert (stored.employee_id, stored.mode, stored.tm, stored.pc) == (
        city.staff1.pk,
        "WFH",
        "TM1",
        "",
    )
    assert AuditEvent.objects.filter(action="national.simpegnas_imported").count() == 1


def test_simpegnas_pages_are_absent_when_the_city_does_not_use_it(city):
    assert client_for(city.users["bkpsdm"]).get("/nasional/simpegnas/").status_code == 404
