"""Schemathesis against the live schema: every operation, as an ASN and as BKPSDM.

Requests go through Django's WSGI handler in this process, inside the test's transaction.
The rule is zero server errors, zero bodies outside the schema and zero undocumented
statuses; generation is derandomised and the clock pinned, so a failure reproduces.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import schemathesis
import time_machine
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from hibrida.org.services import issue_api_token
from hibrida.policy.models import Level, Phase, PhaseStatus, PolicyRule

# A working Wednesday: routes that default to "today" see the same day on every run.
WEDNESDAY = dt.datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
# Per operation, per role; keeps the whole run to about two minutes on two cores.
EXAMPLES = 15
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.generation.update(
    deterministic=True, max_examples=EXAMPLES, with_security_parameters=False
)


@pytest.fixture
def in_transaction():
    """Keep the connection open across requests, as Django's own test client does.

    The handler closes "old" connections at each request's start and end, which inside the
    test's transaction would drop the fixture data.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_city(city):
    """The mini city with a city rule and an active phase, so the solver route really plans."""
    PolicyRule.objects.create(
        level=Level.KOTA, wfh_allowed=True, pattern="weekly_quota", wfh_days_per_week=1
    )
    Phase.objects.create(
        name="Tahap I",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        status=PhaseStatus.ACTIVE,
        pattern="weekly_quota",
        wfh_days_per_week=1,
    )
    return city


@pytest.fixture(params=["asn", "bkpsdm"])
def bearer(request, fuzz_city, in_transaction):
    user = fuzz_city.users[request.param]
    _, key = issue_api_token(actor=user, user=user, name="fuzz")
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(WEDNESDAY, tick=True):
        yield


@pytest.mark.fuzz
@schema.parametrize()
# The fixtures are shared by an operation's examples on purpose: state builds up as it would.
@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_within_its_schema(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
