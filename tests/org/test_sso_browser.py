"""In a real browser: the SSO button, the provider's login form, Beranda as the right employee,
and logging out ending the provider's session too (tests/oidc_provider is the provider)."""

from __future__ import annotations

import copy

import pytest

from hibrida.org import oidc

from ..factories import EmployeeFactory, make_user
from ..sso_provider import CLIENT_ID, CLIENT_SECRET, NIP_BUDI, running_provider


@pytest.mark.browser
def test_sso_login_in_a_browser_lands_on_beranda_as_the_employee(
    browser, live_server, transactional_db, settings
):
    make_user(EmployeeFactory(nip=NIP_BUDI, name="Budi Santoso"))
    base = live_server.url
    with running_provider([f"{base}/masuk/sso/kembali/"], [f"{base}/masuk/"]) as provider:
        settings.HIBRIDA_OIDC_ISSUER = provider.issuer
        settings.HIBRIDA_OIDC_CLIENT_ID = CLIENT_ID
        settings.HIBRIDA_OIDC_CLIENT_SECRET = CLIENT_SECRET
        # What settings.py derives from HIBRIDA_OIDC_ISSUER at start (tests/test_settings.py).
        csp = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        csp["DIRECTIVES"]["form-action"] = ["'self'", provider.issuer.split("/auth/")[0]]
        settings.CONTENT_SECURITY_POLICY = csp
        oidc._client.cache_clear()
        context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
        # The provider's stock logout page imports a web font; there is no internet here.
        context.route("https://fonts.googleapis.com/**", lambda route: route.abort())
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            page.goto(f"{base}/masuk/")
            page.click("[data-testid=sso-login]")
            page.wait_for_selector("#kc-form-login")
            page.fill("#username", "budi")
            page.fill("#password", "sandi-budi")
            page.click("#kc-login")
            page.wait_for_url(f"{base}/")
            assert page.locator("h1").inner_text() == "Selamat datang, Budi Santoso"
            assert f"NIP {NIP_BUDI}" in page.locator("main").text_content()  # in a folded panel

            page.click("text=Keluar")
            page.click("button[name=logout][value=yes]")  # the provider's confirmation
            page.wait_for_url(f"{base}/masuk/*")
            # The provider session ended too: the next SSO login asks for the password again.
            page.click("[data-testid=sso-login]")
            page.wait_for_selector("#kc-form-login")
        finally:
            context.close()
            oidc._client.cache_clear()
