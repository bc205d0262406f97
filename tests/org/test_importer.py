"""Employee import: every row checked first, all or nothing, idempotent, audited by NIP."""

import io

import pytest
from openpyxl import Workbook

from hibrida.audit.models import AuditEvent
from hibrida.org.importer import import_employees
from hibrida.org.models import Employee

from ..conftest import client_for

HEADER = "NIP,Nama,Jenis ASN,Jabatan,Jenis Jabatan,Unit Kerja,OPD,NIP Atasan,Email,Telepon\n"


def _csv(city, rows):
    lines = [HEADER]
    for r in rows:
        lines.append(",".join(r) + "\n")
    return "".join(lines).encode()


def _row(nip, name="Budi", sup="", unit="Bidang A", opd="DinasA", asn="PNS", pos="Analis Data"):
    return [nip, name, asn, pos, "pelaksana", unit, opd, sup, "", ""]


GOOD = ["198001012005031001", "198502022010012002", "199203142022212012"]


def test_valid_file_creates_everyone_with_atasan_and_events(city):
    events = AuditEvent.objects.count()
    content = _csv(
        city,
        [
            _row(GOOD[0], "Kepala Baru"),
            _row(GOOD[1], "Staf Baru", sup=GOOD[0]),
            _row(GOOD[2], "PPPK Baru", sup=GOOD[0], asn="PPPK"),
        ],
    )
    result = import_employees(actor=city.users["opd_admin"], filename="p.csv", content=content)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (3, 0)
    staff = Employee.objects.get(nip=GOOD[1])
    assert staff.supervisor.nip == GOOD[0] and staff.opd_id == city.opd_a.pk
    assert AuditEvent.objects.count() - events == 3 + 1  # three employees, one new position


def test_reimporting_the_same_file_changes_nothing(city):
    content = _csv(city, [_row(GOOD[0]), _row(GOOD[1], sup=GOOD[0])])
    import_employees(actor=city.users["opd_admin"], filename="p.csv", content=content)
    events = AuditEvent.objects.count()
    again = import_employees(actor=city.users["opd_admin"], filename="p.csv", content=content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert AuditEvent.objects.count() == events


def test_changed_row_updates_by_nip_with_before_and_after(city):
    import_employees(
        actor=city.users["opd_admin"],
        filename="p.csv",
        content=_csv(city, [_row(GOOD[0], "Nama Lama")]),
    )
    result = import_employees(
        actor=city.users["opd_admin"],
        filename="p.csv",
        content=_csv(city, [_row(GOOD[0], "Nama Baru")]),
    )
    assert result.updated == 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.before["name"], event.after["name"]) == ("Nama Lama", "Nama Baru")


@pytest.mark.parametrize(
    ("rows", "column", "fragment"),
    [
        ([_row("12345")], "NIP", "18 digit"),
        ([_row("198001012005131001")], "NIP", "bulan TMT"),
        ([_row(GOOD[0], unit="Bidang Fiktif")], "Unit Kerja", "tidak ada"),
        ([_row(GOOD[0], opd="OPD Fiktif")], "OPD", "tidak dikenal"),
        ([_row(GOOD[0]), _row(GOOD[0], "Kembar")], "NIP", "ganda"),
        ([_row(GOOD[0], sup=GOOD[1]), _row(GOOD[1], sup=GOOD[0])], "NIP Atasan", "lingkaran"),
        ([_row(GOOD[0], sup="199999999999999999")], "NIP Atasan", "tidak ditemukan"),
        ([_row(GOOD[0], unit="Bidang B", opd="DinasB")], "OPD", "tidak berwenang"),
        ([_row(GOOD[0], asn="Honorer")], "Jenis ASN", "PNS atau PPPK"),
    ],
)
def test_any_bad_row_rejects_the_whole_file(city, rows, column, fragment):
    content = _csv(city, [_row(GOOD[2], "Baris Baik", asn="PPPK"), *rows])
    count, events = Employee.objects.count(), AuditEvent.objects.count()
    result = import_employees(actor=city.users["opd_admin"], filename="p.csv", content=content)
    assert not result.ok
    assert any(e.column == column and fragment in e.message for e in result.errors), result.errors
    assert all(e.row >= 2 for e in result.errors)
    assert (Employee.objects.count(), AuditEvent.objects.count()) == (count, events)


@pytest.mark.parametrize(
    ("filename", "content", "fragment"),
    [
        ("p.csv", b"", "kosong"),
        ("p.csv", HEADER.encode(), "tidak berisi baris"),
        ("p.pdf", b"%PDF-1.4 hello", "CSV"),
        ("p.xlsx", b"not a zip", "rusak"),
        ("p.csv", b"PK\x03\x04zip", "ZIP"),
        ("p.csv", b"Nama,Email\nBudi,b@x.id\n", "Kolom wajib"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(city, filename, content, fragment):
    result = import_employees(actor=city.users["opd_admin"], filename=filename, content=content)
    assert not result.ok and fragment in result.errors[0].message


def _xlsx(nip):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.strip().split(","))
    ws.append(
        [
            nip,
            "Dari Excel",
            "PNS",
            "Analis",
            "pelaksana",
            "Bidang A",
            "DinasA",
            None,
            "x@bekasikota.go.id",
            "0812",
        ]
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_with_text_nip_imports(city):
    result = import_employees(actor=city.users["bkpsdm"], filename="p.xlsx", content=_xlsx(GOOD[0]))
    assert result.ok, result.errors
    assert Employee.objects.get(nip=GOOD[0]).email == "x@bekasikota.go.id"


def test_xlsx_nip_stored_as_a_number_is_refused_because_excel_rounded_it(city):
    result = import_employees(
        actor=city.users["bkpsdm"], filename="p.xlsx", content=_xlsx(int(GOOD[0]))
    )
    assert not result.ok and "15 digit" in result.errors[0].message
    assert not Employee.objects.filter(name="Dari Excel").exists()


def test_import_page_shows_errors_and_offers_the_report(city):
    client = client_for(city.users["opd_admin"])
    upload = io.BytesIO(_csv(city, [_row("12345")]))
    upload.name = "pegawai.csv"
    page = client.post("/organisasi/impor/", {"file": upload})
    assert page.status_code == 200 and "18 digit" in page.content.decode()
    report = client.get("/organisasi/impor/kesalahan.csv").content.decode("utf-8-sig")
    assert report.splitlines()[0] == "Baris,Kolom,Pesan" and "18 digit" in report
