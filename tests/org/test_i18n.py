"""Indonesian is the default language; English can be chosen and is remembered."""

from ..conftest import client_for


def test_default_language_is_indonesian(city):
    page = client_for(city.users["asn"]).get("/").content.decode()
    assert 'lang="id"' in page and "Keluar" in page and "Log out" not in page


def test_english_is_selectable(city):
    client = client_for(city.users["asn"])
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert 'lang="en"' in page and "Log out" in page and "Home" in page


def test_an_english_browser_still_gets_indonesian_until_english_is_chosen(city):
    client = client_for(city.users["asn"])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in page and "Keluar" in page
