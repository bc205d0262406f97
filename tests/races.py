"""Run service calls at the same moment in threads, each on its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection


@pytest.fixture
def pg_only():
    # SQLite serialises writers for the whole file, so only PostgreSQL shows a row-lock race.
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")


def run_together(*calls: Callable[[], object]) -> list[tuple[str, object]]:
    """Start every call behind one barrier; ("ok", result) or ("refused", ValidationError)
    per call, in order. Any other error leaves ("crashed", error) for the test to show."""
    barrier = threading.Barrier(len(calls))
    results: list[tuple[str, object]] = [("not run", None)] * len(calls)

    def worker(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = ("ok", call())
        except ValidationError as err:
            results[i] = ("refused", err)
        except BaseException as err:  # reported, not hidden: the test asserts on it
            results[i] = ("crashed", err)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def one_won(results) -> tuple[object, ValidationError]:
    """The winner's result and the loser's refusal; fails when not exactly one of each."""
    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["ok", "refused"], results
    won = next(value for kind, value in results if kind == "ok")
    refused = next(value for kind, value in results if kind == "refused")
    return won, refused
