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
import random
import time
import uuid
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
    rng = random.Random(2026)
    bkpsdm = User.objects.filter(username="bench-bkpsdm").first()
    if bkpsdm is None:
        bkpsdm = User.objects.create_user("bench-bkpsdm", password="x")
        RoleGrant.objects.create(user=bkpsdm, role=GrantedRole.BKPSDM)
    have = Employee.objects.count()
    if have >= n:
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
    ids = list(Employee.objects.values_list("id", flat=True))
    days = [dt.date(2025, 11, d) for d in range(1, 31) if dt.date(2025, 11, d).weekday() < 5]
    rows, absences = [], []
    for emp in ids:
        for day in days:
            roll = rng.random()
            if roll < 0.01:
                continue  # absent without reason
            if roll < 0.02:
                absences.append(
                    Absence(employee_id=emp, kind="cuti", start=day, end=day, created_by=bkpsdm)
                )
                continue
            late = rng.choice([0] * 8 + [12, 47])
            early = rng.choice([0] * 9 + [35])
            come = dt.datetime.combine(day, dt.time(7, 20), tzinfo=WIB) + dt.timedelta(minutes=late)
            leave = dt.datetime.combine(
                day, dt.time(16, 35) if day.weekday() == 4 else dt.time(16, 5), tzinfo=WIB
            )
            leave -= dt.timedelta(minutes=early)
            for kind, at in (("in", come), ("out", leave)):
                rows.append(
                    CheckIn(
                        client_uuid=uuid.uuid4(),
                        employee_id=emp,
                        kind=kind,
                        device_time=at,
                        received_at=at,
                        work_date=day,
                        latitude=-6.24,
                        longitude=106.99,
                        accuracy_m=8,
                        device_id="bench",
                        status="VALID",
                    )
                )
        if len(rows) > 50000:
            CheckIn.objects.bulk_create(rows, batch_size=10000)
            rows = []
    CheckIn.objects.bulk_create(rows, batch_size=10000)
    Absence.objects.bulk_create(absences, batch_size=5000)
    return bkpsdm


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=25000)
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
    print(
        f"ASN: {Employee.objects.filter(is_active=True).count()}, check-ins in November: "
        f"{CheckIn.objects.filter(work_date__year=YEAR, work_date__month=MONTH).count()}"
    )
    for run in range(3):
        start = time.perf_counter()
        recap = services.compute_month(actor=bkpsdm, year=YEAR, month=MONTH, today=END)
        seconds = time.perf_counter() - start
        print(
            f"run {run + 1}: compute_month {YEAR}-{MONTH:02d}: {seconds:.2f} s "
            f"({recap.lines.count()} lines; target <= 10 s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
