"""Audit report exports: XLSX (openpyxl) and PDF (WeasyPrint from an HTML template)."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font

from .risk import WEIGHTS


def _sheet(wb, title: str, header: list[str], rows: list[list]):
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    return ws


def plan_xlsx(plan, items, findings) -> bytes:
    """The audit report as a workbook: plan, sample with risk, findings, method."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Audit"
    for label, value in [
        ("Judul", plan.title),
        ("Tujuan", plan.objective),
        ("Periode", f"{plan.period_start} s.d. {plan.period_end}"),
        ("OPD dalam lingkup", ", ".join(str(o) for o in plan.opds.all())),
        ("Ukuran sampel", plan.sample_size),
        ("Benih (seed) sampel", str(plan.seed or "")),
        ("Jumlah kandidat", plan.candidate_count),
        ("Ringkasan kandidat (SHA-256)", plan.candidate_digest),
    ]:
        ws.append([label, value])
    _sheet(
        wb,
        "Sampel",
        ["Urutan", "NIP", "Nama", "OPD", "Tanggal", "Skor risiko", "Komponen"],
        [
            [
                i.rank,
                i.employee.nip,
                i.employee.name,
                str(i.employee.opd),
                i.day,
                i.risk_score,
                "; ".join(f"{c['label']}: {c['points']}" for c in i.risk_components if c["points"]),
            ]
            for i in items
        ],
    )
    _sheet(
        wb,
        "Temuan",
        ["No", "OPD", "Judul", "Tingkat", "Kondisi", "Rekomendasi", "Batas", "Status"],
        [
            [
                n,
                str(f.opd),
                f.title,
                f.get_severity_display(),
                f.condition,
                f.recommendation,
                f.due_date,
                f.get_status_display(),
            ]
            for n, f in enumerate(findings, start=1)
        ],
    )
    _sheet(
        wb,
        "Metode",
        ["Komponen", "Poin", "Cara hitung"],
        [[label, points, how] for label, points, how in WEIGHTS.values()],
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def plan_pdf(context: dict) -> bytes:
    """The audit report as PDF (the same content as the XLSX, laid out for printing)."""
    from weasyprint import HTML

    html = render_to_string("audit/report_pdf.html", context)
    return HTML(string=html).write_pdf()
