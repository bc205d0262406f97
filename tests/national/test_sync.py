"""SIASN sync end to end against the fake gateway: the diff (new, moved, left, changed), local
corrections kept or offered as conflicts, applying through the organisation's services with
audit events, and who may do it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hibrida.audit.decisions import AlreadyDecided
from hibrida.audit.models import AuditEvent
from hibrida.national import services
from hibrida.national.models import RunStatus, SiasnRecord, SyncRun
from hibrida.org.models import Employee, Unit

from ..factories import UnitFactory
from .fake_gateway import PREFIX

NEW_NIP = "198503152010012003"
UNMAPPED_NIP = "198601012010011001"  # works in an OPD Hibrida does not know yet


def person(e: Employee | None, pns_id: str, unor: str, **extra) -> dict:
    row = {"id": pns_id, "unorId": unor, "jabatanNama": "Analis", "emailGov": ""}
    if e is not None:
        row.update(nipBaru=e.nip, nama=e.name)
    row.update(extra)
    return row


@pytest.fixture
def world(city, gateway, siasn_settings):
    """Local: Dinas A (unit "Dinas A" above "Bidang A"), Dinas B; SIASN: the same tree plus a
    new section, an unknown OPD, and its own view of each person."""
    top = UnitFactory(opd=city.opd_a, name="Dinas A", kind="pimpinan")
    bidang = city.kabid.unit
    bidang.parent = top
    bidang.save()
    Employee.objects.filter(pk=city.kepala.pk).update(unit=top)
    Employee.objects.filter(pk=city.kabid.pk).update(email="kabid@koreksi.go.id")
    Employee.objects.filter(pk=city.staff2.pk).update(email="koreksi@bekasikota.go.id")
    gw = gateway.gw
    gw.unors = [
        {"Id": "ROOT", "NamaUnor": "Pemerintah Kota Bekasi", "DiatasanId": ""},
        {"Id": "O-A", "NamaUnor": "Dinas A", "DiatasanId": "ROOT", "PemimpinPnsId": "pns-kepala"},
        {"Id": "U-BA", "NamaUnor": "Bidang A", "DiatasanId": "O-A", "PemimpinPnsId": "pns-kabid"},
        {"Id": "U-NEW", "NamaUnor": "Seksi Baru", "DiatasanId": "U-BA"},
        {"Id": "O-B", "NamaUnor": "Dinas B", "DiatasanId": "ROOT"},
        {"Id": "U-BB", "NamaUnor": "Bidang B", "DiatasanId": "O-B"},
        {"Id": "O-X", "NamaUnor": "Dinas Tak Dikenal", "DiatasanId": "ROOT"},
        {"Id": "ELSE", "NamaUnor": "Kabupaten Lain", "DiatasanId": ""},
    ]
    gw.people = {
        city.kepala.nip: person(city.kepala, "pns-kepala", "O-A"),
        city.kabid.nip: person(
            city.kabid,
            "pns-kabid",
            "U-BA",
            jabatanNama="Kepala Bidang A",
            emailGov="kabid@baru.go.id",
        ),
        city.staff1.nip: person(city.staff1, "pns-s1", "U-NEW"),
        city.staff2.nip: person(city.staff2, "pns-s2", "U-BA", emailGov="lama@bekasikota.go.id"),
        NEW_NIP: {
            "id": "pns-new",
            "nipBaru": NEW_NIP,
            "nama": "Rina Baru",
            "unorId": "U-BB",
            "jabatanNama": "Pengadministrasi Umum",
            "emailGov": "rina@bekasikota.go.id",
        },
        UNMAPPED_NIP: {
            "id": "pns-x",
            "nipBaru": UNMAPPED_NIP,
            "nama": "Di OPD Lain",
            "unorId": "O-X",
        },
        # city.other is not in SIASN's answer: left the city.
    }
    # What SIASN said at the last applied sync for the two people corrected locally since.
    SiasnRecord.objects.create(
        nip=city.kabid.nip,
        pns_id="pns-kabid",
        values={
            "name": "Kabid A",
            "unit": "U-BA",
            "position": "Analis",
            "email": "kabid@lama.go.id",
            "supervisor": city.kepala.nip,
        },
        synced_at="2026-11-01T00:00:00Z",
    )
    SiasnRecord.objects.create(
        nip=city.staff2.nip,
        pns_id="pns-s2",
        values={
            "name": "Staf Dua",
            "unit": "U-BA",
            "position": "Analis",
            "email": "lama@bekasikota.go.id",
            "supervisor": city.kabid.nip,
        },
        synced_at="2026-11-01T00:00:00Z",
    )
    return city


def by_key(run: SyncRun) -> dict[str, object]:
    return {item.key: item for item in run.items.all()}


def test_pull_builds_the_diff_and_changes_nothing(world):
    before = list(
        Employee.objects.order_by("pk").values_list("nip", "unit_id", "email", "is_active")
    )
    run = services.pull(
        actor=world.users["bkpsdm"], trigger="manual", extra_nips=[NEW_NIP, UNMAPPED_NIP]
    )
    assert run.status == RunStatus.DRAFT
    items = by_key(run)
    kinds = {key: item.kind for key, item in items.items()}
    assert kinds == {
        "U-NEW": "unit_new",
        "O-B": "unit_new",  # Dinas B has no unit of its own name yet
        "O-X": "opd_unknown",
        world.kabid.nip: "changed",
        world.staff1.nip: "moved",
        world.staff2.nip: "kept",
        world.other.nip: "left",
        NEW_NIP: "new",
    }
    kabid = {c["field"]: c for c in items[world.kabid.nip].changes}
    assert kabid["position"] == {
        "field": "position",
        "local": "Analis",
        "siasn": "Kepala Bidang A",
        "baseline": "Analis",
        "conflict": False,
    }
    assert kabid["email"]["conflict"] is True
    assert (kabid["email"]["local"], kabid["email"]["siasn"]) == (
        "kabid@koreksi.go.id",
        "kabid@baru.go.id",
    )
    kept = items[world.staff2.nip].detail["kept"]
    assert [(k["field"], k["local"], k["siasn"]) for k in kept] == [
        ("email", "koreksi@bekasikota.go.id", "lama@bekasikota.go.id")
    ]
    moved = {c["field"]: c for c in items[world.staff1.nip].changes}
    assert set(moved) == {"unit"} and moved["unit"]["siasn"] == "U-NEW"
    assert (
        list(Employee.objects.order_by("pk").values_list("nip", "unit_id", "email", "is_active"))
        == before
    )
    assert AuditEvent.objects.filter(action="national.sync_pulled").count() == 1


def test_apply_needs_a_choice_for_every_conflict(world):
    run = services.pull(actor=world.users["bkpsdm"], trigger="manual", extra_nips=[NEW_NIP])
    item = by_key(run)[world.kabid.nip]
    with pytest.raises(ValidationError) as caught:
        services.apply_run(actor=world.users["bkpsdm"], run=run, choices={})
    assert list(caught.value.message_dict) == [f"pilihan-{item.pk}-email"]
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT
    assert not Employee.objects.filter(nip=NEW_NIP).exists()


def test_apply_writes_through_org_services_keeping_the_chosen_correction(world):
    bkpsdm = world.users["bkpsdm"]
    run = services.pull(actor=bkpsdm, trigger="manual", extra_nips=[NEW_NIP, UNMAPPED_NIP])
    kabid_item = by_key(run)[world.kabid.nip]
    services.apply_run(actor=bkpsdm, run=run, choices={kabid_item.pk: {"email": "lokal"}})
    run.refresh_from_db()
    assert run.status == RunStatus.APPLIED and run.decided_by == bkpsdm

    kabid = Employee.objects.get(pk=world.kabid.pk)
    assert kabid.email == "kabid@koreksi.go.id"  # BKPSDM kept the local correction
    assert kabid.position.name == "Kepala Bidang A"
    assert Employee.objects.get(pk=world.staff2.pk).email == "koreksi@bekasikota.go.id"
    staff1 = Employee.objects.select_related("unit__parent").get(pk=world.staff1.pk)
    assert (staff1.unit.name, staff1.unit.parent.name) == ("Seksi Baru", "Bidang A")
    assert staff1.supervisor_id == world.kabid.pk
    assert not Employee.objects.get(pk=world.other.pk).is_active
    new = Employee.objects.select_related("unit", "position", "opd").get(nip=NEW_NIP)
    assert (new.name, new.unit.name, new.opd_id, new.position.name, new.email) == (
        "Rina Baru",
        "Bidang B",
        world.opd_b.pk,
        "Pengadministrasi Umum",
        "rina@bekasikota.go.id",
    )
    assert Unit.objects.filter(opd=world.opd_b, name="Dinas B").exists()
    assert not Employee.objects.filter(nip=UNMAPPED_NIP).exists()  # skipped, OPD unmapped
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-1] == "national.sync_applied"
    for expected in ("unit.created", "employee.created", "employee.updated", "position.created"):
        assert expected in actions
    # The baseline is now SIASN's answer, so the kept correction is no conflict next time.
    assert SiasnRecord.objects.get(nip=world.kabid.nip).values["email"] == "kabid@baru.go.id"
    again = services.pull(actor=bkpsdm, trigger="manual")
    kabid_again = by_key(again)[world.kabid.nip]
    assert kabid_again.kind == "kept"
    assert [k["field"] for k in kabid_again.detail["kept"]] == ["email"]


def test_a_decided_run_cannot_be_applied_again(world):
    bkpsdm = world.users["bkpsdm"]
    run = services.pull(actor=bkpsdm, trigger="manual")
    services.discard_run(actor=bkpsdm, run=run, note="data SIASN belum dimutakhirkan")
    with pytest.raises(AlreadyDecided):
        services.apply_run(actor=bkpsdm, run=SyncRun.objects.get(pk=run.pk), choices={})


def test_discard_needs_a_reason(world):
    run = services.pull(actor=world.users["bkpsdm"], trigger="manual")
    with pytest.raises(ValidationError) as caught:
        services.discard_run(actor=world.users["bkpsdm"], run=run, note=" ")
    assert "note" in caught.value.message_dict


def test_a_gateway_failure_is_recorded_as_a_failed_run(world, gateway):
    gateway.gw.fail(f"{PREFIX}/referensi/ref-unor", *[503] * 10)
    run = services.pull(actor=None, trigger="nightly")
    assert run.status == RunStatus.FAILED
    assert "HTTP 503" in run.error
    assert not run.items.exists()
    assert AuditEvent.objects.filter(action="national.sync_failed").count() == 1


@pytest.mark.parametrize("role", ["opd_admin", "inspektorat", "asn", "diskominfo"])
def test_only_bkpsdm_runs_the_sync(world, role):
    with pytest.raises(PermissionDenied):
        services.pull(actor=world.users[role], trigger="manual")


def test_unconfigured_siasn_is_a_clear_error(city, settings):
    settings.HIBRIDA_SIASN_BASE_URL = ""
    with pytest.raises(ValidationError, match="belum dikonfigurasi"):
        services.pull(actor=city.users["bkpsdm"], trigger="manual")


def test_the_nightly_task_is_scheduled_and_pulls_without_an_actor(world, settings):
    from hibrida.national import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["national-nightly-sync"]
    assert entry["task"] == tasks.nightly_sync.name
    pk = tasks.nightly_sync()
    run = SyncRun.objects.get(pk=pk)
    assert (run.trigger, run.started_by, run.status) == ("nightly", None, RunStatus.DRAFT)
    assert run.items.exists()


def test_the_nightly_task_does_nothing_without_siasn_settings(city, settings):
    from hibrida.national import tasks

    settings.HIBRIDA_SIASN_BASE_URL = ""
    assert tasks.nightly_sync() is None
    assert not SyncRun.objects.exists()
