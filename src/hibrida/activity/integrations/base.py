"""Export of validated daily activities to the performance systems (e-Kinerja, Epkin, Lapkin).

``PerformanceExporter`` is the adapter interface; the CSV exporter below writes the file an
operator uploads. Its columns are listed in docs/architecture.md, "Activity: performance
formulas and exports".
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
