"""BKPSDM's calendar form: a bad date, a new day off, and the same day twice."""

from __future__ import annotations

import datetime as dt

import pytest

from hibrida.policy.models import CalendarDay
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_calendar_form_answers_each_case_with_a_message(city):
    client = client_for(city.users["bkpsdm"])

    r = client.post("/kebijakan/kalender/tambah/", {"date": "9-2-2026"}, follow=True)
    assert messages_of(r) == ["Tanggal harus berformat YYYY-MM-DD."]
    assert r.redirect_chain == [("/kebijakan/", 302)]

    day = {"date": "2026-02-09", "kind": "libur_daerah", "name": "Hari Jadi Kota"}
    r = client.post("/kebijakan/kalender/tambah/", day, follow=True)
    assert messages_of(r) == ["Hari libur 09-02-2026 ditambahkan."]
    assert r.redirect_chain == [("/kebijakan/?tahun=2026#kalender", 302)]
    assert list(CalendarDay.objects.values_list("date", "kind")) == [
        (dt.date(2026, 2, 9), "libur_daerah")
    ]

    r = client.post("/kebijakan/kalender/tambah/", day, follow=True)
    assert messages_of(r) == ["Tanggal 09-02-2026 sudah tercatat sebagai hari libur."]
    assert CalendarDay.objects.count() == 1


def test_an_opd_admin_may_not_change_the_city_calendar(city):
    client = client_for(city.users["opd_admin"])
    day = {"date": "2026-02-09", "kind": "libur_daerah", "name": "Hari Jadi Kota"}
    r = client.post("/kebijakan/kalender/tambah/", day)
    assert r.status_code == 403
    assert not CalendarDay.objects.exists()
