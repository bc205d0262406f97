"""Write docs/access-matrix.md from the route table in tests/access_routes.py.

Usage: python tools/access_matrix.py
The table is plain data, so no database or Django set-up is needed.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.access_routes import render_markdown  # noqa: E402

if __name__ == "__main__":
    target = ROOT / "docs" / "access-matrix.md"
    target.write_text(render_markdown(), encoding="utf-8")
    print(f"{target.relative_to(ROOT)} ditulis.")
