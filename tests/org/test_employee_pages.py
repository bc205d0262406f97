"""The OPD admin's employee pages: an edit saved, an atasan cycle refused on its field, and a
valid import file reported with its counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hibrida.audit.models import AuditEvent
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def edit_form(employee, **extra) -> dict:
    data = {
        "nip": employee.nip,
        "name": employee.name,
        "asn_type": employee.asn_type,
        "unit": employee.unit_id,
        "position": employee.position_id,
        "supervisor": employee.supervisor_id or "",
        "email": "",
        "phone": "",
        "is_active": "on",
    }
    return {**data, **extra}


def test_an_edit_is_saved_and_audited(city):
    client = client_for(city.users["opd_admin"])
    r = client.post(
        f"/organisasi/pegawai/{city.staff1.pk}/ubah/",
        edit_form(city.staff1, name="Staf Satu Baru", phone="0812-1111-2222"),
        follow=True,
    )
    assert r.redirect_chain == [(f"/organisasi/pegawai/{city.staff1.pk}/", 302)]
    assert [str(m) for m in r.context["messages"]] == ["Data pegawai disimpan."]
    city.staff1.refresh_from_db()
    assert (city.staff1.name, city.staff1.phone) == ("Staf Satu Baru", "0812-1111-2222")
    event = AuditEvent.objects.filter(action="employee.updated").get()
    assert event.after["name"] == "Staf Satu Baru"


def test_an_atasan_cycle_is_refused_on_the_supervisor_field(city):
    """Kabid supervises Staf Satu: Staf Satu cannot become Kabid's atasan."""
    client = client_for(city.users["opd_admin"])
    r = client.post(
        f"/organisasi/pegawai/{city.kabid.pk}/ubah/",
        edit_form(city.kabid, supervisor=city.staff1.pk),
    )
    assert r.status_code == 200
    assert r.context["form"].errors == {
        "supervisor": [
            "Staf Satu adalah bawahan (langsung/tidak langsung) pegawai ini; "
            "atasan tidak boleh membentuk lingkaran."
        ]
    }
    city.kabid.refresh_from_db()
    assert city.kabid.supervisor_id == city.kepala.pk


def test_the_appointment_date_is_saved_and_audited(city):
    client = client_for(city.users["opd_admin"])
    url = f"/organisasi/pegawai/{city.staff1.pk}/ubah/"
    r = client.post(url, edit_form(city.staff1, tmt="2024-03-01"))
    assert r.status_code == 302
    city.staff1.refresh_from_db()
    assert city.staff1.tmt == dt.date(2024, 3, 1)
    assert AuditEvent.objects.get(action="employee.updated").after["tmt"] == "2024-03-01"


def test_an_appointment_date_in_the_future_is_refused_on_its_field(city):
    client = client_for(city.users["opd_admin"])
    future = timezone.localdate() + dt.timedelta(days=1)
    r = client.post(
        f"/organisasi/pegawai/{city.staff1.pk}/ubah/",
        edit_form(city.staff1, tmt=future.isoformat()),
    )
    assert r.status_code == 200
    assert r.context["form"].errors == {"tmt": ["TMT pengangkatan tidak boleh di masa depan."]}
    city.staff1.refresh_from_db()
    assert city.staff1.tmt is None
    r = client.post(
        f"/organisasi/pegawai/{city.staff1.pk}/ubah/", edit_form(city.staff1, tmt="1950-01-01")
    )
    assert r.context["form"].errors == {
        "tmt": ["TMT pengangkatan tidak boleh sebelum tanggal lahir (dari NIP)."]
    }


def test_a_valid_import_reports_its_counts(city):
    header = "NIP,Nama,Jenis ASN,Jabatan,Jenis Jabatan,Unit Kerja,OPD,NIP Atasan,Email,Telepon\n"
    rows = [
        "198001012005031001,Budi,PNS,Analis Data,pelaksana,Bidang A,DinasA,,,\n",
        "198502022010012002,Sari,PNS,Analis Data,pelaksana,Bidang A,DinasA,198001012005031001,,\n",
    ]
    upload = ("pegawai.csv", (header + "".join(rows)).encode())
    client = client_for(city.users["opd_admin"])
    r = client.post(
        "/organisasi/impor/", {"file": SimpleUploadedFile(*upload, content_type="text/csv")}
    )
    assert r.status_code == 200
    assert [str(m) for m in r.context["messages"]] == [
        "Impor selesai: 2 baru, 0 diperbarui, 0 tidak berubah."
    ]
