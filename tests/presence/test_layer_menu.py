"""The presence sub-menu offers "Foto wajah" and "Cek acak" only where the ASN's OPD uses the
layer (always to those who administer it); the pages still answer when reached directly."""

from __future__ import annotations

import pytest

from hibrida.org.models import GrantedRole
from hibrida.presence import random_checks, selfies
from tests.conftest import client_for
from tests.factories import make_user

pytestmark = pytest.mark.django_db

FACE = 'href="/presensi/wajah/"'
CHECKS = 'href="/presensi/cek-acak/"'
# Any presence page carries the sub-menu; the history page is open to every ASN.
PAGE = "/presensi/riwayat/"


def submenu(user) -> str:
    resp = client_for(user).get(PAGE)
    assert resp.status_code == 200
    html = resp.content.decode()
    start = html.index('class="subnav"')
    return html[start : html.index("</nav>", start)]


def selfie_on(city, opd=None):
    selfies.set_policy(
        actor=city.users["bkpsdm"], opd=opd or city.opd_a, enabled=True, dpia_reference="DPIA-1"
    )


def checks_on(city, opd=None, enabled=True):
    random_checks.set_policy(actor=city.users["bkpsdm"], opd=opd or city.opd_a, enabled=enabled)


def test_asn_of_an_opd_with_both_layers_off_sees_neither(city):
    menu = submenu(city.users["asn"])
    assert "Riwayat" in menu  # the sub-menu itself is there
    assert FACE not in menu and CHECKS not in menu


def test_each_layer_appears_once_its_opd_switches_it_on(city):
    selfie_on(city)
    menu = submenu(city.users["asn"])
    assert FACE in menu and CHECKS not in menu
    checks_on(city)
    menu = submenu(city.users["asn"])
    assert FACE in menu and CHECKS in menu


def test_another_opd_switching_on_does_not_show_it_here(city):
    selfie_on(city, city.opd_b)
    checks_on(city, city.opd_b)
    menu = submenu(city.users["asn"])
    assert FACE not in menu and CHECKS not in menu
    # ... but does for that OPD's own staff.
    menu = submenu(make_user(city.other))
    assert FACE in menu and CHECKS in menu


def test_switching_the_random_checks_off_again_hides_them(city):
    checks_on(city)
    assert CHECKS in submenu(city.users["asn"])
    checks_on(city, enabled=False)
    assert CHECKS not in submenu(city.users["asn"])


def test_layer_admins_keep_both_links_while_the_layer_is_off(city):
    # An OPD admin who is also an ASN of the OPD (so the ASN's own pages are there too).
    admin_asn = make_user(city.staff2, GrantedRole.OPD_ADMIN, city.opd_a)
    menu = submenu(admin_asn)
    assert FACE in menu and CHECKS in menu
    # Admins without an employee record have no face page of their own; they keep the
    # random-check page, where they set the layer.
    for role in ("opd_admin", "bkpsdm"):
        resp = client_for(city.users[role]).get("/presensi/rekap/")
        html = resp.content.decode()
        assert CHECKS in html and FACE not in html


def test_atasan_sees_random_checks_when_a_subordinate_takes_part_elsewhere(city):
    # Staf Lain (Dinas B) reports to Kabid A (Dinas A); only Dinas B uses random checks.
    city.other.supervisor = city.kabid
    city.other.save(update_fields=["supervisor"])
    checks_on(city, city.opd_b)
    assert CHECKS in submenu(city.users["atasan"])
    assert CHECKS not in submenu(city.users["asn"])


@pytest.mark.parametrize(
    ("path", "marker"),
    [("/presensi/wajah/", "selfie-off"), ("/presensi/cek-acak/", "checks-off")],
)
def test_pages_reached_directly_explain_the_layer_is_off(city, path, marker):
    resp = client_for(city.users["asn"]).get(path)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert f'data-testid="{marker}"' in html
    assert "belum diaktifkan untuk OPD Anda" in html
