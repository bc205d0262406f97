"""The dashboard API returns the page's figures under the same scope."""

from __future__ import annotations

import pytest
from django.test import Client

from .conftest import WEEK, hand_count

pytestmark = pytest.mark.django_db

PERIOD = {"dari": WEEK[0].isoformat(), "sampai": WEEK[-1].isoformat()}


def test_city_api_figures_and_people_scope(week, api_headers):
    """Rule: the API gives the same counts; Diskominfo gets no person rows, and a unit of
    four people is a small cell: its total is withheld, marked, not zeroed."""
    c = week.city
    client = Client()
    query = {**PERIOD, "opd": c.opd_a.pk, "unit": c.staff1.unit_id}
    body = client.get("/api/v1/monitoring/city", query, **api_headers(c.users["bkpsdm"])).json()
    everyone = {c.kepala.pk, c.kabid.pk, c.staff1.pk, c.staff2.pk}
    assert body["total"]["counts"]["expected"] == hand_count(week, everyone)["expected"]
    assert len(body["people"]) == 4
    aggregate = client.get(
        "/api/v1/monitoring/city", query, **api_headers(c.users["diskominfo"])
    ).json()
    assert aggregate["people"] == []
    assert aggregate["total"]["hidden"] is True and aggregate["total"]["counts"] is None
    assert body["total"]["hidden"] is False


def test_opd_api_leak_and_errors(week, api_headers):
    """Rule: another OPD is 404 for an OPD admin; bad filters are 422 with field messages."""
    c = week.city
    headers = api_headers(c.users["opd_admin"])
    client = Client()
    assert client.get("/api/v1/monitoring/opd", {"opd": c.opd_b.pk}, **headers).status_code == 404
    assert client.get("/api/v1/monitoring/city", **headers).status_code == 403
    bad = client.get("/api/v1/monitoring/opd", {"dari": "x"}, **headers)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "dari"


def test_team_api(week, api_headers):
    """Rule: the atasan's team API lists their subordinates with the day's status."""
    c = week.city
    body = (
        Client()
        .get(
            "/api/v1/monitoring/team",
            {"day": WEEK[2].isoformat()},
            **api_headers(c.users["atasan"]),
        )
        .json()
    )
    assert {r["name"] for r in body["rows"]} == {c.staff1.name, c.staff2.name}
    assert Client().get("/api/v1/monitoring/team", **api_headers(c.users["asn"])).status_code == 403
