"""In Chromium at 360×740 (a small Android phone): every menu page of every role fits the screen.

A page fails when it scrolls sideways (wide tables scroll inside their own box instead), when a
menu link answers 403/404, when the console reports an error, or when it shows an internal code
(a choice key, a rule or command name, a solver status, a ``docs/`` path) instead of its label.
The codes are collected from the code itself, so a new choice is checked without editing here.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import get_commands
from django.utils import timezone

from hibrida.navigation import menu_for
from hibrida.policy import rules
from hibrida.presence import verify
from hibrida.roster import solver
from hibrida.roster.modes import WorkMode
from hibrida.roster.services import generate_draft, publish_schedule
from tests.conftest import login
from tests.factories import PASSWORD
from tests.test_content_security_browser import EXTRA_PAGES, OFFICE, plant_field_report

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
TILE = (settings.PACKAGE_DIR / "presence/static/presence/icons/favicon-32.png").read_bytes()

# Measured in the page: the widest element is named so a failure says what to fix.
# Every text node people can reach, folded <details> included. Not text to read: scripts and
# data blocks (json_script carries codes on purpose) and a whole JSON result shown in a <pre>.
PAGE_TEXT = """
() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => n.parentElement.closest("script, style, template, noscript, pre")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT
  });
  const parts = [];
  while (walker.nextNode()) parts.push(walker.currentNode.nodeValue);
  return parts.join(" ");
}
"""

OVERFLOW = """
() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  };
  let widest = null;
  for (const el of document.body.querySelectorAll("*")) {
    const right = el.getBoundingClientRect().right;
    if (right > root.clientWidth + 1 && (!widest || right > widest.right) && !clipped(el)) {
      widest = {html: el.outerHTML.slice(0, 160), right: Math.round(right)};
    }
  }
  return {scrollWidth: root.scrollWidth, widest: widest};
}
"""


def _looks_internal(key: str) -> bool:
    # Snake case and dotted names are never words; an upper-case code (FLAGGED) is a code
    # unless people read it as is (WFH, WFO: the label is the code).
    return "_" in key or "." in key or (key.isupper() and len(key) >= 4)


def internal_codes() -> set[str]:
    """Every code that must reach people as a label: choice keys of every model field,
    presence reasons, policy rule and pattern names, work modes, solver statuses, commands."""
    codes: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("hibrida."):
            continue
        for field in model._meta.get_fields():
            for key, label in getattr(field, "flatchoices", None) or []:
                if isinstance(key, str) and key != str(label) and _looks_internal(key):
                    codes.add(key)
    codes |= {c for c in verify.MESSAGES if _looks_internal(c)}
    codes |= {c for c in rules.PATTERNS if _looks_internal(c)}
    codes |= {c for c in rules.FIELD_LABELS if _looks_internal(c)}
    codes |= {m.value for m in WorkMode if m.value not in {"WFH", "WFO"}}
    codes |= {solver.OPTIMAL, solver.FEASIBLE}
    codes |= {
        name
        for name, app in get_commands().items()
        if app.startswith("hibrida") and _looks_internal(name)
    }
    return codes


def internal_pattern(codes: set[str]) -> re.Pattern[str]:
    words = "|".join(re.escape(c) for c in sorted(codes, key=len, reverse=True))
    # Whole codes only: "LEAVE" inside a longer word or path is not a code shown as text.
    return re.compile(rf"(?<![\w./-])(?:{words})(?![\w-])|\bdocs/")


def test_the_code_list_holds_the_codes_the_issue_saw():
    codes = internal_codes()
    for seen in ("weekly_quota", "administratif_teknis", "outside_fence", "FLAGGED", "OPTIMAL"):
        assert seen in codes
    assert "verify_audit_log" in codes
    assert "WFH" not in codes and "WFO" not in codes
    pattern = internal_pattern(codes)
    assert pattern.search("Parameter listrik_air.elasticity di luar batas")
    assert pattern.search("Lihat docs/efficiency.md")
    assert pattern.search("Solver OPTIMAL")
    assert not pattern.search("Hari ini WFH, besok WFO; Kuota mingguan")


def plant_schedule(city) -> str:
    """This month's published roster of OPD A: calendars, grids and the roster list fill up."""
    admin = city.users["opd_admin"]
    [schedule] = generate_draft(actor=admin, month=timezone.localdate(), opd=city.opd_a)
    publish_schedule(actor=admin, schedule=schedule)
    return f"/rotasi/jadwal/{schedule.pk}/"


# One test per role, so the browser pass's two workers share the visits.
@pytest.mark.parametrize("role", list(EXTRA_PAGES))
def test_every_menu_page_of_every_role_fits_a_360px_screen(
    transactional_db, browser, live_server, city, api_headers, role
):
    plant_field_report(city, api_headers, note="Rapat di kelurahan")
    extra_pages = list(EXTRA_PAGES[role])
    if role == "opd_admin":
        extra_pages.append(plant_schedule(city))
    shown_codes = internal_pattern(internal_codes())
    problems: list[str] = []
    user = city.users[role]
    context = browser.new_context(
        viewport=PHONE,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        geolocation={"latitude": OFFICE[0], "longitude": OFFICE[1], "accuracy": 12},
        permissions=["geolocation"],
    )
    # The dashboard map's tiles, served offline.
    context.route(
        "https://tile.openstreetmap.org/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=TILE),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    urls = [i["url"] for i in menu_for(user)] + extra_pages
    assert len(urls) > 1, urls
    try:
        login(page, user.username, PASSWORD)
        for url in urls:
            errors.clear()
            response = page.goto(live_server.url + url, wait_until="load")
            where = f"{role} {url}"
            if response is None or response.status in (403, 404):
                problems.append(f"{where}: answers {response and response.status}")
                continue
            overflow = page.evaluate(OVERFLOW)
            if overflow:
                problems.append(f"{where}: page wider than the screen {overflow}")
            text = page.evaluate(PAGE_TEXT)
            codes = sorted({m.group(0) for m in shown_codes.finditer(text)})
            if codes:
                problems.append(f"{where}: internal codes shown {codes}")
            if errors:
                problems.append(f"{where}: console {list(errors)}")
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
