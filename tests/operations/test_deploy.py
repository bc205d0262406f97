"""The deployment files list every setting the code reads (deploy/ and README stay complete)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READERS = {"env_bool", "env_int", "env_list", "getenv"}


def _name_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def settings_read() -> set[str]:
    """Every environment variable named in an ``os.environ`` / ``env_*`` read in src/."""
    names = set()
    for path in (ROOT / "src" / "hibrida").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                reads_env = (isinstance(func, ast.Name) and func.id in READERS) or (
                    isinstance(func, ast.Attribute)
                    and func.attr in {"get", "getenv"}
                    and isinstance(func.value, ast.Attribute | ast.Name)
                    and getattr(func.value, "attr", getattr(func.value, "id", ""))
                    in {"environ", "os"}
                )
                if reads_env and (name := _name_of(node.args[0])):
                    names.add(name)
            elif (
                isinstance(node, ast.Subscript)
                and getattr(node.value, "attr", "") == "environ"
                and (name := _name_of(node.slice))
            ):
                names.add(name)
    return names


def test_the_scan_finds_known_reads():
    found = settings_read()
    # Spelled out by hand from settings.py and presence/fastpath.py: one plain read, one
    # env_bool, one multi-line read, one subscript, one outside settings.py.
    assert {
        "DATABASE_URL",
        "HIBRIDA_DEBUG",
        "HIBRIDA_EMAIL_BACKEND",
        "HIBRIDA_TEST_DB_NAME",
        "HIBRIDA_FASTPATH_WRITERS",
    } <= found
    assert "DJANGO_SETTINGS_MODULE" not in found  # set with setdefault, not read as a setting


def test_environment_template_lists_every_setting():
    template = (ROOT / "deploy" / "hibrida.env.example").read_text()
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", template, flags=re.MULTILINE))
    assert sorted(settings_read() - listed) == []
    assert sorted(listed - settings_read()) == []


def test_readme_configuration_table_names_every_setting():
    readme = (ROOT / "README.md").read_text()
    assert sorted(n for n in settings_read() if f"`{n}`" not in readme) == []
