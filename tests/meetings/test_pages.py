"""The meeting pages: a series created from the form, the service's field messages on the form,
and minutes refused before the sitting and saved after it."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from hibrida.meetings.models import Meeting, OccurrenceStatus
from tests.conftest import client_for

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
# Monday 2 February 2026, 08:00 WIB.
MONDAY_8 = dt.datetime(2026, 2, 2, 8, 0, tzinfo=JAKARTA)

pytestmark = pytest.mark.django_db


def meeting_form(city, **extra) -> dict:
    return {
        "title": "Rakor mingguan",
        "agenda": "Evaluasi WFH",
        "organiser_opd": city.opd_a.pk,
        "weekdays": ["1"],  # Tuesday
        "start_time": "09:00",
        "duration_minutes": "60",
        "start_date": "2026-02-02",
        "end_date": "2026-02-15",
        "video_url": "",
        **extra,
    }


@time_machine.travel(MONDAY_8, tick=True)
def test_a_series_from_the_form_has_one_sitting_per_tuesday(city):
    client = client_for(city.users["opd_admin"])
    r = client.post("/rapat/baru/", meeting_form(city), follow=True)
    meeting = Meeting.objects.get()
    assert r.redirect_chain == [(f"/rapat/{meeting.pk}/", 302)]
    assert [str(m) for m in r.context["messages"]] == ["Rapat koordinasi dibuat."]
    # Tuesdays 3 and 10 February 2026, both working days.
    assert [o.date for o in meeting.occurrences.order_by("date")] == [
        dt.date(2026, 2, 3),
        dt.date(2026, 2, 10),
    ]


@time_machine.travel(MONDAY_8, tick=True)
def test_the_services_messages_land_on_their_fields(city):
    client = client_for(city.users["opd_admin"])
    r = client.post(
        "/rapat/baru/",
        meeting_form(city, end_date="2026-02-01", video_url="ftp://rapat"),
    )
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert errors["end_date"] == ["Tanggal selesai tidak boleh sebelum tanggal mulai."]
    assert errors["video_url"] == ["Tautan video harus diawali https://."]
    assert not Meeting.objects.exists()


def test_minutes_are_refused_before_the_sitting_and_saved_after(city):
    client = client_for(city.users["opd_admin"])
    with time_machine.travel(MONDAY_8, tick=True):
        client.post("/rapat/baru/", meeting_form(city))
        sitting = Meeting.objects.get().occurrences.get(date=dt.date(2026, 2, 3))
        early = client.post(f"/rapat/sesi/{sitting.pk}/", {"minutes": "Notulen", "held": "1"})
    assert early.status_code == 200
    assert early.context["form"].errors == {
        "minutes": ["Rapat belum dimulai; notulen diisi setelah rapat."]
    }

    with time_machine.travel(dt.datetime(2026, 2, 3, 11, 0, tzinfo=JAKARTA), tick=True):
        r = client.post(
            f"/rapat/sesi/{sitting.pk}/", {"minutes": "Evaluasi laporan harian.", "held": "1"}
        )
    assert r.status_code == 302 and r["Location"] == f"/rapat/sesi/{sitting.pk}/"
    sitting.refresh_from_db()
    assert (sitting.status, sitting.minutes) == (OccurrenceStatus.HELD, "Evaluasi laporan harian.")
