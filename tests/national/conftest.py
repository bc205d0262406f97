from __future__ import annotations

import pytest

from .fake_gateway import FakeGatewayServer, Gateway


@pytest.fixture
def gateway():
    """A running fake SIASN gateway (its state in ``.gw``)."""
    with FakeGatewayServer(Gateway(), timeout_sleep=1.0) as server:
        yield server


@pytest.fixture
def siasn_settings(settings, gateway):
    """Hibrida configured for the fake gateway, with quick retries."""
    from hibrida.national import services

    for key, value in gateway.settings().items():
        setattr(settings, key, value)
    settings.HIBRIDA_SIASN_ROOT_UNOR_ID = "ROOT"
    settings.HIBRIDA_SIASN_BACKOFF_S = 0.01
    settings.HIBRIDA_SIASN_TIMEOUT_S = 0.3
    services._client_for.cache_clear()
    yield settings
    services._client_for.cache_clear()
