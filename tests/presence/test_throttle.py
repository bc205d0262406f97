"""API limits: check-ins per token and per address, bearer failures per token and per address;
429 with Retry-After and the API's JSON error shape."""

from __future__ import annotations

import pytest
from django.test import Client

from hibrida.presence.models import CheckIn
from tests.factories import make_user

from .conftest import body, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.HIBRIDA_CHECKIN_RATE_TOKEN = ""
    settings.HIBRIDA_CHECKIN_RATE_ADDRESS = ""
    settings.HIBRIDA_API_AUTH_FAILURES_TOKEN = ""
    settings.HIBRIDA_API_AUTH_FAILURES_ADDRESS = ""
    return settings


def assert_throttled(response) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Terlalu banyak permintaan" in response.json()["detail"]


def test_check_ins_past_the_token_rate_answer_429_with_retry_after(
    city, office, api_headers, limits
):
    limits.HIBRIDA_CHECKIN_RATE_TOKEN = "3/m"
    headers = api_headers(city.users["asn"])
    for _ in range(3):
        assert post(Client(), body(), headers).status_code == 201  # a fresh UUID each time
    refused = post(Client(), body(), headers)
    assert_throttled(refused)
    assert CheckIn.objects.count() == 3


def test_the_token_rate_counts_each_token_apart(city, office, api_headers, limits):
    limits.HIBRIDA_CHECKIN_RATE_TOKEN = "1/m"
    first, second = api_headers(city.users["asn"]), api_headers(make_user(city.staff2))
    assert post(Client(), body(), first).status_code == 201
    assert post(Client(), body(), second).status_code == 201
    assert post(Client(), body(), first).status_code == 429


def test_check_ins_past_the_address_rate_answer_429_whatever_the_token(
    city, office, api_headers, limits
):
    limits.HIBRIDA_CHECKIN_RATE_ADDRESS = "2/m"
    first, second = api_headers(city.users["asn"]), api_headers(make_user(city.staff2))
    assert post(Client(), body(), first).status_code == 201
    assert post(Client(), body(), second).status_code == 201
    assert_throttled(post(Client(), body(), second))
    assert post(Client(REMOTE_ADDR="198.51.100.20"), body(), second).status_code == 201


def test_repeated_bad_token_is_refused_with_429_before_any_lookup(
    city, office, limits, django_assert_num_queries
):
    limits.HIBRIDA_API_AUTH_FAILURES_TOKEN = "3/10m"
    bad = {"HTTP_AUTHORIZATION": "Bearer token-yang-sudah-dicabut"}
    for _ in range(3):
        assert post(Client(), body(), bad).status_code == 401
    with django_assert_num_queries(0):
        refused = post(Client(), body(), bad)
    assert_throttled(refused)


def test_failed_tokens_from_one_address_lock_that_address_only(city, office, api_headers, limits):
    limits.HIBRIDA_API_AUTH_FAILURES_ADDRESS = "3/10m"
    for i in range(3):
        bad = {"HTTP_AUTHORIZATION": f"Bearer tebakan-{i}"}
        assert post(Client(), body(), bad).status_code == 401
    good = api_headers(city.users["asn"])
    assert_throttled(post(Client(), body(), good))
    assert post(Client(REMOTE_ADDR="198.51.100.20"), body(), good).status_code == 201


def test_default_rates_let_a_phone_retry(city, office, api_headers):
    """The shipped rates: a phone re-sending the same check-in ten times is not refused."""
    headers, data = api_headers(city.users["asn"]), body()
    answers = {post(Client(), data, headers).status_code for _ in range(10)}
    assert answers == {200, 201}


def test_the_schema_documents_the_429_answer(city):
    schema = Client().get("/api/v1/openapi.json").json()
    check_in = schema["paths"]["/api/v1/presence/check-ins"]["post"]
    assert "429" in check_in["responses"]
