"""In-process counters for /metrics: plain integers, no Django, no locks on the request path.

Each server process counts its own traffic; docs/operations.md ("Monitoring") says how to scrape.
"""

from __future__ import annotations

import threading

# Upper bounds of the check-in batch-size histogram (Prometheus "le" buckets; +Inf is implied).
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256)

# requests[n] counts answers with status n·100..n·100+99 (index 0 is unused).
requests = [0] * 6
fastpath_requests = [0] * 6
_batch_counts = [0] * (len(BATCH_BUCKETS) + 1)
_batch_totals = [0, 0]  # batches, check-ins
_batch_lock = threading.Lock()


def count_status(status: int, *, fastpath: bool = False) -> None:
    """One answered request. Runs on the event-loop thread only, so the increment is safe."""
    index = min(max(status // 100, 1), 5)
    requests[index] += 1
    if fastpath:
        fastpath_requests[index] += 1


def count_batch(size: int) -> None:
    """One committed (or failed) check-in batch of ``size`` requests; writer threads call this
    once per batch, so the lock costs nothing per check-in."""
    slot = next((i for i, bound in enumerate(BATCH_BUCKETS) if size <= bound), len(BATCH_BUCKETS))
    with _batch_lock:
        _batch_counts[slot] += 1
        _batch_totals[0] += 1
        _batch_totals[1] += size


def batch_histogram() -> tuple[list[tuple[str, int]], int, int]:
    """Cumulative (le, count) pairs, the number of batches and the sum of their sizes."""
    with _batch_lock:
        counts, (batches, total) = list(_batch_counts), tuple(_batch_totals)
    cumulative, running = [], 0
    for bound, count in zip([*map(str, BATCH_BUCKETS), "+Inf"], counts, strict=True):
        running += count
        cumulative.append((bound, running))
    return cumulative, batches, total


def reset() -> None:
    """For tests: start every counter from zero."""
    for values in (requests, fastpath_requests):
        values[:] = [0] * len(values)
    with _batch_lock:
        _batch_counts[:] = [0] * len(_batch_counts)
        _batch_totals[:] = [0, 0]
