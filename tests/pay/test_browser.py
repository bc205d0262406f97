"""Browser journey: BKPSDM sets a tier table, computes the month, the atasan reviews, the ASN
sees their recap explained by day."""

from __future__ import annotations

import pytest

from hibrida.pay.models import LineStatus, RecapLine
from tests.conftest import login
from tests.factories import PASSWORD

from .conftest import DAYS, on_time


def _as(page, user) -> None:
    page.context.clear_cookies()
    login(page, user.username, PASSWORD)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_tpp_journey(page, city):
    on_time([city.kepala, city.kabid, city.staff2, city.other])
    on_time([city.staff1], skip={(city.staff1.pk, DAYS[2])})

    _as(page, city.users["bkpsdm"])
    page.goto(page.base_url + "/tpp/")
    form = page.locator("[data-testid=tier-table-add]")
    form.locator("input[name=name]").fill("Perwal TPP 2025")
    form.locator("input[name=source]").fill("Perwal Kota Bekasi tentang TPP, Pasal 12")
    # The date picker shows dd/mm/yyyy in a visible field next to the hidden ISO input.
    form.locator("input[name=valid_from] + input").fill("01/01/2025")
    form.locator("input[name=absent_percent]").fill("3")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=tier-tables] >> text=Perwal TPP 2025")
    # The month picker shows the Indonesian month name next to the hidden YYYY-MM input.
    month = page.locator("[data-testid=compute] input[name=month] + input")
    month.fill("November 2025")
    month.press("Tab")
    assert page.locator("[data-testid=compute] input[name=month]").input_value() == "2025-11"
    page.click("[data-testid=compute] button[type=submit]")
    page.wait_for_selector("[data-testid=recap-status] >> text=Ditinjau atasan")

    _as(page, city.users["atasan"])
    page.goto(page.base_url + "/tpp/")
    page.click("[data-testid=recaps] a")
    page.click(f"[data-testid=lines] >> text={city.staff1.name}")
    page.wait_for_selector("[data-testid=items] >> text=Tidak masuk tanpa keterangan")
    page.click("[data-testid=review] button[type=submit]")
    page.wait_for_selector("[data-testid=lines]")
    assert RecapLine.objects.get(employee=city.staff1).status == LineStatus.REVIEWED

    _as(page, city.users["asn"])
    page.goto(page.base_url + "/tpp/saya/")
    page.wait_for_selector("[data-testid=my-lines] >> text=3,00 %")
    page.click("[data-testid=my-lines] a")
    row = page.locator("[data-testid=items] tbody tr")
    assert row.count() == 1
    assert DAYS[2].isoformat() in row.inner_text()
    assert "Ditinjau atasan" in page.inner_text("[data-testid=line-total]")
