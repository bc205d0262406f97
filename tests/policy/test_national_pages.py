"""The national-rule pages: forms parse, refuse bad input with a message, and write through
the services."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from hibrida.policy.models import (
    DisciplineRecord,
    JobCriteria,
    LegalParameter,
    SpecialCircumstance,
)
from tests.conftest import client_for


def messages_of(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.mark.django_db
def test_the_checklist_form_saves_what_is_ticked(policy_city):
    c = policy_city
    client = client_for(c.users["opd_admin"])
    position = c.staff1.position
    page = client.get(f"/kebijakan/kriteria-jabatan/{position.pk}/")
    assert page.status_code == 200 and b'name="ict_capable" checked' in page.content
    client.post(
        f"/kebijakan/kriteria-jabatan/{position.pk}/",
        {"outside_office": "on", "ict_capable": "on", "minimal_face_to_face": "on"},
    )
    row = JobCriteria.objects.get(position=position)
    assert (row.outside_office, row.no_special_equipment, row.no_constant_supervision) == (
        True,
        False,
        False,
    )
    listing = client.get("/kebijakan/kriteria-jabatan/")
    assert listing.status_code == 200 and "Analis" in listing.content.decode()


@pytest.mark.django_db
def test_discipline_form_finds_the_employee_by_nip_and_refuses_a_bad_date(policy_city):
    c = policy_city
    client = client_for(c.users["opd_admin"])
    bad = client.post(
        "/kebijakan/disiplin/tambah/",
        {
            "nip": c.staff2.nip,
            "kind": "hukuman",
            "start": "2026-13-01",
            "end": "2026-02-01",
            "reference": "SK 1",
        },
    )
    assert bad.status_code == 302 and "YYYY-MM-DD" in messages_of(bad)
    foreign = client.post(
        "/kebijakan/disiplin/tambah/",
        {
            "nip": c.other.nip,
            "kind": "hukuman",
            "start": "2026-01-01",
            "end": "2026-02-01",
            "reference": "SK 1",
        },
    )
    assert "tidak ditemukan" in messages_of(foreign)
    assert not DisciplineRecord.objects.exists()
    client.post(
        "/kebijakan/disiplin/tambah/",
        {
            "nip": c.staff2.nip,
            "kind": "hukuman",
            "start": "2026-01-01",
            "end": "2026-02-01",
            "reference": "SK 1",
        },
    )
    assert DisciplineRecord.objects.get().employee == c.staff2
    listing = client.get("/kebijakan/disiplin/")
    assert "SK 1" in listing.content.decode()


@pytest.mark.django_db
def test_the_asn_applies_and_the_atasan_approves_on_the_pages(policy_city):
    c = policy_city
    end = timezone.localdate() + dt.timedelta(days=14)
    asn = client_for(c.users["asn"])
    asn.post("/kebijakan/saya/keadaan-khusus/", {"reason": "Merawat orang tua", "end": str(end)})
    row = SpecialCircumstance.objects.get()
    atasan = client_for(c.users["atasan"])
    inbox = atasan.get("/kebijakan/keadaan-khusus/")
    assert "Merawat orang tua" in inbox.content.decode()
    atasan.post(f"/kebijakan/keadaan-khusus/{row.pk}/setujui/", {"note": ""})
    row.refresh_from_db()
    assert row.status == "approved" and row.decided_by == c.users["atasan"]
    mine = asn.get("/kebijakan/saya/")
    assert "Disetujui" in mine.content.decode()


@pytest.mark.django_db
def test_a_parameter_with_a_bad_value_is_refused_and_a_good_one_is_listed(city):
    client = client_for(city.users["bkpsdm"])
    before = LegalParameter.objects.count()
    response = client.post(
        "/kebijakan/parameter/tambah/",
        {
            "key": "max_location_days_per_week",
            "value": "dua",
            "valid_from": "2026-03-01",
            "legal_source": "Uji",
        },
    )
    assert "Nilai harus bilangan bulat" in messages_of(response)
    assert LegalParameter.objects.count() == before
    client.post(
        "/kebijakan/parameter/tambah/",
        {
            "key": "new_employee_months",
            "value": "6",
            "valid_from": "2031-01-01",
            "legal_source": "Perwal Bekasi uji",
        },
    )
    assert LegalParameter.objects.count() == before + 1
    page = client.get("/kebijakan/")
    assert "Perwal Bekasi uji" in page.content.decode()
