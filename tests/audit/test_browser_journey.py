"""Browser journey: an auditor creates a plan, draws a sample, opens a worksheet, records a
finding (Playwright on Debian's chromium)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hibrida.audit.models import Finding
from tests.conftest import login
from tests.factories import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_rule_auditor_journey_plan_sample_worksheet_finding(city, page):
    today = timezone.localdate()
    start = today - dt.timedelta(days=20)
    auditor = city.users["inspektorat"]
    login(page, auditor.username, PASSWORD)
    page.goto(page.base_url + "/audit/")
    form = page.locator("[data-testid=plan-form]")
    form.locator("input[name=title]").fill("Audit WFH uji")
    # Typed day first, as the date picker shows it; the form still receives ISO dates.
    for label, day in (("Periode mulai", start), ("Periode selesai", today)):
        form.get_by_label(label).fill(day.strftime("%d/%m/%Y"))
        form.get_by_label(label).press("Tab")
    form.locator("select[name=opds]").select_option(label=str(city.opd_a))
    form.locator("input[name=sample_size]").fill("3")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=draw]")
    page.click("[data-testid=draw]")
    page.wait_for_selector("[data-testid=sample] tbody tr a")
    assert page.locator("[data-testid=sample] tbody tr").count() == 3
    page.locator("[data-testid=sample] tbody tr a").first.click()
    page.wait_for_selector("[data-testid=worksheet]")
    assert page.locator("[data-testid=map]").is_visible()
    finding_form = page.locator("[data-testid=finding-form]")
    finding_form.locator("input[name=title]").fill("Laporan harian tidak lengkap")
    finding_form.locator("textarea[name=condition]").fill("Tidak ada bukti output pada hari WFH.")
    finding_form.locator("select[name=severity]").select_option("medium")
    finding_form.locator("textarea[name=recommendation]").fill("Atasan memverifikasi output.")
    finding_form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Laporan harian tidak lengkap")
    finding = Finding.objects.get()
    assert finding.opd_id == city.opd_a.pk and finding.severity == "medium"
    assert finding.item is not None and finding.created_by_id == auditor.pk
