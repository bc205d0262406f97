"""The privacy page, its export, and the DPO contact on the privacy and public pages."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

DPO = {
    "HIBRIDA_DPO_NAME": "Siti Pelindung, PPDP Kota Bekasi",
    "HIBRIDA_DPO_EMAIL": "ppdp-uji@bekasikota.go.id",
    "HIBRIDA_DPO_PHONE": "021-555-0199",
}


@pytest.fixture
def dpo(settings):
    for name, value in DPO.items():
        setattr(settings, name, value)


@pytest.mark.parametrize("url", ["/privasi/", "/publik/"])
def test_dpo_contact_appears_on_privacy_and_public_pages(dpo, url):
    page = Client().get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Siti Pelindung, PPDP Kota Bekasi" in text
    assert 'href="mailto:ppdp-uji@bekasikota.go.id"' in text
    assert "021-555-0199" in text


def test_every_page_links_the_privacy_page():
    # The login page and the public page are rendered from base.html like every page.
    for url in ("/masuk/", "/publik/"):
        assert 'href="/privasi/"' in Client().get(url).content.decode()


def test_privacy_page_shows_each_activity_and_current_periods(settings):
    settings.HIBRIDA_NOTIFICATION_RETENTION_DAYS = 45
    settings.HIBRIDA_GPS_RETENTION_DAYS = 60
    text = Client().get("/privasi/").content.decode()
    assert 'data-activity="presensi"' in text and 'data-activity="lihat_lokasi"' in text
    assert "60 hari (<code>HIBRIDA_GPS_RETENTION_DAYS</code>)" in text
    assert '<tr data-job="notifikasi"><td>Notifikasi dalam aplikasi</td><td>45</td>' in text
    assert "Pasal 20 ayat (2) huruf e" in text


def test_record_of_processing_json_export(dpo, settings):
    settings.HIBRIDA_SPOT_CHECK_RETENTION_DAYS = 400
    answer = Client().get("/privasi/catatan-pemrosesan.json")
    assert answer["Content-Type"].startswith("application/json")
    body = answer.json()
    assert body["pejabat_pelindungan_data"]["email"] == "ppdp-uji@bekasikota.go.id"
    rows = {r["kegiatan"]: r for r in body["kegiatan_pemrosesan"]}
    assert rows["rapat"]["retensi_hari"] == 400
    assert rows["rapat"]["pengaturan_retensi"] == "HIBRIDA_SPOT_CHECK_RETENTION_DAYS"
    assert "meetings.SpotCheck" in rows["rapat"]["tabel"]
    # Kept for good, with the reason: no period.
    assert rows["audit"]["retensi_hari"] is None
    assert "hash" in rows["audit"]["aturan_retensi"]
    assert {j["key"]: j["days"] for j in body["retensi"]}["spot_check"] == 400


def test_record_of_processing_csv_export():
    answer = Client().get("/privasi/catatan-pemrosesan.csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    by_key = {r["kegiatan"]: r for r in rows}
    assert by_key["presensi"]["pengaturan_retensi"] == "HIBRIDA_GPS_RETENTION_DAYS"
    assert by_key["presensi"]["pihak_yang_dapat_melihat"] == (
        "ASN, Atasan, Admin OPD, BKPSDM, Inspektorat"
    )
