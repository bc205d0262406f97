"""p50/p95 of every menu page of every demo role, and of every download those pages link to
(issue #13 item 12: a page within 1 s, a download within 3 s, at demo scale).

    .venv/bin/python benchmarks/pages.py                 # the demo database of `make demo`
    .venv/bin/python benchmarks/pages.py --runs 10 --only publik
    HIBRIDA_VAR_DIR=/tmp/x .venv/bin/python benchmarks/pages.py   # loads the demo there if empty

The demo database is the embedded SQLite of ``HIBRIDA_VAR_DIR`` (or ``DATABASE_URL``); when it
holds no employees the script migrates it and loads the demo first (``seed_demo``), as
``make demo`` does. Each demo account is logged in with the Django test client (the whole
middleware stack, templates and context processors run; no network). Per role it requests the
menu of :func:`hibrida.navigation.menu_for`, the fragments those pages load with htmx
(``hx-get``) and every CSV/XLSX/PDF link found on them, then the public page anonymously.
Each URL is requested ``--runs`` times after one warm-up (``--cold`` empties the cache before
each: the first visitor after a write). Prints wall-clock p50/p95 and the p95 of this process's
CPU time (less sensitive to other load on the machine; the database's own work is in it for
SQLite, not for PostgreSQL), flags ``SLOW`` rows by wall time; asserts nothing.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PAGE_BUDGET = 1.0
DOWNLOAD_BUDGET = 3.0
ROLES = ["asn", "atasan", "admin.opd", "bkpsdm", "inspektorat", "diskominfo"]
ANONYMOUS = ["/publik/"]
HREF = re.compile(r"""(?:href|hx-get)="([^"#]+)\"""")
DOWNLOAD = re.compile(r"\.(csv|xlsx|pdf)(\?|$)|format=(csv|xlsx|pdf)|/(csv|xlsx|pdf)/?(\?|$)")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hibrida.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def ensure_demo() -> None:
    from django.core.management import call_command

    from hibrida.org.models import Employee

    call_command("migrate", interactive=False, verbosity=0)
    if not Employee.objects.exists():
        print("Memuat demo (seed_demo)...", flush=True)
        call_command("seed_demo")


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95


def links(page_url: str, body: str) -> tuple[list[str], list[str]]:
    """(htmx fragments, downloads) linked from a page, as absolute paths with their query."""
    fragments, downloads = [], []
    for match in HREF.finditer(body):
        raw = html.unescape(match.group(1))
        url = urljoin(page_url, raw)
        parts = urlsplit(url)
        if parts.netloc or not parts.path.startswith("/"):
            continue
        target = downloads if DOWNLOAD.search(url) else fragments
        wanted = match.group(0).startswith("hx-get") or target is downloads
        if wanted and url not in target:
            target.append(url)
    return fragments, downloads


def timed(client, url: str, runs: int, cold: bool) -> tuple[int, list[float], list[float], bytes]:
    """Status, wall times, CPU times of this process, and the body of the warm-up request."""
    from django.core.cache import cache

    response = client.get(url)  # warm-up: first template compile, imports
    body = b"".join(response.streaming_content) if response.streaming else response.content
    times, cpu = [], []
    for _ in range(runs):
        if cold:
            cache.clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        r = client.get(url)
        if r.streaming:
            b"".join(r.streaming_content)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return response.status_code, times, cpu, body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="timed requests per URL")
    parser.add_argument("--only", default="", help="only URLs containing this text")
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument(
        "--cold", action="store_true", help="empty the cache before every timed request"
    )
    opts = parser.parse_args()
    setup_django()
    ensure_demo()
    from django.test import Client

    from hibrida.navigation import menu_for
    from hibrida.org.models import User

    rows: list[tuple[str, str, str, int, float, float, bool]] = []

    def measure(client, who: str, url: str, kind: str) -> bytes:
        if opts.only and opts.only not in url:
            return b""
        status, times, cpu, body = timed(client, url, opts.runs, opts.cold)
        p50, p95 = percentiles(times)
        budget = DOWNLOAD_BUDGET if kind == "download" else PAGE_BUDGET
        rows.append((who, kind, url, status, p50, p95, p95 > budget))
        flag = "  SLOW" if p95 > budget else ""
        cpu95 = percentiles(cpu)[1]
        print(
            f"{who:<12} {kind:<9} {status} {p50:7.3f} {p95:7.3f} {cpu95:7.3f}  {url}{flag}",
            flush=True,
        )
        return body

    print(
        f"{'peran':<12} {'jenis':<9} st  p50 (s) p95 (s) CPU p95  url  "
        f"[{opts.runs} kali per url{', cache dikosongkan tiap kali' if opts.cold else ''}]"
    )
    for username in opts.roles.split(","):
        user = User.objects.get(username=username)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        seen: set[str] = set()
        for item in menu_for(user):
            url = item["url"]
            body = measure(client, username, url, "halaman")
            if not body:
                body = client.get(url).content  # skipped by --only: still find its links
            fragments, downloads = links(url, body.decode("utf-8", "replace"))
            for extra, kind in [(u, "fragmen") for u in fragments] + [
                (u, "download") for u in downloads
            ]:
                if extra not in seen:
                    seen.add(extra)
                    measure(client, username, extra, kind)
    anonymous = Client(HTTP_HOST="127.0.0.1")
    for url in ANONYMOUS:
        body = measure(anonymous, "publik", url, "halaman")
        if not body:
            body = anonymous.get(url).content
        for extra in links(url, body.decode("utf-8", "replace"))[1]:
            measure(anonymous, "publik", extra, "download")
    slow = [r for r in rows if r[6]]
    print(
        f"\n{len(rows)} url; melewati batas (halaman/fragmen > {PAGE_BUDGET:g} s, "
        f"download > {DOWNLOAD_BUDGET:g} s): {len(slow)}"
    )
    for who, kind, url, _status, _p50, p95, _ in slow:
        print(f"  SLOW {who} {kind} {url} p95 {p95:.2f} s")


if __name__ == "__main__":
    main()
