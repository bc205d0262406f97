"""Efficiency pages: simulator, pilot evaluation (+PDF), realised costs, service-level import,
and the public transparency page with its CSV."""

from __future__ import annotations

import csv
import json
from collections import defaultdict

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hibrida.audit.anchors import anchor_record, anchors_jsonl, published_anchors
from hibrida.evaluation.selectors import final_for_pilot
from hibrida.monitoring.disclosure import State
from hibrida.org import access
from hibrida.org.access import AuthedRequest, Role
from hibrida.org.models import Opd, OpdClass

from . import charts, selectors, services
from .forms import (
    CALIBRATION_HELP,
    CALIBRATION_SOURCE,
    BaselineForm,
    RealisedCostForm,
    ServiceImportForm,
    SimulatorForm,
)
from .model import CALIBRATIONS, CLASS_LABELS, ModelInputError
from .pilot import PERIODS

CITY_READERS = (Role.BKPSDM, Role.INSPEKTORAT)


@access.roles_required(*CITY_READERS)
@require_http_methods(["GET", "POST"])
def simulator(request):
    form = SimulatorForm(request.POST if request.method == "POST" else request.GET or None)
    result, error, focus = None, None, "wfh_1_hari"
    if not form.is_bound:
        form = SimulatorForm(initial={})
        data = {"calibration": "tabel_berita", "monte_carlo": {"draws": 10_000, "seed": 2026}}
    elif form.is_valid():
        c = form.cleaned_data
        focus = c["skenario"]
        if c["masukan_json"].strip():
            try:
                data = json.loads(c["masukan_json"])
            except json.JSONDecodeError as err:
                data, error = (
                    None,
                    f"Masukan JSON tidak sah (baris {err.lineno}, kolom {err.colno}).",
                )
        else:
            data = {
                "calibration": c["kalibrasi"],
                "monte_carlo": {"draws": c["undian"], "seed": c["seed"]},
            }
            if c["cakupan"] == "kota":
                data["city"] = "demo"
    else:
        data = None
    if data is not None and error is None:
        try:
            result = selectors.simulation_report(data, use_database=True, viewer=request.user)
        except ModelInputError as err:
            error = f"Kolom '{err.field}': {err.message}."
    detail = None
    if result:
        detail = next((s for s in result["scenarios"] if s["key"] == focus), None) or next(
            (s for s in result["scenarios"] if s["key"] != "wfo_penuh"), result["scenarios"][0]
        )
    chart = None
    if detail and result:
        chart = {
            "tornado": {
                "labels": [t["label"] for t in detail["tornado"]],
                "low": [t["saving_at_low"] for t in detail["tornado"]],
                "high": [t["saving_at_high"] for t in detail["tornado"]],
                "centre": detail["totals"]["yearly_saving"],
            },
            "scenarios": {
                "labels": [s["label"] for s in result["scenarios"]],
                "p5": [s["totals"]["yearly_range"]["p5"] for s in result["scenarios"]],
                "p50": [s["headline"]["yearly_saving"] for s in result["scenarios"]],
                "point": [s["totals"]["yearly_saving"] for s in result["scenarios"]],
                "p95": [s["totals"]["yearly_range"]["p95"] for s in result["scenarios"]],
            },
        }
    return render(
        request,
        "efficiency/simulator.html",
        {
            "form": form,
            "result": result,
            "error": error,
            "detail": detail,
            "chart": chart,
            "calibration_help": [
                {"key": k, "label": CALIBRATIONS[k].label, "text": text}
                for k, text in CALIBRATION_HELP.items()
            ],
            "calibration_source": CALIBRATION_SOURCE,
            "result_json": json.dumps(result, ensure_ascii=False, indent=1)
            if result and result["average_opd"]
            else "",
        },
    )


@access.roles_required(*CITY_READERS)
def pilot(request):
    evaluation = selectors.pilot_evaluation(request.user)
    return render(
        request,
        "efficiency/pilot.html",
        {
            "ev": evaluation,
            "periods": PERIODS,
            "svg": _pilot_charts(evaluation),
            # Pasal 35 monthly evaluations of the pilot months, beside (not inside) the statistics.
            "monthly": final_for_pilot([p.month for p in PERIODS]),
        },
    )


def _pilot_charts(ev: dict) -> dict:
    forest = []
    for o in ev["outcomes"]:
        for key, label in (("tahap_1", "Tahap I"), ("tahap_2", "Tahap II")):
            d = o["did"].get(key)
            if d:
                forest.append(
                    {
                        "label": f"{o['label']} · {label}",
                        "estimate": d["estimate"],
                        "low": d["ci_low"],
                        "high": d["ci_high"],
                    }
                )
    lines = {}
    for o in ev["outcomes"]:
        if o["metric"] == "output_index":
            lines = {
                "Ber-WFH": [o["means"]["treated"][p.key] for p in PERIODS],
                "Kontrol (WFO)": [o["means"]["control"][p.key] for p in PERIODS],
            }
    return {
        "forest": charts.forest_svg(forest),
        "output": charts.lines_svg(lines, ["Okt", "Nov", "Des"]) if lines else "",
    }


@access.roles_required(*CITY_READERS)
def pilot_pdf(request):
    from weasyprint import HTML

    evaluation = selectors.pilot_evaluation(request.user)
    html = render_to_string(
        "efficiency/pilot_pdf.html",
        {"ev": evaluation, "periods": PERIODS, "svg": _pilot_charts(evaluation)},
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="evaluasi-uji-coba-wfh.pdf"'
    return response


@access.roles_required(Role.OPD_ADMIN, *CITY_READERS)
def realised(request):
    calibration = request.GET.get("kalibrasi", "tabel_berita")
    if calibration not in ("tabel_berita", "teks_berita"):
        calibration = "tabel_berita"
    rows = selectors.plan_vs_realised(request.user, calibration=calibration)
    return render(
        request,
        "efficiency/realised.html",
        {
            "rows": rows,
            "periods": PERIODS,
            "calibration": calibration,
            "can_write": not access.scope_for(request.user).read_only,
        },
    )


def _managed_cost_opd(request: AuthedRequest, opd_id: int) -> Opd:
    opd = selectors.get_cost_opd(request.user, opd_id)
    access.require(access.can_manage_opd(request.user, opd))
    return opd


def _entry_page(
    request: AuthedRequest,
    opd: Opd,
    *,
    form: RealisedCostForm | None = None,
    baseline_form: BaselineForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "efficiency/realised_entry.html",
        {
            "opd": opd,
            "form": form if form is not None else RealisedCostForm(),
            "baseline_form": baseline_form if baseline_form is not None else BaselineForm(),
            "entries": selectors.realised_entries(request.user, opd)[:60],
            "baselines": selectors.cost_baselines(request.user, opd),
        },
    )


def _add_service_errors(form: forms.Form, err: ValidationError) -> None:
    for field, msgs in err.message_dict.items():
        form.add_error(field if field in form.fields else None, msgs)


@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM)
@require_GET
def realised_entry(request: AuthedRequest, opd_id: int) -> HttpResponse:
    """Finance staff enter realised costs (and the full-WFO baseline) of their OPD."""
    return _entry_page(request, _managed_cost_opd(request, opd_id))


@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM)
@require_POST
def realised_record(request: AuthedRequest, opd_id: int) -> HttpResponse:
    """Record (or correct) one month's realised cost of one component."""
    opd = _managed_cost_opd(request, opd_id)
    form = RealisedCostForm(request.POST)
    if form.is_valid():
        try:
            services.record_realised_cost(actor=request.user, opd=opd, **form.cleaned_data)
        except ValidationError as err:
            _add_service_errors(form, err)
        else:
            messages.success(request, "Realisasi disimpan.")
            return redirect("efficiency:realised_entry", opd_id=opd.pk)
    return _entry_page(request, opd, form=form)


@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM)
@require_POST
def realised_baseline(request: AuthedRequest, opd_id: int) -> HttpResponse:
    """Set the OPD's full-WFO monthly baseline of one component."""
    opd = _managed_cost_opd(request, opd_id)
    form = BaselineForm(request.POST)
    if form.is_valid():
        try:
            services.set_cost_baseline(actor=request.user, opd=opd, **form.cleaned_data)
        except ValidationError as err:
            _add_service_errors(form, err)
        else:
            messages.success(request, "Baseline disimpan.")
            return redirect("efficiency:realised_entry", opd_id=opd.pk)
    return _entry_page(request, opd, baseline_form=form)


@access.roles_required(Role.OPD_ADMIN, Role.BKPSDM)
def service_import(request):
    form = ServiceImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = services.import_service_levels(
            actor=request.user, filename=upload.name, content=upload.read()
        )
        if result.ok:
            messages.success(
                request, f"Impor selesai: {result.created} baris baru, {result.updated} diperbarui."
            )
        else:
            messages.error(
                request,
                f"Impor dibatalkan: {len(result.errors)} kesalahan. Tidak ada data yang disimpan.",
            )
    return render(request, "efficiency/service_import.html", {"form": form, "result": result})


# --- public (no login) -------------------------------------------------------------------


def _public_filters(request) -> dict:
    opd_class = request.GET.get("kelas", "")
    if opd_class not in OpdClass.values:
        opd_class = ""
    return {"opd_class": opd_class, "opd_code": request.GET.get("opd", "").strip()}


REASON_COLOURS = ["#b45309", "#1d4ed8", "#7c3aed", "#be185d", "#0e7490", "#4d7c0f", "#78350f"]
ELIGIBLE_COLOUR = "#0b5d3b"


def _pivot(table: dict) -> list[dict]:
    rows: dict[str, dict] = {}
    for cell in table["cells"]:
        opd = table["opds"][cell.opd]
        row = rows.setdefault(
            cell.opd,
            {
                "code": cell.opd,
                "name": opd.short_name or opd.name,
                "opd_class": opd.opd_class,
                "class_label": CLASS_LABELS.get(opd.opd_class, opd.opd_class),
                "values": {},
                # Absent measures read as None ("–"), not as a template lookup error.
                "cells": defaultdict(lambda: None),
                "reasons": [],
            },
        )
        if cell.measure.startswith("reason:"):
            row["reasons"].append({"reason": cell.measure[7:], "cell": cell})
        else:
            row["values"][cell.measure] = cell.shown
            row["cells"][cell.measure] = cell
    return list(rows.values())


# Days of audit-chain anchors listed on the public page; the file has all of them.
PUBLIC_ANCHOR_DAYS = 31


def _reason_group(reason: str) -> str:
    """The engine words a reason "<kind>: <detail>"; the chart colours the kind."""
    return reason.split(":", 1)[0].strip()


def _reasons_chart(rows: list[dict]) -> tuple[str, list[dict], list[str]]:
    """Stacked shares of staff per OPD: eligible, then each kind of ineligibility reason;
    suppressed cells pooled into one grey segment (never a width of their own)."""
    reasons = sorted({x["reason"] for r in rows for x in r["reasons"]})
    groups = sorted({_reason_group(reason) for reason in reasons})
    colours = {"eligible": ELIGIBLE_COLOUR}
    for i, group in enumerate(groups):
        colours[group] = REASON_COLOURS[i % len(REASON_COLOURS)]
    bars = []
    for r in rows:
        family = [c for m, c in r["cells"].items() if m == "eligible"]
        family += [x["cell"] for x in r["reasons"]]
        if not family:
            continue
        staff = r["cells"].get("staff")
        total = staff.value if staff is not None and not staff.hidden else None
        sums: dict[str, int] = {}
        for c in family:
            if not c.hidden:
                key = "eligible" if c.measure == "eligible" else _reason_group(c.measure[7:])
                sums[key] = sums.get(key, 0) + c.value
        parts = [(k, sums[k]) for k in ["eligible", *groups] if k in sums]
        hidden = (total - sum(sums.values())) if total else 0
        bars.append({"label": r["name"], "total": total, "parts": parts, "hidden": hidden})
    legend = [{"label": "Layak WFH", "colour": ELIGIBLE_COLOUR}]
    legend += [{"label": g, "colour": colours[g]} for g in groups]
    legend.append({"label": "disembunyikan", "colour": charts.HIDDEN_COLOUR})
    return charts.shares_svg(bars, colours), legend, reasons


def public_index(request):
    filters = _public_filters(request)
    table = selectors.public_table(**filters)
    rows = _pivot(table)
    chart = {
        "labels": [r["name"] for r in rows],
        "wfh": [_number(r["cells"].get("wfh_share")) for r in rows],
        "saving": [_number(r["cells"].get("saving_pct")) for r in rows],
    }
    reasons_svg, legend, reasons = _reasons_chart(rows)
    for r in rows:
        by_reason = {x["reason"]: x["cell"] for x in r["reasons"]}
        r["reason_cells"] = [by_reason.get(reason) for reason in reasons]
    # Two header rows: the kind of reason spans its details (fourteen reasons, three kinds).
    reason_heads = [
        {"group": g, "span": sum(1 for reason in reasons if _reason_group(reason) == g)}
        for g in dict.fromkeys(_reason_group(reason) for reason in reasons)
    ]
    reason_details = [reason.split(":", 1)[-1].strip() for reason in reasons]
    all_opds = sorted(table["opds"].values(), key=lambda o: o.short_name or o.name)
    return render(
        request,
        "efficiency/public.html",
        {
            "rows": rows,
            "chart": chart,
            "table": table,
            "filters": filters,
            "classes": OpdClass.choices,
            "all_opds": all_opds,
            "anchors": [anchor_record(a) for a in published_anchors(limit=PUBLIC_ANCHOR_DAYS)],
            "reasons": reasons,
            "reason_heads": reason_heads,
            "reason_details": reason_details,
            "reasons_svg": reasons_svg,
            "legend": legend,
            "any_complement": any(c.state == State.COMPLEMENT for c in table["cells"]),
        },
    )


def public_anchors(request):
    """Every daily anchor of the audit chain, one JSON line per day (docs/operations.md)."""
    response = HttpResponse(anchors_jsonl(published_anchors()), content_type="application/jsonl")
    response["Content-Disposition"] = 'attachment; filename="hibrida-jangkar-audit.jsonl"'
    return response


def _number(cell) -> float | int | None:
    return None if cell is None or cell.hidden else cell.value


CSV_NOTES = {
    State.UNDER_MIN: "kurang dari 10 orang",
    State.COMPLEMENT: (
        "disembunyikan agar angka kurang dari 10 orang di rincian yang sama tidak dapat"
        " dihitung dengan pengurangan"
    ),
    State.WITHHELD: "kelompoknya kurang dari 10 orang",
}


def public_csv(request):
    table = selectors.public_table(**_public_filters(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hibrida-transparansi.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["OPD", "Kelas", "Indikator", "Nilai", "Keterangan"])
    for cell in table["cells"]:
        opd = table["opds"][cell.opd]
        writer.writerow(
            [
                opd.short_name or opd.name,
                CLASS_LABELS.get(opd.opd_class, opd.opd_class),
                cell.label,
                cell.shown,
                CSV_NOTES.get(cell.state, ""),
            ]
        )
    return response
