"""Menus show only what a role can open; error pages are Indonesian, in the site layout."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from hibrida.navigation import menu_for
from tests.conftest import client_for

ROLES = ("asn", "atasan", "opd_admin", "bkpsdm", "inspektorat", "diskominfo")
SUBNAV = re.compile(r'<nav class="subnav"[^>]*>(.*?)</nav>', re.S)
HREF = re.compile(r'href="(/[^"#?]*)"')


def _links(client, user) -> dict[str, int]:
    """Every menu link and every sub-menu link on those pages, with the answer it gave."""
    answers: dict[str, int] = {}
    todo = [item["url"] for item in menu_for(user) if item["name"] != "admin:index"]
    while todo:
        url = todo.pop()
        if url in answers:
            continue
        resp = client.get(url, follow=True)
        answers[url] = resp.status_code
        if resp.status_code == 200 and resp["Content-Type"].startswith("text/html"):
            for block in SUBNAV.findall(resp.content.decode()):
                todo.extend(HREF.findall(block))
    return answers


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_menu_link_answers_403_or_404(city, role):
    """Rule: for every role, each link of the menu and of the sub-menus opens."""
    user = city.users[role]
    answers = _links(client_for(user), user)
    refused = {url: code for url, code in answers.items() if code in (403, 404)}
    assert not refused, f"{role}: {refused}"
    assert len(answers) >= 2


@pytest.mark.django_db
def test_links_that_used_to_refuse_are_hidden(city):
    """Inspektorat no longer sees Validasi; a plain ASN no longer sees the validation inbox,
    SKP import or the Plt page; the atasan still sees all three."""
    seen = {r: set(_links(client_for(city.users[r]), city.users[r])) for r in ROLES}
    for role in ("asn", "inspektorat"):
        assert "/laporan/validasi/" not in seen[role]
        assert "/laporan/plt/" not in seen[role]
    assert "/laporan/skp/impor/" not in seen["asn"]
    assert {"/laporan/validasi/", "/laporan/plt/"} <= seen["atasan"]
    targets = client_for(city.users["asn"]).get("/laporan/skp/").content.decode()
    assert "/laporan/skp/impor/" not in targets


@pytest.mark.django_db
def test_403_and_404_pages_are_indonesian_in_the_site_layout(city):
    client = client_for(city.users["inspektorat"])
    refused = client.get("/laporan/validasi/")
    html = refused.content.decode()
    assert refused.status_code == 403
    assert "Akses ditolak" in html and "Kotak validasi untuk atasan dan Plt" in html
    assert 'data-testid="menu"' in html and "Kembali ke beranda" in html
    missing = client.get("/tidak-ada/")
    html = missing.content.decode()
    assert missing.status_code == 404
    assert "Halaman tidak ditemukan" in html and 'data-testid="menu"' in html
    assert "Not Found" not in html


def test_500_page_renders_without_database_or_context_processors():
    """No django_db mark: any query while rendering would fail this test."""
    resp = server_error(RequestFactory().get("/"))
    html = resp.content.decode()
    assert resp.status_code == 500
    assert "Terjadi kesalahan pada server" in html and 'href="/"' in html
    assert "hibrida.css" in html
