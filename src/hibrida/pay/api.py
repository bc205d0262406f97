"""TPP API: tier tables, computing a month, its lines (scoped), review, final, my recap."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Schema, Status
from pydantic import Field

from hibrida.bounds import Id, Year
from hibrida.org import access

from . import selectors, services
from .models import RecapLine

router = Router(tags=["pay"])
PageNumber = Annotated[int, Field(ge=1, le=10000)]


class TierTableIn(Schema):
    name: str = Field(max_length=200)
    source: str = Field(max_length=300)
    valid_from: str = Field(max_length=10)
    valid_to: str = Field("", max_length=10)
    tl_tiers: str = Field(max_length=200, description="mis. 30:0,5; 60:1; 90:1,25; *:1,5")
    psw_tiers: str = Field(max_length=200)
    absent_percent: str = Field(max_length=10)
    missing_report_percent: str = Field("", max_length=10)


class TierTableOut(Schema):
    id: int
    name: str
    source: str
    valid_from: dt.date
    valid_to: dt.date | None
    tl_tiers: list[list[int | str | None]]
    psw_tiers: list[list[int | str | None]]
    absent_percent: Decimal
    missing_report_percent: Decimal | None


class MonthIn(Schema):
    year: Year
    month: int = Field(ge=1, le=12)


class RecapOut(Schema):
    id: int
    year: int
    month: int
    status: str
    computed_until: dt.date


class ItemOut(Schema):
    day: dt.date
    code: str
    tier: int
    minutes: int
    percent: Decimal
    record: str


class LineOut(Schema):
    id: int
    recap_id: int
    employee_id: int
    nip: str
    name: str
    percent: Decimal
    absent_days: int
    status: str
    items: list[ItemOut]


class NoteIn(Schema):
    note: str = Field("", max_length=1000)


def _readers(request: access.AuthedRequest) -> None:
    if not selectors.may_see_recaps(request.user):
        raise PermissionDenied("Rekap TPP orang lain tidak tersedia untuk peran Anda.")


def _line_out(line: RecapLine) -> dict:
    return {
        "id": line.pk,
        "recap_id": line.recap_id,
        "employee_id": line.employee_id,
        "nip": line.employee.nip,
        "name": line.employee.name,
        "percent": line.percent,
        "absent_days": line.absent_days,
        "status": line.status,
        "items": line.items,
    }


@router.get("/tier-tables", response=list[TierTableOut], summary="Tabel potongan TPP")
def list_tier_tables(request: access.AuthedRequest):
    _readers(request)
    return list(selectors.tier_tables())


@router.post(
    "/tier-tables", response={201: TierTableOut}, summary="Tambah tabel potongan TPP (BKPSDM)"
)
def create_tier_table(request: access.AuthedRequest, payload: TierTableIn):
    row = services.create_tier_table(actor=request.user, data=payload.dict())
    return Status(201, row)


@router.post("/months", response={201: RecapOut}, summary="Hitung rekap TPP sebulan (BKPSDM)")
def compute_month(request: access.AuthedRequest, payload: MonthIn):
    recap = services.compute_month(actor=request.user, year=payload.year, month=payload.month)
    return Status(201, recap)


@router.get("/months", response=list[RecapOut], summary="Bulan yang sudah dihitung")
def list_months(request: access.AuthedRequest):
    _readers(request)
    return list(selectors.recaps())


@router.get(
    "/months/{recap_id}/lines",
    response=list[LineOut],
    summary="Baris rekap sebulan yang boleh Anda lihat (per halaman 100)",
)
def month_lines(request: access.AuthedRequest, recap_id: Id, page: PageNumber = 1):
    _readers(request)
    recap = selectors.get_recap(recap_id)
    found = selectors.recap_page(request.user, recap, page)["page"]
    return [_line_out(line) for line in found]


@router.post("/months/{recap_id}/final", response=RecapOut, summary="Finalkan bulan (BKPSDM)")
def finalise_month(request: access.AuthedRequest, recap_id: Id, payload: NoteIn):
    selectors.get_recap(recap_id)
    return services.finalise_month(actor=request.user, pk=recap_id, note=payload.note)


@router.get("/lines/{line_id}", response=LineOut, summary="Rincian potongan seorang ASN sebulan")
def get_line(request: access.AuthedRequest, line_id: Id):
    return _line_out(selectors.get_line(request.user, line_id))


@router.post("/lines/{line_id}/review", response=LineOut, summary="Tandai ditinjau (atasan)")
def review_line(request: access.AuthedRequest, line_id: Id, payload: NoteIn):
    try:
        services.review_line(actor=request.user, pk=line_id, note=payload.note)
    except RecapLine.DoesNotExist:
        raise Http404("Baris rekap tidak ditemukan.") from None
    return _line_out(selectors.get_line(request.user, line_id))


@router.get("/me", response=list[LineOut], summary="Rekap TPP saya")
def my_lines(request: access.AuthedRequest):
    return [_line_out(line) for line in selectors.my_lines(request.user).select_related("employee")]
