"""How long the Kota Bekasi demo city takes to load into a fresh embedded SQLite database.

Usage: .venv/bin/python benchmarks/demo_load.py [--employees 12000] [--with-apps]
Prints wall time for migrate and for seeding; asserts nothing (targets live in the issue:
12,000 ASN in under 60 s on SQLite).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time


def run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "hibrida.cli", *args], env=env, check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=12_000)
    parser.add_argument("--with-apps", action="store_true", help="also the apps' demo history")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "HIBRIDA_VAR_DIR": var, "DATABASE_URL": ""}
        migrate = run(["migrate", "-v0"], env)
        seed_args = ["seed_demo", "--employees", str(opts.employees)]
        if not opts.with_apps:
            seed_args.append("--skip-apps")
        seed = run(seed_args, env)
        size = os.path.getsize(os.path.join(var, "hibrida.sqlite3")) / 1e6
    print(f"migrate: {migrate:.1f} s")
    print(
        f"seed_demo ({opts.employees} ASN{', with app history' if opts.with_apps else ''}): "
        f"{seed:.1f} s"
    )
    print(f"database file: {size:.1f} MB")


if __name__ == "__main__":
    main()
