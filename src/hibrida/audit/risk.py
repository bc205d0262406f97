"""Risk score of one (employee, day) for audit sampling. Pure: no Django import.

A sum of documented points (``WEIGHTS``, shown on the audit page); a component whose source is
unavailable scores 0 and says so, so a missing feed never invents risk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# key: (label, points, how it is counted). Points are per occurrence unless said otherwise.
WEIGHTS: dict[str, tuple[str, float, str]] = {
    "presence_flags": (
        "Presensi ditandai (flag)",
        3.0,
        "per alasan flag pada presensi hari itu (lokasi di luar pagar, lokasi palsu, "
        "kecepatan mustahil, dll.), maksimal 3",
    ),
    "missing_report": (
        "Laporan harian tidak ada",
        4.0,
        "hari kerja tanpa laporan harian yang dikirim (pegawai yang tidak pernah melapor "
        "sepanjang periode diberi 0 di sini dan didaftar terpisah pada halaman audit)",
    ),
    "late_report": ("Laporan harian terlambat", 1.5, "laporan dikirim setelah batas waktu"),
    "quick_approval": (
        "Disetujui dalam hitungan detik",
        2.5,
        "laporan disetujui kurang dari 20 detik setelah dibuka atasan",
    ),
    "rubber_stamp_atasan": (
        "Atasan menyetujui semuanya",
        2.0,
        "atasan menyetujui ≥ 98 % dari ≥ 20 laporan yang divalidasi pada periode audit",
    ),
    "missed_spot_check": (
        "Panggilan video supervisi tidak terhubung",
        3.0,
        "per panggilan uji petik hari itu yang berakhir 'tidak terhubung'",
    ),
    "home_location_change": (
        "Perubahan lokasi rumah (WFH)",
        1.0,
        "per perubahan lokasi WFH dalam 30 hari sebelum hari itu, maksimal 3",
    ),
    "joki_finding": (
        "Temuan analitik joki",
        4.0,
        "per temuan analitik joki (perangkat bersama, presensi berkelompok di luar kantor, "
        "koordinat identik, HP yang dilaporkan hilang) yang meragukan presensi hari itu, "
        "maksimal 2",
    ),
}

QUICK_APPROVAL_SECONDS = 20.0
RUBBER_STAMP_RATE = 0.98
RUBBER_STAMP_MIN_REPORTS = 20
MAX_FLAGS = 3
MAX_HOME_CHANGES = 3
MAX_JOKI_FINDINGS = 2


@dataclass(frozen=True)
class DayEvidence:
    """What the records say about one employee-day; ``None`` means "source not available"."""

    flag_count: int | None = None
    # "missing" | "late" | "on_time" | "none_in_period" | None (unknown)
    report_status: str | None = None
    approval_seconds: float | None = None  # opened → approved, when approved
    atasan_approval_rate: float | None = None
    atasan_validated: int | None = None
    spot_checks_not_reached: int | None = None
    home_location_changes: int | None = None
    joki_findings: int | None = None  # joki findings holding a check-in of that day doubtful


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    points: float
    note: str


@dataclass(frozen=True)
class RiskScore:
    total: float
    components: list[Component] = field(default_factory=list)

    def as_list(self) -> list[dict[str, object]]:
        return [
            {"key": c.key, "label": c.label, "points": c.points, "note": c.note}
            for c in self.components
        ]


NO_DATA = "data tidak tersedia (0)"
NONE_IN_PERIOD = "none_in_period"
NONE_IN_PERIOD_NOTE = "tidak ada laporan sama sekali dalam periode — diperiksa terpisah (0)"


def _component(key: str, count: float | None, note: str = "") -> Component:
    label, weight, _how = WEIGHTS[key]
    if count is None:
        return Component(key, label, 0.0, NO_DATA)
    return Component(key, label, round(weight * count, 2), note)


def score_day(ev: DayEvidence) -> RiskScore:
    """The documented risk score of one employee-day (sum of the component points)."""
    comps: list[Component] = []
    if ev.flag_count is None:
        comps.append(_component("presence_flags", None))
    else:
        n = min(max(ev.flag_count, 0), MAX_FLAGS)
        comps.append(_component("presence_flags", n, f"{ev.flag_count} flag"))
    if ev.report_status is None:
        comps.append(_component("missing_report", None))
        comps.append(_component("late_report", None))
    elif ev.report_status == NONE_IN_PERIOD:
        # Nobody reported for a whole period is not a day-level signal (every day would score
        # the same): the plan page lists such employees separately for a direct finding.
        comps.append(_component("missing_report", 0, NONE_IN_PERIOD_NOTE))
        comps.append(_component("late_report", 0, NONE_IN_PERIOD_NOTE))
    else:
        missing = 1 if ev.report_status == "missing" else 0
        late = 1 if ev.report_status == "late" else 0
        comps.append(_component("missing_report", missing, "tidak ada" if missing else "ada"))
        comps.append(_component("late_report", late, "terlambat" if late else "tepat waktu"))
    if ev.approval_seconds is None:
        comps.append(_component("quick_approval", None))
    else:
        quick = 1 if ev.approval_seconds < QUICK_APPROVAL_SECONDS else 0
        comps.append(
            _component("quick_approval", quick, f"{ev.approval_seconds:.0f} detik setelah dibuka")
        )
    if ev.atasan_approval_rate is None or ev.atasan_validated is None:
        comps.append(_component("rubber_stamp_atasan", None))
    else:
        stamp = (
            1
            if ev.atasan_validated >= RUBBER_STAMP_MIN_REPORTS
            and ev.atasan_approval_rate >= RUBBER_STAMP_RATE
            else 0
        )
        comps.append(
            _component(
                "rubber_stamp_atasan",
                stamp,
                f"{ev.atasan_approval_rate:.0%} dari {ev.atasan_validated} laporan disetujui",
            )
        )
    if ev.spot_checks_not_reached is None:
        comps.append(_component("missed_spot_check", None))
    else:
        n = max(ev.spot_checks_not_reached, 0)
        comps.append(_component("missed_spot_check", n, f"{n} tidak terhubung"))
    if ev.home_location_changes is None:
        comps.append(_component("home_location_change", None))
    else:
        n = min(max(ev.home_location_changes, 0), MAX_HOME_CHANGES)
        comps.append(_component("home_location_change", n, f"{ev.home_location_changes} perubahan"))
    if ev.joki_findings is None:
        comps.append(_component("joki_finding", None))
    else:
        n = min(max(ev.joki_findings, 0), MAX_JOKI_FINDINGS)
        comps.append(_component("joki_finding", n, f"{ev.joki_findings} temuan"))
    return RiskScore(round(sum(c.points for c in comps), 2), comps)


def max_score() -> float:
    """The largest score any employee-day can reach (for scaling displays)."""
    caps = {
        "presence_flags": MAX_FLAGS,
        "home_location_change": MAX_HOME_CHANGES,
        "joki_finding": MAX_JOKI_FINDINGS,
    }
    # missing and late are exclusive; a day has at most a handful of spot checks (take 1).
    total = 0.0
    for key, (_label, weight, _how) in WEIGHTS.items():
        if key == "late_report":
            continue
        total += weight * caps.get(key, 1)
    return total
