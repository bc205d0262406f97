"""Pages and API: access per role, simulator, pilot (+PDF), realised costs, public page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from hibrida.efficiency.models import CostBaseline, Metric, PilotMetric, RealisedCost
from hibrida.efficiency.pilot import PERIODS
from tests.conftest import client_for
from tests.factories import EmployeeFactory, OpdFactory, PositionFactory, UnitFactory


def add_staff(opd, n, *, presence=False, reason=""):
    unit = UnitFactory(opd=opd)
    pos = PositionFactory(opd=opd, requires_presence=presence, presence_reason=reason)
    return [EmployeeFactory(unit=unit, position=pos) for _ in range(n)]


@pytest.fixture
def pilot_city(city):
    """City A (admin, 16 staff incl. 6 loket) + B (frontline, 1 staff) + two more OPDs."""
    add_staff(city.opd_a, 10)
    add_staff(city.opd_a, 6, presence=True, reason="loket pelayanan")
    opd_c = OpdFactory(short_name="BadanC", opd_class="administratif_teknis")
    opd_d = OpdFactory(short_name="DinasD", opd_class="pelayanan_langsung")
    add_staff(opd_c, 12)
    add_staff(opd_d, 12, presence=True, reason="loket pelayanan")
    changes = {city.opd_a: 3.0, opd_c: 5.0, city.opd_b: 0.5, opd_d: -0.5}
    rows = []
    for opd, delta in changes.items():
        for i, p in enumerate(PERIODS):
            for metric in (Metric.OUTPUT_INDEX, Metric.ATTENDANCE, Metric.REPORT_SUBMISSION):
                rows.append(
                    PilotMetric(
                        opd=opd, month=p.month, metric=metric, value=90 + delta * i, staff=12
                    )
                )
            rows.append(
                PilotMetric(opd=opd, month=p.month, metric=Metric.OUTPUT_WFH, value=101.5, staff=4)
            )
    PilotMetric.objects.bulk_create(rows)
    for comp in ("listrik_air", "atk_logistik"):
        CostBaseline.objects.create(opd=city.opd_a, component=comp, monthly_amount=10_000_000)
        RealisedCost.objects.create(
            opd=city.opd_a,
            month=dt.date(2025, 12, 1),
            component=comp,
            amount=9_000_000,
            synthetic=True,
        )
    city.opd_c, city.opd_d = opd_c, opd_d
    return city


# --- simulator ---------------------------------------------------------------------------


def test_simulator_only_for_bkpsdm_and_inspektorat(city):
    """Rule: the simulator menu entry is for BKPSDM/Inspektorat; other roles get 403."""
    for role in ("asn", "atasan", "opd_admin", "diskominfo"):
        assert client_for(city.users[role]).get("/efisiensi/").status_code == 403
    for role in ("bkpsdm", "inspektorat"):
        assert client_for(city.users[role]).get("/efisiensi/").status_code == 200


def test_simulator_default_shows_reported_table_and_consistency(city):
    """Rule: the default page reproduces the table and shows each discrepancy."""
    body = client_for(city.users["bkpsdm"]).get("/efisiensi/").content.decode()
    assert "25,0 jt → 21,0 jt" in body and "18,0 jt → 14,0 jt" in body
    assert "Rp 132.000.000" in body
    assert "Rp 11 juta × 12 = Rp 132 juta/tahun, bukan Rp 125 juta" in body
    assert "40 × Rp 125 juta = Rp 5,0 miliar" in body
    assert "Asumsi" in body


def test_simulator_city_scope_uses_database_opds(pilot_city):
    """Rule: with the city scope the OPDs come from the database with their class."""
    client = client_for(pilot_city.users["bkpsdm"])
    body = client.get(
        "/efisiensi/?kalibrasi=teks_berita&cakupan=kota&skenario=campuran&seed=3&undian=500"
    ).content.decode()
    assert "BadanC" in body and "DinasD" in body
    assert "4 OPD" in body


def test_simulator_invalid_json_names_field(city):
    """Rule: invalid input gives an Indonesian message naming the field."""
    client = client_for(city.users["bkpsdm"])
    payload = {
        "kalibrasi": "tabel_berita",
        "cakupan": "rata2",
        "skenario": "wfh_1_hari",
        "seed": 1,
        "undian": 500,
        "masukan_json": json.dumps({"uptake": 3}),
    }
    body = client.post("/efisiensi/", payload).content.decode()
    assert "Kolom &#x27;uptake&#x27;" in body or "Kolom 'uptake'" in body


# --- pilot -------------------------------------------------------------------------------


def test_pilot_page_shows_did_and_recommendations(pilot_city):
    """Rule: the pilot page compares WFH OPDs with the WFO control, with CIs and advice."""
    client = client_for(pilot_city.users["inspektorat"])
    body = client.get("/efisiensi/uji-coba/").content.decode()
    assert "sintetis" in body
    assert 'data-testid="did-table"' in body and "[" in body
    assert "Rotasi 50:50" in body  # both admin OPDs improved relative to control
    assert "WFO penuh" in body
    assert "<svg" in body


def test_pilot_pdf_is_a_pdf(pilot_city):
    """Rule: the pilot report downloads as a PDF with charts."""
    response = client_for(pilot_city.users["bkpsdm"]).get("/efisiensi/uji-coba/laporan.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_pilot_forbidden_for_opd_admin(city):
    """Rule: the city evaluation is for BKPSDM/Inspektorat."""
    assert client_for(city.users["opd_admin"]).get("/efisiensi/uji-coba/").status_code == 403
    api = client_for(city.users["opd_admin"]).get("/api/v1/efficiency/pilot")
    assert api.status_code == 403


# --- realised costs ----------------------------------------------------------------------


def test_opd_admin_sees_and_edits_only_own_opd(pilot_city):
    """Rule: an OPD admin sees their OPD's plan vs realisation; another OPD is 404."""
    client = client_for(pilot_city.users["opd_admin"])
    body = client.get("/efisiensi/realisasi/").content.decode()
    assert "DinasA" in body and "DinasB" not in body
    assert client.get(f"/efisiensi/realisasi/{pilot_city.opd_b.pk}/isi/").status_code == 404
    assert (
        client.post(
            f"/efisiensi/realisasi/{pilot_city.opd_b.pk}/isi/realisasi/",
            {"month": "2025-11-05", "component": "bbm_perjalanan", "amount": "1", "note": ""},
        ).status_code
        == 404
    )
    response = client.post(
        f"/efisiensi/realisasi/{pilot_city.opd_a.pk}/isi/realisasi/",
        {"month": "2025-11-05", "component": "bbm_perjalanan", "amount": "7500000", "note": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/efisiensi/realisasi/{pilot_city.opd_a.pk}/isi/"
    assert RealisedCost.objects.get(opd=pilot_city.opd_a, component="bbm_perjalanan").amount == (
        7_500_000
    )
    assert not RealisedCost.objects.filter(opd=pilot_city.opd_b, amount=1).exists()


def test_entry_page_forms_post_to_their_own_urls(pilot_city):
    """Rule: one view per action; the page is GET only and each form names its own URL."""
    client = client_for(pilot_city.users["opd_admin"])
    page = f"/efisiensi/realisasi/{pilot_city.opd_a.pk}/isi/"
    body = client.get(page).content.decode()
    assert f'action="{page}realisasi/"' in body
    assert f'action="{page}baseline/"' in body
    assert 'name="form"' not in body
    assert client.post(page, {"amount": "5"}).status_code == 405
    assert client.get(f"{page}realisasi/").status_code == 405
    assert client.get(f"{page}baseline/").status_code == 405


def test_invalid_realised_entry_is_shown_on_the_page_with_field_messages(pilot_city):
    """Rule: bad input re-renders the page with the field's message; nothing is stored."""
    client = client_for(pilot_city.users["opd_admin"])
    response = client.post(
        f"/efisiensi/realisasi/{pilot_city.opd_a.pk}/isi/realisasi/",
        {
            "month": "2025-11-05",
            "component": "bbm_perjalanan",
            "amount": "100000000001",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "Jumlah terlalu besar (lebih dari Rp 100 miliar per bulan)." in (
        response.content.decode()
    )
    assert not RealisedCost.objects.filter(opd=pilot_city.opd_a, amount=100_000_000_001).exists()


def test_inspektorat_reads_plan_vs_realised_but_cannot_enter(pilot_city):
    """Rule: Inspektorat reads the city read-only."""
    client = client_for(pilot_city.users["inspektorat"])
    body = client.get("/efisiensi/realisasi/").content.decode()
    assert "DinasB" in body and "Isi realisasi" not in body
    assert client.get(f"/efisiensi/realisasi/{pilot_city.opd_a.pk}/isi/").status_code == 403


# --- public ------------------------------------------------------------------------------


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_public_page_needs_no_login_and_hides_small_groups(pilot_city):
    """Rule: /publik/ is anonymous; no group under 10 people is shown."""
    from django.test import Client

    response = Client().get("/publik/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "&lt;10" in body  # DinasB has one employee; A's 6 loket staff
    row_b = body.split(f'data-opd="{pilot_city.opd_b.code}"')[1].split("</tr>")[0]
    assert row_b.split("</td>")[2].strip() == "<td>&lt;10"  # DinasB's staff count (1) hidden


def test_public_filters_and_csv_cannot_bypass_suppression(pilot_city):
    """Rule: filters and the CSV read the same suppressed table."""
    from django.test import Client

    anon = Client()
    code_a, code_b = pilot_city.opd_a.code, pilot_city.opd_b.code
    rows = _csv_rows(anon.get("/publik/data.csv"))
    assert rows[0] == ["OPD", "Kelas", "Indikator", "Nilai", "Keterangan"]
    # DinasB has one employee: its counts read "<10", its rates "tidak ditampilkan".
    by_b = {r[2]: r[3] for r in rows[1:] if r[0] == "DinasB"}
    assert by_b["Jumlah ASN"] == "<10"
    assert set(by_b.values()) == {"<10", "tidak ditampilkan"}
    loket_a = [r for r in rows if r[0] == "DinasA" and "loket" in r[2]]
    assert loket_a and loket_a[0][3] == "<10"  # 6 people
    # The complementary cell (eligible count, 14) is hidden too: 20 − 14 would reveal 6. It is
    # not under 10, so it reads "disembunyikan", never "<10".
    eligible_a = [r for r in rows if r[0] == "DinasA" and r[2] == "Layak WFH"]
    assert eligible_a[0][3] == "disembunyikan"
    for query in (f"?opd={code_b}", "?kelas=pelayanan_langsung", f"?opd={code_a}&kelas=x"):
        filtered = _csv_rows(anon.get("/publik/data.csv" + query))
        for r in filtered[1:]:
            # DinasD's 12 loket staff hide as the partner of its 0 eligible ones.
            if r[0] == "DinasB" or "loket" in r[2]:
                assert r[3] in ("<10", "tidak ditampilkan", "disembunyikan")
        page = anon.get("/publik/" + query).content.decode()
        assert "loket pelayanan: 6" not in page
    api = anon.get(f"/api/v1/efficiency/public?opd={code_b}").json()
    assert api and all(c["suppressed"] for c in api)
    assert {c["value"] for c in api} == {"<10", "tidak ditampilkan"}
    assert {c["state"] for c in api} == {"under_min", "withheld"}


def test_public_csv_shows_large_groups(pilot_city):
    """Rule: groups of 10 or more are published (the suppression is not over-broad)."""
    from django.test import Client

    rows = _csv_rows(Client().get(f"/publik/data.csv?opd={pilot_city.opd_c.code}"))
    by = {r[2]: r[3] for r in rows[1:]}
    assert by["Jumlah ASN"] == "12" and by["Layak WFH"] == "12"


def _row(body: str, code: str, testid: str = "public-table") -> list[str]:
    """The cell texts of one OPD's row in the table ``testid`` of a rendered page."""
    table = body.split(f'data-testid="{testid}"')[1].split("</table>")[0]
    row = table.split(f'data-opd="{code}">')[1].split("</tr>")[0]
    return [td.split(">", 1)[1] for td in row.split("</td>")[:-1]]


def test_public_small_count_reads_under_ten_and_its_big_partner_reads_hidden(city):
    """Rule: 357 loket staff and 3 eligible ones: the 3 read "<10"; the 357 are hidden only so
    that 360 − 357 cannot reveal the 3, so they read "disembunyikan*" with a footnote."""
    from django.test import Client

    opd = OpdFactory(short_name="DisdukE", opd_class="pelayanan_langsung")
    add_staff(opd, 357, presence=True, reason="loket pelayanan")
    add_staff(opd, 3)
    anon = Client()
    body = anon.get("/publik/").content.decode()
    main = _row(body, opd.code)
    assert main[:3] == ["DisdukE", "Pelayanan langsung", "360"]
    assert main[4] == "&lt;10"  # Layak WFH: 3
    reasons = _row(body, opd.code, "reasons-table")
    assert reasons[1] == "&lt;10"
    assert [c for c in reasons[2:] if c != "–"] == ["disembunyikan*"]
    assert 'data-testid="complement-note"' in body
    rows = {r[2]: r for r in _csv_rows(anon.get(f"/publik/data.csv?opd={opd.code}"))[1:]}
    assert rows["Jumlah ASN"][3] == "360"
    assert rows["Layak WFH"][3:] == ["<10", "kurang dari 10 orang"]
    (loket,) = [r for label, r in rows.items() if label.startswith("Tidak layak")]
    assert loket[3] == "disembunyikan" and "pengurangan" in loket[4]
    assert "357" not in "".join(",".join(r) for r in rows.values())


@pytest.mark.parametrize(("eligible", "shown"), [(9, "tidak ditampilkan"), (10, "0,250")])
def test_public_gini_shown_from_ten_people_and_never_as_under_ten(
    city, monkeypatch, eligible, shown
):
    """Rule: the Gini index of WFH days is published for a group of 10 and withheld for 9; it
    is not a count, so it never reads "<10"."""
    from django.test import Client

    from hibrida.efficiency import selectors

    opd = OpdFactory(short_name="BadanG", opd_class="administratif_teknis")
    add_staff(opd, 20)
    monkeypatch.setattr(
        selectors, "fairness_by_opd", lambda: {opd.pk: {"staff": eligible, "gini": 0.25}}
    )
    body = Client().get("/publik/").content.decode()
    gini = body.split(f'data-opd="{opd.code}">')[1].split('data-col="gini">')[1]
    assert gini.split("</td>")[0] == shown


def test_public_csv_has_labels_not_internal_keys(pilot_city):
    """Rule: the CSV names classes as the page does ("Administratif / teknis"), not by key."""
    from django.test import Client

    text = Client().get("/publik/data.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    classes = {r[0]: r[1] for r in rows[1:]}
    assert classes["BadanC"] == "Administratif / teknis"
    assert classes["DinasD"] == "Pelayanan langsung"
    for key in ("administratif_teknis", "pelayanan_langsung", "pengawasan_lapangan", "reason:"):
        assert key not in text


# --- API ---------------------------------------------------------------------------------


def test_api_simulate_and_errors(city, api_headers):
    """Rule: the API runs the same model; invalid input → 422 naming the field; ASN → 403."""
    from django.test import Client

    client = Client()
    ok = client.post(
        "/api/v1/efficiency/simulate",
        data=json.dumps({"scenarios": ["wfh_1_hari"], "monte_carlo": {"draws": 200, "seed": 1}}),
        content_type="application/json",
        **api_headers(city.users["bkpsdm"]),
    )
    assert ok.status_code == 200
    assert ok.json()["scenarios"][0]["opds"][0]["yearly_saving"] == 132_000_000
    bad = client.post(
        "/api/v1/efficiency/simulate",
        data=json.dumps({"opds": []}),
        content_type="application/json",
        **api_headers(city.users["bkpsdm"]),
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "opds"
    asn = client.post(
        "/api/v1/efficiency/simulate",
        data="{}",
        content_type="application/json",
        **api_headers(city.users["asn"]),
    )
    assert asn.status_code == 403


def test_api_realised_cost_scoped(city, api_headers):
    """Rule: API writes follow the same scoping (own OPD only) and validation."""
    from django.test import Client

    client = Client()
    headers = api_headers(city.users["opd_admin"])
    body = {
        "opd_id": city.opd_a.pk,
        "month": "2025-12-01",
        "component": "atk_logistik",
        "amount": 12_000_000,
    }
    assert (
        client.post(
            "/api/v1/efficiency/realised-costs",
            data=json.dumps(body),
            content_type="application/json",
            **headers,
        ).status_code
        == 200
    )
    other = {**body, "opd_id": city.opd_b.pk}
    assert (
        client.post(
            "/api/v1/efficiency/realised-costs",
            data=json.dumps(other),
            content_type="application/json",
            **headers,
        ).status_code
        == 404
    )
    bad = {**body, "amount": -1}
    response = client.post(
        "/api/v1/efficiency/realised-costs",
        data=json.dumps(bad),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "amount"
    listing = client.get("/api/v1/efficiency/realised-costs", **headers).json()
    assert [r["opd"] for r in listing] == [city.opd_a.code]


def test_opd_admin_sets_baseline_from_the_entry_page(city):
    """Rule: the finance page also records the OPD's full-WFO baseline (service + audit)."""
    client = client_for(city.users["opd_admin"])
    url = f"/efisiensi/realisasi/{city.opd_a.pk}/isi/"
    response = client.post(
        f"{url}baseline/",
        {
            "component": "listrik_air",
            "monthly_amount": "30000000",
            "source": "DPA 2025",
        },
    )
    assert response.status_code == 302
    assert CostBaseline.objects.get(opd=city.opd_a, component="listrik_air").monthly_amount == (
        30_000_000
    )
    assert "Rp 30.000.000" in client.get(url).content.decode()


def test_pilot_page_and_api_show_the_pretrend_check(pilot_city):
    """Rule: the evaluation shows treated − control pre-pilot slopes with a Welch interval."""
    from hibrida.efficiency.pilot import PRE_PERIODS

    # Baseline (Oct) is 90 for all; treated rose 2/month before, control 0 and 1 a month.
    slopes = {pilot_city.opd_a: 2.0, pilot_city.opd_c: 2.0, pilot_city.opd_b: 0.0}
    slopes[pilot_city.opd_d] = 1.0
    PilotMetric.objects.bulk_create(
        PilotMetric(
            opd=opd,
            month=p.month,
            metric=Metric.OUTPUT_INDEX,
            value=90 - per_month * (len(PRE_PERIODS) - i),
            staff=12,
        )
        for opd, per_month in slopes.items()
        for i, p in enumerate(PRE_PERIODS)
    )
    client = client_for(pilot_city.users["bkpsdm"])
    body = client.get("/efisiensi/uji-coba/").content.decode()
    # Treated slope 2, control 0.5: +1,50 a month; SE √(0 + 0,5/2) = 0,5; t(1) = 12,706.
    assert "1,50 [-4,85; 7,85]" in body
    assert "tidak berbeda nyata" in body
    assert "data pra-uji coba belum tersedia" in body  # attendance has no pre-pilot months
    assert "uji t Welch" in body
    ev = client.get("/api/v1/efficiency/pilot").json()
    output = next(o for o in ev["outcomes"] if o["metric"] == "output_index")
    assert output["pretrend"]["estimate"] == 1.5
    assert output["pretrend"]["ci_high"] == pytest.approx(1.5 + 12.706204736 * 0.5, abs=1e-3)
    assert output["did"]["tahap_2"]["method"] == "welch_t_min_df"
    assert [p["key"] for p in ev["pre_periods"]] == ["pra_agu", "pra_sep", "baseline"]


def _rp(text: str) -> float:
    """'Rp 1.234' → 1234; '80,5 jt' → 80_500_000 (the page's Indonesian formats)."""
    if text.endswith(" jt"):
        return float(text[:-3].replace(".", "").replace(",", ".")) * 1_000_000
    return float(text.removeprefix("Rp ").replace(".", ""))


def test_simulator_headline_shown_inside_its_range_and_named(city):
    """Rule (issue 13): every scenario's headline on the page lies inside the P5–P95 shown
    next to it, and the page says the headline is the Monte Carlo median."""
    import re

    body = client_for(city.users["bkpsdm"]).get("/efisiensi/").content.decode()
    rows = re.findall(
        r'<tr data-scenario="(\w+)">.*?data-testid="headline"><strong>(Rp [\d.]+)</strong></td>\s*'
        r"<td>([\d.,]+ jt) – ([\d.,]+ jt)</td>",
        body,
        re.S,
    )
    assert {key for key, *_ in rows} >= {"wfh_1_hari", "wfh_2_hari", "rotasi_50_50"}
    for _key, head, low, high in rows:
        assert _rp(low) - 50_000 <= _rp(head) <= _rp(high) + 50_000  # ranges shown to 0,1 jt
    one_day = next(r for r in rows if r[0] == "wfh_1_hari")
    assert _rp(one_day[1]) < 132_000_000  # the table's point (above P95) is not the headline
    assert "Rp 132.000.000" in body  # …but it is still shown, as the calibration's point
    assert "<strong>median (P50)</strong>" in body and "di luar rentang" in body


def test_simulator_explains_the_calibrations_with_the_models_own_figures(city):
    """Rule: the form explains each calibration and why they differ; the rupiah figures in
    the explanation are what the model computes for the average OPD at 1 WFH day a week."""
    from hibrida.efficiency.inputs import parse_input
    from hibrida.efficiency.model import simulate

    body = client_for(city.users["bkpsdm"]).get("/efisiensi/").content.decode()
    assert 'data-testid="calibration-help"' in body
    assert "Mereproduksi persis tabel simulasi" in body and "batas &quot;hingga&quot;" in body
    assert "sekitar 3×" in body and "Sumber: dua berita lokal November 2025" in body
    for calibration, shown in (("tabel_berita", 132_000_000), ("teks_berita", 47_640_000)):
        result = simulate(parse_input({"calibration": calibration, "scenarios": ["wfh_1_hari"]}))
        assert result["scenarios"][0]["totals"]["yearly_saving"] == shown
        assert f"Rp {shown:,}/tahun".replace(",", ".") in body


def test_city_inputs_survive_unrelated_writes_but_not_a_baseline_change(
    pilot_city, monkeypatch, django_capture_on_commit_callbacks
):
    """Rule (issue 13): a city run reuses the city's OPD inputs for up to 10 minutes — a
    check-in elsewhere (any audit event) does not force the seconds-long recount — and a
    cost-baseline write refreshes them at once."""
    from hibrida.audit.log import record_event
    from hibrida.efficiency import selectors, services

    calls = []
    real = selectors.city_opd_inputs

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(selectors, "city_opd_inputs", counting)
    data = {"city": "demo", "scenarios": ["wfh_1_hari"], "monte_carlo": {"draws": 100, "seed": 1}}
    viewer = pilot_city.users["bkpsdm"]
    first = selectors.simulation_report(data, use_database=True, viewer=viewer)
    record_event(actor=None, action="test.unrelated", object_type="test", object_id="1")
    selectors.simulation_report(data, use_database=True, viewer=viewer)
    assert len(calls) == 1
    assert any(a.startswith("Data OPD (pegawai, kelayakan") for a in first["assumptions"])
    assert "city_inputs_at" in first

    def opd_a_total(result):
        sc = result["scenarios"][0]
        return next(o for o in sc["opds"] if o["code"] == pilot_city.opd_a.code)["total"]

    with django_capture_on_commit_callbacks(execute=True):
        services.set_cost_baseline(
            actor=viewer, opd=pilot_city.opd_a, component="bbm_perjalanan", monthly_amount=5_000_000
        )
    after = selectors.simulation_report(data, use_database=True, viewer=viewer)
    assert len(calls) == 2
    assert opd_a_total(after)["baseline"] == opd_a_total(first)["baseline"] + 5_000_000


def test_simulator_form_says_it_is_busy(city):
    """Rule: the form carries a busy state (script file, no inline code) for a long city run."""
    body = client_for(city.users["bkpsdm"]).get("/efisiensi/").content.decode()
    import re

    note = re.search(r'<p [^>]*data-testid="simulator-busy"[^>]*>', body)
    assert note and " hidden" in note.group(0) and 'role="status"' in note.group(0)
    assert 'data-busy-text="Menghitung…"' in body
    assert "efficiency/simulator_form" in body
