"""Resolving layered work-policy values (pure: no Django import).

Layers come in order of increasing precedence (kota → kelas OPD → OPD → unit → jabatan → fase);
each is a label and a mapping of the values it sets. The last layer that sets a value wins and
is named as its source, so a page can say "kuota 1 hari/minggu — sumber: fase Tahap I".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from hibrida.org.nip import NipError, parse_asn_number

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


def resolve(
    layers: Iterable[tuple[str, Mapping[str, Any]]],
    phase: str = "",
    national_cap: tuple[int, str] | None = None,
) -> EffectivePolicy:
    """Merge ``layers`` (lowest precedence first); ``None`` / ``""`` means "not set here".

    ``national_cap`` (days, source) is the national limit of location-flexible days a week: no
    layer may go above it, so a larger value (an old row, a phase) is cut to it and the national
    rule is named as the source.
    """
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
    if national_cap is not None:
        cap, cap_source = national_cap
        for name in ("wfh_days_per_week", "max_wfh_per_week"):
            if int(values[name]) > cap:
                values[name] = cap
                sources[name] = cap_source
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


# --- PermenPANRB 4/2025: the national layer (docs/regulations.md) ---------------------------

NATIONAL_SOURCE = "nasional (PermenPANRB 4/2025 Pasal 13 ayat (1))"
# Used only for a day no LegalParameter row covers, like SYSTEM_DEFAULTS above: the rows are
# the figures in force, with their legal source and validity dates.
PARAMETER_DEFAULTS: dict[str, tuple[int, str]] = {
    "max_location_days_per_week": (2, NATIONAL_SOURCE),
    "new_employee_months": (12, SYSTEM_SOURCE),
}

# Pasal 23: (field, the reason shown when the job fails it).
JOB_CRITERIA = (
    ("outside_office", "tidak dapat dikerjakan di luar kantor"),
    ("no_special_equipment", "memerlukan ruang atau peralatan khusus"),
    ("ict_capable", "tidak dapat dikerjakan dengan TIK"),
    ("minimal_face_to_face", "memerlukan tatap muka langsung"),
    ("no_constant_supervision", "memerlukan pengawasan terus-menerus"),
)
JOB_REASON = "Kriteria jabatan (Pasal 23): {}"
DISCIPLINE_REASONS = {
    "hukuman": "Status disiplin (Pasal 25): sedang menjalani hukuman disiplin",
    "proses": "Status disiplin (Pasal 25): dalam proses penjatuhan hukuman disiplin",
}
NEW_EMPLOYEE_REASON = "Pegawai baru (Pasal 25): masa kerja sejak TMT belum {} bulan"
UNKNOWN_TMT_REASON = "Pegawai baru (Pasal 25): TMT tidak dapat ditentukan"
SPECIAL_BASIS = "Keadaan khusus (Pasal 30) disetujui sampai {:%d-%m-%Y}"


def job_criteria_reasons(flags: Mapping[str, bool] | None) -> list[str]:
    """The reasons for each Pasal 23 criterion the job fails; no checklist = none failed."""
    if flags is None:
        return []
    return [JOB_REASON.format(text) for name, text in JOB_CRITERIA if not flags.get(name, True)]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, the day clipped to the target month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has at least 28 days


# Cached: a city plan asks for every employee's TMT each month (72,000 parses in the demo).
@lru_cache(maxsize=65_536)
def tmt_from_nip(number: str, asn_type: str) -> dt.date | None:
    """The start of service encoded in an ASN number: a PNS NIP gives the CPNS month (its first
    day); a NI PPPK only the year, so 1 December of it is taken, the latest it can be, so that
    nobody passes the new-employee rule early. None when the number does not parse."""
    try:
        info = parse_asn_number(number, asn_type, today=dt.date.max)
    except NipError:
        return None
    return dt.date(info.start_year, info.start_month or 12, 1)


def staff_reasons(
    *,
    day: dt.date,
    discipline_kinds: Iterable[str],
    tmt: dt.date | None,
    new_employee_months: int,
) -> list[str]:
    """The Pasal 25 staff criteria not met on ``day``: a disciplinary sanction or process in
    force, and fewer than ``new_employee_months`` whole months since TMT."""
    reasons = [DISCIPLINE_REASONS[k] for k in sorted(set(discipline_kinds), key=str)]
    if new_employee_months > 0:
        if tmt is None:
            reasons.append(UNKNOWN_TMT_REASON)
        elif day < add_months(tmt, new_employee_months):
            reasons.append(NEW_EMPLOYEE_REASON.format(new_employee_months))
    return reasons
