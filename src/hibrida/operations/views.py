"""/healthz for load balancers and /metrics for Prometheus (docs/operations.md, "Monitoring")."""

from __future__ import annotations

import hmac
import time

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hibrida import counters

from . import heartbeat

LOOPBACK = frozenset({"127.0.0.1", "::1"})
REDIS_UP = (
    "# HELP hibrida_redis_up Whether this process reached Redis for the task figures.",
    "# TYPE hibrida_redis_up gauge",
)
CLASSES = ("1xx", "2xx", "3xx", "4xx", "5xx")


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as err:
        return f"basis data tidak menjawab: {err.__class__.__name__}"
    return None


def _check_redis_and_beat() -> tuple[str | None, str | None, float | None]:
    """(redis problem, beat problem, heartbeat age in seconds)."""
    try:
        heartbeat.client().ping()
        beat = heartbeat.read(heartbeat.HEARTBEAT_KEY)
    except redis.RedisError as err:
        return f"Redis tidak menjawab: {err.__class__.__name__}", None, None
    if beat is None:
        return None, "belum ada detak beat (celery beat atau worker mati?)", None
    age = max(0.0, time.time() - beat["at"])
    if age > settings.HIBRIDA_HEARTBEAT_MAX_AGE_S:
        return None, f"detak beat terakhir {age:.0f} dtk lalu (celery beat atau worker mati?)", age
    return None, None, age


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every part answers, else 503 naming the failing parts. Anonymous on purpose:
    load balancers probe without credentials, and the answer holds no personal data."""
    checks: dict[str, str] = {}
    problem = _check_database()
    checks["database"] = problem or "ok"
    age = None
    if settings.REDIS_URL:
        redis_problem, beat_problem, age = _check_redis_and_beat()
        checks["redis"] = redis_problem or "ok"
        checks["beat"] = beat_problem or ("ok" if redis_problem is None else "tidak diperiksa")
    failing = [name for name, state in checks.items() if state not in {"ok", "tidak diperiksa"}]
    body: dict[str, object] = {
        "status": "ok" if not failing else "gagal",
        "failing": failing,
        "checks": checks,
    }
    if age is not None:
        body["heartbeat_age_s"] = round(age, 1)
    return JsonResponse(body, status=503 if failing else 200)


def _allowed(request: HttpRequest) -> bool:
    token = settings.HIBRIDA_METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    # Behind a proxy on the same host every client arrives from 127.0.0.1: a token is required.
    return not settings.HIBRIDA_BEHIND_PROXY and request.META.get("REMOTE_ADDR") in LOOPBACK


def _lines() -> list[str]:
    lines = [
        "# HELP hibrida_http_responses_total HTTP answers of this process by status class.",
        "# TYPE hibrida_http_responses_total counter",
    ]
    for index, name in enumerate(CLASSES, start=1):
        lines.append(f'hibrida_http_responses_total{{class="{name}"}} {counters.requests[index]}')
    lines += [
        "# HELP hibrida_checkin_fastpath_responses_total Fast-path check-in answers by class.",
        "# TYPE hibrida_checkin_fastpath_responses_total counter",
    ]
    for index, name in enumerate(CLASSES, start=1):
        value = counters.fastpath_requests[index]
        lines.append(f'hibrida_checkin_fastpath_responses_total{{class="{name}"}} {value}')
    buckets, batches, total = counters.batch_histogram()
    lines += [
        "# HELP hibrida_checkin_batch_size Check-ins committed together by the fast path.",
        "# TYPE hibrida_checkin_batch_size histogram",
        *(f'hibrida_checkin_batch_size_bucket{{le="{le}"}} {n}' for le, n in buckets),
        f"hibrida_checkin_batch_size_sum {total}",
        f"hibrida_checkin_batch_size_count {batches}",
    ]
    if settings.REDIS_URL:
        lines += _task_lines()
    return lines


def _task_lines() -> list[str]:
    try:
        beat = heartbeat.read(heartbeat.HEARTBEAT_KEY)
        lag = heartbeat.read(heartbeat.LAG_KEY)
        queued = heartbeat.client().llen("celery")
    except redis.RedisError:
        return [*REDIS_UP, "hibrida_redis_up 0"]
    lines = [*REDIS_UP, "hibrida_redis_up 1"]
    lines += [
        "# HELP hibrida_task_queue_length Tasks waiting in the default Celery queue.",
        "# TYPE hibrida_task_queue_length gauge",
        f"hibrida_task_queue_length {queued}",
    ]
    if lag is not None:
        lines += [
            "# HELP hibrida_task_lag_seconds Queue time of the task a worker started last.",
            "# TYPE hibrida_task_lag_seconds gauge",
            f"hibrida_task_lag_seconds {lag['lag_s']}",
        ]
    if beat is not None:
        lines += [
            "# HELP hibrida_beat_heartbeat_age_seconds Time since a worker ran beat's heartbeat.",
            "# TYPE hibrida_beat_heartbeat_age_seconds gauge",
            f"hibrida_beat_heartbeat_age_seconds {max(0.0, time.time() - beat['at']):.1f}",
        ]
    return lines


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format; bearer token (HIBRIDA_METRICS_TOKEN) or a local client."""
    if not _allowed(request):
        return HttpResponse("Akses /metrics ditolak.\n", status=403, content_type="text/plain")
    body = "\n".join(_lines()) + "\n"
    return HttpResponse(body, content_type="text/plain; version=0.0.4; charset=utf-8")
