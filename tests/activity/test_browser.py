"""Browser journey: write → submit → returned → revised → approved → locked."""

from __future__ import annotations

import pytest

from hibrida.activity.models import DailyReport, ReportStatus
from tests.conftest import login
from tests.factories import PASSWORD

from .conftest import TODAY


def _as(page, user) -> None:
    page.context.clear_cookies()
    login(page, user.username, PASSWORD)


def _add_activity(page, description: str) -> None:
    page.fill("textarea[name=description]", description)
    page.fill("input[name=output]", "Draf telaahan")
    page.fill("input[name=quantity]", "2")
    page.fill("input[name=unit]", "dokumen")
    page.fill("input[name=minutes]", "120")
    page.click("[data-testid=activity-form] button[type=submit]")
    page.wait_for_selector(f"text={description}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_report_journey(page, env):
    asn, atasan = env.users["asn"], env.users["atasan"]

    _as(page, asn)
    page.goto(page.base_url + "/laporan/")
    page.click("[data-testid=write-today]")
    _add_activity(page, "Menyusun telaahan WFH")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=status]:has-text('Menunggu validasi')")

    report = DailyReport.objects.get(employee=env.staff1, day=TODAY)
    _as(page, atasan)
    page.goto(page.base_url + "/laporan/validasi/")
    page.click(f"[data-testid=open-{report.pk}]")
    page.fill("textarea[name=comment]", "Sebutkan nomor surat")
    page.click("[data-testid=return]")
    page.wait_for_selector("[data-testid=inbox-empty]")

    _as(page, asn)
    page.goto(page.base_url + f"/laporan/tulis/{TODAY.isoformat()}/")
    assert "Sebutkan nomor surat" in page.inner_text("[data-testid=return-comment]")
    _add_activity(page, "Telaahan nomor 800/12")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=status]:has-text('Menunggu validasi')")

    _as(page, atasan)
    page.goto(page.base_url + f"/laporan/{report.pk}/")
    page.click("[data-testid=approve]")
    page.wait_for_selector("[data-testid=inbox-empty]")

    _as(page, asn)
    page.goto(page.base_url + f"/laporan/{report.pk}/")
    assert page.is_visible("[data-testid=locked]")
    assert not page.is_visible("[data-testid=revise]")
    page.goto(page.base_url + f"/laporan/tulis/{TODAY.isoformat()}/")
    assert page.locator("[data-testid=activity-form]").count() == 0
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert list(report.events.values_list("kind", flat=True)) == [
        "created",
        "submitted",
        "opened",
        "returned",
        "submitted",
        "approved",
    ]
