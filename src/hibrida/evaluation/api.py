"""Monthly evaluation API (Pasal 35): the figures of a unit or OPD and the acknowledgements."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Router, Schema

from hibrida.bounds import Id, Month
from hibrida.org import access

from . import selectors, services
from .models import MonthlyEvaluation

router = Router(tags=["evaluation"])


class FigureOut(Schema):
    aspect: str
    measure: str
    value: str


class EvaluationOut(Schema):
    id: int | None
    opd_id: int
    unit_id: int | None
    month: dt.date
    status: str
    status_label: str
    frozen: bool
    figures: dict
    rows: list[FigureOut]


def _out(data: dict) -> dict:
    row = data["row"]
    return {
        "id": row.pk if row is not None else None,
        "opd_id": data["opd"].pk,
        "unit_id": data["unit"].pk if data["unit"] else None,
        "month": data["month"],
        "status": data["status"],
        "status_label": str(data["status_label"]),
        "frozen": data["frozen"],
        "figures": data["figures"],
        "rows": [{"aspect": a, "measure": m, "value": v} for a, m, v in data["rows"]],
    }


@router.get(
    "/opds/{opd_id}",
    response=EvaluationOut,
    summary="Evaluasi bulanan satu OPD atau unit (kinerja, disiplin, kesiapan sarana)",
)
def evaluation(
    request: access.AuthedRequest, opd_id: Id, month: Month | None = None, unit: Id | None = None
):
    """``month``: YYYY-MM, the last month by default."""
    opd, found = selectors.group_for(request.user, opd_id, unit)
    month = month or selectors.last_month()
    return _out(selectors.evaluation_page(request.user, opd, found, month))


class AckIn(Schema):
    month: Month
    unit_id: Id | None = None
    note: str = ""


@router.post(
    "/opds/{opd_id}/acknowledge-unit",
    response=EvaluationOut,
    summary="Kepala unit mengakui evaluasi bulan yang telah berakhir (angka dibekukan)",
)
def acknowledge_unit(request: access.AuthedRequest, opd_id: Id, payload: AckIn):
    opd, unit = selectors.group_for(request.user, opd_id, payload.unit_id)
    services.acknowledge_unit(
        actor=request.user, opd=opd, unit=unit, month=payload.month, note=payload.note
    )
    return _out(selectors.evaluation_page(request.user, opd, unit, payload.month))


class NoteIn(Schema):
    note: str = ""


@router.post(
    "/{evaluation_id}/acknowledge-ppk",
    response=EvaluationOut,
    summary="BKPSDM atas nama PPK mengakui evaluasi (final, tidak dapat diubah)",
)
def acknowledge_ppk(request: access.AuthedRequest, evaluation_id: Id, payload: NoteIn):
    row = MonthlyEvaluation.objects.filter(pk=evaluation_id).select_related("opd", "unit").first()
    if row is None or not selectors.may_view(request.user, row.opd, row.unit):
        raise Http404("Evaluasi tidak ditemukan.")
    services.acknowledge_ppk(actor=request.user, row=row, note=payload.note)
    return _out(selectors.evaluation_page(request.user, row.opd, row.unit, row.month))
