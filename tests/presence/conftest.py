"""Presence fixtures: an office for OPD A and a check-in body builder."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.utils import timezone

from tests.factories import office_for

OFFICE = (-6.2355, 106.9925)


@pytest.fixture
def office(city):
    return office_for(city.opd_a, lat=OFFICE[0], lon=OFFICE[1], radius=100)


def body(**overrides) -> dict:
    """A valid check-in at the office, now, with a fresh UUID."""
    now = timezone.now()
    data = {
        "uuid": str(uuid.uuid4()),
        "kind": "in",
        "device_time": now.isoformat(),
        "sent_at": now.isoformat(),
        "latitude": OFFICE[0] + 0.0001,
        "longitude": OFFICE[1],
        "accuracy_m": 8.5,
        "provider": "gps",
        "mock_location": False,
        "device_id": "hp-uji-1",
    }
    data.update(overrides)
    return data


def post(client, data, headers=None, raw: str | None = None):
    return client.post(
        "/api/v1/presence/check-ins",
        data=raw if raw is not None else json.dumps(data),
        content_type="application/json",
        **(headers or {}),
    )


def minutes_ago(n: int) -> str:
    return (timezone.now() - dt.timedelta(minutes=n)).isoformat()
