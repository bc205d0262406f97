"""Beat heartbeat and task lag, kept in Redis so the web processes can report them."""

from __future__ import annotations

import json
import time
from functools import cache
from typing import Any

import redis
from celery.signals import before_task_publish, task_prerun
from django.conf import settings

HEARTBEAT_KEY = "hibrida:ops:heartbeat"
LAG_KEY = "hibrida:ops:task-lag"
SENT_HEADER = "hibrida_sent_at"
# Keys outlive any sensible heartbeat interval, yet a dead installation does not keep them.
KEY_TTL_S = 7 * 86400


@cache
def client() -> redis.Redis:
    """One connection pool per process; short timeouts so /healthz answers while Redis hangs."""
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


def _stamp_sent(headers: dict[str, Any] | None = None, **_: Any) -> None:
    if headers is not None:
        headers[SENT_HEADER] = time.time()


def _record_lag(task: Any = None, **_: Any) -> None:
    sent = getattr(task.request, SENT_HEADER, None) if task is not None else None
    if sent is None or not settings.REDIS_URL:
        return
    lag = max(0.0, time.time() - float(sent))
    client().set(LAG_KEY, json.dumps({"lag_s": round(lag, 3), "at": time.time()}), ex=KEY_TTL_S)


def connect_signals() -> None:
    # Publishers (beat, web) stamp each message; the worker measures queue time at start.
    before_task_publish.connect(_stamp_sent, weak=False, dispatch_uid="hibrida-sent-at")
    task_prerun.connect(_record_lag, weak=False, dispatch_uid="hibrida-task-lag")


def beat() -> dict[str, float]:
    """Run by a worker when beat's heartbeat task arrives: proves beat, broker and a worker."""
    now = time.time()
    value = {"at": now}
    client().set(HEARTBEAT_KEY, json.dumps(value), ex=KEY_TTL_S)
    return value


def read(key: str) -> dict[str, float] | None:
    raw = client().get(key)
    return None if raw is None else json.loads(raw)
