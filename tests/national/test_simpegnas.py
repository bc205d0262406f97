"""Simpegnas tiers at their bounds and the CSV format (pure, hand-worked values)."""

from __future__ import annotations

import datetime as dt

import pytest

from hibrida.national import simpegnas
from hibrida.national.simpegnas import Day

HEADER = "NIP,TANGGAL,JENIS_KERJA,JAM_MASUK,JAM_PULANG,TM,PC\n"
NIP = "199001012015031001"


@pytest.mark.parametrize(
    ("minutes", "tm", "pc"),
    [
        (0, "", ""),
        (1, "TM1", "PC1"),
        (30, "TM1", "PC1"),
        (31, "TM2", "PC2"),
        (60, "TM2", "PC2"),
        (61, "TM3", "PC3"),
        (90, "TM3", "PC3"),
        (91, "TM4", "PC4"),
        (None, "TM4", "PC4"),
    ],
)
def test_tier_bounds(minutes, tm, pc):
    assert simpegnas.tier("TM", minutes) == tm
    assert simpegnas.tier("PC", minutes) == pc


def test_a_day_without_checkout_is_pc4_whatever_the_minutes():
    day = simpegnas.day_row(NIP, dt.date(2026, 2, 10), "WFH", dt.time(7, 45), None, 15, 0)
    assert (day.tm, day.pc) == ("TM1", "PC4")


def test_round_trip():
    days = [Day(NIP, dt.date(2026, 2, 10), "WFO", dt.time(7, 31), dt.time(16, 0), "TM1", "")]
    content = simpegnas.write_csv(days)
    assert content.decode().splitlines() == [
        HEADER.strip(),
        f"{NIP},2026-02-10,WFO,07:31,16:00,TM1,",
    ]
    assert simpegnas.read_csv(content) == (days, [])


def test_every_bad_field_is_named_and_nothing_is_returned():
    content = (
        HEADER
        + f"{NIP},2026-02-10,WFO,07:31,16:00,TM1,\n"
        + "12345,10-02-2026,KANTOR,7.31,25:00,TM5,PX\n"
        + f"{NIP},2026-02-11,WFH,16:00,08:00,,\n"
        + f"{NIP},2026-02-10,WFH,,,,\n"
    ).encode()
    days, errors = simpegnas.read_csv(content)
    assert days == []
    assert [(e.row, e.column) for e in errors] == [
        (3, "NIP"),
        (3, "TANGGAL"),
        (3, "JENIS_KERJA"),
        (3, "JAM_MASUK"),
        (3, "JAM_PULANG"),
        (3, "TM"),
        (3, "PC"),
        (4, "JAM_PULANG"),
        (5, "TANGGAL"),
    ]
    assert errors[-1].message == "NIP dan tanggal ini sudah ada di baris 2."


def test_missing_columns_and_empty_file():
    assert simpegnas.read_csv(b"NIP,TANGGAL\n")[1][0].message == (
        "Kolom wajib tidak ada: JENIS_KERJA, JAM_MASUK, JAM_PULANG, TM, PC"
    )
    assert simpegnas.read_csv(HEADER.encode())[1][0].message == "Berkas tidak berisi baris data."
    assert simpegnas.read_csv(b"\xff\xfe")[1][0].column == "-"
