"""Deterministic synthetic Kota Bekasi: units, positions, ASN, atasan tree, offices.

Everything here is synthetic (names from Faker id_ID, made-up but valid NIPs); only the list of
OPDs, kecamatan and kelurahan is real. The same seed always gives the same city.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction
from faker import Faker

from hibrida.audit.log import record_event
from hibrida.org.models import Employee, OfficeLocation, Opd, Position, Unit
from hibrida.org.nip import make_nip

from . import reference as ref

BATCH = 2000


@dataclass
class _Person:
    key: str
    level: int
    opd_code: str
    unit_key: tuple[str, str]
    position_key: tuple[str, str]
    sup_key: str | None
    asn_type: str = "PNS"
    nip: str = ""
    name: str = ""
    gender: str = "L"
    birth: dt.date = dt.date(1980, 1, 1)


@dataclass
class CityPlan:
    opds: list[Opd] = field(default_factory=list)
    units: dict[tuple[str, str], Unit] = field(default_factory=dict)
    positions: dict[tuple[str, str], Position] = field(default_factory=dict)
    people: list[_Person] = field(default_factory=list)
    heads: dict[tuple[str, str], str] = field(default_factory=dict)  # unit key -> person key
    # Unit and position keys are (OPD code, unit code or position name); until saved, the
    # models hold no OPD, so the plan keeps their OPD's coordinates and each unit's parent.
    coords: dict[str, tuple[float, float]] = field(default_factory=dict)
    unit_parents: dict[tuple[str, str], tuple[str, str] | None] = field(default_factory=dict)


class _NipMaker:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, asn_type: str) -> tuple[str, dt.date, str]:
        while True:
            birth = dt.date(1965, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 36 * 365))
            gender = "L" if self.rng.random() < 0.5 else "P"
            seq = self.rng.randint(1, 999)
            if asn_type == "PPPK":
                year = self.rng.randint(max(2021, birth.year + 19), 2025)
                number = f"{birth:%Y%m%d}{year:04d}21{'1' if gender == 'L' else '2'}{seq:03d}"
            else:
                year = min(birth.year + self.rng.randint(20, 32), 2024)
                month = self.rng.randint(1, 12)
                if (year, month) < (birth.year + 18, birth.month):
                    continue
                number = make_nip(birth, year, month, gender, seq)
            if number not in self.used:
                self.used.add(number)
                return number, birth, gender


# Linear demo-data builder: one block per kind of record, read top to bottom.
def _plan_city(n_employees: int, rng: random.Random) -> CityPlan:  # noqa: C901, PLR0915
    plan = CityPlan()
    entries: list[
        tuple[str, str, str, str, str, bool, str, tuple[float, float], int, list[str] | None]
    ] = [
        (code, short, name, kind, klass, confirmed, reason, coords, weight, None)
        for code, short, name, kind, klass, confirmed, reason, coords, weight in ref.OPDS
    ]
    for kec, coords, villages in ref.KECAMATAN:
        code = "KEC-" + kec.upper().replace(" ", "")
        entries.append(
            (
                code,
                f"Kec. {kec}",
                f"Kecamatan {kec}",
                "kecamatan",
                ref.AT,
                False,
                ref.KECAMATAN_CLASS_REASON,
                coords,
                ref.KECAMATAN_WEIGHT,
                villages,
            )
        )
    total_weight = sum(e[8] for e in entries)
    quotas = [max(12, round(n_employees * e[8] / total_weight)) for e in entries]
    # Make the quotas add up to exactly n (largest OPDs absorb the rounding).
    diff = n_employees - sum(quotas)
    order = sorted(range(len(entries)), key=lambda i: -entries[i][8])
    i = 0
    while diff != 0 and n_employees >= 12 * len(entries):
        j = order[i % len(order)]
        step = 1 if diff > 0 else -1
        if quotas[j] + step >= 12:
            quotas[j] += step
            diff -= step
        i += 1

    nips = _NipMaker(rng)
    counter = 0

    def person(
        level: int,
        opd_code: str,
        unit_key: tuple[str, str],
        pos_key: tuple[str, str],
        sup_key: str | None,
        asn_type: str = "PNS",
    ) -> _Person:
        nonlocal counter
        counter += 1
        p = _Person(f"p{counter}", level, opd_code, unit_key, pos_key, sup_key, asn_type)
        p.nip, p.birth, p.gender = nips.make(asn_type)
        plan.people.append(p)
        return p

    sekda_key: str | None = None
    for (code, short, name, kind, klass, confirmed, reason, coords, _w, kelurahan), quota in zip(
        entries, quotas, strict=True
    ):
        opd = Opd(
            code=code,
            name=name,
            short_name=short,
            kind=kind,
            opd_class=klass,
            class_confirmed=confirmed,
            class_reason=reason,
            address=f"{name}, Kota Bekasi, Jawa Barat",
        )
        plan.coords[code] = coords
        plan.opds.append(opd)

        def unit(
            ucode: str,
            uname: str,
            ukind: str,
            parent: tuple[str, str] | None = None,
            opd_code: str = code,
        ) -> tuple[str, str]:
            key = (opd_code, ucode)
            plan.units[key] = Unit(code=ucode, name=uname, kind=ukind)
            plan.unit_parents[key] = parent
            return key

        def position(
            pname: str,
            pkind: str,
            presence: bool = False,
            reason: str = "",
            field_work: bool = False,
            opd_code: str = code,
        ) -> tuple[str, str]:
            key = (opd_code, pname)
            if key not in plan.positions:
                p = Position(
                    name=pname,
                    kind=pkind,
                    requires_presence=presence,
                    presence_reason=reason,
                    field_work=field_work,
                )
                plan.positions[key] = p
            return key

        is_kec = kind == "kecamatan"
        head_title = (
            "Camat" if is_kec else ("Sekretaris Daerah" if code == "SETDA" else f"Kepala {short}")
        )
        if kind == "rsud":
            head_title = "Direktur RSUD"
        top = unit(
            "00",
            "Pimpinan" if not is_kec else f"Camat {name.removeprefix('Kecamatan ')}",
            "pimpinan",
        )
        head = person(
            0 if code == "SETDA" else 1,
            code,
            top,
            position(head_title, "struktural"),
            None if code == "SETDA" else "SEKDA",
        )
        if code == "SETDA":
            sekda_key = head.key
        plan.heads[top] = head.key
        leaves: list[tuple[str, str]] = []
        sek = unit("01", "Sekretariat Kecamatan" if is_kec else "Sekretariat", "sekretariat", top)
        sek_head = person(
            2,
            code,
            sek,
            position("Sekretaris Camat" if is_kec else "Sekretaris", "struktural"),
            head.key,
        )
        plan.heads[sek] = sek_head.key
        for i, sub in enumerate(
            ["Umum dan Kepegawaian", "Keuangan", "Perencanaan dan Pelaporan"][: 2 if is_kec else 3]
        ):
            k = unit(f"01.{i + 1}", f"Subbagian {sub}", "seksi", sek)
            h = person(3, code, k, position("Kepala Subbagian", "struktural"), sek_head.key)
            plan.heads[k] = h.key
            leaves.append(k)
        if is_kec:
            for i, seksi in enumerate(
                [
                    "Pemerintahan",
                    "Ketenteraman dan Ketertiban",
                    "Ekonomi dan Pembangunan",
                    "Kesejahteraan Sosial",
                    "Pelayanan",
                ]
            ):
                k = unit(f"02.{i + 1}", f"Seksi {seksi}", "seksi", top)
                h = person(2, code, k, position("Kepala Seksi", "struktural"), head.key)
                plan.heads[k] = h.key
                leaves.append(k)
            assert kelurahan is not None  # every kecamatan entry lists its kelurahan
            for i, kel in enumerate(kelurahan):
                k = unit(f"K{i + 1:02d}", f"Kelurahan {kel}", "kelurahan", top)
                h = person(2, code, k, position("Lurah", "struktural"), head.key)
                plan.heads[k] = h.key
                leaves.append(k)
                leaves.append(k)  # kelurahan offices carry more front-office staff
        else:
            n_bidang = 3 if quota < 300 else 4
            for b in range(n_bidang):
                bk = unit(f"{b + 2:02d}", f"Bidang {_bidang_name(klass, b)}", "bidang", top)
                bh = person(2, code, bk, position("Kepala Bidang", "struktural"), head.key)
                plan.heads[bk] = bh.key
                for s in range(2):
                    sk = unit(
                        f"{b + 2:02d}.{s + 1}",
                        f"Seksi {_bidang_name(klass, b)} {s + 1}",
                        "seksi",
                        bk,
                    )
                    sh = person(3, code, sk, position("Kepala Seksi", "struktural"), bh.key)
                    plan.heads[sk] = sh.key
                    leaves.append(sk)
            if klass != ref.AT:
                n_uptd = 3 if quota < 600 else 6
                label = "UPTD" if kind != "rsud" else "Instalasi"
                for u in range(n_uptd):
                    uk = unit(
                        f"U{u + 1:02d}",
                        f"{label} {short} {u + 1}",
                        "uptd" if kind != "rsud" else "instalasi",
                        top,
                    )
                    uh = person(2, code, uk, position(f"Kepala {label}", "struktural"), head.key)
                    plan.heads[uk] = uh.key
                    leaves.extend([uk, uk, uk])  # service units hold most front-line staff
        pool = list(ref.BACK_OFFICE)
        front = ref.KECAMATAN_FRONT if is_kec else ref.FRONT_OFFICE[klass]
        remaining = quota - sum(1 for p in plan.people if p.opd_code == code)
        for _ in range(max(0, remaining)):
            leaf = rng.choice(leaves)
            is_service_unit = plan.units[leaf].kind in ("uptd", "instalasi", "kelurahan")
            choices = front if (front and (is_service_unit or rng.random() < 0.25)) else pool
            pname, pkind, presence, reason, fw, _ = rng.choices(
                choices, weights=[c[5] for c in choices]
            )[0]
            asn_type = "PPPK" if rng.random() < 0.2 else "PNS"
            person(
                4,
                code,
                leaf,
                position(pname, pkind, presence, reason, fw),
                plan.heads[leaf],
                asn_type,
            )
    for p in plan.people:
        if p.sup_key == "SEKDA":
            p.sup_key = sekda_key
    return plan


BIDANG_NAMES = {
    ref.PL: ["Pelayanan", "Sumber Daya", "Pengendalian", "Informasi Layanan"],
    ref.AT: ["Perencanaan", "Pengembangan", "Pengelolaan Data", "Evaluasi"],
    ref.PG: ["Operasi", "Pengawasan", "Penegakan", "Sarana Prasarana"],
}


def _bidang_name(klass: str, i: int) -> str:
    return BIDANG_NAMES[klass][i % 4]


def generate_city(*, n_employees: int = 12_000, seed: int = 2026) -> dict[str, int]:
    """Build the city in the (empty) database; returns counts. One audit event for the load."""
    rng = random.Random(seed)
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    plan = _plan_city(n_employees, rng)
    with transaction.atomic():
        Opd.objects.bulk_create(plan.opds)
        opd_by_code = {o.code: o for o in Opd.objects.all()}
        offices = []
        for opd in plan.opds:
            lat, lon = plan.coords[opd.code]
            offices.append(
                OfficeLocation(
                    opd=opd_by_code[opd.code],
                    name=f"Kantor {opd.short_name}",
                    address=opd.address,
                    latitude=lat,
                    longitude=lon,
                    radius_m=100,
                )
            )
        # Units level by level so parents have ids first.
        pending = dict(plan.units)
        created: dict[tuple[str, str], Unit] = {}
        while pending:
            ready = {
                k: u
                for k, u in pending.items()
                if plan.unit_parents[k] is None or plan.unit_parents[k] in created
            }
            for (opd_code, _ucode), u in ready.items():
                parent = plan.unit_parents[(opd_code, _ucode)]
                u.opd = opd_by_code[opd_code]
                u.parent = created[parent] if parent is not None else None
            Unit.objects.bulk_create(list(ready.values()))
            created.update(ready)
            for k in ready:
                del pending[k]
        for (opd_code, _ucode), u in created.items():
            if u.kind == "kelurahan":
                base_lat, base_lon = plan_coords(plan, opd_code)
                offices.append(
                    OfficeLocation(
                        opd=u.opd,
                        unit=u,
                        name=f"Kantor {u.name}",
                        address=f"{u.name}, Kota Bekasi",
                        latitude=round(base_lat + rng.uniform(-0.012, 0.012), 6),
                        longitude=round(base_lon + rng.uniform(-0.012, 0.012), 6),
                        radius_m=80,
                    )
                )
        OfficeLocation.objects.bulk_create(offices)
        for (opd_code, _pname), pos in plan.positions.items():
            pos.opd = opd_by_code[opd_code]
        Position.objects.bulk_create(list(plan.positions.values()))
        ids: dict[str, int] = {}
        for level in sorted({p.level for p in plan.people}):
            batch = []
            members = [p for p in plan.people if p.level == level]
            for p in members:
                name = fake.name_male() if p.gender == "L" else fake.name_female()
                unit = plan.units[p.unit_key]
                batch.append(
                    Employee(
                        nip=p.nip,
                        name=name,
                        asn_type=p.asn_type,
                        gender=p.gender,
                        birth_date=p.birth,
                        opd_id=unit.opd_id,
                        unit=unit,
                        position=plan.positions[p.position_key],
                        supervisor_id=ids.get(p.sup_key) if p.sup_key else None,
                        email=f"{p.nip}@asn.bekasikota.go.id",
                        phone="",
                    )
                )
            for start in range(0, len(batch), BATCH):
                Employee.objects.bulk_create(batch[start : start + BATCH])
            for p, e in zip(members, batch, strict=True):
                ids[p.key] = e.pk
        counts = {
            "opd": len(plan.opds),
            "unit": len(plan.units),
            "position": len(plan.positions),
            "employee": len(plan.people),
            "office": len(offices),
        }
        record_event(
            actor=None,
            action="demo.city_generated",
            object_type="demo",
            object_id=str(seed),
            after={"seed": seed, **counts},
        )
    return counts


def plan_coords(plan: CityPlan, opd_code: str) -> tuple[float, float]:
    return plan.coords[opd_code]
