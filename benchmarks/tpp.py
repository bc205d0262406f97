"""Time the monthly TPP recap for 25,000 ASN on PostgreSQL (target: at most 10 s).

Usage (an empty or previously used benchmark database; it is created and filled once):
    createdb hibrida_tpp_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hibrida_tpp_bench \\
        .venv/bin/python benchmarks/tpp.py [--employees 25000]

Fills November 2025 (20 working days) with two check-ins a day per ASN, some late, early or
missing, and a few leave days; then runs ``compute_month`` (bulk reads, one insert of every
line, one audit event) three times and prints each time. Recomputing replaces the draft lines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import zoneinfo

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hibrida.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from hibrida.org.models import Employee, GrantedRole, Opd, Position, RoleGrant, Unit, User  # noqa: E402
from hibrida.org.nip import make_nip  # noqa: E402
from hibrida.pay import services  # noqa: E402
from hibrida.pay.models import TierTable  # noqa: E402
from hibrida.presence.models import CheckIn  # noqa: E402
from hibrida.roster.models import Absence  # noqa: E402

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
YEAR, MONTH = 2025, 11
END = dt.date(2025, 11, 30)


def fill(n: int) -> User:
    bkpsdm = User.objects.filter(username="bench-bkpsdm").first()
    if bkpsdm is None:
        bkpsdm = User.objects.create_user("bench-bkpsdm", password="x")
        RoleGrant.objects.create(user=bkpsdm, role=GrantedRole.BKPSDM)
    have = Employee.objects.count()
    if have >= n:
        stored = CheckIn.objects.filter(device_id="bench").count()
        if stored < n * 19 * 2 or "--refill" in sys.argv:
            _check_ins(bkpsdm)
        return bkpsdm
    print(f"filling {n - have} ASN and their November check-ins (once)…", flush=True)
    opds = []
    for i in range(40):
        opd, _ = Opd.objects.get_or_create(
            code=f"B{i:02d}",
            defaults={
                "name": f"Dinas Bench {i}",
                "short_name": f"Bench{i}",
                "kind": "dinas",
                "opd_class": "administratif_teknis",
            },
        )
        unit, _ = Unit.objects.get_or_create(
            opd=opd, code=f"BU{i:02d}", defaults={"name": f"Bidang {i}", "kind": "bidang"}
        )
        position, _ = Position.objects.get_or_create(
            opd=opd, name=f"Analis {i}", defaults={"kind": "pelaksana"}
        )
        opds.append((opd, unit, position))
    employees = []
    for k in range(have, n):
        opd, unit, position = opds[k % len(opds)]
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=k % 9000)
        employees.append(
            Employee(
                nip=make_nip(birth, birth.year + 25, 1 + k % 12, "1", k // 9000 % 999 + 1)[:14]
                + f"{k:04d}"[-4:],
                name=f"ASN Bench {k}",
                asn_type="PNS",
                gender="L",
                birth_date=birth,
                opd=opd,
                unit=unit,
                position=position,
            )
        )
    Employee.objects.bulk_create(employees, batch_size=5000)
    _check_ins(bkpsdm)
    return bkpsdm


def _check_ins(bkpsdm: User) -> None:
    """Two check-ins per ASN and working day, written by one INSERT … SELECT (a million ORM
    objects took most of an hour on a busy machine). Deterministic: 1 % of days absent, 10 %
    late by 12 or 47 minutes, 10 % leaving 35 minutes early; every 50th ASN has one day of leave.
    """
    table = CheckIn._meta.db_table
    day = "extract(day from d)::int"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE device_id = 'bench'")
        cursor.execute(
            f"""
            INSERT INTO {table} (client_uuid, employee_id, kind, device_time, received_at,
                work_date, latitude, longitude, accuracy_m, provider, mock_location, device_id,
                expected_mode, place, status, reasons, late_synced, coarsened, source)
            SELECT gen_random_uuid(), e.id, k.kind, t.at, t.at, d::date, -6.24, 106.99, 8, '',
                false, 'bench', '', '', 'VALID', '[]'::jsonb, false, false, 'api'
            FROM {Employee._meta.db_table} e
            CROSS JOIN generate_series(date '2025-11-03', date '2025-11-28', interval '1 day') d
            CROSS JOIN (VALUES ('in'), ('out')) k(kind)
            CROSS JOIN LATERAL (SELECT CASE WHEN k.kind = 'in' THEN
                (d::date + time '07:20' + make_interval(mins => CASE (e.id * 7 + {day}) % 10
                    WHEN 0 THEN 47 WHEN 1 THEN 12 ELSE 0 END)) AT TIME ZONE 'Asia/Jakarta'
              ELSE
                (d::date + CASE WHEN extract(isodow from d) = 5
                    THEN time '16:35' ELSE time '16:05' END
                 - make_interval(mins => CASE WHEN (e.id * 13 + {day}) % 10 = 0 THEN 35
                    ELSE 0 END)) AT TIME ZONE 'Asia/Jakarta'
              END AS at) t
            WHERE extract(isodow from d) < 6 AND (e.id * 31 + {day}) % 100 <> 0
            """
        )
    Absence.objects.filter(note="bench").delete()
    Absence.objects.bulk_create(
        [
            Absence(
                employee_id=pk,
                kind="cuti",
                start=dt.date(2025, 11, 10),
                end=dt.date(2025, 11, 10),
                note="bench",
                created_by=bkpsdm,
            )
            for pk in Employee.objects.values_list("id", flat=True)
            if pk % 50 == 0
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=25000)
    parser.add_argument("--refill", action="store_true", help="rewrite the check-ins")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Jalankan dengan DATABASE_URL PostgreSQL (lihat docstring).")
    call_command("migrate", verbosity=0)
    bkpsdm = fill(args.employees)
    if not TierTable.objects.exists():
        services.create_tier_table(
            actor=bkpsdm,
            data={
                "name": "Bench",
                "source": "Perwal (bench)",
                "valid_from": "2025-01-01",
                "tl_tiers": "30:0,5; 60:1; 90:1,25; *:1,5",
                "psw_tiers": "30:0,5; 60:1; 90:1,25; *:1,5",
                "absent_percent": "3",
            },
        )
    with connection.cursor() as cursor:
        # Statistics as autovacuum keeps them in production; right after the bulk fill the
        # planner guesses a few hundred check-in groups and spills its hash aggregate to disk.
        cursor.execute(f"ANALYZE {CheckIn._meta.db_table}, {Employee._meta.db_table}")
    print(
        f"ASN: {Employee.objects.filter(is_active=True).count()}, check-ins in November: "
        f"{CheckIn.objects.filter(work_date__year=YEAR, work_date__month=MONTH).count()}"
    )
    for run in range(2):
        start, cpu = time.perf_counter(), time.process_time()
        recap = services.compute_month(actor=bkpsdm, year=YEAR, month=MONTH, today=END)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"run {run + 1}: compute_month {YEAR}-{MONTH:02d}: {seconds:.2f} s "
            f"(this process's CPU {cpu:.2f} s; {recap.lines.count()} lines; target <= 10 s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
