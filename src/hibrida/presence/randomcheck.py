"""When to ask a consenting ASN to confirm presence on a WFH day. Pure: no Django import.

Check k of a day falls in the k-th of ``count`` equal slices of the day's working hours, at an
offset drawn by HMAC-SHA256(server secret, employee, date, k): spread over the day, the same
for whoever recomputes it with the secret, unknowable without it. Design: docs/architecture.md,
"Random presence checks".
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


def draw_instants(
    *,
    secret: bytes | str,
    employee_id: int,
    day: dt.date,
    mode: str | None,
    working_day: bool,
    start: dt.datetime,
    end: dt.datetime,
    count: int,
    window: dt.timedelta,
) -> list[dt.datetime]:
    """The moments to ask on ``day``, earliest first: none unless it is a working day planned
    WFH. Every answer window lies inside [start, end], so nobody is asked to answer after
    hours; a day too short for ``count`` whole-second slices gets no checks."""
    if not working_day or mode != WFH or count <= 0:
        return []
    span = int((end - start - window).total_seconds())
    slice_s = span // count
    if slice_s < 1:
        return []
    offsets = [draw_offset(secret, employee_id, day, k) % slice_s for k in range(count)]
    return [start + dt.timedelta(seconds=k * slice_s + o) for k, o in enumerate(offsets)]
