"""Consistency report: checks the reported efficiency figures against each other. Pure.

Each check states its arithmetic and, when the figures disagree, the assumption that would
reconcile them, so a reader sees why a headline number should not simply be repeated.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .model import (
    COMPONENT_LABELS,
    MILLION,
    REPORTED_PRODUCTIVITY,
    REPORTED_TABLE,
    REPORTED_TABLE_PCT,
    REPORTED_TEXT_CAPS,
    REPORTED_YEARLY_AVERAGE_OPD,
    TABLE_OFFSITE_SHARE,
)

BILLION = 1_000 * MILLION
REPORTED_CITY_RANGE = (8 * BILLION, 10 * BILLION)
REPORTED_N_OPDS = 40  # "40+ OPD"
REPORTED_TOTAL_SHARE = (0.15, 0.20)  # "15–20 % of total office operating costs"
REPORTED_PRODUCTIVITY_RANGE = (0.10, 0.15)
# The reports name three frontline OPDs (DPMPTSP, Disdukcapil, Dinkes) that stay WFO.
REPORTED_FRONTLINE_NAMED = 3


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    consistent: bool
    arithmetic: str
    reconcile: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def rp(amount: float) -> str:
    """Rupiah in words a reader of the news uses: 'Rp 132 juta', 'Rp 5,0 miliar'."""
    if abs(amount) >= BILLION:
        return f"Rp {amount / BILLION:.1f} miliar".replace(".", ",")
    value = amount / MILLION
    text = f"{value:.0f}" if value == round(value) else f"{value:.2f}".replace(".", ",")
    return f"Rp {text} juta"


def num(value: float, digits: int = 1) -> str:
    """A decimal number written the Indonesian way (comma as decimal separator)."""
    return f"{value:.{digits}f}".replace(".", ",")


def consistency_report(
    *,
    n_opds: int = REPORTED_N_OPDS,
    frontline_opds: int = REPORTED_FRONTLINE_NAMED,
    frontline_saving_share: float = 0.03,
) -> list[Check]:
    """All checks, discrepancies first. ``frontline_opds`` is how many OPDs stay WFO."""
    checks = [
        _table_percentages(),
        _monthly_vs_yearly(),
        _table_vs_text_caps(),
        _more_than_proportional(),
        _total_share(),
        _city_multiplication(n_opds),
        _productivity(),
        _frontline(n_opds, frontline_opds, frontline_saving_share),
    ]
    return sorted(checks, key=lambda c: c.consistent)


def _monthly_saving() -> float:
    return sum(before - after for before, after in REPORTED_TABLE.values())


def _table_percentages() -> Check:
    parts, bad = [], []
    for comp, (before, after) in REPORTED_TABLE.items():
        pct = 100 * (before - after) / before
        parts.append(
            f"{COMPONENT_LABELS[comp]}: ({rp(before)} − {rp(after)}) / {rp(before)} = "
            f"{num(pct)} % (dilaporkan {REPORTED_TABLE_PCT[comp]} %)"
        )
        if round(pct) != REPORTED_TABLE_PCT[comp]:
            bad.append(comp)
    return Check(
        "persen_tabel",
        "Persentase di tabel sesuai dengan angka rupiahnya",
        not bad,
        "; ".join(parts) + ".",
        "" if not bad else "Periksa angka rupiah tabel.",
    )


def _monthly_vs_yearly() -> Check:
    monthly = _monthly_saving()
    yearly = 12 * monthly
    months_needed = REPORTED_YEARLY_AVERAGE_OPD / monthly
    monthly_needed = REPORTED_YEARLY_AVERAGE_OPD / 12
    terms = " + ".join(rp(b - a) for b, a in REPORTED_TABLE.values())
    return Check(
        "bulanan_vs_tahunan",
        "Hemat bulanan tabel × 12 ≠ hemat tahunan yang dilaporkan",
        yearly == REPORTED_YEARLY_AVERAGE_OPD,
        f"{terms} = {rp(monthly)}/bulan; {rp(monthly)} × 12 = {rp(yearly)}/tahun, bukan "
        f"{rp(REPORTED_YEARLY_AVERAGE_OPD)} (selisih {rp(yearly - REPORTED_YEARLY_AVERAGE_OPD)}).",
        f"{rp(REPORTED_YEARLY_AVERAGE_OPD)} cocok bila hemat hanya berlaku "
        f"{num(months_needed)} bulan setahun (mis. tanpa bulan cuti bersama/libur panjang), atau "
        f"bila hemat bulanan sebenarnya {rp(monthly_needed)}.",
    )


def _table_vs_text_caps() -> Check:
    parts, over = [], []
    for comp, (before, after) in REPORTED_TABLE.items():
        pct = (before - after) / before
        cap = REPORTED_TEXT_CAPS[comp]
        parts.append(f"{COMPONENT_LABELS[comp]} {pct:.0%} vs batas teks {cap:.0%}")
        if pct > cap + 1e-9:
            over.append(comp)
    return Check(
        "tabel_vs_teks",
        'Persentase tabel (16/22/30 %) melampaui batas "hingga" di teks (12/18/25 %)',
        not over,
        "; ".join(parts) + " — tabel untuk WFH 1 hari/minggu, teks untuk 1–2 hari/minggu.",
        "Cocok bila teks dan tabel memakai dasar berbeda (mis. teks = rata-rata seluruh kota "
        "termasuk OPD pelayanan langsung, tabel = OPD administratif yang seluruh pegawainya "
        "WFH), atau bila tabel menghitung juga hari penutupan gedung. Kalibrasi 'teks_berita' "
        "memakai batas teks.",
    )


def _more_than_proportional() -> Check:
    parts, over = [], []
    for comp, (before, after) in REPORTED_TABLE.items():
        pct = (before - after) / before
        elasticity = pct / TABLE_OFFSITE_SHARE
        parts.append(
            f"{COMPONENT_LABELS[comp]} {num(100 * pct)} % / 20 % = elastisitas {num(elasticity, 2)}"
        )
        if elasticity > 1 + 1e-9:
            over.append(COMPONENT_LABELS[comp])
    return Check(
        "lebih_dari_proporsional",
        "Hemat melebihi porsi hari di luar kantor (1 hari/minggu = 20 % hari-orang)",
        not over,
        "; ".join(parts) + ". Bila seluruh biaya bergantung pada kehadiran, 20 % hari di luar "
        "kantor menghemat paling banyak 20 %.",
        f"{' dan '.join(over)} hanya cocok bila setiap hari WFH menghemat lebih dari porsinya "
        "(mis. perjalanan dinas dan rapat luring ikut dihapus, atau pengadaan ATK dipangkas "
        "sekaligus); tabel_berita memakai elastisitas tersebut dan mencatatnya sebagai asumsi.",
    )


def _total_share() -> Check:
    base = sum(b for b, _ in REPORTED_TABLE.values())
    monthly = _monthly_saving()
    share = monthly / base
    low, high = REPORTED_TOTAL_SHARE
    inside = low <= share <= high
    where = "di dalam" if inside else "di luar"
    return Check(
        "porsi_total",
        'Hemat total tabel dibanding "15–20 % biaya operasional kantor"',
        inside,
        f"{rp(monthly)} / {rp(base)} = {num(100 * share)} % dari tiga komponen tabel, {where} "
        f"rentang {low:.0%}–{high:.0%}.",
        "Cocok bila biaya operasional total lebih besar dari tiga komponen tabel (mis. "
        f"ditambah lembur & pemeliharaan ≥ {rp(monthly / high - base)}/bulan yang tidak ikut "
        "hemat).",
    )


def _city_multiplication(n_opds: int) -> Check:
    city = n_opds * REPORTED_YEARLY_AVERAGE_OPD
    low, high = REPORTED_CITY_RANGE
    city_132 = n_opds * 12 * _monthly_saving()
    return Check(
        "kali_opd",
        "Jumlah OPD × hemat OPD rata-rata ≠ Rp 8–10 miliar",
        low <= city <= high,
        f"{n_opds} × {rp(REPORTED_YEARLY_AVERAGE_OPD)} = {rp(city)} (dengan {rp(132 * MILLION)}: "
        f"{rp(city_132)}), bukan {rp(low)}–{rp(high)}.",
        f"Rp 8–10 miliar memerlukan {low / REPORTED_YEARLY_AVERAGE_OPD:.0f}–"
        f"{high / REPORTED_YEARLY_AVERAGE_OPD:.0f} OPD rata-rata, atau {rp(low / n_opds)}–"
        f"{rp(high / n_opds)} per OPD per tahun (mis. bila angka kota memakai WFH 2 hari/minggu "
        "atau memasukkan sekolah/puskesmas/UPTD sebagai unit tersendiri).",
    )


def _frontline(n_opds: int, frontline: int, frontline_share: float) -> Check:
    flat = n_opds * REPORTED_YEARLY_AVERAGE_OPD
    others = n_opds - frontline
    honest = others * REPORTED_YEARLY_AVERAGE_OPD + frontline * frontline_share * (
        REPORTED_YEARLY_AVERAGE_OPD
    )
    return Check(
        "opd_pelayanan",
        "OPD pelayanan langsung tetap WFO: perkalian rata kota melebih-lebihkan",
        frontline == 0,
        f"{n_opds} × {rp(REPORTED_YEARLY_AVERAGE_OPD)} = {rp(flat)}; dengan {frontline} OPD "
        f"pelayanan langsung yang hanya menghemat ±{frontline_share:.0%}: {others} × "
        f"{rp(REPORTED_YEARLY_AVERAGE_OPD)} + {frontline} × {frontline_share:.0%} × "
        f"{rp(REPORTED_YEARLY_AVERAGE_OPD)} = {rp(honest)} ({(flat - honest) / flat:.0%} lebih "
        "kecil).",
        "Perkalian rata hanya cocok bila semua OPD dapat WFH seperti OPD administratif; "
        "simulasi kota memakai porsi pegawai layak WFH per OPD.",
    )


def _productivity() -> Check:
    before, after = REPORTED_PRODUCTIVITY
    gain = after / before - 1
    low, high = REPORTED_PRODUCTIVITY_RANGE
    return Check(
        "produktivitas",
        "Indeks produktivitas tabel dalam rentang teks (10–15 %)",
        low <= gain <= high,
        f"{after} / {before} − 1 = {gain:.0%}, di dalam {low:.0%}–{high:.0%}.",
        "",
    )


def as_dicts(checks: list[Check]) -> list[dict]:
    return [c.as_dict() for c in checks]
