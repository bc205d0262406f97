"""Export of validated daily activities to the performance systems (e-Kinerja, Epkin, Lapkin).

``PerformanceExporter`` is the adapter interface: today the file exporter below writes a CSV
that an operator uploads; a real connection (the national e-Kinerja API or the city's
Epkin/Lapkin) implements the same ``export`` taking the same rows and pushing them instead.

Columns of :class:`EkinerjaCsvExporter` (one row per activity of an approved report):

========================  ================================================================
NIP                       NIP / NI PPPK of the employee (18 digits, text)
NAMA                      employee name
PERIODE                   reporting month, YYYY-MM
TANGGAL                   report day, YYYY-MM-DD
RENCANA_HASIL_KERJA       SKP planned result the activity counts towards (empty if none)
INDIKATOR                 the planned result's indicator
URAIAN_KEGIATAN           what was done
OUTPUT                    the result produced
KUANTITAS                 quantity (decimal point ".")
SATUAN                    unit of the quantity
DURASI_MENIT              minutes spent
MODE_KERJA                WFO, WFH, FIELD or DUTY
STATUS_VALIDASI           always DISETUJUI (only approved reports are exported)
NIP_VALIDATOR             NIP of the atasan/Plt who was the validator
TANGGAL_VALIDASI          validation time, ISO 8601 with offset
TAUTAN_BUKTI              evidence link, or "berkas" when an uploaded file exists
========================  ================================================================
"""

from __future__ import annotations

import csv
import io
from abc import ABC, abstractmethod

from django.utils import timezone


class PerformanceExporter(ABC):
    """Adapter: turns activity rows (see selectors.export_rows) into the target system."""

    name: str = ""
    content_type: str = "application/octet-stream"
    extension: str = ""

    @abstractmethod
    def export(self, rows: list[dict], *, period: str) -> bytes:
        """Return the payload for ``rows`` of ``period`` (YYYY-MM)."""


class EkinerjaCsvExporter(PerformanceExporter):
    """CSV file for e-Kinerja / Epkin / Lapkin upload (UTF-8 with BOM, comma-separated)."""

    name = "ekinerja"
    content_type = "text/csv; charset=utf-8"
    extension = "csv"
    COLUMNS = [
        "NIP",
        "NAMA",
        "PERIODE",
        "TANGGAL",
        "RENCANA_HASIL_KERJA",
        "INDIKATOR",
        "URAIAN_KEGIATAN",
        "OUTPUT",
        "KUANTITAS",
        "SATUAN",
        "DURASI_MENIT",
        "MODE_KERJA",
        "STATUS_VALIDASI",
        "NIP_VALIDATOR",
        "TANGGAL_VALIDASI",
        "TAUTAN_BUKTI",
    ]

    def export(self, rows: list[dict], *, period: str) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.COLUMNS)
        for row in rows:
            a, r, e = row["activity"], row["report"], row["employee"]
            validated = timezone.localtime(r.decided_at).isoformat() if r.decided_at else ""
            writer.writerow(
                [
                    e.nip,
                    e.name,
                    period,
                    r.day.isoformat(),
                    a.target.title if a.target else "",
                    a.target.indicator if a.target else "",
                    a.description,
                    a.output,
                    f"{a.quantity.normalize():f}",
                    a.unit,
                    a.minutes,
                    r.work_mode,
                    "DISETUJUI",
                    r.validator.nip if r.validator else "",
                    validated,
                    a.evidence_link or ("berkas" if a.evidence_path else ""),
                ]
            )
        return ("\ufeff" + out.getvalue()).encode("utf-8")


EXPORTERS: dict[str, type[PerformanceExporter]] = {EkinerjaCsvExporter.name: EkinerjaCsvExporter}
