"""The check-in page for daily use: labels instead of codes, WIB times, the repeat guard."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from hibrida.presence import labels, verify
from hibrida.presence.models import CheckIn
from tests.conftest import client_for

from .conftest import OFFICE, body, post

pytestmark = pytest.mark.django_db

# 00:12 UTC is 07:12 in Jakarta (UTC+7, no daylight saving): "07.12" in Indonesian notation.
NOW = dt.datetime(2026, 2, 10, 1, 0, tzinfo=dt.UTC)  # a Tuesday, 08:00 WIB
AT_0712 = dt.datetime(2026, 2, 10, 0, 12, tzinfo=dt.UTC)


def test_labels_of_types_results_and_reasons():
    """Rule: every code reads as an Indonesian label, results and reasons with one line each."""
    assert labels.kind_label("in") == "Masuk"
    assert labels.kind_label("out") == "Pulang"
    assert labels.status_label("FLAGGED") == "Ditandai"
    assert labels.status_label("VALID") == "Sah"
    assert labels.status_label("REJECTED") == "Ditolak"
    assert labels.reason("outside_fence") == {
        "code": "outside_fence",
        "label": "Di luar area",
        "message": "Lokasi di luar area yang dijadwalkan.",
    }
    assert labels.reason("unregistered_device")["label"] == "Perangkat belum terdaftar"
    assert labels.reason("clock_skew")["label"] == "Jam perangkat menyimpang"
    assert labels.reason("impossible_speed")["label"] == "Perpindahan mustahil"
    assert labels.mode_label("WFH") == "WFH (kerja dari rumah)"


def test_every_reason_code_has_a_label_and_the_catalogue_covers_them():
    catalogue = labels.catalogue()
    assert set(catalogue["reasons"]) == set(verify.MESSAGES)
    for code, info in catalogue["reasons"].items():
        assert info["label"] != code and info["message"] != code
    assert set(catalogue["statuses"]) == {"VALID", "FLAGGED", "REJECTED"}
    assert all(s["help"] for s in catalogue["statuses"].values())
    assert catalogue["kinds"] == {"in": "Masuk", "out": "Pulang"}


def test_times_are_wib():
    assert labels.wib_time(AT_0712) == "07.12"
    assert labels.wib_time("2026-02-10T16:05:00+00:00") == "23.05"
    row = {
        "client_uuid": uuid.UUID(int=1),
        "kind": "in",
        "device_time": AT_0712,
        "status": "FLAGGED",
        "reasons": ["outside_fence", "clock_skew"],
        "expected_mode": "WFO",
        "late_synced": True,
    }
    shown = labels.describe(row)
    assert shown["time"] == "07.12"
    assert shown["date"] == dt.date(2026, 2, 10)
    assert shown["kind_label"] == "Masuk" and shown["status_label"] == "Ditandai"
    assert [r["label"] for r in shown["reasons"]] == ["Di luar area", "Jam perangkat menyimpang"]


def _stored(city, when, **extra):
    data = {
        "client_uuid": uuid.uuid4(),
        "employee": city.staff1,
        "kind": "in",
        "device_time": when,
        "received_at": when,
        "work_date": timezone.localtime(when).date(),
        "latitude": OFFICE[0],
        "longitude": OFFICE[1],
        "accuracy_m": 10,
        "device_id": "hp",
        "expected_mode": "WFO",
        "status": "FLAGGED",
        "reasons": ["outside_fence", "unregistered_device"],
        "source": "web",
    }
    data.update(extra)
    return CheckIn.objects.create(**data)


def test_check_in_page_and_history_show_labels_and_wib(city, office):
    """Rule: today's list reads "Masuk 07.12 Ditandai Di luar area", never UTC or a code."""
    _stored(city, AT_0712)
    with time_machine.travel(NOW, tick=False):
        client = client_for(city.users["asn"])
        page = client.get("/presensi/").content.decode()
        history = client.get("/presensi/riwayat/").content.decode()
    assert "Anda sudah presensi masuk pukul 07.12 WIB." in page
    for html in (page, history):
        # The label catalogue for the JS is a JSON script block keyed by code; not shown.
        html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
        assert "07.12" in html and "UTC" not in html
        assert ">Masuk<" in html and ">Ditandai<" in html
        assert "Di luar area" in html and "Perangkat belum terdaftar" in html
        for code in ("outside_fence", "unregistered_device", ">FLAGGED<", ">in<"):
            assert code not in html
    assert "10/02/2026 07.12" in history


def test_approvals_show_labels(city, office):
    # The inbox holds FLAGGED records to confirm (a REJECTED one is the system's own verdict).
    _stored(city, AT_0712, status="FLAGGED", reasons=["mock_location"])
    with time_machine.travel(NOW, tick=False):
        html = client_for(city.users["atasan"]).get("/presensi/persetujuan/").content.decode()
    assert "Lokasi palsu" in html and ">Ditandai<" in html and "07.12 WIB" in html
    # The map's evidence JSON keeps the API's codes; no code is shown as text.
    shown = re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)
    assert "mock_location" not in shown


def _web_post(client, **overrides):
    return post(client, body(device_time=AT_0712.isoformat(), sent_at=NOW.isoformat(), **overrides))


def test_second_same_type_from_the_page_needs_confirmation(city, office):
    """Rule: the page's second "masuk" of a day is refused (409, nothing stored) until the
    person confirms; a replay of a stored UUID stays idempotent; "pulang" is not a repeat."""
    with time_machine.travel(NOW, tick=False):
        client = client_for(city.users["asn"])
        first = _web_post(client)
        assert first.status_code == 201
        again = body(
            device_time=(AT_0712 + dt.timedelta(minutes=3)).isoformat(), sent_at=NOW.isoformat()
        )
        refused = post(client, again)
        assert refused.status_code == 409
        assert refused.json()["detail"] == "Anda sudah presensi masuk pukul 07.12 WIB."
        assert [e["field"] for e in refused.json()["errors"]] == ["confirm_repeat"]
        assert CheckIn.objects.count() == 1

        replay = post(client, _replay(first))
        assert replay.status_code == 200
        assert replay.json() == first.json()

        confirmed = post(client, {**again, "confirm_repeat": True})
        assert confirmed.status_code == 201
        assert CheckIn.objects.filter(kind="in").count() == 2
        # The same UUID sent again after the confirmation: the stored answer, nothing new.
        assert post(client, {**again, "confirm_repeat": True}).status_code == 200

        out = _web_post(client, kind="out")
        assert out.status_code == 201
    assert CheckIn.objects.count() == 3


def _replay(first):
    """The first body again (same UUID, same content): what the offline queue resends."""
    stored = CheckIn.objects.get(client_uuid=first.json()["uuid"])
    return {
        "uuid": str(stored.client_uuid),
        "kind": stored.kind,
        "device_time": stored.device_time.isoformat(),
        "sent_at": NOW.isoformat(),
        "latitude": stored.latitude,
        "longitude": stored.longitude,
        "accuracy_m": stored.accuracy_m,
        "provider": stored.provider,
        "mock_location": stored.mock_location,
        "device_id": stored.device_id,
    }


def test_rejected_earlier_record_does_not_count_as_done(city, office):
    _stored(city, AT_0712, status="REJECTED", reasons=["mock_location"])
    with time_machine.travel(NOW, tick=False):
        assert _web_post(client_for(city.users["asn"])).status_code == 201


def test_token_clients_keep_the_original_contract(city, office, api_headers):
    """Rule: a phone app with a bearer token may store a second "masuk" without the flag."""
    headers = api_headers(city.users["asn"])
    with time_machine.travel(NOW, tick=False):
        client = Client()
        assert post(client, body(device_time=AT_0712.isoformat()), headers).status_code == 201
        later = (AT_0712 + dt.timedelta(minutes=5)).isoformat()
        assert post(client, body(device_time=later), headers).status_code == 201
    assert CheckIn.objects.filter(source="api").count() == 2


def test_other_pages_use_the_same_labels(city, office):
    """The audit worksheet map and the atasan's team page read labels, not codes."""
    from hibrida.audit.evidence import check_in_points

    _stored(city, AT_0712)
    point = check_in_points(city.staff1.pk, dt.date(2026, 2, 10))[0]
    assert point["time"] == "07.12 WIB"
    assert point["text"] == "Masuk · Ditandai · Di luar area · Perangkat belum terdaftar"
    with time_machine.travel(NOW, tick=False):
        html = client_for(city.users["atasan"]).get("/pemantauan/tim/").content.decode()
    assert ">Ditandai<" in html and "Di luar area, Perangkat belum terdaftar" in html
    assert ">FLAGGED<" not in html
