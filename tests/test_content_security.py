"""Every page keeps to the Content-Security-Policy and loads nothing from another origin.

Renders each menu page of each role (plus the public, login and API docs pages) and reads the
HTML: no inline script, no on*= handler, no style attribute or element, no external
script/style/font/icon; every response carries the CSP and the Permissions-Policy.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client

import hibrida
from hibrida.navigation import menu_for

from .conftest import client_for

# Script types that browsers treat as data, never as code (what json_script writes).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
PUBLIC_PAGES = ["/masuk/", "/publik/", "/privasi/", "/api/v1/docs"]


class PageAudit(HTMLParser):
    """Collects what a strict CSP would block or what would reach another origin."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_code_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> handler")
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}>")
            if name in {"href", "src", "action"} and value.strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            kind = values.get("type", "").lower()
            if "src" in values:
                self._check_origin(tag, values["src"])
            elif kind not in DATA_SCRIPT_TYPES:
                self._in_code_script = True
        if tag == "link":
            self._check_origin(tag, values.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_code_script:
            self.problems.append("inline <script>")
            self._in_code_script = False

    def _check_origin(self, tag: str, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("//"):
            self.problems.append(f"<{tag}> from another origin: {url}")


def problems_in(html: str) -> list[str]:
    audit = PageAudit()
    audit.feed(html)
    audit.close()
    return audit.problems


def script_src(policy: str) -> str:
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    return directives.get("script-src", directives.get("default-src", ""))


def assert_headers(response, url: str) -> None:
    policy = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy, url
    sources = script_src(policy)
    assert sources == "'self'", (url, sources)
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, url
    assert response.headers.get("Permissions-Policy") == (
        "geolocation=(self), camera=(), microphone=()"
    ), url


def audit_page(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    assert problems_in(response.content.decode()) == [], url
    assert_headers(response, url)


# --- the scanner itself ---------------------------------------------------------------


def test_the_scanner_finds_inline_code_handlers_styles_and_foreign_urls():
    html = (
        '<script>alert(1)</script><img src=x onerror="x()"><p style="color:red">'
        '<style>p{}</style><script src="https://cdn.example/x.js"></script>'
        '<link rel="icon" href="https://django-ninja.dev/img/favicon.svg">'
        '<a href="javascript:alert(1)">x</a>'
    )
    found = problems_in(html)
    assert len(found) == 7, found


def test_the_scanner_accepts_data_blocks_and_same_origin_files():
    html = (
        '<script id="d" type="application/json">{"a": "<b>"}</script>'
        '<script src="/static/vendor/htmx/htmx.min.js" defer></script>'
        '<link rel="stylesheet" href="/static/hibrida/hibrida.css">'
    )
    assert problems_in(html) == []


# --- the pages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["asn", "atasan", "opd_admin", "bkpsdm", "inspektorat", "diskominfo"]
)
def test_every_menu_page_of_every_role_keeps_to_the_policy(city, role):
    user = city.users[role]
    client = client_for(user)
    items = menu_for(user)
    assert items, role
    for item in items:
        audit_page(client, item["url"])


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_keep_to_the_policy(db, url):
    audit_page(Client(), url)


def test_api_docs_serve_swagger_from_our_static_files(db):
    html = Client().get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/favicon" in html
    assert "cdn.jsdelivr.net" not in html and "django-ninja.dev" not in html


def test_json_and_error_responses_carry_the_headers_too(city, api_headers):
    client = Client()
    response = client.get("/api/v1/org/me", **api_headers(city.users["asn"]))
    assert_headers(response, "/api/v1/org/me")
    missing = client_for(city.users["asn"]).get("/tidak-ada/")
    assert missing.status_code == 404
    assert_headers(missing, "/tidak-ada/")


def test_check_in_page_may_ask_for_the_position_and_nothing_else(city):
    response = client_for(city.users["asn"]).get("/presensi/")
    assert response.headers["Permissions-Policy"].startswith("geolocation=(self)")
    assert "camera=()" in response.headers["Permissions-Policy"]


# --- the static files -----------------------------------------------------------------

STATIC = Path(hibrida.__file__).parent
EXTERNAL_CSS = re.compile(
    r"""url\(\s*['"]?\s*(?!data:)(?:[a-z][a-z0-9+.-]*:|//)|@import""", re.IGNORECASE
)


def project_stylesheets() -> list[Path]:
    return sorted(
        p for p in STATIC.rglob("static/**/*.css") if "vendor" not in p.relative_to(STATIC).parts
    )


def test_the_css_pattern_catches_external_urls_and_imports():
    assert EXTERNAL_CSS.search("a{background:url(https://x.example/a.png)}")
    assert EXTERNAL_CSS.search("a{background:url( '//x.example/a.png')}")
    assert EXTERNAL_CSS.search('@import "https://fonts.example/css";')
    assert not EXTERNAL_CSS.search('a{background:url("data:image/svg+xml,%3Csvg")}')
    assert not EXTERNAL_CSS.search("a{background:url(images/layers.png)}")


def test_project_and_vendored_css_load_nothing_from_another_origin():
    sheets = project_stylesheets() + sorted((STATIC / "static" / "vendor").rglob("*.css"))
    assert STATIC / "static" / "hibrida" / "hibrida.css" in sheets
    offending = [str(p) for p in sheets if EXTERNAL_CSS.search(p.read_text())]
    assert offending == []


def test_no_template_holds_inline_code_or_styles():
    """Pages that need data to render (worksheets, reports) are covered by their source."""
    templates = [
        p
        for p in STATIC.rglob("templates/**/*.html")
        # WeasyPrint renders these to PDF on the server; no browser ever loads them as HTML.
        if not p.name.endswith("_pdf.html")
    ]
    assert len(templates) > 50
    offending = {str(p.relative_to(STATIC)): problems_in(p.read_text()) for p in templates}
    assert {name: found for name, found in offending.items() if found} == {}
