"""Browser: the city dashboard draws its chart and map markers, and the figures refresh."""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.factories import PASSWORD

from .conftest import WEEK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def vendor_static(settings):
    """Serve src/hibrida/static in the live server.

    settings.py has no STATICFILES_DIRS yet and the project-level static folder is not an app's,
    so the finders would not see Chart.js, Leaflet and htmx (fix proposed for settings.py).
    """
    from django.conf import settings as conf
    from django.contrib.staticfiles import finders

    settings.STATICFILES_DIRS = [conf.PACKAGE_DIR / "static"]
    finders.get_finder.cache_clear()
    yield
    finders.get_finder.cache_clear()


def test_city_dashboard_chart_map_and_htmx_refresh(week, page, monkeypatch, vendor_static):
    """Rule: chart canvas and map with markers render; the htmx fragment replaces the figures."""
    from hibrida.monitoring import selectors

    real = selectors.checkin_map
    # The fixture's check-ins are in February; the page maps "today", so map that week's Monday.
    monkeypatch.setattr(
        selectors, "checkin_map", lambda viewer, day, f=None: real(viewer, WEEK[0], f)
    )
    login(page, week.city.users["bkpsdm"].username, PASSWORD)
    period = f"dari={WEEK[0].isoformat()}&sampai={WEEK[-1].isoformat()}"
    page.goto(page.base_url + "/pemantauan/kota/?" + period)
    page.wait_for_selector("canvas[data-testid=trend-chart]")
    page.wait_for_function(
        "() => window.Chart && !!Chart.getChart(document.getElementById('trend-chart'))"
    )
    page.wait_for_selector("#checkin-map .checkin-marker")
    assert page.locator("#checkin-map .checkin-marker").count() >= 2
    # Mark the rendered figures: the refresh swaps in new elements, which carry no mark (the
    # load time is shown to the second, so comparing it would depend on the wall clock).
    page.eval_on_selector("[data-testid=refreshed]", "el => { el.dataset.stale = '1'; }")
    # The same request the 60 s poll makes, fired by the "refresh now" button.
    page.click("[data-testid=refresh]")
    page.wait_for_selector("[data-testid=refreshed]:not([data-stale])")
    assert "Peringkat OPD" in page.locator("#figures").inner_text()
