"""TPP pages and API: field errors, scoped lines, the XLSX for BPKAD, the ASN's own recap."""

from __future__ import annotations

import io
import json

from openpyxl import load_workbook

from hibrida.pay import services
from hibrida.pay.models import MonthRecap, TierTable

from ..conftest import client_for
from .conftest import DAYS, END, MONTH, TABLE, on_time


def computed(city):
    on_time([city.kepala, city.kabid, city.staff2, city.other])
    on_time([city.staff1], days=DAYS[1:])
    return services.compute_month(
        actor=city.users["bkpsdm"], year=MONTH[0], month=MONTH[1], today=END
    )


def test_tier_table_form_shows_field_errors_and_stores_nothing(city):
    client = client_for(city.users["bkpsdm"])
    response = client.post(
        "/tpp/tabel/tambah/", {**TABLE, "tl_tiers": "30:0,5; 60:1", "absent_percent": "x"}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert 'data-field="tl_tiers"' in body and 'data-field="absent_percent"' in body
    assert TierTable.objects.count() == 0
    assert client.post("/tpp/tabel/tambah/", TABLE).status_code == 302
    assert TierTable.objects.get().tl_tiers == [
        [30, "0.5"],
        [60, "1"],
        [90, "1.25"],
        [None, "1.5"],
    ]


def test_compute_form_refuses_a_bad_month(city, table):
    response = client_for(city.users["bkpsdm"]).post("/tpp/hitung/", {"month": "2025-13"})
    assert response.status_code == 422 and MonthRecap.objects.count() == 0


def test_atasan_sees_only_subordinates_on_the_month_page(city, table):
    recap = computed(city)
    body = client_for(city.users["atasan"]).get(f"/tpp/bulan/{recap.pk}/").content.decode()
    assert city.staff1.name in body and city.staff2.name in body
    assert city.other.name not in body and city.kepala.name not in body


def test_asn_sees_own_recap_explained_by_day_and_not_others(city, table):
    recap = computed(city)
    client = client_for(city.users["asn"])
    mine = client.get("/tpp/saya/").content.decode()
    own = recap.lines.get(employee=city.staff1)
    assert f"/tpp/baris/{own.pk}/" in mine
    detail = client.get(f"/tpp/baris/{own.pk}/").content.decode()
    assert DAYS[0].isoformat() in detail and "Tidak masuk tanpa keterangan" in detail
    other = recap.lines.get(employee=city.staff2)
    assert client.get(f"/tpp/baris/{other.pk}/").status_code == 404


def test_xlsx_for_bpkad_has_one_row_per_visible_asn_with_nip_as_text(city, table):
    recap = computed(city)
    response = client_for(city.users["opd_admin"]).get(f"/tpp/bulan/{recap.pk}/tpp.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] and str(r[0]).isdigit()]
    # OPD A's four employees; OPD B's employee is not in the OPD admin's file.
    assert sorted(r[0] for r in rows) == sorted(
        e.nip for e in (city.kepala, city.kabid, city.staff1, city.staff2)
    )
    staff1 = next(r for r in rows if r[0] == city.staff1.nip)
    assert staff1[6] == 1 and staff1[10] == 3.0


def test_api_review_then_final_and_second_review_is_409(city, table, api_headers):
    from django.test import Client

    recap = computed(city)
    line = recap.lines.get(employee=city.staff1)
    url = f"/api/v1/pay/lines/{line.pk}/review"
    first = Client().post(
        url, "{}", content_type="application/json", **api_headers(city.users["atasan"])
    )
    assert first.status_code == 200 and first.json()["status"] == "reviewed"
    second = Client().post(
        url, "{}", content_type="application/json", **api_headers(city.users["atasan"])
    )
    assert second.status_code == 409
    mine = Client().get("/api/v1/pay/me", **api_headers(city.users["asn"])).json()
    assert [(m["percent"], [i["code"] for i in m["items"]]) for m in mine] == [("3.00", ["TK"])]


def test_api_tier_table_errors_are_field_level_422(city, api_headers):
    from django.test import Client

    bad = {**TABLE, "psw_tiers": "*:150"}
    response = Client().post(
        "/api/v1/pay/tier-tables",
        json.dumps(bad),
        content_type="application/json",
        **api_headers(city.users["bkpsdm"]),
    )
    assert response.status_code == 422
    assert "psw_tiers" in json.dumps(response.json())
    assert TierTable.objects.count() == 0
