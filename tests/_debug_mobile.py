import os
import pytest
from hibrida.navigation import menu_for
from tests.conftest import login
from tests.factories import PASSWORD
from tests.test_content_security_browser import EXTRA_PAGES, plant_field_report
from tests.test_phone_width_browser import OVERFLOW, PHONE, internal_codes, internal_pattern


def test_debug(transactional_db, browser, live_server, city, api_headers):
    plant_field_report(city, api_headers, note="Rapat di kelurahan")
    roles = os.environ.get("ROLES", "").split(",")
    only = os.environ.get("URLS", "")
    pat = internal_pattern(internal_codes())
    out = []
    for role in roles:
        user = city.users[role]
        ctx = browser.new_context(viewport=PHONE, locale="id-ID", timezone_id="Asia/Jakarta")
        page = ctx.new_page()
        page.on("console", lambda m: m.type == "error" and out.append(f"console {page.url} {m.text}"))
        page.base_url = live_server.url
        login(page, user.username, PASSWORD)
        for url in [i["url"] for i in menu_for(user)] + EXTRA_PAGES[role]:
            if only and url not in only.split(","):
                continue
            r = page.goto(live_server.url + url, wait_until="load")
            o = page.evaluate(OVERFLOW)
            codes = sorted({m.group(0) for m in pat.finditer(page.locator("body").inner_text())})
            out.append(f"{role} {url} {r.status} {o} {codes}")
            if os.environ.get("SHOT"):
                page.screenshot(path=f"/tmp/mobile-shot-{role}-{url.strip('/').replace('/', '_') or 'home'}.png", full_page=True)
        ctx.close()
    print("\n".join(out))
