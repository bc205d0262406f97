"""Small cells: figures about fewer than ten people are withheld from a role that may not see
persons (Diskominfostandi) on the page, in the API and in the exports; BKPSDM sees them."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from hibrida.monitoring import selectors, services
from tests.conftest import client_for
from tests.factories import EmployeeFactory, OpdFactory, PositionFactory, UnitFactory

from .conftest import WEEK

pytestmark = pytest.mark.django_db

PERIOD = {"dari": WEEK[0].isoformat(), "sampai": WEEK[-1].isoformat()}
HIDDEN = "disembunyikan (< 10 orang)"


def staffed_opd(short_name: str, sizes: dict[str, int]):
    """An OPD whose units have the given head counts (no schedule: every working day WFO)."""
    opd = OpdFactory(short_name=short_name, name=f"Dinas {short_name}")
    position = PositionFactory(opd=opd)
    units = {}
    for name, size in sizes.items():
        units[name] = UnitFactory(opd=opd, name=name)
        for i in range(size):
            EmployeeFactory(unit=units[name], position=position, name=f"{name} {i}")
    return opd, units


@pytest.fixture
def cells(city):
    """Units of 1 (the head), 9, 10 and 12 in one OPD; 3, 12 and 20 in another."""
    small = staffed_opd("Kecil", {"Kepala Dinas": 1, "Bidang Sembilan": 9, "Bidang Sepuluh": 10})
    mixed = staffed_opd("Campur", {"Seksi Tiga": 3, "Seksi Dua Belas": 12, "Seksi Dua Puluh": 20})
    services.refresh_daily_summary(actor=None, start=WEEK[0], end=WEEK[-1])
    return small, mixed


def api_units(client: Client, headers: dict, opd) -> dict[str, dict]:
    body = client.get("/api/v1/monitoring/opd", {**PERIOD, "opd": opd.pk}, **headers).json()
    return {row["name"]: row for row in body["units"]}


def test_one_person_unit_is_hidden_from_diskominfo_in_the_api(city, cells, api_headers):
    (small, _units), _ = cells
    rows = api_units(Client(), api_headers(city.users["diskominfo"]), small)
    head = rows["Kepala Dinas"]
    assert head["hidden"] is True and head["counts"] is None
    assert set(head["figures"].values()) == {None}


def test_one_person_unit_stays_visible_to_bkpsdm(city, cells, api_headers):
    (small, _units), _ = cells
    rows = api_units(Client(), api_headers(city.users["bkpsdm"]), small)
    head = rows["Kepala Dinas"]
    assert head["hidden"] is False and head["counts"]["expected"] == len(WEEK)


def test_unit_of_ten_is_shown_and_of_nine_hidden(city, cells, api_headers):
    (small, _units), _ = cells
    rows = api_units(Client(), api_headers(city.users["diskominfo"]), small)
    assert rows["Bidang Sepuluh"]["hidden"] is False
    assert rows["Bidang Sepuluh"]["counts"]["expected"] == 10 * len(WEEK)
    assert rows["Bidang Sembilan"]["hidden"] is True


def test_complement_of_a_single_hidden_unit_is_hidden_too(city, cells, api_headers):
    """Seksi Tiga alone hidden would be the OPD total minus the others: the smallest other
    unit (12) goes too, the largest (20) stays."""
    _, (mixed, _units) = cells
    rows = api_units(Client(), api_headers(city.users["diskominfo"]), mixed)
    assert rows["Seksi Tiga"]["hidden"] and rows["Seksi Dua Belas"]["hidden"]
    assert rows["Seksi Dua Puluh"]["hidden"] is False


def test_no_complement_needed_when_two_units_are_hidden(city, cells, api_headers):
    (small, _units), _ = cells
    rows = api_units(Client(), api_headers(city.users["diskominfo"]), small)
    assert rows["Bidang Sepuluh"]["hidden"] is False  # 1 and 9 hidden already protect each other


def test_one_person_unit_says_hidden_on_the_page_not_a_number(city, cells):
    (small, units), _ = cells
    page = client_for(city.users["diskominfo"]).get("/pemantauan/opd/", {**PERIOD, "opd": small.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert "disembunyikan (&lt; 10 orang)" in html
    one = client_for(city.users["diskominfo"]).get(
        "/pemantauan/opd/", {**PERIOD, "opd": small.pk, "unit": units["Kepala Dinas"].pk}
    )
    assert "disembunyikan (&lt; 10 orang)" in one.content.decode()


def test_one_person_unit_is_hidden_in_the_unit_csv_for_diskominfo_only(city, cells):
    (small, _units), _ = cells

    def rows_of(user) -> dict[str, list[str]]:
        export = client_for(user).get(
            "/pemantauan/ekspor/opd/unit.csv", {**PERIOD, "opd": small.pk}
        )
        assert export.status_code == 200
        table = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
        return {row[0]: row[1:] for row in table[1:]}

    hidden = rows_of(city.users["diskominfo"])["Kepala Dinas"]
    assert set(hidden) == {HIDDEN}
    shown = rows_of(city.users["bkpsdm"])["Kepala Dinas"]
    assert shown[0] == str(len(WEEK))


def test_filtering_to_a_small_unit_hides_its_total_and_trend(city, cells):
    (small, units), _ = cells
    f = selectors.Filters(WEEK[0], WEEK[-1], small.pk, units["Kepala Dinas"].pk)
    data = selectors.opd_dashboard(city.users["diskominfo"], f)
    assert data["total"]["hidden"] and data["total"]["counts"] is None
    assert data["trend"] and all(row["hidden"] for row in data["trend"])
    assert all(row["hidden"] for row in data["index_trend"])
    drill = selectors.city_dashboard(city.users["diskominfo"], f)
    assert drill["total"]["hidden"] and all(row["hidden"] for row in drill["opds"])


def test_one_person_opd_is_hidden_in_the_city_ranking(city, cells):
    """OPD B of the mini city has one employee."""
    f = selectors.Filters(WEEK[0], WEEK[-1])
    ranking = {r["key"]: r for r in selectors.city_dashboard(city.users["diskominfo"], f)["opds"]}
    assert ranking[city.opd_b.pk]["hidden"] and ranking[city.opd_b.pk]["rank"] is None
    assert not ranking[cells[1][0].pk].get("hidden")
    bkpsdm = {r["key"]: r for r in selectors.city_dashboard(city.users["bkpsdm"], f)["opds"]}
    assert not bkpsdm[city.opd_b.pk].get("hidden")


def test_diskominfo_gets_no_spot_check_rows_at_all(week):
    """A spot check is about one named person: the oversight panel has none for Diskominfo."""
    from .test_dashboards import _meeting_and_spot_checks

    _meeting_and_spot_checks(week.city)
    f = selectors.Filters(WEEK[0], WEEK[-1])
    assert selectors.oversight(week.city.users["diskominfo"], f)["spot_checks"] == []
    assert selectors.oversight(week.city.users["bkpsdm"], f)["spot_checks"]


def test_people_counts_count_a_person_who_moved_in_both_groups_and_once_in_all(cells):
    """Rule: the minimum group size counts distinct people per unit over the period; a person
    whose summary rows sit in two units (moved mid-week) counts in each, once in the total."""
    from hibrida.monitoring.models import PersonDailySummary
    from hibrida.monitoring.smallcells import people_counts

    (_small, units), _ = cells
    nine, ten = units["Bidang Sembilan"], units["Bidang Sepuluh"]
    where = "day BETWEEN %s AND %s AND unit_id IN (%s, %s)"
    params = [WEEK[0], WEEK[-1], nine.pk, ten.pk]
    assert people_counts(where, params, "unit_id") == ({nine.pk: 9, ten.pk: 10}, 19)
    mover = PersonDailySummary.objects.filter(unit=ten).order_by("employee_id", "day").first()
    PersonDailySummary.objects.filter(pk=mover.pk).update(unit=nine)
    assert people_counts(where, params, "unit_id") == ({nine.pk: 10, ten.pk: 10}, 19)
    per_opd, everyone = people_counts(where, params, "opd_id")
    assert per_opd == {nine.opd_id: 19} and everyone == 19
