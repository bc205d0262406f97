"""API routes of this app (mounted by hibrida.api at /api/v1/efficiency/)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Body, Field, Router, Schema

from hibrida.bounds import BoundedDate, Id
from hibrida.org import access

from . import selectors, services
from .consistency import as_dicts, consistency_report
from .model import ModelInputError

router = Router(tags=["efficiency"])
# A city has a few dozen OPDs; the bound keeps the consistency arithmetic meaningful.
MAX_OPDS = 1000
SCENARIO_BODY = Body(..., description="Skenario (skema di docs/efficiency.md)")


@router.post("/simulate", summary="Simulasi efisiensi (skema docs/efficiency.md)")
def simulate(request: access.AuthedRequest, payload: dict = SCENARIO_BODY):
    selectors.require_city_reader(request.user)
    try:
        return selectors.simulation_report(payload, use_database=True, viewer=request.user)
    except ModelInputError as err:
        raise ValidationError({err.field: err.message}) from None


@router.get("/consistency", summary="Pemeriksaan konsistensi angka yang dilaporkan")
def consistency(
    request: access.AuthedRequest,
    n_opds: Annotated[int, Field(ge=1, le=MAX_OPDS)] = 40,
    frontline_opds: Annotated[int, Field(ge=0, le=MAX_OPDS)] = 3,
):
    if frontline_opds > n_opds:
        raise ValidationError({"frontline_opds": "harus antara 0 dan n_opds"})
    return as_dicts(consistency_report(n_opds=n_opds, frontline_opds=frontline_opds))


@router.get(
    "/pilot",
    summary="Evaluasi uji coba (DiD dengan interval Welch t, tren pra-uji coba, rekomendasi)",
)
def pilot(request: access.AuthedRequest):
    return selectors.pilot_evaluation(request.user)


class RealisedCostIn(Schema):
    opd_id: Id
    month: BoundedDate
    component: str
    amount: int
    note: str = ""


class RealisedCostOut(Schema):
    id: int
    opd_id: int
    month: dt.date
    component: str
    amount: int
    note: str


@router.get("/realised-costs", summary="Rencana vs realisasi biaya per OPD dan bulan")
def plan_vs_realised(request: access.AuthedRequest, opd_id: Id | None = None):
    rows = selectors.plan_vs_realised(request.user, opd_id=opd_id)
    return [
        {
            "opd_id": r["opd"].pk,
            "opd": r["opd"].code,
            "synthetic": r["synthetic"],
            "months": [{**m, "month": m["month"].isoformat()} for m in r["months"]],
        }
        for r in rows
    ]


@router.post("/realised-costs", response=RealisedCostOut, summary="Isi realisasi biaya")
def record_realised_cost(request: access.AuthedRequest, payload: RealisedCostIn):
    opd = selectors.get_cost_opd(request.user, payload.opd_id)
    access.require(access.can_manage_opd(request.user, opd))
    return services.record_realised_cost(
        actor=request.user,
        opd=opd,
        month=payload.month,
        component=payload.component,
        amount=payload.amount,
        note=payload.note,
    )


@router.get("/public", auth=None, summary="Agregat publik (sel kecil disembunyikan)")
def public(
    request: HttpRequest,
    kelas: Annotated[str, Field(max_length=30)] = "",
    opd: Annotated[str, Field(max_length=20)] = "",
):
    table = selectors.public_table(opd_class=kelas, opd_code=opd)
    return [
        {
            "opd": c.opd,
            "measure": c.measure,
            "label": c.label,
            "value": c.shown,
            "suppressed": c.hidden,
            "state": c.state.value,
        }
        for c in table["cells"]
    ]
