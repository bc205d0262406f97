"""Pure demo computations split over forked worker processes; the database stays in the parent.

Rows are computed in workers and handed back to the one process that writes (SQLite has one
writer, and the load is one transaction). Design: docs/architecture.md, "Demo data".
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

# The job of the pool being run: set before the fork, so workers inherit it instead of
# receiving a pickled copy of the inputs (the presence job holds ~100,000 planned modes).
_JOB: tuple[Callable[[Any, int], Any], Any] | None = None


def workers() -> int:
    """CPUs this process may run on (the demo uses them all; it runs alone before serving)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _run(index: int) -> Any:
    assert _JOB is not None  # set by imap_parts before the pool forks
    fn, job = _JOB
    return fn(job, index)


def map_parts(fn: Callable[[Any, int], Any], job: Any, parts: int) -> list[Any]:
    """``[fn(job, 0), ..., fn(job, parts - 1)]``, in that order (see :func:`imap_parts`)."""
    return list(imap_parts(fn, job, parts))


def imap_parts(fn: Callable[[Any, int], Any], job: Any, parts: int) -> Iterator[Any]:
    """``fn(job, 0)``, ..., ``fn(job, parts - 1)``, yielded in that order as they are done, so
    the caller writes one part while the workers compute the next ones.

    ``fn`` must be pure (no database, no shared state): each part draws from a generator of its
    own, so the result does not depend on how many workers run or in which order they finish.
    With one CPU, one part, or no ``fork`` (Windows, macOS's default) the parts run here.
    An exception in a worker is raised again here (the load fails, nothing is swallowed)."""
    global _JOB
    n = min(parts, workers())
    if n <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for i in range(parts):
            yield fn(job, i)
        return
    _JOB = (fn, job)
    try:
        # fork: the workers see the parent's memory as it is now; they never touch the
        # inherited database connection and leave through os._exit (no cleanup runs on it).
        with multiprocessing.get_context("fork").Pool(n) as pool:
            yield from pool.imap(_run, range(parts), chunksize=1)
    finally:
        _JOB = None


def split(items: Sequence[Any], parts: int) -> list[Sequence[Any]]:
    """``items`` cut into ``parts`` contiguous slices of near-equal length (some may be empty)."""
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return out
