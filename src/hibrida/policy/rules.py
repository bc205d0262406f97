"""Resolving layered work-policy values (pure: no Django import).

Layers come in order of increasing precedence (kota → kelas OPD → OPD → unit → jabatan → fase);
each is a label and a mapping of the values it sets. The last layer that sets a value wins and
is named as its source, so a page can say "kuota 1 hari/minggu — sumber: fase Tahap I".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
WEEKDAY_LABELS = {
    "mon": "Senin",
    "tue": "Selasa",
    "wed": "Rabu",
    "thu": "Kamis",
    "fri": "Jumat",
}
PATTERNS = ("none", "fixed_weekday", "weekly_quota", "rotation")

# The values the system assumes when no layer says anything (the policy under study:
# 1 WFH day a week, half of each unit in the office, any weekday).
SYSTEM_DEFAULTS: dict[str, Any] = {
    "wfh_allowed": True,
    "pattern": "weekly_quota",
    "fixed_weekday": "",
    "wfh_days_per_week": 1,
    "max_wfh_per_week": 2,
    "allowed_weekdays": list(WEEKDAYS),
    "min_onsite_share": 0.5,
    "min_onsite_count": 1,
    "wfh_share": 0.5,
    "field_rotation": False,
}
SYSTEM_SOURCE = "bawaan sistem"

FIELD_LABELS = {
    "wfh_allowed": "WFH diizinkan",
    "pattern": "Pola",
    "fixed_weekday": "Hari WFH tetap",
    "wfh_days_per_week": "Kuota WFH per minggu",
    "max_wfh_per_week": "Maksimum WFH per minggu",
    "allowed_weekdays": "Hari yang boleh WFH",
    "min_onsite_share": "Porsi minimum di kantor",
    "min_onsite_count": "Jumlah minimum di kantor",
    "wfh_share": "Porsi WFH harian (rotasi)",
    "blackout_dates": "Tanggal tanpa WFH",
    "field_rotation": "Rotasi tugas lapangan",
}
PATTERN_LABELS = {
    "none": "Tanpa WFH (WFO penuh)",
    "fixed_weekday": "Hari tetap setiap minggu",
    "weekly_quota": "Kuota mingguan",
    "rotation": "Rotasi harian",
}


@dataclass(frozen=True)
class EffectivePolicy:
    """The policy in force for one employee on one day, with the source of every value."""

    wfh_allowed: bool
    pattern: str
    fixed_weekday: str
    wfh_days_per_week: int
    max_wfh_per_week: int
    allowed_weekdays: tuple[str, ...]
    min_onsite_share: float
    min_onsite_count: int
    wfh_share: float
    blackout_dates: tuple[dt.date, ...]
    field_rotation: bool
    phase: str = ""
    sources: Mapping[str, str] = field(default_factory=dict)

    @property
    def wfh_planned(self) -> bool:
        """Whether this period's rhythm has any WFH day at all."""
        return self.wfh_allowed and self.pattern != "none"

    def rows(self) -> list[dict[str, str]]:
        """(label, shown value, source) rows for a page or the API."""
        out = []
        for name, label in FIELD_LABELS.items():
            out.append(
                {
                    "field": name,
                    "label": label,
                    "value": display_value(name, getattr(self, name)),
                    "source": self.sources.get(name, SYSTEM_SOURCE),
                }
            )
        return out


def display_value(name: str, value: Any) -> str:
    """A value as Indonesian text."""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if name == "pattern":
        return str(PATTERN_LABELS.get(value, value))
    if name == "fixed_weekday":
        return WEEKDAY_LABELS.get(value, "-") if value else "-"
    if name == "allowed_weekdays":
        return ", ".join(WEEKDAY_LABELS[d] for d in value) or "-"
    if name in ("min_onsite_share", "wfh_share"):
        return f"{round(value * 100)} %"
    if name == "blackout_dates":
        return ", ".join(d.isoformat() for d in value) or "-"
    return str(value)


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def resolve(layers: Iterable[tuple[str, Mapping[str, Any]]], phase: str = "") -> EffectivePolicy:
    """Merge ``layers`` (lowest precedence first); ``None`` / ``""`` means "not set here"."""
    values = dict(SYSTEM_DEFAULTS)
    sources = {name: SYSTEM_SOURCE for name in FIELD_LABELS}
    blackout: set[dt.date] = set()
    blackout_sources: list[str] = []
    for label, layer in layers:
        for name, value in layer.items():
            if name == "blackout_dates":
                if value:
                    blackout.update(_as_date(v) for v in value)
                    blackout_sources.append(label)
                continue
            if name not in values or value is None or value == "":
                continue
            values[name] = value
            sources[name] = label
    if blackout_sources:
        sources["blackout_dates"] = " + ".join(blackout_sources)
    return EffectivePolicy(
        wfh_allowed=bool(values["wfh_allowed"]),
        pattern=values["pattern"],
        fixed_weekday=values["fixed_weekday"] or "",
        wfh_days_per_week=int(values["wfh_days_per_week"]),
        max_wfh_per_week=int(values["max_wfh_per_week"]),
        allowed_weekdays=tuple(d for d in WEEKDAYS if d in values["allowed_weekdays"]),
        min_onsite_share=float(values["min_onsite_share"]),
        min_onsite_count=int(values["min_onsite_count"]),
        wfh_share=float(values["wfh_share"]),
        blackout_dates=tuple(sorted(blackout)),
        field_rotation=bool(values["field_rotation"]),
        phase=phase,
        sources=sources,
    )


def weekday_code(day: dt.date) -> str:
    """ "mon".."sun" for ``day``."""
    return ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]
