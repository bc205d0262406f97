"""Employee import from a city HR spreadsheet: validate every row, then write all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from hibrida.audit.log import record_event, snapshot

from . import access
from .models import AsnType, Employee, Opd, Position, PositionKind, Unit, User
from .nip import NipError, parse_asn_number
from .services import EMPLOYEE_FIELDS
from .tabular import RowError, TableError, read_table, rows_as_dicts

COLUMNS = {
    "nip": "nip",
    "name": "nama",
    "asn_type": "jenis asn",
    "position": "jabatan",
    "position_kind": "jenis jabatan",
    "unit": "unit kerja",
    "opd": "opd",
    "supervisor_nip": "nip atasan",
    "email": "email",
    "phone": "telepon",
}
REQUIRED = ["nip", "name", "asn_type", "position", "position_kind", "unit", "opd"]
LABELS = {key: label.upper() if key == "nip" else label.title() for key, label in COLUMNS.items()}
LABELS["nip"], LABELS["supervisor_nip"], LABELS["opd"] = "NIP", "NIP Atasan", "OPD"
LABELS["asn_type"] = "Jenis ASN"


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    positions_created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    number: int
    nip: str
    data: dict[str, Any]


def _lookup_opd(opds: dict[str, Opd], value: str) -> Opd | None:
    return opds.get(value.strip().lower())


# One pass per spreadsheet row, one check per column; split, the checks lose the row.
def import_employees(*, actor: User, filename: str, content: bytes) -> ImportResult:  # noqa: C901, PLR0915
    """Validate the whole file; when there is no error write it in one transaction."""
    access.require_writer(actor)
    result = ImportResult()
    try:
        headers, raw_rows = read_table(filename, content)
    except TableError as table_error:
        result.errors.append(RowError(1, "-", str(table_error)))
        return result
    missing = [COLUMNS[k] for k in REQUIRED if COLUMNS[k] not in headers]
    if missing:
        result.errors.append(
            RowError(1, "-", "Kolom wajib tidak ada: " + ", ".join(m.upper() for m in missing))
        )
        return result
    if not raw_rows:
        result.errors.append(RowError(2, "-", "Berkas tidak berisi baris data."))
        return result

    manageable = set(access.manageable_opds(actor).values_list("id", flat=True))
    opds: dict[str, Opd] = {}
    for known_opd in Opd.objects.all():
        for key in (known_opd.code, known_opd.short_name, known_opd.name):
            opds[key.strip().lower()] = known_opd
    units: dict[tuple[int, str], Unit] = {}
    for known_unit in Unit.objects.all():
        units[(known_unit.opd_id, known_unit.name.strip().lower())] = known_unit
        units[(known_unit.opd_id, known_unit.code.strip().lower())] = known_unit
    positions = {(p.opd_id, p.name.strip().lower()): p for p in Position.objects.all()}
    existing = {e.nip: e for e in Employee.objects.all()}

    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for number, values in rows_as_dicts(headers, raw_rows, COLUMNS):
        errors: list[RowError] = []

        def err(
            column: str, message: str, number: int = number, errors: list[RowError] = errors
        ) -> None:
            errors.append(RowError(number, LABELS[column], message))

        for key in REQUIRED:
            if not values.get(key, "").strip():
                err(key, f"{LABELS[key]} wajib diisi.")
        asn_type = values.get("asn_type", "").strip().upper()
        if asn_type and asn_type not in AsnType.values:
            err("asn_type", f"Jenis ASN harus PNS atau PPPK, bukan '{values['asn_type']}'.")
        nip = values.get("nip", "").strip().replace(" ", "").lstrip("'")
        info = None
        if nip and asn_type in AsnType.values:
            try:
                info = parse_asn_number(nip, asn_type)
            except NipError as nip_error:
                err("nip", nip_error.message)
        if nip in seen:
            err("nip", f"NIP {nip} ganda: sudah ada di baris {seen[nip]}.")
        elif nip:
            seen[nip] = number
        opd = _lookup_opd(opds, values.get("opd", "")) if values.get("opd") else None
        if values.get("opd") and opd is None:
            err("opd", f"OPD '{values['opd']}' tidak dikenal.")
        elif opd is not None and opd.pk not in manageable:
            err("opd", f"Anda tidak berwenang mengubah pegawai {opd}.")
        unit = None
        if opd is not None and values.get("unit"):
            unit = units.get((opd.pk, values["unit"].strip().lower()))
            if unit is None:
                err("unit", f"Unit kerja '{values['unit']}' tidak ada di {opd}.")
        kind = values.get("position_kind", "").strip().lower()
        if kind and kind not in PositionKind.values:
            err(
                "position_kind",
                f"Jenis jabatan harus struktural, fungsional, atau pelaksana, bukan '{kind}'.",
            )
        current = existing.get(nip)
        if current is not None and current.opd_id not in manageable:
            err("nip", f"NIP {nip} terdaftar di OPD lain yang bukan wewenang Anda.")
        email = values.get("email", "").strip()
        if email and ("@" not in email or " " in email):
            err("email", f"Alamat email '{email}' tidak sah.")
        result.errors.extend(errors)
        if not errors:
            rows.append(
                _Row(
                    number,
                    nip,
                    {
                        "info": info,
                        "name": values["name"].strip(),
                        "asn_type": asn_type,
                        "opd": opd,
                        "unit": unit,
                        "position_name": values["position"].strip(),
                        "position_kind": kind,
                        "supervisor_nip": values.get("supervisor_nip", "").strip().lstrip("'"),
                        "email": email,
                        "phone": values.get("phone", "").strip(),
                    },
                )
            )

    # Atasan: must exist (in the file or the database) and the resulting tree has no loop.
    file_nips = {r.nip for r in rows} | set(seen)
    parent: dict[str, str | None] = {e.nip: None for e in existing.values()}
    id_to_nip: dict[int | None, str] = {e.pk: e.nip for e in existing.values()}
    for e in existing.values():
        parent[e.nip] = id_to_nip.get(e.supervisor_id)
    for r in rows:
        sup = r.data["supervisor_nip"]
        if sup and sup not in file_nips and sup not in existing:
            result.errors.append(
                RowError(r.number, LABELS["supervisor_nip"], f"NIP atasan {sup} tidak ditemukan.")
            )
        elif sup == r.nip:
            result.errors.append(
                RowError(
                    r.number,
                    LABELS["supervisor_nip"],
                    "Pegawai tidak boleh menjadi atasan dirinya sendiri.",
                )
            )
        parent[r.nip] = sup or None
    for r in rows:
        walk: set[str] = set()
        node: str | None = r.nip
        while node is not None and node not in walk:
            walk.add(node)
            node = parent.get(node)
        if node == r.nip:
            result.errors.append(
                RowError(
                    r.number,
                    LABELS["supervisor_nip"],
                    "Rantai atasan membentuk lingkaran (A atasan B, B atasan A).",
                )
            )
    if result.errors:
        result.errors.sort(key=lambda e: (e.row, e.column))
        return result

    with transaction.atomic():
        _apply(actor, rows, positions, existing, result)
    return result


def _apply(actor, rows, positions, existing, result: ImportResult) -> None:
    by_nip: dict[str, Employee] = dict(existing)
    staged: list[tuple[Employee, str, dict | None]] = []
    for r in rows:
        d = r.data
        key = (d["opd"].pk, d["position_name"].lower())
        position = positions.get(key)
        if position is None:
            position = Position.objects.create(
                opd=d["opd"], name=d["position_name"], kind=d["position_kind"]
            )
            positions[key] = position
            result.positions_created += 1
            record_event(
                actor=actor, action="position.created", obj=position, after=snapshot(position)
            )
        employee = by_nip.get(r.nip)
        before = None if employee is None else snapshot(employee, EMPLOYEE_FIELDS)
        employee = employee or Employee(nip=r.nip)
        employee.name = d["name"]
        employee.asn_type = d["asn_type"]
        employee.gender = d["info"].gender
        employee.birth_date = d["info"].birth_date
        employee.opd = d["opd"]
        employee.unit = d["unit"]
        employee.position = position
        employee.email = d["email"]
        employee.phone = d["phone"]
        if before is None:
            # Saved now so that rows below can name it as their atasan.
            employee.save()
        by_nip[r.nip] = employee
        staged.append((employee, d["supervisor_nip"], before))
    for employee, sup_nip, before in staged:
        employee.supervisor = by_nip[sup_nip] if sup_nip else None
        after = snapshot(employee, EMPLOYEE_FIELDS)
        if before is None:
            employee.save(update_fields=["supervisor"])
            record_event(actor=actor, action="employee.imported", obj=employee, after=after)
            result.created += 1
        elif after != before:
            employee.save()
            record_event(
                actor=actor,
                action="employee.import_updated",
                obj=employee,
                before=before,
                after=after,
            )
            result.updated += 1
        else:
            result.unchanged += 1
