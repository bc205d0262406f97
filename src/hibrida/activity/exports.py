"""Monthly recap files (XLSX, CSV, PDF) of an employee or a unit."""

from __future__ import annotations

import csv
import io

from django.template.loader import render_to_string

RECAP_HEADERS = [
    "NIP",
    "Nama",
    "Unit",
    "Hari dilaporkan",
    "Disetujui",
    "Terlambat",
    "Dikembalikan/ditolak",
    "Tidak melapor",
    "Skor keluaran",
    "Indikasi predikat",
]
DAILY_HEADERS = ["Tanggal", "Mode", "Status", "Terlambat", "Kegiatan", "Menit", "Skor harian"]


def recap_table(recap: dict) -> list[list]:
    return [
        [
            r.employee.nip,
            r.employee.name,
            r.employee.unit.name,
            r.reported,
            r.approved,
            r.late,
            r.returned_or_rejected,
            r.missing,
            None if r.score is None else round(r.score, 1),
            r.predicate or "-",
        ]
        for r in recap["rows"]
    ]


def to_csv(headers: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(title: str, headers: list[str], rows: list[list], notes: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Rekap"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=12)
    for note in notes:
        sheet.append([note])
    sheet.append([])
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        # NIPs stay text so that spreadsheets do not turn them into floats.
        sheet.append(row)
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column[len(notes) + 2 :] or column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 50)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(title: str, headers: list[str], rows: list[list], notes: list[str]) -> bytes:
    """PDF through WeasyPrint (system libraries pango/cairo must be present)."""
    from weasyprint import HTML

    html = render_to_string(
        "activity/recap_pdf.html",
        {"title": title, "headers": headers, "rows": rows, "notes": notes},
    )
    return HTML(string=html).write_pdf()
