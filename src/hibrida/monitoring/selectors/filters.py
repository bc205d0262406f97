"""Dashboard filters: the period, OPD, unit and mode every dashboard reads, parsed from
the query string with Indonesian field errors instead of a 500.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone

from hibrida import bounds

from .. import metrics

MAX_PERIOD_DAYS = 366


@dataclass(frozen=True)
class Filters:
    """Dashboard filters; ``start``/``end`` inclusive, ``mode`` a planned mode or None."""

    start: dt.date
    end: dt.date
    opd_id: int | None = None
    unit_id: int | None = None
    mode: str | None = None

    def as_query(self) -> dict[str, str]:
        q = {"dari": self.start.isoformat(), "sampai": self.end.isoformat()}
        if self.opd_id:
            q["opd"] = str(self.opd_id)
        if self.unit_id:
            q["unit"] = str(self.unit_id)
        if self.mode:
            q["mode"] = self.mode
        return q


def default_filters(today: dt.date | None = None) -> Filters:
    today = today or timezone.localdate()
    return Filters(start=today - dt.timedelta(days=29), end=today)


def parse_filters(
    params: Mapping[str, str], today: dt.date | None = None
) -> tuple[Filters, dict[str, str]]:
    """Filters from query parameters (dari, sampai, opd, unit, mode) and field errors.

    Bad values fall back to the default with an Indonesian message, never a 500.
    """
    base = default_filters(today)
    errors: dict[str, str] = {}

    def date_of(name: str, default: dt.date) -> dt.date:
        raw = (params.get(name) or "").strip()
        if not raw:
            return default
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            errors[name] = "Tanggal harus berformat YYYY-MM-DD."
            return default
        if not bounds.in_range(day):
            errors[name] = bounds.DATE_RANGE_MESSAGE
            return default
        return day

    def int_of(name: str) -> int | None:
        raw = (params.get(name) or "").strip()
        if not raw:
            return None
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= bounds.MAX_ID):
            errors[name] = "Pilihan tidak sah."
            return None
        return int(raw)

    start, end = date_of("dari", base.start), date_of("sampai", base.end)
    if end < start:
        errors["sampai"] = "Tanggal akhir harus sama dengan atau setelah tanggal awal."
        start, end = base.start, base.end
    if (end - start).days >= MAX_PERIOD_DAYS:
        errors["dari"] = f"Periode paling panjang {MAX_PERIOD_DAYS} hari."
        start = end - dt.timedelta(days=MAX_PERIOD_DAYS - 1)
    mode = (params.get("mode") or "").strip().upper() or None
    if mode is not None and mode not in metrics.ON_SITE_OR_HOME:
        errors["mode"] = "Mode kerja tidak dikenal."
        mode = None
    return Filters(start, end, int_of("opd"), int_of("unit"), mode), errors
