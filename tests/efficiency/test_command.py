"""`hibrida simulate_efficiency --input scenario.json`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.efficiency.test_views import add_staff

ROOT = Path(__file__).resolve().parents[2]


def run(tmp_path, data, capsys) -> dict:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("simulate_efficiency", "--input", str(path))
    return json.loads(capsys.readouterr().out)


def test_example_reproduces_the_reported_table(tmp_path, capsys):
    """Rule: the documented example reproduces the table, with ranges and warnings."""
    data = json.loads((ROOT / "examples" / "scenario_tabel_berita.json").read_text())
    out = run(tmp_path, data, capsys)
    wfh = next(s for s in out["scenarios"] if s["key"] == "wfh_1_hari")
    comps = {c["component"]: c for c in wfh["opds"][0]["components"]}
    assert [comps[k]["scenario"] for k in ("listrik_air", "atk_logistik", "bbm_perjalanan")] == [
        21_000_000,
        14_000_000,
        7_000_000,
    ]
    assert wfh["opds"][0]["total"]["saving"] == 11_000_000
    assert wfh["totals"]["yearly_saving"] == 132_000_000
    assert set(wfh["totals"]["yearly_range"]) == {"p5", "p50", "p95"}
    assert out["assumptions"] and out["consistency"]
    assert any("Rp 132 juta/tahun, bukan Rp 125 juta" in w for w in out["consistency_warnings"])


@pytest.mark.django_db
def test_city_demo_reads_database_opds(city, tmp_path, capsys):
    """Rule: with "city": "demo" the OPDs of the database are simulated with their class."""
    add_staff(city.opd_a, 3)
    out = run(
        tmp_path,
        {"city": "demo", "scenarios": ["campuran"], "monte_carlo": {"draws": 200, "seed": 1}},
        capsys,
    )
    opds = {o["code"]: o for o in out["scenarios"][0]["opds"]}
    assert opds[city.opd_a.code]["staff"] == 7
    assert opds[city.opd_b.code]["scenario"] == "wfo_penuh"  # frontline in the mix
    assert opds[city.opd_b.code]["total"]["saving"] == 0


def test_invalid_input_raises_with_field(tmp_path):
    """Rule: invalid input → error naming the field (Indonesian)."""
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps(
            {"opds": [{"code": "A", "opd_class": "administratif_teknis", "staff": "banyak"}]}
        )
    )
    with pytest.raises(CommandError, match=r"opds\[0\]\.staff"):
        call_command("simulate_efficiency", "--input", str(path))
    path.write_text("{bukan json")
    with pytest.raises(CommandError, match="bukan JSON"):
        call_command("simulate_efficiency", "--input", str(path))


def test_cli_exits_non_zero_on_invalid_input(tmp_path):
    """Rule: the console script exits non-zero with the message on stderr."""
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"scenarios": ["libur"]}))
    env = {**os.environ, "HIBRIDA_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "hibrida.cli", "simulate_efficiency", "--input", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode != 0
    assert "scenarios[0]" in proc.stderr and proc.stdout == ""
