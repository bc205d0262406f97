"""Pages: access scoping, the write/validate loop through HTTP, evidence serving."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hibrida.activity import services
from hibrida.activity.models import DailyReport, ReportStatus
from tests.conftest import client_for
from tests.factories import EmployeeFactory, make_user

from .conftest import ACTIVITY, TODAY, submitted_report
from .test_evidence import EXE, PDF

pytestmark = pytest.mark.django_db


def test_menu_pages_render(env):
    """The two menu URL names exist and render for their roles."""
    asn = client_for(env.users["asn"])
    assert asn.get(reverse("activity:my_reports")).status_code == 200
    atasan = client_for(env.users["atasan"])
    assert atasan.get(reverse("activity:inbox")).status_code == 200
    for name in ("targets", "performance", "recap", "delegations", "target_import"):
        assert atasan.get(reverse(f"activity:{name}")).status_code == 200, name


def test_write_and_submit_through_pages(env, media):
    client = client_for(env.users["asn"])
    url = reverse("activity:write", args=[TODAY.isoformat()])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {**ACTIVITY, "evidence": SimpleUploadedFile("b.pdf", PDF)})
    assert response.status_code == 302
    report = DailyReport.objects.get(employee=env.staff1, day=TODAY)
    assert report.activities.get().evidence_path
    client.post(reverse("activity:submit", args=[TODAY.isoformat()]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_disguised_upload_refused_on_page(env, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(env.users["asn"])
    url = reverse("activity:write", args=[TODAY.isoformat()])
    response = client.post(url, {**ACTIVITY, "evidence": SimpleUploadedFile("b.pdf", EXE)})
    assert response.status_code == 200
    assert "tidak diterima" in response.content.decode()
    assert not DailyReport.objects.filter(activities__isnull=False).exists()


def test_atasan_sees_only_subordinates_reports(env):
    """Rule: an atasan sees subordinates' reports, not a peer's or another OPD's."""
    own = submitted_report(env.users["asn"])
    other_user = make_user(env.other)
    other_user.employee.supervisor = EmployeeFactory(unit=env.other.unit)
    other_user.employee.save()
    other = submitted_report(other_user)
    atasan = client_for(env.users["atasan"])
    assert atasan.get(reverse("activity:report", args=[own.pk])).status_code == 200
    assert atasan.get(reverse("activity:report", args=[other.pk])).status_code == 404
    inbox = atasan.get(reverse("activity:inbox")).content.decode()
    assert env.staff1.name in inbox and env.other.name not in inbox


def test_other_opd_admin_gets_404(env):
    """Rule: another OPD's report is 404 for an OPD admin; own OPD readable."""
    report = submitted_report(env.users["asn"])
    from hibrida.org.models import GrantedRole

    admin_b = make_user(None, GrantedRole.OPD_ADMIN, env.opd_b)
    assert client_for(admin_b).get(reverse("activity:report", args=[report.pk])).status_code == 404
    admin_a = client_for(env.users["opd_admin"])
    assert admin_a.get(reverse("activity:report", args=[report.pk])).status_code == 200


def test_colleague_cannot_read_peer_report(env):
    report = submitted_report(env.users["asn"])
    peer = client_for(make_user(env.staff2))
    assert peer.get(reverse("activity:report", args=[report.pk])).status_code == 404


def test_inspektorat_reads_but_cannot_validate(env):
    """Rule: Inspektorat reads every report and trail, validation is refused."""
    report = submitted_report(env.users["asn"])
    client = client_for(env.users["inspektorat"])
    page = client.get(reverse("activity:report", args=[report.pk]))
    assert page.status_code == 200
    assert 'data-testid="trail"' in page.content.decode()
    assert 'data-testid="decision"' not in page.content.decode()
    response = client.post(reverse("activity:approve", args=[report.pk]))
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert client.get(reverse("activity:inbox")).status_code == 403


def test_opening_page_records_opening_then_bulk(env):
    """Rule: the inbox checkbox is enabled only once the report was opened."""
    report = submitted_report(env.users["asn"])
    atasan = client_for(env.users["atasan"])
    response = atasan.post(reverse("activity:inbox"), {"report": [report.pk]})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    atasan.get(reverse("activity:report", args=[report.pk]))
    atasan.post(reverse("activity:inbox"), {"report": [report.pk]})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_evidence_served_only_to_readers(env, media):
    """Rule: uploads are served through an access-checked view, never a public URL."""
    report = services.start_report(actor=env.users["asn"], day=TODAY)
    activity = services.add_activity(
        actor=env.users["asn"], report=report, data=ACTIVITY, evidence=("b.pdf", PDF)
    )
    url = reverse("activity:evidence", args=[activity.pk])
    owner = client_for(env.users["asn"]).get(url)
    assert owner.status_code == 200
    assert b"".join(owner.streaming_content) == PDF
    assert owner["Content-Disposition"].startswith("attachment")
    assert client_for(env.users["atasan"]).get(url).status_code == 200
    assert client_for(make_user(env.staff2)).get(url).status_code == 404
    assert client_for(make_user(env.other)).get(url).status_code == 404


def test_future_day_page_redirects_with_message(env):
    client = client_for(env.users["asn"])
    response = client.get(reverse("activity:write", args=["2026-02-11"]), follow=True)
    assert "akan datang" in response.content.decode()


def test_recap_files(env):
    """Exports: XLSX, CSV and the e-Kinerja CSV with the documented columns."""
    report = submitted_report(env.users["asn"])
    services.approve_report(actor=env.users["atasan"], report=report)
    client = client_for(env.users["atasan"])
    xlsx = client.get(reverse("activity:recap_file", args=["xlsx"]) + "?bulan=2026-02")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    csv_body = client.get(reverse("activity:recap_file", args=["csv"]) + "?bulan=2026-02")
    text = csv_body.content.decode("utf-8-sig")
    assert env.staff1.nip in text and "Indikasi predikat" in text
    ekinerja = client.get(reverse("activity:export", args=["ekinerja"]) + "?bulan=2026-02")
    lines = ekinerja.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("NIP,NAMA,PERIODE,TANGGAL,RENCANA_HASIL_KERJA")
    assert len(lines) == 2 and "DISETUJUI" in lines[1] and env.kabid.nip in lines[1]


def test_recap_pdf(env):
    """PDF via WeasyPrint (503 with a message if the system libraries are missing)."""
    client = client_for(env.users["atasan"])
    response = client.get(reverse("activity:recap_file", args=["pdf"]) + "?bulan=2026-02")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_performance_page_documents_formula(env):
    client = client_for(env.users["asn"])
    page = client.get(reverse("activity:performance") + "?bulan=2026-02").content.decode()
    assert "Indeks produktivitas" in page and "WFO = 100" in page and "Sangat Kurang" in page


def test_plt_page_creates_delegation_and_plt_sees_inbox(env):
    report = submitted_report(env.users["asn"])
    atasan = client_for(env.users["atasan"])
    response = atasan.post(
        reverse("activity:delegations"),
        {"delegate": env.kepala.pk, "start": "2026-02-10", "end": "2026-02-12", "reason": "cuti"},
    )
    assert response.status_code == 302
    kepala = client_for(make_user(env.kepala))
    inbox = kepala.get(reverse("activity:inbox")).content.decode()
    assert env.staff1.name in inbox and "Plt" in inbox
    kepala.post(reverse("activity:approve", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_employee_month_page_scoped(env):
    """Rule: Inspektorat and the atasan list an employee's reports; another OPD's admin 404."""
    submitted_report(env.users["asn"])
    url = reverse("activity:employee_reports", args=[env.staff1.pk]) + "?bulan=2026-02"
    for user in (env.users["inspektorat"], env.users["atasan"], env.users["opd_admin"]):
        page = client_for(user).get(url)
        assert page.status_code == 200 and "Menunggu validasi" in page.content.decode()
    from hibrida.org.models import GrantedRole

    admin_b = make_user(None, GrantedRole.OPD_ADMIN, env.opd_b)
    assert client_for(admin_b).get(url).status_code == 404


def test_recap_defaults_and_scoping(env):
    """Rule: OPD admin's recap defaults to own OPD; asking for another OPD shows nobody."""
    submitted_report(env.users["asn"])
    admin = client_for(env.users["opd_admin"])
    page = admin.get(reverse("activity:recap") + "?bulan=2026-02").content.decode()
    assert env.staff1.name in page
    other = admin.get(reverse("activity:recap") + f"?bulan=2026-02&opd={env.opd_b.pk}")
    assert env.other.name not in other.content.decode()
    city = client_for(env.users["inspektorat"])
    page = city.get(reverse("activity:recap") + f"?bulan=2026-02&opd={env.opd_a.pk}")
    assert env.staff1.name in page.content.decode()


def test_my_month_marks_leave_days(env, modes):
    """Rule: a leave day needs no report and is shown as leave, not as missing."""
    modes[(env.staff1.pk, TODAY)] = "LEAVE"
    page = client_for(env.users["asn"]).get(reverse("activity:my_reports")).content.decode()
    assert "cuti: tidak perlu laporan" in page
    assert page.count("belum ada laporan") == 6  # 2–9 Feb; 10 Feb is leave


def test_targets_page_creates_target_and_action_plan(env):
    """SKP page: the ASN adds a planned result linked to the atasan's, then a monthly plan."""
    parent = services.create_target(
        actor=env.users["atasan"],
        employee=env.kabid,
        data={
            "year": 2026,
            "title": "Hasil Kabid",
            "indicator": "I",
            "target_quantity": "12",
            "unit": "dok",
        },
    )
    client = client_for(env.users["asn"])
    url = reverse("activity:targets") + "?tahun=2026"
    response = client.post(
        url,
        {
            "year": 2026,
            "title": "Telaahan",
            "indicator": "Jumlah",
            "target_quantity": "24",
            "unit": "dok",
            "parent": parent.pk,
        },
    )
    assert response.status_code == 302
    target = env.staff1.skp_targets.get()
    assert target.parent == parent
    client.post(
        reverse("activity:action_plan", args=[target.pk]),
        {
            "month": 2,
            "description": "Telaah Feb",
            "planned_quantity": "3",
        },
    )
    assert target.action_plans.get().planned_quantity == 3
    page = client_for(env.users["inspektorat"]).get(
        reverse("activity:targets") + f"?pegawai={env.staff1.pk}&tahun=2026"
    )
    assert page.status_code == 200 and "Telaahan" in page.content.decode()
    refused = client_for(env.users["inspektorat"]).post(
        reverse("activity:targets") + f"?pegawai={env.staff1.pk}&tahun=2026",
        {"year": 2026, "title": "X", "indicator": "Y", "target_quantity": "1", "unit": "u"},
    )
    assert refused.status_code == 403


def test_target_import_page(env):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_importer import csv_bytes

    client = client_for(env.users["opd_admin"])
    bad = client.post(
        reverse("activity:target_import"),
        {"file": SimpleUploadedFile("s.csv", csv_bytes(f"{env.staff1.nip},2026,A,B,x,dok,,,,"))},
    )
    assert 'data-testid="import-errors"' in bad.content.decode()
    ok = client.post(
        reverse("activity:target_import"),
        {"file": SimpleUploadedFile("s.csv", csv_bytes(f"{env.staff1.nip},2026,A,B,4,dok,,,,"))},
    )
    assert 'data-testid="import-summary"' in ok.content.decode()
    assert env.staff1.skp_targets.count() == 1


def test_recap_pdf_column_shares_cover_every_column_and_the_page():
    """A fixed-layout PDF table needs one share per column; together the full width."""
    from hibrida.activity import exports

    assert len(exports.RECAP_WIDTHS) == len(exports.RECAP_HEADERS)
    assert sum(exports.RECAP_WIDTHS) == 100


def test_recap_pdf_is_written_directly_when_the_core_fonts_print_every_cell(env):
    from tests.activity import pdftext

    pdf = client_for(env.users["atasan"]).get(
        reverse("activity:recap_file", args=["pdf"]) + "?bulan=2026-02"
    )
    printed = pdftext.texts(pdf.content)
    assert env.staff1.nip in printed and env.staff1.name in printed


def test_recap_pdf_falls_back_to_weasyprint_for_a_name_the_core_fonts_lack(env, monkeypatch):
    import weasyprint

    seen: list[str] = []
    real_html = weasyprint.HTML

    def spy(*, string: str):
        seen.append(string)
        return real_html(string=string)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    env.staff1.name = "Staf 李"
    env.staff1.save(update_fields=["name"])
    pdf = client_for(env.users["atasan"]).get(
        reverse("activity:recap_file", args=["pdf"]) + "?bulan=2026-02"
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert len(seen) == 1 and "Staf 李" in seen[0]
