"""SKP target import: all-or-nothing with per-row Indonesian errors."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from hibrida.activity.importer import import_targets
from hibrida.activity.models import ActionPlan, SkpTarget

pytestmark = pytest.mark.django_db

HEADER = (
    "NIP,TAHUN,RENCANA HASIL KERJA,INDIKATOR,TARGET,SATUAN,HASIL KERJA ATASAN,BULAN,"
    "RENCANA AKSI,KUANTITAS BULAN"
)


def csv_bytes(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def test_import_creates_cascaded_targets_and_plans(env):
    content = csv_bytes(
        f"{env.kabid.nip},2026,Kebijakan tersusun,Jumlah kebijakan,12,dokumen,,,,",
        f"{env.staff1.nip},2026,Telaahan,Jumlah telaahan,48,dok,Kebijakan tersusun,2,Feb,4",
        f"{env.staff1.nip},2026,Telaahan,Jumlah telaahan,48,dok,Kebijakan tersusun,3,Mar,5",
    )
    result = import_targets(actor=env.users["opd_admin"], filename="skp.csv", content=content)
    assert result.ok, result.errors
    assert (result.created, result.plans) == (2, 2)
    child = SkpTarget.objects.get(employee=env.staff1)
    assert child.parent.employee == env.kabid
    assert ActionPlan.objects.get(target=child, month=3).planned_quantity == 5
    again = import_targets(actor=env.users["opd_admin"], filename="skp.csv", content=content)
    assert again.ok and again.unchanged == 2 and again.created == 0


def test_import_is_all_or_nothing_with_row_errors(env):
    """Rule: one bad row → nothing written, every error named by row and column."""
    content = csv_bytes(
        f"{env.staff1.nip},2026,Telaahan,Jumlah,48,dokumen,,,,",
        "199001012015031999,2026,X,Y,1,dok,,,,",
        f"{env.staff2.nip},20x6,Z,Y,-3,dok,Tidak ada,13,,",
    )
    result = import_targets(actor=env.users["opd_admin"], filename="skp.csv", content=content)
    assert not result.ok
    assert SkpTarget.objects.count() == 0
    found = {(e.row, e.column) for e in result.errors}
    assert (3, "NIP") in found
    assert {(4, "TAHUN"), (4, "TARGET"), (4, "BULAN"), (4, "RENCANA AKSI")} <= found
    assert all(e.message for e in result.errors)


def test_import_refuses_other_opd_and_inspektorat(env):
    content = csv_bytes(f"{env.other.nip},2026,A,B,1,dok,,,,")
    result = import_targets(actor=env.users["opd_admin"], filename="skp.csv", content=content)
    assert [e.column for e in result.errors] == ["NIP"]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_targets(actor=env.users["inspektorat"], filename="skp.csv", content=content)


def test_import_xlsx_and_missing_columns(env):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append([env.staff1.nip, 2026, "A", "B", 10, "dok", None, None, None, None])
    out = io.BytesIO()
    book.save(out)
    result = import_targets(
        actor=env.users["opd_admin"], filename="skp.xlsx", content=out.getvalue()
    )
    assert result.ok, result.errors
    bad = import_targets(
        actor=env.users["opd_admin"], filename="skp.csv", content=b"NIP,TAHUN\n1,2\n"
    )
    assert not bad.ok and "Kolom wajib" in bad.errors[0].message
