"""Evidence upload checks, on the file's content (magic bytes), not on its name.

Pure Python: a ``.pdf`` that holds an executable, or a ZIP that is neither an XLSX nor a DOCX,
is refused whatever its name says.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024

# kind -> (extensions accepted for that content, MIME type served back)
KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "pdf": ((".pdf",), "application/pdf"),
    "png": ((".png",), "image/png"),
    "jpeg": ((".jpg", ".jpeg"), "image/jpeg"),
    "xlsx": ((".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": (
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}
ALLOWED_TEXT = "PDF, PNG, JPEG, XLSX atau DOCX"


class EvidenceError(ValueError):
    """The upload is refused; the message is for the user (Indonesian)."""


@dataclass(frozen=True)
class Evidence:
    kind: str
    extension: str
    content_type: str
    size: int


def sniff(content: bytes) -> str | None:
    """The kind of ``content`` judged from its bytes, or None when not an accepted kind."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("word/") for n in names):
            return "docx"
    return None


def check_evidence(filename: str, content: bytes) -> Evidence:
    """Validate an upload; raises EvidenceError with an Indonesian message when refused."""
    size = len(content)
    if size == 0:
        raise EvidenceError("Berkas bukti kosong.")
    if size > MAX_EVIDENCE_BYTES:
        raise EvidenceError(
            f"Berkas bukti terlalu besar ({size / 1024 / 1024:.1f} MB); maksimum 5 MB."
        )
    kind = sniff(content)
    if kind is None:
        raise EvidenceError(f"Jenis berkas tidak diterima; hanya {ALLOWED_TEXT}.")
    extensions, content_type = KINDS[kind]
    name = (filename or "").lower()
    extension = next((e for e in extensions if name.endswith(e)), None)
    if extension is None:
        raise EvidenceError(
            f"Isi berkas adalah {kind.upper()} tetapi namanya tidak berakhiran "
            f"{' atau '.join(extensions)}; berkas yang disamarkan ditolak."
        )
    return Evidence(kind, extension, content_type, size)
