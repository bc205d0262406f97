"""The gateway's wrapper parsed strictly (pure)."""

from __future__ import annotations

import pytest

from hibrida.national.siasn import SiasnMalformed, parse_envelope


def test_parses_the_four_fields():
    env = parse_envelope(b'{"code": 1, "count": 2, "data": [1, 2], "message": "success"}')
    assert (env.code, env.count, env.data, env.message) == (1, 2, [1, 2], "success")


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b"not json", "bukan JSON"),
        (b"\xff\xfe", "bukan JSON"),
        (b"[1, 2]", "bungkus"),
        (b'{"data": []}', "bungkus"),
        (b'{"code": "1", "data": []}', "'code'"),
        (b'{"code": true, "data": []}', "'code'"),
        (b'{"code": 1, "count": "2", "data": []}', "'count'"),
    ],
)
def test_rejects_what_is_not_the_wrapper(raw, fragment):
    with pytest.raises(SiasnMalformed, match=fragment):
        parse_envelope(raw)
