"""The one WorkMode enum: its codes are the stored ones, and src spells no mode twice.

The guard below reads the source with ``ast`` so a new ``"WFH"`` literal outside the enum fails
here rather than drifting from it.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import hibrida
from hibrida.activity.models import ReportMode
from hibrida.roster.models import CODE_MODES, MODE_CODES, MODE_LABELS
from hibrida.roster.modes import WorkMode

SRC = Path(hibrida.__file__).parent
MODE_VALUES = {m.value for m in WorkMode}


def test_work_modes_keep_the_codes_already_stored():
    assert {"WFO", "WFH", "FIELD", "DUTY", "LEAVE"} == MODE_VALUES
    assert WorkMode.WFH == "WFH"
    assert json.dumps({"mode": WorkMode.LEAVE}) == '{"mode": "LEAVE"}'
    assert f"{WorkMode.FIELD}" == "FIELD"


def test_every_work_mode_has_a_letter_and_a_label():
    assert set(MODE_CODES) == set(WorkMode)
    assert {CODE_MODES[c] for c in MODE_CODES.values()} == set(WorkMode)
    assert set(MODE_LABELS) == set(WorkMode)


def test_report_modes_are_the_work_modes_without_leave():
    assert set(ReportMode.values) == MODE_VALUES - {WorkMode.LEAVE}


def _mode_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    exports = {
        id(elt)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
        for elt in getattr(node.value, "elts", [])
    }
    return [
        f"{path.relative_to(SRC)}:{node.lineno} {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and node.value in MODE_VALUES
        and id(node) not in docstrings | exports
    ]


def test_work_modes_are_spelled_only_in_the_enum():
    allowed = {SRC / "roster" / "modes.py"}
    found = [
        hit
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts and path not in allowed
        for hit in _mode_literals(path)
    ]
    assert found == []
