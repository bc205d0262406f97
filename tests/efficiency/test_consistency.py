"""The consistency report finds each reported discrepancy and shows its arithmetic."""

from hibrida.efficiency.consistency import consistency_report


def checks(**kwargs):
    return {c.key: c for c in consistency_report(**kwargs)}


def test_monthly_times_twelve_is_132_not_125():
    """Rule: 11 million/month = 132 million/year, not the reported 125."""
    c = checks()["bulanan_vs_tahunan"]
    assert not c.consistent
    assert "Rp 11 juta × 12 = Rp 132 juta" in c.arithmetic and "Rp 125 juta" in c.arithmetic
    assert "11,4 bulan" in c.reconcile


def test_forty_opds_times_125_million_is_5_billion_not_8_to_10():
    """Rule: 40 × 125 million = 5 billion, not 8–10 billion."""
    c = checks()["kali_opd"]
    assert not c.consistent
    assert "40 × Rp 125 juta = Rp 5,0 miliar" in c.arithmetic
    assert "64–80 OPD" in c.reconcile


def test_table_percentages_exceed_text_caps():
    """Rule: the table's 16/22/30 % exceed the text's 12/18/25 %."""
    c = checks()["tabel_vs_teks"]
    assert not c.consistent
    for text in ("16% vs batas teks 12%", "22% vs batas teks 18%", "30% vs batas teks 25%"):
        assert text in c.arithmetic
    assert c.reconcile


def test_frontline_opds_make_flat_multiplication_overstate():
    """Rule: frontline OPDs stay WFO, so a flat city multiplication overstates."""
    c = checks(n_opds=44, frontline_opds=9)["opd_pelayanan"]
    assert not c.consistent
    assert "44 × Rp 125 juta = Rp 5,5 miliar" in c.arithmetic
    assert "35 × Rp 125 juta" in c.arithmetic
    assert checks(frontline_opds=0)["opd_pelayanan"].consistent


def test_more_than_proportional_savings_flagged():
    """Rule: ATK 22 % and BBM 30 % exceed the 20 % of person-days off-site."""
    c = checks()["lebih_dari_proporsional"]
    assert not c.consistent
    assert "elastisitas 1,50" in c.arithmetic and "elastisitas 0,80" in c.arithmetic
    assert "ATK" in c.reconcile and "BBM" in c.reconcile


def test_consistent_figures_reported_as_consistent():
    """Rule: checks that hold are listed as consistent (table rupiah vs %, productivity)."""
    got = checks()
    assert got["persen_tabel"].consistent
    assert got["produktivitas"].consistent
    assert not got["porsi_total"].consistent  # 11/53 = 20.8 % > 20 %
    assert "20,8 %" in got["porsi_total"].arithmetic


def test_discrepancies_listed_first():
    """Rule: the report puts discrepancies before consistent checks."""
    flags = [c.consistent for c in consistency_report()]
    assert flags == sorted(flags)
