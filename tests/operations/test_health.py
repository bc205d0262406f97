"""/healthz and /metrics: what they check, who may read the metrics, what the counters say."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from types import SimpleNamespace

import pytest
import redis
import time_machine

from hibrida import counters
from hibrida.operations import heartbeat

# The machine's Redis; one database per xdist worker, so parallel runs do not share the keys.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
LOCAL_REDIS = f"redis://127.0.0.1:6379/{15 - _WORKER % 8}"


@pytest.fixture(autouse=True)
def _fresh_clients():
    heartbeat.client.cache_clear()
    counters.reset()
    yield
    heartbeat.client.cache_clear()
    counters.reset()


@pytest.fixture
def local_redis(settings):
    settings.REDIS_URL = LOCAL_REDIS
    conn = redis.Redis.from_url(LOCAL_REDIS)
    conn.delete(heartbeat.HEARTBEAT_KEY, heartbeat.LAG_KEY)
    yield conn
    conn.delete(heartbeat.HEARTBEAT_KEY, heartbeat.LAG_KEY)


@pytest.mark.django_db
def test_healthz_without_redis_checks_the_database_only(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "failing": [], "checks": {"database": "ok"}}


@pytest.mark.django_db
def test_healthz_names_redis_when_it_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["redis"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["beat"] == "tidak diperiksa"


@pytest.mark.django_db
def test_healthz_needs_a_recent_beat_heartbeat(client, settings, local_redis):
    settings.HIBRIDA_HEARTBEAT_MAX_AGE_S = 210
    missing = client.get("/healthz")
    assert missing.status_code == 503
    assert missing.json()["failing"] == ["beat"]

    heartbeat.beat()
    fresh = client.get("/healthz")
    assert fresh.status_code == 200
    assert fresh.json()["checks"] == {"database": "ok", "redis": "ok", "beat": "ok"}

    local_redis.set(heartbeat.HEARTBEAT_KEY, json.dumps({"at": time.time() - 300}))
    stale = client.get("/healthz")
    assert stale.status_code == 503
    assert stale.json()["failing"] == ["beat"]


def test_task_lag_is_the_time_between_publishing_and_starting(local_redis):
    headers: dict = {}
    with time_machine.travel(dt.datetime(2026, 12, 2, 1, 0, tzinfo=dt.UTC), tick=False):
        heartbeat._stamp_sent(headers=headers)
    task = SimpleNamespace(request=SimpleNamespace(**headers))
    with time_machine.travel(dt.datetime(2026, 12, 2, 1, 0, 7, 500000, tzinfo=dt.UTC), tick=False):
        heartbeat._record_lag(task=task)
    assert json.loads(local_redis.get(heartbeat.LAG_KEY))["lag_s"] == 7.5


@pytest.mark.django_db
def test_metrics_need_the_token_when_one_is_set(client, settings):
    settings.HIBRIDA_METRICS_TOKEN = "rahasia-metrik"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer salah").status_code == 403
    ok = client.get("/metrics", HTTP_AUTHORIZATION="Bearer rahasia-metrik")
    assert ok.status_code == 200
    assert ok["Content-Type"].startswith("text/plain; version=0.0.4")


@pytest.mark.django_db
def test_metrics_without_token_only_for_a_local_client_without_proxy(client, settings):
    settings.HIBRIDA_METRICS_TOKEN = ""
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 403
    settings.HIBRIDA_BEHIND_PROXY = True
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403


@pytest.mark.django_db
def test_metrics_report_status_classes_and_batch_sizes(client, settings):
    settings.HIBRIDA_METRICS_TOKEN = ""
    settings.REDIS_URL = ""
    counters.count_status(201, fastpath=True)
    counters.count_status(404)
    counters.count_status(503)
    for size in (1, 3, 300):
        counters.count_batch(size)

    lines = client.get("/metrics").content.decode().splitlines()

    # 201 (fast path), 404 and 503: one each in their class; batches 1, 3 and 300 fall in
    # le=1, le=4 and only +Inf, cumulatively 1, 2, 3; the sizes sum to 304.
    for expected in [
        'hibrida_http_responses_total{class="2xx"} 1',
        'hibrida_http_responses_total{class="4xx"} 1',
        'hibrida_http_responses_total{class="5xx"} 1',
        'hibrida_checkin_fastpath_responses_total{class="2xx"} 1',
        'hibrida_checkin_fastpath_responses_total{class="4xx"} 0',
        'hibrida_checkin_batch_size_bucket{le="1"} 1',
        'hibrida_checkin_batch_size_bucket{le="2"} 1',
        'hibrida_checkin_batch_size_bucket{le="4"} 2',
        'hibrida_checkin_batch_size_bucket{le="256"} 2',
        'hibrida_checkin_batch_size_bucket{le="+Inf"} 3',
        "hibrida_checkin_batch_size_sum 304",
        "hibrida_checkin_batch_size_count 3",
    ]:
        assert expected in lines
