"""`hibrida solve_roster`: JSON in, JSON out, no database, nothing written on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

PROBLEM = {
    "days": ["2026-01-05", "2026-01-06", "2026-01-07"],
    "units": [{"id": "U1", "min_onsite_share": 0.5, "min_onsite_count": 1}],
    "employees": [
        {"id": "E1", "unit": "U1", "eligible": True, "wfh_target": 1, "max_wfh_per_week": 1},
        {"id": "E2", "unit": "U1", "wfh_target": 1, "leave": ["2026-01-07"]},
        {"id": "E3", "unit": "U1", "eligible": False, "ineligible_reason": "loket pelayanan"},
    ],
    "fixed_wfh_weekday": None,
}


def write(tmp_path: Path, payload, name="problem.json") -> Path:
    path = tmp_path / name
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload))
    return path


def run(*args: str) -> subprocess.CompletedProcess:
    """The installed console script, to see the real exit code."""
    hibrida = Path(sys.executable).with_name("hibrida")
    return subprocess.run([str(hibrida), *args], capture_output=True, text=True, timeout=120)


def test_command_writes_the_design_solution_without_touching_the_database(tmp_path, capsys):
    """No `db` fixture: pytest-django fails any query, so this also proves no DB access."""
    out = tmp_path / "solution.json"
    call_command("solve_roster", input=str(write(tmp_path, PROBLEM)), output=str(out))
    solution = json.loads(out.read_text())
    assert solution["status"] == "OPTIMAL"
    assert solution["assignments"]["E2"]["2026-01-07"] == "LEAVE"
    assert solution["max_shortfall"] == 0 and solution["total_shortfall"] == 0
    assert solution["explanations"]["E3"] == "not eligible: loket pelayanan"
    assert "solve_seconds" in solution and "U1" in solution["units"]
    summary = capsys.readouterr().out.strip().splitlines()
    assert len(summary) == 1 and summary[0].startswith("OPTIMAL: 1 unit, 3 pegawai")


def test_time_limit_and_engine_options_give_the_same_optimum(tmp_path):
    flow, cpsat = tmp_path / "flow.json", tmp_path / "cpsat.json"
    problem = str(write(tmp_path, PROBLEM))
    call_command("solve_roster", input=problem, output=str(flow), time_limit=5)
    call_command("solve_roster", input=problem, output=str(cpsat), time_limit=5, engine="cpsat")
    a, b = json.loads(flow.read_text()), json.loads(cpsat.read_text())
    assert a["status"] == b["status"] == "OPTIMAL"
    assert (a["max_shortfall"], a["total_shortfall"]) == (b["max_shortfall"], b["total_shortfall"])


def test_exhausted_time_limit_reports_feasible_with_bound(tmp_path):
    out = tmp_path / "solution.json"
    call_command("solve_roster", input=str(write(tmp_path, PROBLEM)), output=str(out), time_limit=0)
    solution = json.loads(out.read_text())
    assert solution["status"] == "FEASIBLE" and "bound" in solution


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**PROBLEM, "days": ["2026-01-05", "2026-13-01"]}, "days[1]"),
        (
            {**PROBLEM, "employees": [{"id": "E1", "unit": "U1", "wfh_target": -3}]},
            "employees[0].wfh_target",
        ),
        ("{not json", "input"),
    ],
)
def test_invalid_input_is_refused_naming_the_field_and_writes_nothing(tmp_path, payload, field):
    out = tmp_path / "solution.json"
    with pytest.raises(CommandError) as info:
        call_command("solve_roster", input=str(write(tmp_path, payload)), output=str(out))
    assert field in str(info.value)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "problem.json"], "no temporary file left"


def test_missing_input_file_is_refused(tmp_path):
    out = tmp_path / "solution.json"
    with pytest.raises(CommandError, match="input"):
        call_command("solve_roster", input=str(tmp_path / "nope.json"), output=str(out))
    assert not out.exists()


def test_console_script_exit_codes(tmp_path):
    out = tmp_path / "solution.json"
    ok = run("solve_roster", "--input", str(write(tmp_path, PROBLEM)), "--output", str(out))
    assert ok.returncode == 0, ok.stderr
    assert json.loads(out.read_text())["status"] == "OPTIMAL"

    bad = {**PROBLEM, "employees": [*PROBLEM["employees"], {"id": "E1", "unit": "U1"}]}
    out2 = tmp_path / "other.json"
    failed = run(
        "solve_roster", "--input", str(write(tmp_path, bad, "bad.json")), "--output", str(out2)
    )
    assert failed.returncode != 0
    assert "employees[3].id" in failed.stderr and "ganda" in failed.stderr
    assert not out2.exists()


def test_previous_solution_survives_a_rejected_input(tmp_path):
    """Writes nothing on error: an existing output file is left exactly as it was."""
    out = tmp_path / "solution.json"
    out.write_text('{"status": "OPTIMAL"}')
    bad = {**PROBLEM, "units": [{"id": "U1", "min_onsite_share": 2}]}
    with pytest.raises(CommandError, match=r"units\[0\]\.min_onsite_share"):
        call_command("solve_roster", input=str(write(tmp_path, bad)), output=str(out))
    assert out.read_text() == '{"status": "OPTIMAL"}'
