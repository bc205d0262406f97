"""What a dashboard says about an empty period, its map tiles and a week still running."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from hibrida import settings as hibrida_settings
from hibrida.monitoring import selectors
from tests.conftest import client_for

from .conftest import WEEK
from .test_dashboards import _meeting_and_spot_checks

pytestmark = pytest.mark.django_db

JKT = ZoneInfo("Asia/Jakarta")
PERIOD = {"dari": WEEK[0].isoformat(), "sampai": WEEK[-1].isoformat()}


def test_empty_period_says_so_and_links_the_nearest_period_before(week):
    """Rule: a period without summary data reads "Belum ada data untuk periode ini" and links
    the same-length period ending on the last day with data (data: 2–6 Feb 2026; asked:
    1–10 Mar, 9 days long → 28 Jan – 6 Feb)."""
    body = (
        client_for(week.city.users["bkpsdm"])
        .get("/pemantauan/kota/", {"dari": "2026-03-01", "sampai": "2026-03-10"})
        .content.decode()
    )
    assert "Belum ada data untuk periode ini" in body
    assert 'href="?dari=2026-01-28&amp;sampai=2026-02-06"' in body


def test_empty_period_before_the_data_links_the_period_starting_on_its_first_day(week):
    """Rule: asked 1–5 Jan (4 days after the first), the nearest is 2–6 Feb on the OPD page."""
    c = week.city
    body = (
        client_for(c.users["opd_admin"])
        .get("/pemantauan/opd/", {"dari": "2026-01-01", "sampai": "2026-01-05"})
        .content.decode()
    )
    assert "Belum ada data untuk periode ini" in body
    assert "dari=2026-02-02&amp;sampai=2026-02-06" in body


def test_period_with_data_shows_no_notice(week):
    body = client_for(week.city.users["bkpsdm"]).get("/pemantauan/kota/", PERIOD).content.decode()
    assert "Belum ada data untuk periode ini" not in body
    assert 'data-testid="nearest-period"' not in body


def test_no_data_at_all_says_so_without_a_link(city):
    body = client_for(city.users["bkpsdm"]).get("/pemantauan/kota/", PERIOD).content.decode()
    assert "Belum ada data untuk periode ini" in body
    assert 'data-testid="nearest-period"' not in body


def test_map_tiles_setting_reaches_the_map_as_a_data_attribute(week):
    client = client_for(week.city.users["bkpsdm"])
    default = client.get("/pemantauan/kota/", PERIOD)
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in default.content.decode()
    assert "© kontributor OpenStreetMap" in default.content.decode()
    # The default tile host is allowed to load images, nothing else is added.
    assert (
        "img-src 'self' data: https://tile.openstreetmap.org"
        in (default["Content-Security-Policy"])
    )
    with override_settings(HIBRIDA_MAP_TILES=""):
        body = client.get("/pemantauan/kota/", PERIOD).content.decode()
    assert "data-tiles=" not in body
    assert 'class="map dashboard plain"' in body
    assert 'data-testid="map-attribution"' not in body


def test_tile_origin_for_csp():
    assert hibrida_settings._tile_origin("") == []
    assert hibrida_settings._tile_origin("https://{s}.tiles.example.id/{z}/{x}/{y}.png") == [
        "https://*.tiles.example.id"
    ]
    with pytest.raises(ImproperlyConfigured):
        hibrida_settings._tile_origin("ftp://tiles.example.id/{z}/{x}/{y}.png")


def test_map_shows_the_last_day_of_the_period_with_check_ins(week):
    """Rule: the period 2–6 Feb lies in the past; the map shows Friday 6 Feb, when kepala
    (OPD A) and the OPD B employee checked in, instead of an empty today."""
    c = week.city
    day = selectors.map_day(c.users["opd_admin"], selectors.Filters(WEEK[0], WEEK[-1]), WEEK[-1])
    assert day == dt.date(2026, 2, 6)
    markers = selectors.checkin_map(c.users["opd_admin"], day)
    assert [(m["total"], m["VALID"]) for m in markers] == [(1, 1)]  # kepala only: OPD A
    # A period ending today with nobody checked in yet falls back to the last day with data.
    later = selectors.Filters(WEEK[0], dt.date(2026, 2, 9))
    assert selectors.map_day(c.users["opd_admin"], later, dt.date(2026, 2, 9)) == WEEK[-1]


def test_running_week_reads_on_track_or_still_needed(week):
    """Rule: on Wednesday 4 Feb the week 2–8 Feb is running: OPD A (WFH, one meeting held
    Monday, minimum 2) reads "masih perlu 1 rapat", OPD B (no WFH) "sesuai jalur", and no
    shortfall warning is shown."""
    c = week.city
    _meeting_and_spot_checks(c)
    with time_machine.travel(dt.datetime(2026, 2, 4, 10, 0, tzinfo=JKT), tick=False):
        data = selectors.oversight(c.users["bkpsdm"], selectors.Filters(WEEK[0], WEEK[2]))
        body = (
            client_for(c.users["bkpsdm"])
            .get("/pemantauan/pengawasan/", {"dari": "2026-02-02", "sampai": "2026-02-04"})
            .content.decode()
        )
    rows = {r["name"]: (r["meetings"], r["needed"]) for r in data["meetings"]}
    assert rows["DinasA"] == (1, 1)
    assert rows["DinasB"] == (0, 0)
    assert data["week_finished"] is False and data["warnings"] == []
    assert "masih perlu 1 rapat" in body and "sesuai jalur" in body
    assert 'data-testid="meeting-warnings"' not in body
    assert "(minimal" not in body


def test_finished_week_shows_the_shortfall(week):
    """Rule: on Tuesday 10 Feb the week 2–8 Feb is over: OPD A with WFH and no meeting reads
    "0 rapat (minimal 2)" and "belum memenuhi"."""
    c = week.city
    with time_machine.travel(dt.datetime(2026, 2, 10, 8, 0, tzinfo=JKT), tick=False):
        body = client_for(c.users["bkpsdm"]).get("/pemantauan/pengawasan/", PERIOD).content.decode()
    assert 'data-testid="meeting-warnings"' in body
    assert "DinasA: 0 rapat (minimal 2)" in body
    assert "belum memenuhi" in body
    assert "masih perlu" not in body


def test_output_index_is_explained_where_shown(week):
    c = week.city
    body = client_for(c.users["opd_admin"]).get("/pemantauan/opd/", PERIOD).content.decode()
    assert 'data-testid="index-help"' in body and "100 berarti sama produktif" in body
    assert 'data-testid="index-card-help"' in body
