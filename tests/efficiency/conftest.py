import pytest


@pytest.fixture(autouse=True)
def fresh_cache():
    """The public table is cached by audit sequence; rolled-back tests reuse sequences."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
