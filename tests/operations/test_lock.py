"""The lock files pin, with hashes, every dependency pyproject.toml names (docs/operations.md)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def pins(name: str) -> dict[str, Version]:
    return {
        canonicalize_name(n): Version(v)
        for n, v in PIN.findall((ROOT / name).read_text(encoding="utf-8"))
    }


def declared(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return [Requirement(r) for r in names]


def test_pin_pattern_reads_a_lock_entry():
    text = "django==5.2.19 \\\n    --hash=sha256:ab\nuvloop==0.23.0 ; sys_platform != 'win32' \\\n"
    assert PIN.findall(text) == [("django", "5.2.19"), ("uvloop", "0.23.0")]


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements.lock", [None]), ("requirements-dev.lock", [None, "dev"])],
)
def test_lock_pins_every_declared_dependency_within_its_range(lock, extras):
    pinned = pins(lock)
    for extra in extras:
        for req in declared(extra):
            name = canonicalize_name(req.name)
            assert name in pinned, f"{req.name} tidak dikunci di {lock}"
            assert pinned[name] in req.specifier, f"{req.name}=={pinned[name]} di luar {req}"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_extras_the_code_relies_on_are_locked(lock):
    pinned = pins(lock)
    # psycopg[binary]: the C build; uvicorn[standard]: httptools + uvloop for the fast path.
    assert {"psycopg-binary", "httptools", "uvloop"} <= pinned.keys()


def test_dev_lock_runs_the_versions_that_deploy():
    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    assert {n: dev.get(n) for n in runtime} == runtime


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_pin_carries_a_hash(lock):
    entries = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text(encoding="utf-8"))
    for entry in entries:
        if PIN.match(entry):
            assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), entry.splitlines()[0]
