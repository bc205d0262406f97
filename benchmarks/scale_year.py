"""One year of the demo city in PostgreSQL, for the dashboard benchmark (issue #6 item 6).

    .venv/bin/python benchmarks/scale_year.py                          # 12,000 ASN, 12 months
    .venv/bin/python benchmarks/scale_year.py --employees 2000 --months 3
    .venv/bin/python benchmarks/scale_year.py --database-url postgres://postgres@127.0.0.1:5432/x

What it does (each step prints its time):
1. creates the database named by ``--database-url`` if missing (``--fresh`` drops it first)
   and migrates it;
2. builds the synthetic city with the demo generator (OPDs, units, positions, ASN, atasan tree);
3. for each month ending with the current one (days up to today): one published schedule per
   OPD with one ScheduleRow per ASN (a fixed WFH weekday for eligible staff, field days for field
   positions, ~2 % leave), the check-ins (in ~96 %, out ~92 % of working person-days; ~5 %
   FLAGGED, ~1.5 % REJECTED) and daily reports (~93 %; mostly approved), written with
   ``COPY … FROM STDIN`` through psycopg;
4. ANALYZE, then fills monitoring's summaries (person-day rows and their unit and OPD
   rollups) with the real service
   (``services.refresh_daily_summary``) month by month, timing it.

Deterministic from ``--seed``. Bench data: rows are written directly, without audit events
(except the city load and the summary refreshes, which go through their services).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hibrida_scale"
T0 = time.perf_counter()


def log(msg: str) -> None:
    print(f"[{time.perf_counter() - T0:7.1f}s] {msg}", flush=True)


def ensure_database(url: str, fresh: bool) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            log(f"created database {name}")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hibrida.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def month_starts(today: dt.date, months: int) -> list[dt.date]:
    out, m = [], today.replace(day=1)
    for _ in range(months):
        out.append(m)
        m = (m - dt.timedelta(days=1)).replace(day=1)
    return sorted(out)


def month_end(m: dt.date) -> dt.date:
    return (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


class Copier:
    """Streams tab-separated rows into ``COPY table (columns) FROM STDIN``."""

    def __init__(self, url: str, table: str, columns: list[str]):
        import psycopg

        # One connection per table: a connection carries one COPY at a time.
        self.conn = psycopg.connect(url)
        self.conn.execute("SET synchronous_commit = off")
        self.cursor = self.conn.cursor()
        # Other apps add columns as they grow: give any further NOT NULL column without a
        # database default a neutral value so the generator keeps working.
        self.extra = ""
        missing = self.cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s"
            " AND is_nullable = 'NO' AND column_default IS NULL AND column_name <> 'id'"
            " AND column_name <> ALL(%s)",
            [table, columns],
        ).fetchall()
        neutral = {"boolean": "f", "jsonb": "{}", "character varying": "", "text": ""}
        for name, kind in missing:
            columns = [*columns, name]
            self.extra += "\t" + neutral.get(kind, "0")
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        self.ctx = self.cursor.copy(sql)
        self.copy = self.ctx.__enter__()
        self.buffer: list[str] = []
        self.rows = 0

    def row(self, line: str) -> None:
        if self.extra:
            line = line[:-1] + self.extra + "\n"
        self.buffer.append(line)
        if len(self.buffer) >= 20000:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.copy.write("".join(self.buffer))
            self.rows += len(self.buffer)
            self.buffer = []

    def close(self) -> int:
        self.flush()
        self.ctx.__exit__(None, None, None)
        self.conn.commit()
        self.conn.close()
        return self.rows


def generate(url: str, args) -> dict:
    import psycopg
    from django.db import connection

    from hibrida.demo.generator import generate_city
    from hibrida.org.models import Employee, OfficeLocation, Opd
    from hibrida.policy.calendar import working_days
    from hibrida.roster.models import MODE_CODES, Schedule
    from hibrida.roster.planning import encode_modes

    rng = random.Random(args.seed)
    if not Employee.objects.exists():
        t = time.perf_counter()
        counts = generate_city(n_employees=args.employees, seed=args.seed)
        log(f"city generated {counts} in {time.perf_counter() - t:.1f}s")
    else:
        log(f"city present ({Employee.objects.count()} ASN)")
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM presence_checkin")
        if cur.fetchone()[0] and not args.regenerate:
            log("check-ins already present: skipping generation (use --regenerate)")
            return {}
        for table in ("activity_dailyreport", "presence_checkin", "roster_schedulerow"):
            cur.execute(f"TRUNCATE {table} CASCADE")
        cur.execute("DELETE FROM roster_schedule")
    opd_office = {
        o: (lat, lon)
        for o, lat, lon in OfficeLocation.objects.filter(unit__isnull=True).values_list(
            "opd_id", "latitude", "longitude"
        )
    }
    frontline = set(Opd.objects.filter(opd_class="pelayanan_langsung").values_list("id", flat=True))
    people = list(
        Employee.objects.filter(is_active=True)
        .order_by("id")
        .values_list(
            "id",
            "opd_id",
            "unit_id",
            "supervisor_id",
            "position__requires_presence",
            "position__field_work",
        )
    )
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    months = month_starts(today, args.months)
    conn = psycopg.connect(url)
    conn.execute("SET synchronous_commit = off")
    totals = {"schedule_rows": 0, "check_ins": 0, "reports": 0}
    opd_ids = sorted({p[1] for p in people})
    now_txt = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S+00")
    for month in months:
        t = time.perf_counter()
        last = min(month_end(month), today)
        days = working_days(month, last)
        published = dt.datetime.combine(month, dt.time(0), dt.UTC) - dt.timedelta(days=5)
        made = Schedule.objects.bulk_create(
            [
                Schedule(
                    opd_id=opd_id,
                    month=month,
                    version=1,
                    status="published",
                    pattern="bench",
                    solver_status="OPTIMAL",
                    days=[d.isoformat() for d in days],
                    published_at=published,
                )
                for opd_id in opd_ids
            ]
        )
        sched_ids = {sc.opd_id: sc.pk for sc in made}
        rows = Copier(
            url,
            "roster_schedulerow",
            [
                "schedule_id",
                "employee_id",
                "unit_id",
                "modes",
                "eligible",
                "reason",
                "wfh_target",
                "wfh_days",
            ],
        )
        checkins = Copier(
            url,
            "presence_checkin",
            [
                "client_uuid",
                "employee_id",
                "kind",
                "device_time",
                "received_at",
                "work_date",
                "latitude",
                "longitude",
                "accuracy_m",
                "provider",
                "mock_location",
                "device_id",
                "expected_mode",
                "place",
                "status",
                "reasons",
                "late_synced",
                "coarsened",
                "source",
            ],
        )
        reports = Copier(
            url,
            "activity_dailyreport",
            [
                "employee_id",
                "day",
                "status",
                "work_mode",
                "note",
                "submitted_at",
                "is_late",
                "validator_id",
                "escalation_level",
                "decided_at",
                "decision_note",
                "is_synthetic",
                "created_at",
                "updated_at",
            ],
        )
        for emp, opd_id, unit_id, sup, presence, field in people:
            eligible = opd_id not in frontline and not presence
            wfh_weekday = emp % 5
            modes: dict[dt.date, str] = {}
            for d in days:
                r = rng.random()
                if r < 0.02:
                    modes[d] = "LEAVE"
                elif field and r < 0.35:
                    modes[d] = "FIELD"
                elif eligible and d.weekday() == wfh_weekday:
                    modes[d] = "WFH"
                else:
                    modes[d] = "WFO"
            wfh = sum(1 for m in modes.values() if m == "WFH")
            rows.row(
                f"{sched_ids[opd_id]}\t{emp}\t{unit_id}\t{encode_modes(month, modes)}\t"
                f"{'t' if eligible else 'f'}\t\t{wfh}\t{wfh}\n"
            )
            base_lat, base_lon = opd_office.get(opd_id, (-6.2383, 106.9756))
            home = (base_lat + (emp % 97 - 48) * 0.0009, base_lon + (emp % 89 - 44) * 0.0009)
            for d, mode in modes.items():
                if mode == "LEAVE":
                    continue
                lat, lon = home if mode == "WFH" else (base_lat, base_lon)
                if mode == "FIELD":
                    lat, lon = (
                        base_lat + rng.uniform(-0.02, 0.02),
                        base_lon + rng.uniform(-0.02, 0.02),
                    )
                if rng.random() < 0.96:
                    minute = int(rng.gauss(20, 12))
                    status = rng.random()
                    verdict = (
                        "VALID" if status < 0.935 else ("FLAGGED" if status < 0.985 else "REJECTED")
                    )
                    reasons = "[]" if verdict == "VALID" else '["di luar geofence"]'
                    at = dt.datetime(d.year, d.month, d.day, 7, 0) + dt.timedelta(minutes=minute)
                    stamp = f"{at:%Y-%m-%d %H:%M:%S}+07"
                    checkins.row(
                        f"{uuid.UUID(int=rng.getrandbits(128))}\t{emp}\tin\t{stamp}\t{stamp}\t"
                        f"{d}\t{lat:.6f}\t{lon:.6f}\t12\tgps\tf\tdev{emp}\t{mode}\t\t{verdict}\t"
                        f"{reasons}\tf\tf\tapi\n"
                    )
                    if rng.random() < 0.96:
                        out = dt.datetime(d.year, d.month, d.day, 16, 0) + dt.timedelta(
                            minutes=rng.randint(0, 50)
                        )
                        stamp = f"{out:%Y-%m-%d %H:%M:%S}+07"
                        checkins.row(
                            f"{uuid.UUID(int=rng.getrandbits(128))}\t{emp}\tout\t{stamp}\t"
                            f"{stamp}\t{d}\t{lat:.6f}\t{lon:.6f}\t12\tgps\tf\tdev{emp}\t{mode}"
                            f"\t\tVALID\t[]\tf\tf\tapi\n"
                        )
                r = rng.random()
                if r < 0.93:
                    status = (
                        "approved"
                        if r < 0.78
                        else "submitted"
                        if r < 0.86
                        else "returned"
                        if r < 0.89
                        else "rejected"
                        if r < 0.905
                        else "draft"
                    )
                    sent = f"{d} 16:30:00+07"
                    validated = (
                        f"{d + dt.timedelta(days=1)} 09:00:00+07"
                        if status in ("approved", "rejected", "returned")
                        else "\\N"
                    )
                    reports.row(
                        f"{emp}\t{d}\t{status}\t{mode if mode != 'LEAVE' else 'WFO'}\t\t"
                        f"{sent if status != 'draft' else chr(92) + 'N'}\t"
                        f"{'t' if rng.random() < 0.05 else 'f'}\t{sup if sup else chr(92) + 'N'}"
                        f"\t0\t{validated}\t\tt\t{now_txt}\t{now_txt}\n"
                    )
        n_rows, n_in, n_rep = rows.close(), checkins.close(), reports.close()
        totals["schedule_rows"] += n_rows
        totals["check_ins"] += n_in
        totals["reports"] += n_rep
        log(
            f"{month:%Y-%m}: {n_rows} schedule rows, {n_in} check-ins, {n_rep} reports "
            f"in {time.perf_counter() - t:.1f}s"
        )
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
    assert MODE_CODES  # the letters encode_modes writes
    return {**totals, "first_day": months[0], "last_day": today}


def refresh_summary(first: dt.date, last: dt.date) -> None:
    from django.db import connection

    from hibrida.monitoring import counting, services

    for lo, hi in counting.month_chunks(first, last):
        t = time.perf_counter()
        result = services.refresh_daily_summary(actor=None, start=lo, end=hi)
        log(f"summary {lo:%Y-%m}: {result} in {time.perf_counter() - t:.1f}s")
    with connection.cursor() as cur:
        for table in ("persondailysummary", "dailysummary", "opddailysummary"):
            cur.execute(f"ANALYZE monitoring_{table}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--employees", type=int, default=12_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--today", help="last day generated (default: today)")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument("--regenerate", action="store_true", help="regenerate the records")
    parser.add_argument("--skip-summary", action="store_true")
    args = parser.parse_args(argv)
    ensure_database(args.database_url, args.fresh)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.utils import timezone

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    log(f"migrated in {time.perf_counter() - t:.1f}s")
    if not args.today:
        args.today = timezone.localdate().isoformat()
    totals = generate(args.database_url, args)
    if totals:
        log(f"generated {totals}")
    if not args.skip_summary:
        today = dt.date.fromisoformat(args.today)
        first = month_starts(today, args.months)[0]
        refresh_summary(first, today)
    log("done")


if __name__ == "__main__":
    main()
