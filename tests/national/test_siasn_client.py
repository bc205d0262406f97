"""The SIASN client against a real local HTTP server playing the gateway: both tokens, their
cache and renewal, retries with backoff, the wrapper, malformed answers and timeouts."""

from __future__ import annotations

import pytest

from hibrida.national.siasn import SiasnClient, SiasnConfig, SiasnError, SiasnMalformed

from .fake_gateway import CONSUMER, PREFIX, SSO_USER

NIP = "199001012015031001"
PERSON = {
    "id": "pns-1",
    "nipBaru": NIP,
    "nama": "Sari Dewi",
    "unorId": "U1",
    "emailGov": "sari@bekasikota.go.id",
}


def make_client(gateway, **overrides) -> tuple[SiasnClient, list[float]]:
    waits: list[float] = []
    fields = dict(
        base_url=gateway.url + PREFIX,
        token_url=gateway.url + "/oauth2/token",
        sso_token_url=gateway.url + "/sso/token",
        consumer_key=CONSUMER[0],
        consumer_secret=CONSUMER[1],
        sso_client_id="kotabekasiws",
        sso_username=SSO_USER[0],
        sso_password=SSO_USER[1],
        timeout_s=0.3,
        max_retries=3,
        backoff_s=0.5,
        max_backoff_s=60.0,
    )
    fields.update(overrides)
    return SiasnClient(SiasnConfig(**fields), sleep=waits.append), waits


def test_reads_data_utama_through_the_wrapper_with_both_tokens(gateway):
    gateway.gw.people[NIP] = PERSON
    client, _ = make_client(gateway)
    assert client.data_utama(NIP) == PERSON
    assert gateway.gw.token_calls == 2  # one gateway token, one SSO token


def test_unknown_nip_is_none_not_an_error(gateway):
    client, _ = make_client(gateway)
    assert client.data_utama("199912312020121001") is None


def test_tokens_are_cached_across_calls(gateway):
    gateway.gw.people[NIP] = PERSON
    client, _ = make_client(gateway)
    for _ in range(3):
        client.data_utama(NIP)
    client.ref_unor()
    assert gateway.gw.token_calls == 2


def test_a_token_near_its_expiry_is_renewed_before_the_call(gateway):
    gateway.gw.people[NIP] = PERSON
    gateway.gw.token_ttl = 20  # below the 30 s margin: never reused
    client, _ = make_client(gateway)
    client.data_utama(NIP)
    client.data_utama(NIP)
    assert gateway.gw.token_calls == 4


def test_an_expired_token_is_refreshed_once_and_the_call_repeated(gateway):
    gateway.gw.people[NIP] = PERSON
    client, _ = make_client(gateway)
    client.data_utama(NIP)
    gateway.gw.expire_tokens()  # the gateway no longer accepts the cached tokens: 401
    assert client.data_utama(NIP) == PERSON
    assert gateway.gw.token_calls == 4


def test_a_401_with_fresh_tokens_is_an_error_not_a_loop(gateway):
    path = f"{PREFIX}/pns/data-utama/{NIP}"
    gateway.gw.fail(path, 401, 401, 401)
    client, _ = make_client(gateway)
    with pytest.raises(SiasnError) as caught:
        client.data_utama(NIP)
    assert caught.value.status == 401
    assert gateway.gw.faults[path] == [401]  # two tries: the original and one after renewal


def test_wrong_consumer_key_is_a_clear_error(gateway):
    client, _ = make_client(gateway, consumer_secret="salah")
    with pytest.raises(SiasnError, match="Token SIASN ditolak"):
        client.ref_unor()


def test_5xx_is_retried_with_doubling_backoff(gateway):
    gateway.gw.unors = [{"Id": "U1", "NamaUnor": "Dinas A", "DiatasanId": "ROOT"}]
    gateway.gw.fail(f"{PREFIX}/referensi/ref-unor", 503, 502)
    client, waits = make_client(gateway)
    assert client.ref_unor() == gateway.gw.unors
    assert waits == [0.5, 1.0]


def test_429_waits_as_the_gateway_says(gateway):
    gateway.gw.fail(f"{PREFIX}/referensi/ref-unor", 429)
    client, waits = make_client(gateway)
    assert client.ref_unor() == []
    assert waits == [0.0]  # Retry-After: 0


def test_gives_up_after_the_retry_limit(gateway):
    gateway.gw.fail(f"{PREFIX}/referensi/ref-unor", 500, 500, 500, 500, 500)
    client, waits = make_client(gateway, max_retries=2)
    with pytest.raises(SiasnError, match="3 percobaan"):
        client.ref_unor()
    assert waits == [0.5, 1.0]


def test_a_timeout_is_retried(gateway):
    gateway.gw.people[NIP] = PERSON
    gateway.gw.fail(f"{PREFIX}/pns/data-utama/{NIP}", "timeout")
    client, waits = make_client(gateway)
    assert client.data_utama(NIP) == PERSON
    assert waits == [0.5]


def test_malformed_answer_is_a_clear_error(gateway):
    gateway.gw.fail(f"{PREFIX}/referensi/ref-unor", "malformed")
    client, _ = make_client(gateway)
    with pytest.raises(SiasnMalformed, match="bukan JSON"):
        client.ref_unor()


def test_save_returns_bkns_id_and_history_lists_it(gateway):
    gateway.gw.people[NIP] = PERSON
    client, _ = make_client(gateway)
    new_id = client.save("kinerjaperiodik", {"pnsDinilaiId": "pns-1", "tahunMulaiPenilaian": 2026})
    assert new_id == "bkn-00001"
    assert [r["id"] for r in client.history("kinerjaperiodik", NIP)] == ["bkn-00001"]
    assert client.history("skp22", NIP) == []
