"""How long `make demo` takes to load the Kota Bekasi demo into a fresh embedded SQLite file.

Usage: .venv/bin/python benchmarks/demo_load.py [--cold]
Runs `hibrida demo --no-serve` (what `make demo` runs before serving) in a temporary
HIBRIDA_VAR_DIR and prints its wall time and CPU time (user + system, the children's) with
the demo's own per-phase lines. The pre-migrated schema is built first when missing, as
`make install` does; --cold leaves it out (a first load replays every migration). Asserts
nothing (the target lives in the issue: ≤ 60 s on 2 cores); on a shared machine compare CPU.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall s, CPU s, stdout) of one `hibrida` command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "hibrida.cli", *args],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cold", action="store_true", help="no pre-migrated schema")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "HIBRIDA_VAR_DIR": var, "DATABASE_URL": ""}
        if opts.cold:
            env["HIBRIDA_SCHEMA_CACHE_DIR"] = os.path.join(var, "schema-cache")
        else:
            wall, cpu, _ = run(["demo_schema"], env)
            print(
                f"demo_schema (build step, once per migration set): {wall:.1f} s, CPU {cpu:.1f} s"
            )
        wall, cpu, out = run(["demo", "--no-serve"], env)
        size = os.path.getsize(os.path.join(var, "hibrida.sqlite3")) / 1e6
    # The demo's own timing lines, up to "Selesai" (the account table follows).
    lines = out.splitlines()
    end = next((i for i, line in enumerate(lines) if line.startswith("Selesai")), len(lines) - 1)
    print("\n".join(line for line in lines[: end + 1] if not line.startswith("Memuat")))
    print(f"demo --no-serve{' (cold)' if opts.cold else ''}: {wall:.1f} s wall, CPU {cpu:.1f} s")
    print(f"database file: {size:.1f} MB")


if __name__ == "__main__":
    main()
