"""Evidence upload checks on content (pure module) and through the service."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from hibrida.activity import services
from hibrida.activity.evidence import MAX_EVIDENCE_BYTES, EvidenceError, check_evidence, sniff

from .conftest import ACTIVITY, TODAY

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def office_zip(folder: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.pdf", PDF, "pdf"),
        ("a.PNG", PNG, "png"),
        ("a.jpeg", JPEG, "jpeg"),
        ("a.jpg", JPEG, "jpeg"),
        ("a.xlsx", office_zip("xl"), "xlsx"),
        ("a.docx", office_zip("word"), "docx"),
    ],
)
def test_accepted_kinds(name, content, kind):
    assert check_evidence(name, content).kind == kind


def test_disguised_executable_refused():
    """Rule: a .pdf name with EXE bytes is refused."""
    with pytest.raises(EvidenceError, match="tidak diterima"):
        check_evidence("laporan.pdf", EXE)


def test_wrong_type_refused():
    """Rule: only PDF, PNG, JPEG, XLSX, DOCX."""
    with pytest.raises(EvidenceError):
        check_evidence("catatan.txt", b"hello world")
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("virus.exe", EXE)
    assert sniff(plain_zip.getvalue()) is None


def test_name_must_match_content():
    """Rule: a PNG named .pdf (disguised) is refused."""
    with pytest.raises(EvidenceError, match="disamarkan"):
        check_evidence("bukti.pdf", PNG)


def test_oversized_refused():
    """Rule: maximum 5 MB."""
    with pytest.raises(EvidenceError, match="5 MB"):
        check_evidence("besar.pdf", PDF + b"0" * MAX_EVIDENCE_BYTES)
    assert check_evidence("pas.pdf", PDF + b"0" * (MAX_EVIDENCE_BYTES - len(PDF))).size == (
        MAX_EVIDENCE_BYTES
    )


def test_empty_refused():
    with pytest.raises(EvidenceError):
        check_evidence("a.pdf", b"")


@pytest.mark.django_db
def test_upload_stored_under_media_activity(env, media):
    """Rule: uploads go under MEDIA_ROOT/activity/ with a random name."""
    report = services.start_report(actor=env.users["asn"], day=TODAY)
    activity = services.add_activity(
        actor=env.users["asn"], report=report, data=ACTIVITY, evidence=("../../etc/x.pdf", PDF)
    )
    assert activity.evidence_path.startswith("activity/2026/02/")
    assert (media / activity.evidence_path).read_bytes() == PDF
    assert activity.evidence_type == "application/pdf"


@pytest.mark.django_db
def test_refused_upload_writes_nothing(env, media):
    report = services.start_report(actor=env.users["asn"], day=TODAY)
    with pytest.raises(ValidationError) as err:
        services.add_activity(
            actor=env.users["asn"], report=report, data=ACTIVITY, evidence=("x.pdf", EXE)
        )
    assert "evidence" in err.value.message_dict
    assert report.activities.count() == 0
    assert not (media / "activity").exists() or not any((media / "activity").rglob("*.*"))


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

MAGICS = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"PK\x03\x04")


@given(st.binary(min_size=1, max_size=2048), st.sampled_from(["a.pdf", "a.png", "a.jpg", "a.docx"]))
def test_random_bytes_never_accepted(content, name):
    """Property: content without an accepted signature is refused whatever its name."""
    if content.startswith(MAGICS):
        return
    with pytest.raises(EvidenceError):
        check_evidence(name, content)


@pytest.mark.django_db
def test_failed_write_removes_its_stored_file_and_raises(env, media, monkeypatch):
    """Rule: when the transaction fails after the file was stored, the fault propagates and the
    file is removed, so no evidence exists without its activity."""

    def broken(**kwargs):
        raise RuntimeError("audit gagal")

    monkeypatch.setattr(services, "record_event", broken)
    with pytest.raises(RuntimeError, match="audit gagal"):
        services.write_activity(
            actor=env.users["asn"], day=TODAY, data=ACTIVITY, evidence=("x.pdf", PDF)
        )
    assert not [p for p in (media / "activity").rglob("*") if p.is_file()]
