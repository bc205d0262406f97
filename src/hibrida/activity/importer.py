"""SKP target import from CSV/XLSX: validate every row, then write all or nothing.

Follows hibrida.org.importer: read with org.tabular, collect per-row Indonesian errors, and
write in one transaction only when the whole file is valid. One row is one planned result;
a row may also carry one monthly action plan (rows repeating a result add more months).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from hibrida.audit.log import record_event, snapshot
from hibrida.org import access
from hibrida.org.models import Employee
from hibrida.org.tabular import RowError, TableError, read_table, rows_as_dicts

from .models import ActionPlan, SkpTarget
from .services import can_plan_for

COLUMNS = {
    "nip": "nip",
    "year": "tahun",
    "title": "rencana hasil kerja",
    "indicator": "indikator",
    "target_quantity": "target",
    "unit": "satuan",
    "parent_title": "hasil kerja atasan",
    "month": "bulan",
    "plan": "rencana aksi",
    "planned_quantity": "kuantitas bulan",
}
REQUIRED = ["nip", "year", "title", "indicator", "target_quantity", "unit"]
LABELS = {key: label.upper() for key, label in COLUMNS.items()}


@dataclass
class TargetImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    plans: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    # Two decimals, as stored: re-importing the same file must compare equal.
    return value.quantize(Decimal("0.01")) if value.is_finite() and abs(value) < 10**9 else None


# One pass per spreadsheet row, one check per column; split, the checks lose the row.
def import_targets(*, actor, filename: str, content: bytes) -> TargetImportResult:  # noqa: C901, PLR0915
    """Validate the whole file; when there is no error write it in one transaction."""
    access.require_writer(actor)
    result = TargetImportResult()
    try:
        headers, raw_rows = read_table(filename, content)
    except TableError as table_error:
        result.errors.append(RowError(1, "-", str(table_error)))
        return result
    missing = [COLUMNS[k].upper() for k in REQUIRED if COLUMNS[k] not in headers]
    if missing:
        result.errors.append(RowError(1, "-", "Kolom wajib tidak ada: " + ", ".join(missing)))
        return result
    if not raw_rows:
        result.errors.append(RowError(2, "-", "Berkas tidak berisi baris data."))
        return result

    nip_col = headers.index("nip")
    nips = {row[nip_col].strip().lstrip("'") for row in raw_rows if len(row) > nip_col}
    employees = {e.nip: e for e in Employee.objects.filter(nip__in=nips)}
    allowed = {nip for nip, e in employees.items() if can_plan_for(actor, e)}
    sup_ids = {e.supervisor_id for e in employees.values() if e.supervisor_id}
    existing = {
        (t.employee_id, t.year, t.title.lower()): t
        for t in SkpTarget.objects.filter(
            employee_id__in=[*sup_ids, *(e.pk for e in employees.values())]
        )
    }

    targets: dict[tuple[int, int, str], dict] = {}
    plans: list[dict] = []
    for number, values in rows_as_dicts(headers, raw_rows, COLUMNS):
        errors: list[RowError] = []

        def err(
            key: str, message: str, number: int = number, errors: list[RowError] = errors
        ) -> None:
            errors.append(RowError(number, LABELS[key], message))

        for key in REQUIRED:
            if not values.get(key, "").strip():
                err(key, f"{LABELS[key]} wajib diisi.")
        nip = values.get("nip", "").strip().lstrip("'")
        employee = employees.get(nip)
        if nip and employee is None:
            err("nip", f"NIP {nip} tidak terdaftar.")
        elif nip and nip not in allowed:
            err("nip", f"Anda tidak berwenang mengisi SKP pegawai {nip}.")
        year = values.get("year", "").strip()
        if year and not (year.isdigit() and 2000 <= int(year) <= 2100):
            err("year", f"Tahun '{year}' tidak sah; tulis empat angka, mis. 2026.")
        quantity = _decimal(values.get("target_quantity", "").strip() or "x")
        if values.get("target_quantity", "").strip() and (quantity is None or quantity <= 0):
            err("target_quantity", "Target harus angka lebih dari 0.")
        for key, length in (("title", 300), ("indicator", 300), ("unit", 50)):
            if len(values.get(key, "").strip()) > length:
                err(key, f"{LABELS[key]} terlalu panjang (maks. {length} karakter).")
        month_text = values.get("month", "").strip()
        plan_text = values.get("plan", "").strip()
        planned = None
        if month_text or plan_text:
            if not (month_text.isdigit() and 1 <= int(month_text) <= 12):
                err("month", "Bulan harus angka 1 sampai 12.")
            if not plan_text:
                err("plan", "Rencana aksi wajib diisi bila bulan diisi.")
            planned = _decimal(values.get("planned_quantity", "").strip() or "x")
            if planned is None or planned < 0:
                err("planned_quantity", "Kuantitas bulan harus angka 0 atau lebih.")
        if not errors and employee is not None:
            target_key = (employee.pk, int(year), values["title"].strip().lower())
            fields = {
                "indicator": values["indicator"].strip(),
                "target_quantity": quantity,
                "unit": values["unit"].strip(),
            }
            seen = targets.get(target_key)
            if seen is None:
                targets[target_key] = {
                    "row": number,
                    "employee": employee,
                    "year": int(year),
                    "title": values["title"].strip(),
                    "fields": fields,
                    "parent_title": values.get("parent_title", "").strip(),
                }
            elif seen["fields"] != fields:
                err("title", f"Hasil kerja ini sudah ada di baris {seen['row']} dengan isi lain.")
            if planned is not None and not errors:
                plans.append(
                    {
                        "row": number,
                        "key": target_key,
                        "month": int(month_text),
                        "text": plan_text,
                        "qty": planned,
                    }
                )
        result.errors.extend(errors)

    # Cascading: the atasan's result must exist (database or this file) for the same year.
    for t in targets.values():
        if not t["parent_title"]:
            continue
        sup = t["employee"].supervisor_id
        parent_key = (sup, t["year"], t["parent_title"].lower())
        if sup is None or (parent_key not in existing and parent_key not in targets):
            result.errors.append(
                RowError(
                    t["row"],
                    LABELS["parent_title"],
                    f"Hasil kerja atasan '{t['parent_title']}' tidak ditemukan untuk {t['year']}.",
                )
            )
        t["parent_key"] = parent_key
    seen_months: dict[tuple, int] = {}
    for p in plans:
        mkey = (p["key"], p["month"])
        if mkey in seen_months:
            result.errors.append(
                RowError(
                    p["row"],
                    LABELS["month"],
                    f"Bulan {p['month']} ganda untuk hasil kerja ini (baris {seen_months[mkey]}).",
                )
            )
        seen_months[mkey] = p["row"]
    if result.errors:
        result.errors.sort(key=lambda e: (e.row, e.column))
        return result

    with transaction.atomic():
        _apply(actor, targets, plans, existing, result)
    return result


def _apply(actor, targets, plans, existing, result: TargetImportResult) -> None:
    saved: dict[tuple, SkpTarget] = dict(existing)
    for key, t in targets.items():
        target = existing.get(key)
        before = snapshot(target) if target else None
        target = target or SkpTarget(employee=t["employee"], year=t["year"], title=t["title"])
        for name, value in t["fields"].items():
            setattr(target, name, value)
        if before is None:
            target.save()
        saved[key] = target
        t["before"], t["obj"] = before, target
    for t in targets.values():
        target = t["obj"]
        if t.get("parent_key"):
            target.parent = saved[t["parent_key"]]
        after = snapshot(target)
        if t["before"] is None:
            target.save(update_fields=["parent"])
            record_event(actor=actor, action="skp_target.imported", obj=target, after=after)
            result.created += 1
        elif after != t["before"]:
            target.save()
            record_event(
                actor=actor,
                action="skp_target.import_updated",
                obj=target,
                before=t["before"],
                after=after,
            )
            result.updated += 1
        else:
            result.unchanged += 1
    for p in plans:
        plan, _ = ActionPlan.objects.update_or_create(
            target=saved[p["key"]],
            month=p["month"],
            defaults={"description": p["text"], "planned_quantity": p["qty"]},
        )
        record_event(actor=actor, action="skp_action_plan.imported", obj=plan, after=snapshot(plan))
        result.plans += 1
