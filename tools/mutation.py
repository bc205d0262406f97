"""Mutation testing with mutmut, one module at a time, each against its own fast tests.

Usage: python tools/mutation.py [MODULE ...] [--keep] [--jobs N]   (see docs/testing.md)
Prints the kill rate per module and every surviving mutant as a diff.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "var" / "mutation"
MUTMUT = Path(sys.executable).with_name("mutmut")

# Module → the narrowest test files that still kill its mutants (docs/testing.md).
MODULES: dict[str, tuple[str, list[str]]] = {
    "nip": ("src/hibrida/org/nip.py", ["tests/org/test_nip.py", "tests/org/test_boundaries.py"]),
    "verify": (
        "src/hibrida/presence/verify.py",
        [
            "tests/presence/test_verify.py",
            "tests/presence/test_boundaries.py::TestGeofence",
            "tests/presence/test_boundaries.py::TestVerifyRules",
            "tests/presence/test_boundaries.py::TestPolygon",
        ],
    ),
    "worktime": (
        "src/hibrida/presence/worktime.py",
        ["tests/presence/test_worktime.py", "tests/presence/test_boundaries.py::TestWorktime"],
    ),
    "disclosure": (
        "src/hibrida/monitoring/disclosure.py",
        [
            "tests/monitoring/test_disclosure.py",
            "tests/monitoring/test_boundaries.py::TestDisclosure",
        ],
    ),
    "model": ("src/hibrida/efficiency/model.py", ["tests/efficiency/test_model.py"]),
    "stats": ("src/hibrida/efficiency/stats.py", ["tests/efficiency/test_stats.py"]),
    "problem": (
        "src/hibrida/roster/problem.py",
        ["tests/roster/test_boundaries.py::TestProblemChecks"],
    ),
    "access": (
        "src/hibrida/org/access.py",
        ["tests/org/test_access_matrix.py", "tests/org/test_access_boundaries.py"],
    ),
}

# mutmut exit codes (mutmut.stats.status_by_exit_code), folded into what the report needs.
KILLED = {1, 3, 36, 37, 24, -24, 152, 255}  # a failing test, a timeout or the type checker
SURVIVED = {0}


# Per mutant mutmut forks its warm process and calls pytest.main() again. Without these the
# call cost about 1 s before any test ran: the unraisable-exception plugin's gc.collect() runs
# twice over the whole inherited heap, and assertion rewriting rescans every installed
# distribution for plugins. Plain asserts still fail the test, which is all a verdict needs.
PYTEST_ARGS = [
    "-p",
    "no:cacheprovider",
    "-p",
    "no:unraisableexception",
    "--assert=plain",
    # One seed: a mutant's verdict must not depend on which examples hypothesis drew.
    "--hypothesis-seed=0",
    "-x",
]
# Modules whose tests need the database: one SQLite file, migrated once by the stats run and
# reused by every mutant (an in-memory database would be migrated again in each fork).
DB_MODULES = {"access"}


def _config(source: str, tests: list[str], db_args: list[str]) -> str:
    """The work directory's pyproject.toml: the project's pytest options plus [tool.mutmut]."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    pytest_opts = project["tool"]["pytest"]["ini_options"]
    lines = ["[tool.pytest.ini_options]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in pytest_opts.items()]
    lines += [
        "",
        "[tool.mutmut]",
        'source_paths = ["src"]',
        f"only_mutate = {json.dumps([source])}",
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}",
        f"pytest_add_cli_args = {json.dumps(PYTEST_ARGS + db_args)}",
        "use_git_change_detection = false",
    ]
    return "\n".join(lines) + "\n"


def _prepare(name: str, keep: bool) -> Path:
    source, tests = MODULES[name]
    work = WORK / name
    if work.exists() and not keep:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    for link in ("src", "tests"):
        if not (work / link).exists():
            (work / link).symlink_to(ROOT / link)
    db_args = ["--reuse-db"] if name in DB_MODULES else []
    (work / "pyproject.toml").write_text(_config(source, tests, db_args), encoding="utf-8")
    return work


def _results(work: Path, source: str) -> dict[str, int | None]:
    meta = work / "mutants" / (source + ".meta")
    return json.loads(meta.read_text("utf-8"))["exit_code_by_key"]


def _diff(work: Path, mutant: str) -> str:
    shown = subprocess.run(
        [str(MUTMUT), "show", mutant], cwd=work, capture_output=True, text=True, check=True
    )
    return shown.stdout.strip()


def run_module(
    name: str, *, keep: bool, jobs: int, survivors: bool = False
) -> tuple[int, int, list[str], float]:
    source, _ = MODULES[name]
    work = _prepare(name, keep or survivors)
    # Only the earlier survivors again (after adding tests): mutmut re-tests named mutants
    # and keeps every other verdict as long as the configuration is unchanged.
    again = (
        [k for k, code in _results(work, source).items() if code in SURVIVED] if survivors else []
    )
    env = {**os.environ, "DATABASE_URL": "", "PYTHONDONTWRITEBYTECODE": "1"}
    if name in DB_MODULES:
        # Rows written by one worker's test stay in its rolled-back transaction; two workers
        # on one file would still wait for each other's write lock, so these run one at a time.
        env["HIBRIDA_TEST_DB_NAME"] = str(work / "test.sqlite3")
        jobs = 1
    started = time.monotonic()
    run = subprocess.run(
        [str(MUTMUT), "run", "--max-children", str(jobs), *again],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - started
    if run.returncode != 0:
        sys.stdout.write(run.stdout[-4000:] + run.stderr[-4000:])
        raise SystemExit(f"mutmut gagal untuk {name} (kode {run.returncode})")
    codes = _results(work, source)
    killed = sum(1 for code in codes.values() if code in KILLED)
    survivors = sorted(key for key, code in codes.items() if code not in KILLED)
    return killed, len(codes), survivors, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("modules", nargs="*", help=", ".join(MODULES))
    parser.add_argument("--keep", action="store_true", help="reuse earlier verdicts")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("MUTATION_JOBS", "2")))
    parser.add_argument("--diffs", action="store_true", help="print each survivor's diff")
    parser.add_argument("--survivors", action="store_true", help="re-test only the survivors")
    args = parser.parse_args()
    names = args.modules or list(MODULES)
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        parser.error(f"modul tidak dikenal: {unknown}")
    summary = []
    for name in names:
        killed, total, survivors, seconds = run_module(
            name, keep=args.keep, jobs=args.jobs, survivors=args.survivors
        )
        summary.append((name, killed, total, seconds))
        rate = 100.0 * killed / total if total else 100.0
        print(f"\n== {MODULES[name][0]}: {killed}/{total} killed ({rate:.1f} %), {seconds:.0f} s")
        for mutant in survivors:
            print(f"  survived: {mutant}")
            if args.diffs:
                print("    " + _diff(WORK / name, mutant).replace("\n", "\n    "))
    print("\nmodule       killed/total   rate    time")
    for name, killed, total, seconds in summary:
        rate = 100.0 * killed / total if total else 100.0
        print(f"{name:<12} {killed:>5}/{total:<6} {rate:6.1f} % {seconds:6.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
