"""The menu is grouped by purpose, shows each role only its own links, and loses none."""

from hibrida.navigation import MENU, SECTIONS, menu_for, sections_of

from ..conftest import client_for


def _sections(user) -> dict[str, list[str]]:
    return {s["key"]: [i["label"] for i in s["items"]] for s in sections_of(menu_for(user))}


def test_asn_sees_only_their_own_work_and_the_common_links(city):
    sections = _sections(city.users["asn"])
    assert list(sections) == ["umum", "saya"]
    assert {"Jadwal Saya", "Presensi", "Laporan Harian"} <= set(sections["saya"])
    assert "Rapat Koordinasi" in sections["umum"]  # every ASN joins the coordination meetings


def test_atasan_gets_a_team_section_and_city_users_the_oversight_ones(city):
    assert "Tim Hari Ini" in _sections(city.users["atasan"])["tim"]
    bkpsdm = _sections(city.users["bkpsdm"])
    assert {"pantau", "atur", "efisiensi", "audit"} <= set(bkpsdm)
    assert "Dasbor Kota" in bkpsdm["pantau"] and "Impor Pegawai" in bkpsdm["atur"]
    assert "saya" not in bkpsdm  # the BKPSDM demo account has no employee record


def test_grouping_keeps_every_link_once_in_menu_order(city):
    known = {key for key, _label in SECTIONS}
    assert {section for *_rest, section in MENU} <= known
    for user in city.users.values():
        items = menu_for(user)
        grouped = [i for s in sections_of(items) for i in s["items"]]
        assert sorted(i["name"] for i in grouped) == sorted(i["name"] for i in items)
        order = [name for _label, name, *_rest in MENU]
        for section in sections_of(items):
            names = [i["name"] for i in section["items"]]
            assert names == sorted(names, key=order.index)


def test_pages_show_the_section_labels(city):
    body = client_for(city.users["bkpsdm"]).get("/").content.decode()
    assert 'data-section="pantau"' in body and "Pemantauan" in body
    assert 'data-testid="home-efisiensi"' in body
