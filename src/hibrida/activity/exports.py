"""Monthly recap files (XLSX, CSV, PDF) of an employee or a unit."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext

from hibrida.org.tabular import to_csv, to_xlsx  # noqa: F401  (the recap downloads)

from . import pdftable, performance

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
# Column shares of a PDF page: an 18-digit NIP and "belum cukup data" on two lines fit.
RECAP_WIDTHS = [13, 16, 16, 8, 7, 7, 9, 7, 8, 9]
FOOTER = "Hibrida · Pemerintah Kota Bekasi"
DAILY_HEADERS = ["Tanggal", "Mode", "Status", "Terlambat", "Kegiatan", "Menit", "Skor harian"]


def recap_table(recap: dict) -> list[list]:
    if not recap["scoring"].enough:
        # Before enough working days have passed a score would judge a person on a day or two.
        not_enough = gettext("belum cukup data")
        return [[*row[:-2], not_enough, not_enough] for row in _recap_rows(recap)]
    return _recap_rows(recap)


def recap_notes(recap: dict) -> list[str]:
    """The notes above a recap file: the predicate scale, and the basis of a running month."""
    notes = [performance.PREDICATE_TEXT]
    if recap["basis"]:
        notes.append(
            gettext("Skor dan predikat bulan berjalan: %(basis)s.") % {"basis": recap["basis"]}
        )
        notes.append(performance.MONTH_TO_DATE_TEXT)
    return notes


def _recap_rows(recap: dict) -> list[list]:
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


def to_pdf(
    title: str,
    headers: list[str],
    rows: list[list],
    notes: list[str],
    widths: list[int] | None = None,
) -> bytes:
    """A recap table as PDF. With column ``widths`` and text the PDF core fonts can print,
    written directly (:mod:`.pdftable`, milliseconds); otherwise through WeasyPrint (system
    libraries pango/cairo must be present), about 10 ms of CPU a row."""
    cells = [["-" if v is None else str(formats.localize(v)) for v in row] for row in rows]
    texts = [title, *notes, *headers, *(text for row in cells for text in row)]
    if widths and pdftable.encodable(texts):
        return pdftable.table_pdf(
            title=title, notes=notes, headers=headers, rows=cells, widths=widths, footer=FOOTER
        )
    from weasyprint import HTML

    html = render_to_string(
        "activity/recap_pdf.html",
        {"title": title, "headers": headers, "rows": cells, "notes": notes, "widths": widths},
    )
    return HTML(string=html).write_pdf()
