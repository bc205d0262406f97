"""The check-in body parser's one-pass path (pydantic-core from bytes) gives exactly the answer
of the step-by-step path (json.loads, NUL check, model): same payload or same refusal."""

from __future__ import annotations

import json

import pytest

from hibrida.presence import schemas
from hibrida.presence.schemas import BadRequest, parse_check_in

from .conftest import body

PASSKEY = {
    "nonce": "n-1",
    "credential_id": "Y3JlZA",
    "authenticator_data": "YXV0aA",
    "client_data_json": "Y2Rq",
    "signature": "c2ln",
}


def _encoded(**overrides) -> bytes:
    return json.dumps(body(**overrides)).encode()


def _cases() -> list[tuple[str, bytes]]:
    good = body()
    text = json.dumps(good)
    return [
        ("plain", _encoded()),
        ("with passkey", _encoded(passkey=PASSKEY)),
        ("int coordinates", _encoded(latitude=-6, longitude=107, accuracy_m=8)),
        ("float for an int", _encoded(employee_id=1.0)),
        ("bool for a float", _encoded(accuracy_m=True)),
        ("string for a float", _encoded(latitude="-6.2")),
        ("number for a string", _encoded(device_id=12)),
        ("int for a bool", _encoded(mock_location=1)),
        ("timestamp for a time", _encoded(device_time=1_760_000_000)),
        ("naive time", _encoded(device_time="2026-12-02T08:00:00")),
        ("year 3000", _encoded(device_time="3000-01-01T08:00:00+07:00")),
        ("bad uuid", _encoded(uuid="not-a-uuid")),
        ("bad kind", _encoded(kind="masuk")),
        ("extra field", _encoded(extra={"a": [1, 2]})),
        ("null altitude", _encoded(altitude=None)),
        ("huge int", text.replace('"accuracy_m": 8.5', '"accuracy_m": ' + "9" * 400).encode()),
        ("1e999", text.replace('"accuracy_m": 8.5', '"accuracy_m": 1e999').encode()),
        ("NaN literal", text.replace('"accuracy_m": 8.5', '"accuracy_m": NaN').encode()),
        ("duplicate key", text.replace('"kind": "in"', '"kind": "out", "kind": "in"').encode()),
        ("bad last duplicate", text.replace('"kind": "in"', '"kind": "in", "kind": 1').encode()),
        ("NUL escape", _encoded(device_id="hp\x00")),
        ("NUL in a key", text.replace('"provider"', '"pro\\u0000vider"').encode()),
        ("escaped backslash before u0000", _encoded(device_id="hp\\u0000")),
        ("raw NUL byte", text.replace('"hp-uji-1"', '"hp\x00"').encode()),
        ("lone surrogate", _encoded(device_id="hp\ud800")),
        ("non-ASCII", json.dumps(body(device_id="hp-ñ"), ensure_ascii=False).encode()),
        ("UTF-8 BOM", b"\xef\xbb\xbf" + _encoded()),
        ("UTF-16", text.encode("utf-16")),
        ("invalid UTF-8", text.replace('"hp-uji-1"', '"hp-\xff"').encode("latin-1")),
        ("trailing garbage", _encoded() + b" x"),
        ("trailing space", _encoded() + b" \n"),
        ("array", b"[1, 2]"),
        ("string", b'"x"'),
        ("empty", b""),
        ("null", b"null"),
        ("not JSON", b"{kind: in}"),
        ("nested passkey wrong", _encoded(passkey={"nonce": 1})),
    ]


def _answer(parse, raw: bytes):
    try:
        return ("ok", parse(raw).model_dump())
    except BadRequest as err:
        return ("refused", err.status, err.body)


@pytest.mark.parametrize(("name", "raw"), _cases(), ids=[n for n, _ in _cases()])
def test_one_pass_parse_answers_as_the_checked_path(name, raw):
    assert _answer(parse_check_in, raw) == _answer(schemas._parse_check_in_checked, raw)


def test_the_one_pass_path_is_taken_for_a_plain_body(monkeypatch):
    """Otherwise the test above would compare the checked path with itself."""

    def refuse(raw):
        raise AssertionError("checked path used")

    monkeypatch.setattr(schemas, "_parse_check_in_checked", refuse)
    assert parse_check_in(_encoded(passkey=PASSKEY)).passkey.nonce == "n-1"


def test_a_nul_escape_never_reaches_the_one_pass_path():
    with pytest.raises(BadRequest) as caught:
        parse_check_in(_encoded(device_id="hp\x00"))
    assert [e["field"] for e in caught.value.body["errors"]] == ["device_id"]
