"""The fast path copies the settings it reads per request; a changed setting is seen at once."""

from __future__ import annotations

from hibrida.presence import fastpath


def test_a_changed_relying_party_setting_is_seen(settings):
    scope = {"headers": [(b"host", b"hibrida.example:8443")], "scheme": "https"}
    settings.HIBRIDA_PASSKEY_RP_ID = ""
    settings.HIBRIDA_PASSKEY_ORIGINS = ""
    assert fastpath._relying_party(scope) == ("hibrida.example", ["https://hibrida.example:8443"])
    settings.HIBRIDA_PASSKEY_RP_ID = "presensi.example"
    settings.HIBRIDA_PASSKEY_ORIGINS = "https://presensi.example"
    assert fastpath._relying_party(scope) == ("presensi.example", ["https://presensi.example"])


def test_a_changed_proxy_setting_is_seen(settings):
    scope = {"headers": [(b"x-forwarded-for", b"10.1.2.3")], "client": ("127.0.0.1", 5000)}
    settings.HIBRIDA_BEHIND_PROXY = False
    assert fastpath._client_address(scope) == "127.0.0.1"
    settings.HIBRIDA_BEHIND_PROXY = True
    assert fastpath._client_address(scope) == "10.1.2.3"
