"""Reading uploaded CSV/XLSX tables into rows of strings (shared by every import)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

MAX_IMPORT_BYTES = 10 * 1024 * 1024


@dataclass
class RowError:
    """One problem in an uploaded table: spreadsheet row (header = 1), column label, message."""

    row: int
    column: str
    message: str


class TableError(ValueError):
    """The file itself cannot be read; the message is for the user (Indonesian)."""


def normalise_header(name: str) -> str:
    return " ".join(str(name or "").strip().lower().replace("_", " ").split())


def read_table(filename: str, content: bytes) -> tuple[list[str], list[list[str]]]:
    """Return (headers, rows) from CSV or XLSX bytes, checking the content, not just the name."""
    if not content:
        raise TableError("Berkas kosong.")
    if len(content) > MAX_IMPORT_BYTES:
        raise TableError("Berkas terlalu besar (maksimum 10 MB).")
    name = (filename or "").lower()
    if content[:2] == b"PK":
        if not name.endswith(".xlsx"):
            raise TableError("Berkas berformat ZIP/XLSX tetapi namanya bukan .xlsx.")
        return _read_xlsx(content)
    if name.endswith(".xlsx"):
        raise TableError("Berkas .xlsx ini rusak atau bukan XLSX yang sah.")
    if not name.endswith(".csv"):
        raise TableError("Jenis berkas harus CSV (.csv) atau Excel (.xlsx).")
    return _read_csv(content)


def _read_csv(content: bytes) -> tuple[list[str], list[list[str]]]:
    if b"\x00" in content[:4096]:
        raise TableError("Berkas bukan teks CSV (berisi data biner).")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]
    if not rows:
        raise TableError("Berkas kosong.")
    return [normalise_header(h) for h in rows[0]], [[c.strip() for c in r] for r in rows[1:]]


def _read_xlsx(content: bytes) -> tuple[list[str], list[list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise TableError(f"Berkas XLSX tidak dapat dibaca ({err.__class__.__name__}).") from None
    sheet = workbook.worksheets[0]
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        for col, v in enumerate(values, start=1):
            if isinstance(v, int | float) and not isinstance(v, bool) and abs(v) >= 1e15:
                # Excel keeps 15 significant digits: an 18-digit NIP typed as a number is
                # already corrupted in the file, so refuse rather than import a wrong NIP.
                raise TableError(
                    f"Baris {number}, kolom {col}: angka {int(v)} lebih dari 15 digit sehingga "
                    "dibulatkan oleh Excel. Format kolom NIP sebagai Teks lalu ketik ulang."
                )
        cells = ["" if v is None else _cell_text(v) for v in values]
        if any(c.strip() for c in cells):
            rows.append(cells)
    workbook.close()
    if not rows:
        raise TableError("Berkas kosong.")
    return [normalise_header(h) for h in rows[0]], [[c.strip() for c in r] for r in rows[1:]]


def _cell_text(value) -> str:
    # Whole numbers come back as floats (e.g. a phone number or quantity); keep the digits.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rows_as_dicts(headers: list[str], rows: list[list[str]], columns: dict[str, str]):
    """Map known headers (Indonesian labels) to keys; yields (row number, dict)."""
    index = {}
    for key, label in columns.items():
        if label in headers:
            index[key] = headers.index(label)
    for number, row in enumerate(rows, start=2):
        yield number, {key: (row[i] if i < len(row) else "") for key, i in index.items()}


def to_csv(headers: list[str], rows: list[list]) -> bytes:
    """A CSV download: UTF-8 with a BOM so that Excel opens the accents right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(
    title: str,
    headers: list[str],
    rows: list[list],
    notes: list[str],
    sheet_title: str | None = None,
) -> bytes:
    """An XLSX download: a bold title, note lines, a bold header row, then the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = (sheet_title or title)[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=12)
    for note in notes:
        sheet.append([note])
    sheet.append([])
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        # Values go in as given: NIPs stay text so spreadsheets do not turn them into floats.
        sheet.append(row)
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column[len(notes) + 2 :] or column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 50)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
