"""Bounded input types shared by every API route and page: dates, months, years, ids, offsets.

One accepted range for the whole project, so a year 9999 or a 20-digit number answers a field
message instead of overflowing date arithmetic (``date + timedelta``) or a database integer.
API routes annotate parameters with the pydantic types; page views call the ``*_param`` helpers.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, TypeVar

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from pydantic import AfterValidator, AwareDatetime, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

MIN_YEAR = 2000
MAX_YEAR = 2100
# PostgreSQL's bigint, the type of every primary key.
MAX_ID = 2**63 - 1
# Far beyond any list here (12,000 ASN); keeps OFFSET within what every database accepts.
MAX_OFFSET = 10_000_000

DATE_RANGE_MESSAGE = "tanggal di luar rentang yang didukung (tahun 2000–2100)"
MONTH_FORMAT_MESSAGE = "harus berformat YYYY-MM, mis. 2025-12"
_MONTH_RE = re.compile(r"(\d{4})-(\d{2})")


def in_range(day: dt.date) -> bool:
    return MIN_YEAR <= day.year <= MAX_YEAR


_Day = TypeVar("_Day", bound=dt.date)


def _check_date(value: _Day) -> _Day:
    if not in_range(value):
        raise PydanticCustomError("date_out_of_range", DATE_RANGE_MESSAGE)
    return value


def parse_month_text(text: str) -> dt.date | None:
    """The first day of a "YYYY-MM" month inside the supported range, else None."""
    found = _MONTH_RE.fullmatch(text.strip())
    if found is None:
        return None
    year, month = int(found[1]), int(found[2])
    if not (1 <= month <= 12 and MIN_YEAR <= year <= MAX_YEAR):
        return None
    return dt.date(year, month, 1)


def _check_month(value: str) -> dt.date:
    found = _MONTH_RE.fullmatch(value.strip())
    if found is None or not 1 <= int(found[2]) <= 12:
        raise PydanticCustomError("month_format", MONTH_FORMAT_MESSAGE)
    month = parse_month_text(value)
    if month is None:
        raise PydanticCustomError("date_out_of_range", DATE_RANGE_MESSAGE)
    return month


BoundedDate = Annotated[dt.date, AfterValidator(_check_date)]
BoundedDateTime = Annotated[AwareDatetime, AfterValidator(_check_date)]
# A "YYYY-MM" query value, handed to the route as the first day of that month. Pydantic reads
# the str form (the text the client sends); the checker is told the date the route receives.
if TYPE_CHECKING:
    Month = dt.date
else:
    Month = Annotated[
        str,
        AfterValidator(_check_month),
        WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}$", "examples": ["2025-12"]}),
    ]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]


# --- pages -------------------------------------------------------------------------------
# A page shows its default period (or no filter) for a bad value and says so, rather than
# answering an error page for a hand-edited link.


def _fallback(request: HttpRequest, label: str, hint: str) -> None:
    messages.warning(
        request,
        _("%(label)s tidak dapat dipakai (%(hint)s); ditampilkan nilai bawaan.")
        % {"label": label, "hint": hint},
    )


def _digits(raw: str) -> bool:
    # str.isdigit() also accepts "²" and other digits int() refuses.
    return raw.isascii() and raw.isdigit()


def month_param(
    request: HttpRequest, name: str, default: dt.date, *, label: str | None = None
) -> dt.date:
    """The first day of the "YYYY-MM" month in ``request.GET[name]``, else ``default``."""
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return default
    month = parse_month_text(raw)
    if month is None:
        _fallback(request, label or _("Bulan"), _("format YYYY-MM, tahun 2000–2100"))
        return default
    return month


def date_param(
    request: HttpRequest, name: str, default: dt.date, *, label: str | None = None
) -> dt.date:
    """The ISO date in ``request.GET[name]`` inside the supported range, else ``default``."""
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return default
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or not in_range(day):
        _fallback(request, label or _("Tanggal"), _("format YYYY-MM-DD, tahun 2000–2100"))
        return default
    return day


def year_param(request: HttpRequest, name: str, default: int, *, label: str | None = None) -> int:
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return default
    if not _digits(raw) or not MIN_YEAR <= int(raw) <= MAX_YEAR:
        _fallback(request, label or _("Tahun"), _("tahun 2000–2100"))
        return default
    return int(raw)


def id_param(request: HttpRequest, name: str, *, label: str | None = None) -> int | None:
    """A positive database id from ``request.GET[name]``; None when absent or unusable."""
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None
    if not _digits(raw) or not 1 <= int(raw) <= MAX_ID:
        _fallback(request, label or _("Pilihan"), _("nomor tidak dikenal"))
        return None
    return int(raw)


# --- NUL characters ----------------------------------------------------------------------
# PostgreSQL text and jsonb cannot store U+0000: such input must be refused as a field error
# before any query, or it ends as a database error (a 500) on PostgreSQL and not on SQLite.

NUL_MESSAGE = "tidak boleh berisi karakter NUL (\\x00)"


def nul_path(value: object) -> tuple[str | int, ...] | None:
    """The path to a key or string holding a NUL character in parsed JSON or form data, else
    None. Iterative, so a deeply nested body cannot exhaust the stack."""
    stack: list[tuple[tuple[str | int, ...], object]] = [((), value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return path
        elif isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                if isinstance(key, str) and "\x00" in key:
                    return (*path, key)
                stack.append(((*path, key), child))
        elif isinstance(item, list | tuple):
            stack.extend(((*path, i), child) for i, child in reversed(list(enumerate(item))))
    return None
