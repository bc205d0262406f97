"""Writes of the national integration: pull SIASN into a reviewable diff, apply it through the
organisation's services, queue and send results to BKN, import Simpegnas attendance.

Each use case checks access, validates, writes in one transaction and leaves audit events; a
diff is applied through ``audit.decisions.decide`` (the run row is locked).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from hibrida.activity import performance
from hibrida.activity import selectors as activity_selectors
from hibrida.audit import decisions
from hibrida.audit.log import record_event
from hibrida.org import access
from hibrida.org import services as org_services
from hibrida.org.models import (
    AsnType,
    Employee,
    Opd,
    Position,
    PositionKind,
    Unit,
    UnitKind,
    User,
)
from hibrida.org.nip import NipError, parse_asn_number

from . import diff, payloads, simpegnas
from .models import (
    BknSubmission,
    ItemKind,
    RunStatus,
    SendStatus,
    SiasnRecord,
    SimpegnasDay,
    SyncItem,
    SyncRun,
    UnorLink,
)
from .selectors import may_run, simpegnas_enabled
from .siasn import SiasnClient, SiasnConfig, SiasnError

# A result that failed this often waits for BKPSDM instead of being retried every round.
MAX_SEND_ATTEMPTS = 10
CHOICES = ("siasn", "lokal")


def config() -> SiasnConfig:
    return SiasnConfig(
        base_url=settings.HIBRIDA_SIASN_BASE_URL,
        token_url=settings.HIBRIDA_SIASN_TOKEN_URL,
        sso_token_url=settings.HIBRIDA_SIASN_SSO_TOKEN_URL,
        consumer_key=settings.HIBRIDA_SIASN_CONSUMER_KEY,
        consumer_secret=settings.HIBRIDA_SIASN_CONSUMER_SECRET,
        sso_client_id=settings.HIBRIDA_SIASN_SSO_CLIENT_ID,
        sso_username=settings.HIBRIDA_SIASN_SSO_USERNAME,
        sso_password=settings.HIBRIDA_SIASN_SSO_PASSWORD,
        timeout_s=float(settings.HIBRIDA_SIASN_TIMEOUT_S),
        max_retries=settings.HIBRIDA_SIASN_MAX_RETRIES,
        backoff_s=float(settings.HIBRIDA_SIASN_BACKOFF_S),
    )


@lru_cache(maxsize=4)
def _client_for(cfg: SiasnConfig) -> SiasnClient:
    # One client per configuration and process, so its tokens are reused until they expire.
    return SiasnClient(cfg)


def client() -> SiasnClient:
    cfg = config()
    if not cfg.configured:
        raise ValidationError(
            {"siasn": _("SIASN belum dikonfigurasi (HIBRIDA_SIASN_BASE_URL dan kredensial).")}
        )
    return _client_for(cfg)


def _require_runner(actor: User | None) -> None:
    if actor is not None:
        access.require(may_run(actor), _("Hanya BKPSDM yang menjalankan integrasi SIASN."))


# --- pull: SIASN -> diff ------------------------------------------------------------------


def _siasn_person(row: dict[str, Any]) -> dict[str, str]:
    return {
        "name": str(row.get("nama") or "").strip(),
        "unit": str(row.get("unorId") or "").strip(),
        "position": str(row.get("jabatanNama") or "").strip(),
        "email": str(row.get("emailGov") or row.get("email") or "").strip(),
        "pns_id": str(row.get("id") or "").strip(),
        "golongan": str(row.get("golRuangAkhir") or "").strip(),
        "jenis_jabatan": str(row.get("jenisJabatanId") or "").strip(),
    }


def _local_units() -> list[diff.LocalUnit]:
    return [
        diff.LocalUnit(u["id"], u["opd_id"], u["name"], u["parent_id"])
        for u in Unit.objects.filter(is_active=True).values("id", "opd_id", "name", "parent_id")
    ]


def _tree(unors: list[diff.Unor]) -> diff.Tree:
    links = UnorLink.objects.all()
    return diff.resolve_tree(
        unors,
        settings.HIBRIDA_SIASN_ROOT_UNOR_ID,
        opds=dict(Opd.objects.filter(is_active=True).values_list("id", "name")),
        units=_local_units(),
        unit_links={lnk.unor_id: lnk.unit_id for lnk in links if lnk.unit_id},
        opd_links={lnk.unor_id: lnk.opd_id for lnk in links if lnk.opd_id},
    )


def _local_people(unor_of_unit: dict[int, str]) -> dict[str, dict[str, str]]:
    out = {}
    for e in Employee.objects.filter(is_active=True).select_related("position", "supervisor"):
        out[e.nip] = {
            "name": e.name,
            "unit": unor_of_unit.get(e.unit_id, f"lokal:{e.unit_id}"),
            "position": e.position.name,
            "email": e.email,
            "supervisor": e.supervisor.nip if e.supervisor else "",
        }
    return out


def _comparable(
    people: dict[str, dict[str, str] | None],
    unors: list[diff.Unor],
    tree: diff.Tree,
    local: dict[str, dict[str, str]],
) -> dict[str, dict[str, str] | None]:
    """SIASN's people in the diff's terms; someone whose unit is not under the city's root
    is not the city's any more (None)."""
    by_id = {u.id: u for u in unors}
    nip_of_pns = {p["pns_id"]: nip for nip, p in people.items() if p and p["pns_id"]}
    out: dict[str, dict[str, str] | None] = {}
    for nip, person in people.items():
        if person is None or person["unit"] not in tree.opd_of:
            out[nip] = None
            continue
        if tree.opd_of[person["unit"]] is None:
            continue  # under an OPD not mapped yet: skipped until BKPSDM maps it
        head = diff.supervisor_pns_id(person["unit"], person["pns_id"], by_id)
        # A head SIASN names but whose NIP this pull did not fetch: no opinion on the atasan.
        fallback = (local.get(nip) or {}).get("supervisor", "")
        values = {f: person[f] for f in ("name", "unit", "position", "email")}
        values["supervisor"] = nip_of_pns.get(head, fallback) if head else fallback
        out[nip] = values
    return out


def _max_length(model: type[Model], field: str) -> int:
    found = model._meta.get_field(field)
    assert isinstance(found, CharField) and found.max_length is not None, field
    return found.max_length


def _too_long(field: str, value: str, limit: int) -> list[dict[str, str]]:
    """An error of the diff when a SIASN value does not fit its local column: shown in the
    review and refused at apply, never cut (a cut name is a wrong name on every page)."""
    if len(value) <= limit:
        return []
    label = FIELD_LABELS_LONG.get(field, field)
    return [
        {
            "field": field,
            "value": value,
            "message": _(
                "%(label)s dari SIASN %(n)d karakter, paling panjang %(limit)d di Hibrida: "
                "perbaiki di SIASN lalu tarik lagi."
            )
            % {"label": label, "n": len(value), "limit": limit},
        }
    ]


FIELD_LABELS_LONG = {**diff.FIELD_LABELS, "unit_name": "Nama unit", "unit_code": "Kode unit"}


def _label(name: str, key: str) -> str:
    # The label column holds any value that passes _too_long; a longer one is an error item
    # whose full value is in its errors.
    return name if len(name) <= _max_length(SyncItem, "label") else key


def _unit_errors(change: diff.UnitChange) -> list[dict[str, str]]:
    errors = _too_long("unit_name", change.name, _max_length(Unit, "name"))
    if change.kind == ItemKind.UNIT_NEW:
        errors += _too_long("unit_code", unit_code(change.unor_id), _max_length(Unit, "code"))
    return errors


def _person_errors(changes: tuple[diff.FieldChange, ...]) -> list[dict[str, str]]:
    limits = {
        "name": _max_length(Employee, "name"),
        "position": _max_length(Position, "name"),
        "email": _max_length(Employee, "email"),
    }
    errors = []
    for c in changes:
        if c.field in limits and c.siasn:
            errors += _too_long(c.field, c.siasn, limits[c.field])
    return errors


def unit_code(unor_id: str) -> str:
    return f"SIASN-{unor_id}"


def _items_for(
    run: SyncRun,
    tree: diff.Tree,
    local: dict[str, dict[str, str]],
    siasn: dict[str, dict[str, str] | None],
) -> list[SyncItem]:
    items = [
        SyncItem(
            run=run,
            kind=change.kind,
            key=change.unor_id,
            label=_label(change.name, change.unor_id),
            detail={
                "opd_id": change.opd_id,
                "parent_unor_id": change.parent_unor_id,
                "unit_id": change.unit_id,
                "changes": {k: list(v) for k, v in change.changes.items()},
                "errors": _unit_errors(change),
            },
        )
        for change in tree.changes
    ]
    baselines = {r.nip: r.values for r in SiasnRecord.objects.filter(nip__in=list(siasn))}
    for nip in sorted(set(local) | set(siasn)):
        if nip not in siasn:
            continue  # not asked of SIASN in this pull
        change = diff.compare_employee(nip, local.get(nip), siasn[nip], baselines.get(nip))
        if change is None:
            continue
        kind = change.kind if change.changes or change.kind == "left" else ItemKind.KEPT
        items.append(
            SyncItem(
                run=run,
                kind=kind,
                key=nip,
                label=_label(change.name, nip) or nip,
                changes=[vars(c) for c in change.changes],
                detail={
                    "kept": [vars(c) for c in change.kept],
                    "errors": _person_errors(change.changes),
                },
            )
        )
    return items


def pull(*, actor: User | None, trigger: str, extra_nips: list[str] | None = None) -> SyncRun:
    """Fetch the org tree and the master data of every local ASN (and ``extra_nips``, new staff
    SIASN knows) into a new run with its diff. Nothing outside the run is changed."""
    _require_runner(actor)
    siasn_client = client()
    nips = sorted(set(Employee.objects.filter(is_active=True).values_list("nip", flat=True)))
    nips = sorted(set(nips) | set(extra_nips or []))
    try:
        unor_rows = siasn_client.ref_unor()
        fetched = {nip: siasn_client.data_utama(nip) for nip in nips}
    except SiasnError as exc:
        with transaction.atomic():
            run = SyncRun.objects.create(
                started_by=actor, trigger=trigger, status=RunStatus.FAILED, error=exc.message
            )
            record_event(
                actor=actor, action="national.sync_failed", obj=run, after={"error": exc.message}
            )
        return run
    unors = diff.unors_from(unor_rows)
    people = {nip: (_siasn_person(row) if row else None) for nip, row in fetched.items()}
    with transaction.atomic():
        tree = _tree(unors)
        unor_of_unit = {unit: unor for unor, unit in tree.unit_of.items() if unit is not None}
        local = _local_people(unor_of_unit)
        siasn = _comparable(people, unors, tree, local)
        run = SyncRun.objects.create(
            started_by=actor,
            trigger=trigger,
            unors=[vars(u) for u in unors],
            # None: not the city's, or skipped (unmapped OPD); nothing is applied for them.
            people={
                nip: ({**p, **(siasn.get(nip) or {})} if p and siasn.get(nip) else None)
                for nip, p in people.items()
            },
        )
        items = SyncItem.objects.bulk_create(_items_for(run, tree, local, siasn))
        counts: dict[str, int] = {}
        for item in items:
            counts[item.kind] = counts.get(item.kind, 0) + 1
        run.counts = counts
        run.save(update_fields=["counts"])
        record_event(
            actor=actor,
            action="national.sync_pulled",
            obj=run,
            after={"trigger": trigger, "asked": len(nips), "counts": counts},
        )
    return run


# --- apply: diff -> org services ----------------------------------------------------------


def _clean_choices(run: SyncRun, choices: dict[int, dict[str, str]]) -> dict[int, dict[str, str]]:
    """Every conflict needs BKPSDM's choice; errors name the item and field."""
    errors: dict[str, str] = {}
    cleaned: dict[int, dict[str, str]] = {}
    for item in run.items.all():
        for change in item.changes:
            if not change.get("conflict"):
                continue
            name = f"pilihan-{item.pk}-{change['field']}"
            value = choices.get(item.pk, {}).get(change["field"], "")
            if value not in CHOICES:
                errors[name] = _(
                    "Pilih nilai SIASN atau koreksi lokal untuk %(field)s %(who)s."
                ) % {
                    "field": diff.FIELD_LABELS[change["field"]],
                    "who": item.label,
                }
            else:
                cleaned.setdefault(item.pk, {})[change["field"]] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _position(actor: User, opd: Opd, name: str, jenis: str) -> Position:
    found = Position.objects.filter(opd=opd, name__iexact=name).first()
    if found is not None:
        return found
    # jenisJabatanId: 1 struktural, 2 fungsional tertentu, 4 pelaksana (assumed, see docs).
    kind = {"1": PositionKind.STRUKTURAL, "2": PositionKind.FUNGSIONAL}.get(
        jenis, PositionKind.PELAKSANA
    )
    return org_services.create_position(actor=actor, opd=opd, name=name, kind=kind)


def _asn_type(nip: str) -> str:
    try:
        parse_asn_number(nip, AsnType.PNS)
    except NipError:
        return AsnType.PPPK
    return AsnType.PNS


def _link_tree(actor: User, run: SyncRun) -> dict[str, int]:
    """Create the proposed units and record every unor's unit; unor id -> unit id."""
    tree = _tree([diff.Unor(**u) for u in run.unors])
    for change in tree.changes:
        if change.kind == ItemKind.UNIT_NEW:
            assert change.opd_id is not None
            parent_id = tree.unit_of.get(change.parent_unor_id) if change.parent_unor_id else None
            unit = org_services.create_unit(
                actor=actor,
                opd=Opd.objects.get(pk=change.opd_id),
                name=change.name,
                code=unit_code(change.unor_id),
                kind=UnitKind.BIDANG if parent_id else UnitKind.PIMPINAN,
                parent=Unit.objects.get(pk=parent_id) if parent_id else None,
            )
            tree.unit_of[change.unor_id] = unit.pk
        elif change.kind == ItemKind.UNIT_CHANGED:
            assert change.unit_id is not None
            unit = Unit.objects.get(pk=change.unit_id)
            parent = unit.parent
            if "parent" in change.changes:
                parent = Unit.objects.get(pk=change.changes["parent"][1])
            org_services.update_unit(
                actor=actor,
                unit=unit,
                name=change.name,
                code=unit.code,
                kind=unit.kind,
                parent=parent,
            )
    for unor_id, opd_id in tree.opd_of.items():
        if opd_id is not None and any(
            u["id"] == unor_id and u["parent_id"] == settings.HIBRIDA_SIASN_ROOT_UNOR_ID
            for u in run.unors
        ):
            UnorLink.objects.update_or_create(unor_id=unor_id, defaults={"opd_id": opd_id})
    for unor_id, unit_id in tree.unit_of.items():
        if unit_id is not None:
            UnorLink.objects.update_or_create(unor_id=unor_id, defaults={"unit_id": unit_id})
    return {k: v for k, v in tree.unit_of.items() if v is not None}


def _employee_data(employee: Employee) -> dict[str, Any]:
    return {f: getattr(employee, f) for f in org_services.EMPLOYEE_FIELDS}


def _apply_people(
    actor: User, run: SyncRun, units: dict[str, int], choices: dict[int, dict[str, str]]
) -> dict[str, int]:
    done: dict[str, int] = {}
    supervisors: list[tuple[str, str]] = []
    for item in run.items.filter(
        kind__in=[ItemKind.NEW, ItemKind.MOVED, ItemKind.CHANGED, ItemKind.LEFT]
    ):
        person = run.people.get(item.key) or {}
        employee = Employee.objects.filter(nip=item.key).first()
        if item.kind == ItemKind.LEFT:
            assert employee is not None
            data = _employee_data(employee)
            data["is_active"] = False
            org_services.update_employee(actor=actor, employee=employee, data=data)
        else:
            take = {
                c["field"]
                for c in item.changes
                if not c.get("conflict") or choices.get(item.pk, {}).get(c["field"]) == "siasn"
            }
            data = (
                _employee_data(employee)
                if employee
                else {"nip": item.key, "asn_type": _asn_type(item.key)}
            )
            data["is_active"] = True
            if "name" in take:
                data["name"] = person["name"]
            if "email" in take:
                data["email"] = person["email"]
            if "unit" in take:
                data["unit"] = Unit.objects.get(pk=units[person["unit"]])
            unit: Unit = data["unit"]
            if (
                "position" in take
                or data.get("position") is None
                or data["position"].opd_id != unit.opd_id
            ):
                name = person["position"] if "position" in take else data["position"].name
                data["position"] = _position(actor, unit.opd, name, person.get("jenis_jabatan", ""))
            if employee is None:
                data["supervisor"] = None
                org_services.create_employee(actor=actor, data=data)
            else:
                org_services.update_employee(actor=actor, employee=employee, data=data)
            if "supervisor" in take:
                supervisors.append((item.key, person["supervisor"]))
        done[item.kind] = done.get(item.kind, 0) + 1
        item.applied = True
        item.choices = choices.get(item.pk, {})
        item.save(update_fields=["applied", "choices"])
    # Atasan last: the new atasan may be one of the people created above.
    for nip, sup_nip in supervisors:
        employee = Employee.objects.get(nip=nip)
        supervisor = Employee.objects.filter(nip=sup_nip).first() if sup_nip else None
        org_services.set_supervisor(actor=actor, employee=employee, supervisor=supervisor)
    return done


def _store_baselines(run: SyncRun) -> None:
    now = timezone.now()
    for nip, person in run.people.items():
        if person is None:
            continue
        SiasnRecord.objects.update_or_create(
            nip=nip,
            defaults={
                "pns_id": person.get("pns_id", ""),
                "golongan": person.get("golongan", ""),
                "values": {f: person.get(f, "") for f in diff.FIELDS},
                "synced_at": now,
            },
        )


def apply_run(
    *, actor: User, run: SyncRun, choices: dict[int, dict[str, str]], note: str = ""
) -> SyncRun:
    """Apply a reviewed diff: units, then ASN, through the organisation's services (each with
    its audit event); conflicts as BKPSDM chose. All or nothing."""
    _require_runner(actor)
    access.require_writer(actor)
    if run.status != RunStatus.DRAFT:
        raise decisions.AlreadyDecided(_("Sinkronisasi ini sudah diputuskan."))
    bad = [item.label for item in run.items.all() if item.detail.get("errors")]
    if bad:
        raise ValidationError(
            {
                "errors": _(
                    "%(n)d baris berisi nilai SIASN yang tidak muat di Hibrida (%(who)s); "
                    "perbaiki di SIASN lalu tarik lagi. Tidak ada yang diterapkan."
                )
                % {"n": len(bad), "who": ", ".join(bad[:5]) + (", …" if len(bad) > 5 else "")}
            }
        )
    cleaned = _clean_choices(run, choices)

    def effects(row: SyncRun) -> dict[str, Any]:
        units = _link_tree(actor, row)
        done = _apply_people(actor, row, units, cleaned)
        _store_baselines(row)
        return {"applied": done}

    return decisions.decide(
        actor=actor,
        model=SyncRun,
        pk=run.pk,
        pending=[RunStatus.DRAFT],
        to_status=RunStatus.APPLIED,
        action="national.sync_applied",
        note=note,
        snapshot_fields=["status", "counts"],
        effects=effects,
    )


def discard_run(*, actor: User, run: SyncRun, note: str) -> SyncRun:
    _require_runner(actor)
    return decisions.decide(
        actor=actor,
        model=SyncRun,
        pk=run.pk,
        pending=[RunStatus.DRAFT],
        to_status=RunStatus.DISCARDED,
        action="national.sync_discarded",
        note=note,
        note_required=_("Alasan membuang hasil sinkronisasi wajib diisi."),
        snapshot_fields=["status", "counts"],
    )


# --- results back to BKN ------------------------------------------------------------------


def _appraiser(employee: Employee) -> payloads.Appraiser | None:
    sup = employee.supervisor
    if sup is None:
        return None
    return payloads.Appraiser(sup.nip, sup.name, sup.unit.name)


def _monthly_scores(ids: list[int], year: int, month: int) -> dict[int, float]:
    data = activity_selectors.month_data(ids, year, month)
    out = {}
    for emp in ids:
        mine = [d for d in data.days if d.employee == emp]
        score = performance.monthly_score(data.planned.get(emp, {}), mine)
        if score is not None:
            out[emp] = score
    return out


@transaction.atomic
def queue_results(*, actor: User, operation: str, year: int, month: int | None) -> dict[str, int]:
    """Queue a month's ratings (kinerjaperiodik) or a year's SKP results (skp22) for every
    active ASN SIASN knows (a synced PNS id) with a score; a record queued before stays as it
    is (same idempotency key)."""
    _require_runner(actor)
    errors = {}
    if operation not in payloads.OPERATIONS:
        errors["operation"] = _("Jenis data tidak dikenal.")
    if not 2000 <= year <= 2100:
        errors["year"] = _("Tahun tidak sah.")
    if operation == payloads.KINERJA_PERIODIK and (month is None or not 1 <= month <= 12):
        errors["month"] = _("Bulan harus 1–12.")
    if errors:
        raise ValidationError(errors)
    employees = list(
        Employee.objects.filter(is_active=True).select_related("supervisor__unit").order_by("nip")
    )
    pns_ids = dict(SiasnRecord.objects.exclude(pns_id="").values_list("nip", "pns_id"))
    ids = [e.pk for e in employees]
    if operation == payloads.KINERJA_PERIODIK:
        assert month is not None
        scores = _monthly_scores(ids, year, month)
        period = f"{year:04d}-{month:02d}"
    else:
        per_month: dict[int, list[float]] = {}
        for m in range(1, 13):
            for emp, score in _monthly_scores(ids, year, m).items():
                per_month.setdefault(emp, []).append(score)
        scores = {emp: sum(v) / len(v) for emp, v in per_month.items()}
        period = f"{year:04d}"
    counts = {"queued": 0, "already": 0, "no_siasn_id": 0, "no_score": 0}
    for e in employees:
        if e.pk not in scores:
            counts["no_score"] += 1
            continue
        if e.nip not in pns_ids:
            counts["no_siasn_id"] += 1
            continue
        if operation == payloads.KINERJA_PERIODIK:
            assert month is not None
            body = payloads.kinerja_periodik(
                pns_id=pns_ids[e.nip],
                year=year,
                month=month,
                score=scores[e.pk],
                appraiser=_appraiser(e),
            )
        else:
            body = payloads.skp22(
                pns_id=pns_ids[e.nip], year=year, score=scores[e.pk], appraiser=_appraiser(e)
            )
        _row, created = BknSubmission.objects.get_or_create(
            key=payloads.idempotency_key(operation, e.nip, period),
            defaults={"operation": operation, "employee": e, "period": period, "payload": body},
        )
        counts["queued" if created else "already"] += 1
    record_event(
        actor=actor,
        action="national.results_queued",
        object_type="national.BknSubmission",
        object_id=f"{operation}:{period}",
        after=counts,
    )
    return counts


def send_submission(pk: int) -> str:
    """Send one queued result, at most once: the row stays locked from the check to the
    mark, and BKN's records are read first so a send cut off after BKN stored it is not
    repeated. Returns the row's status."""
    siasn_client = client()
    with transaction.atomic():
        row = BknSubmission.objects.select_for_update().select_related("employee").get(pk=pk)
        if row.status == SendStatus.SENT:
            return row.status
        before = {"status": row.status, "attempts": row.attempts}
        row.attempts += 1
        try:
            stored = next(
                (
                    r
                    for r in siasn_client.history(row.operation, row.employee.nip)
                    if payloads.matches(row.operation, r, row.payload) and r.get("id")
                ),
                None,
            )
            row.bkn_id = (
                str(stored["id"]) if stored else siasn_client.save(row.operation, row.payload)
            )
        except SiasnError as exc:
            row.status, row.last_error = SendStatus.FAILED, exc.message
        else:
            row.status, row.last_error, row.sent_at = SendStatus.SENT, "", timezone.now()
        row.save()
        record_event(
            actor=None,
            action="national.result_sent"
            if row.status == SendStatus.SENT
            else "national.result_failed",
            obj=row,
            before=before,
            after={
                "status": row.status,
                "attempts": row.attempts,
                "bkn_id": row.bkn_id,
                "error": row.last_error,
            },
        )
    return row.status


def sendable() -> list[int]:
    return list(
        BknSubmission.objects.filter(
            status__in=[SendStatus.PENDING, SendStatus.FAILED], attempts__lt=MAX_SEND_ATTEMPTS
        )
        .order_by("id")
        .values_list("id", flat=True)
    )


# --- Simpegnas ------------------------------------------------------------------------------


def import_simpegnas(*, actor: User, content: bytes) -> tuple[int, list[simpegnas.RowError]]:
    """Validate the whole file, then store its days (a day imported again is replaced)."""
    _require_runner(actor)
    access.require(simpegnas_enabled(), _("Jembatan Simpegnas tidak diaktifkan untuk kota ini."))
    days, errors = simpegnas.read_csv(content)
    employees = dict(
        Employee.objects.filter(nip__in={d.nip for d in days}).values_list("nip", "id")
    )
    for number, d in enumerate(days, start=2):
        if d.nip not in employees:
            errors.append(
                simpegnas.RowError(number, "NIP", f"NIP {d.nip} tidak terdaftar di Hibrida.")
            )
    if errors:
        return 0, errors
    with transaction.atomic():
        for d in days:
            SimpegnasDay.objects.update_or_create(
                employee_id=employees[d.nip],
                day=d.day,
                defaults={
                    "mode": d.mode,
                    "time_in": d.time_in,
                    "time_out": d.time_out,
                    "tm": d.tm,
                    "pc": d.pc,
                },
            )
        record_event(
            actor=actor,
            action="national.simpegnas_imported",
            object_type="national.SimpegnasDay",
            after={
                "days": len(days),
                "from": min(d.day for d in days).isoformat(),
                "to": max(d.day for d in days).isoformat(),
            },
        )
    return len(days), []


def today() -> dt.date:
    return timezone.localdate()
