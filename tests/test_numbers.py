"""Indonesian number notation: decimal comma, thousands dot, on pages and in chart labels."""

from __future__ import annotations

import re

from hibrida.efficiency import charts
from hibrida.efficiency.templatetags.efficiency_tags import persen as persen_filter
from hibrida.monitoring import tables
from hibrida.numbers import angka, persen
from tests.conftest import client_for
from tests.efficiency.test_views import pilot_city  # noqa: F401  (the fixture)


def test_decimal_comma_and_thousands_dot():
    assert angka(12.56) == "12,6"
    assert angka(1234567.891, 0) == "1.234.568"
    assert angka(1234.5, 2) == "1.234,50"
    assert angka(0.0) == "0,0"
    assert angka(-0.75, 2) == "-0,75"


def test_a_change_carries_its_sign():
    assert angka(1.25, 1, sign=True) == "+1,2"  # half to even, as Python rounds
    assert angka(-3.0, 1, sign=True) == "-3,0"
    assert persen(0.126, 1) == "12,6 %"
    assert persen(-0.05, sign=True) == "-5 %"
    assert persen(0.3, sign=True) == "+30 %"


def test_the_template_filter_writes_the_same():
    assert persen_filter(0.126) == "12,6 %"


def test_chart_axis_labels_use_the_decimal_comma():
    svg = charts.lines_svg({"Hadir": [0.5, 1.5]}, ["Okt", "Des"])
    # lo/hi are padded by 10 % of the span: 0.5 - 0.1 = 0.4 and 1.5 + 0.1 = 1.6.
    assert ">0,4</text>" in svg and ">1,6</text>" in svg
    assert ">0.4<" not in svg
    forest = charts.forest_svg([{"label": "Hadir", "estimate": 1.234, "low": -1.0, "high": 2.0}])
    assert ">+1,23</text>" in forest


def test_pilot_page_writes_the_cost_saving_with_a_decimal_comma(pilot_city):  # noqa: F811
    body = client_for(pilot_city.users["inspektorat"]).get("/efisiensi/uji-coba/").content.decode()
    # Baseline 2 × Rp 10 jt, realised 2 × Rp 9 jt in December: 10 % saved.
    assert "Hemat biaya realisasi Desember: 10,0 % dari baseline." in body
    assert re.search(r"\d\.\d %", body) is None


def test_dashboard_counts_carry_the_thousands_dot_on_the_page_only():
    row = {"name": "Kota", "staff": 12034, "hidden": False}
    assert tables.cell(row, "staff") == "12.034"
    assert tables.cell(row, "staff", for_file=True) == 12034
    assert tables.cell({"name": "Kota", "staff": 7}, "staff") == "7"
