"""When to ask a consenting ASN to confirm presence on a WFH day. Pure: no Django import.

The day's working time net of the break is laid end to end (the morning, then the afternoon)
and cut into ``count`` equal slices; check k falls in slice k at an offset drawn by
HMAC-SHA256(server secret, employee, date, k): spread over the day, never during the break,
the same for whoever recomputes it with the secret, unknowable without it. Design:
docs/architecture.md, "Random presence checks".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from hibrida.roster.modes import WorkMode

WFH = WorkMode.WFH


def draw_offset(secret: bytes | str, employee_id: int, day: dt.date, k: int) -> int:
    """A secret-keyed 64-bit number for check ``k`` of one employee's day."""
    key = secret.encode() if isinstance(secret, str) else secret
    message = f"presence-check:{day.isoformat()}:{employee_id}:{k}".encode()
    return int.from_bytes(hmac.new(key, message, hashlib.sha256).digest()[:8], "big")


def askable_spans(
    start: dt.datetime,
    end: dt.datetime,
    rest: tuple[dt.datetime, dt.datetime] | None,
    window: dt.timedelta,
) -> list[tuple[dt.datetime, int]]:
    """(first moment, number of whole seconds) of each stretch in which a check may be asked
    so that its answer window lies in working time outside the break. A stretch shorter than
    the window offers none."""
    parts = [(start, end)]
    if rest is not None:
        rest_from, rest_to = max(rest[0], start), min(rest[1], end)
        if rest_from < rest_to:
            parts = [(start, rest_from), (rest_to, end)]
    spans = []
    for begin, finish in parts:
        seconds = int((finish - begin - window).total_seconds())
        if seconds > 0:
            spans.append((begin, seconds))
    return spans


def draw_instants(
    *,
    secret: bytes | str,
    employee_id: int,
    day: dt.date,
    mode: str | None,
    working_day: bool,
    start: dt.datetime,
    end: dt.datetime,
    rest: tuple[dt.datetime, dt.datetime] | None,
    count: int,
    window: dt.timedelta,
) -> list[dt.datetime]:
    """The moments to ask on ``day``, earliest first: none unless it is a working day planned
    WFH. Every answer window lies inside [start, end] and outside ``rest`` (the break), so
    nobody is asked to answer after hours or over lunch; a day too short for ``count``
    whole-second slices gets no checks."""
    if not working_day or mode != WFH or count <= 0:
        return []
    spans = askable_spans(start, end, rest, window)
    slice_s = sum(seconds for _, seconds in spans) // count
    if slice_s < 1:
        return []
    moments = []
    for k in range(count):
        position = k * slice_s + draw_offset(secret, employee_id, day, k) % slice_s
        # Walk the stretches: a position past the morning's seconds lands in the afternoon.
        for begin, seconds in spans:
            if position < seconds:
                moments.append(begin + dt.timedelta(seconds=position))
                break
            position -= seconds
    return moments
