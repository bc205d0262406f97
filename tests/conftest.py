"""Shared fixtures: a small organisation with every role, an API client, and a browser."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from hibrida.org.models import Employee, GrantedRole, User
from hibrida.org.services import issue_api_token

from .factories import EmployeeFactory, OpdFactory, PositionFactory, UnitFactory, make_user

CHROMIUM = "/usr/bin/chromium"

# Pass or fail must not depend on how busy the machine is: no per-example deadline and no
# "generation too slow" health check (both measure wall-clock time).
hypothesis_settings.register_profile(
    "hibrida", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("hibrida")


# Fixtures that open the test database; a test with none of them and no django_db mark cannot
# query (pytest-django blocks it), so its result does not depend on the database engine.
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def uses_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """HIBRIDA_DATABASE_TESTS_ONLY (the PostgreSQL pass of `make test`) runs only the tests that
    use the database: the others already ran, identically, in the SQLite pass."""
    # The browser pass of `make test` collects only files named *browser*.py (collecting the
    # rest, schemathesis included, costs 23 s of CPU against 8 s): a browser test elsewhere
    # would silently never run, so it stops the run that collects everything.
    stray = [
        item.nodeid
        for item in items
        if item.get_closest_marker("browser") and "browser" not in item.path.name
    ]
    if stray:
        raise pytest.UsageError(
            "browser tests must live in a file named *browser*.py: " + ", ".join(stray)
        )
    if os.environ.get("HIBRIDA_DATABASE_TESTS_ONLY") != "1":
        return
    keep = [item for item in items if uses_database(item)]
    config.hook.pytest_deselected(items=[item for item in items if not uses_database(item)])
    items[:] = keep


@pytest.fixture(scope="session", autouse=True)
def _postgresql_flush_by_delete():
    """After each transactional test Django empties every table with one TRUNCATE. On
    PostgreSQL that gives each of the ~100 tables and their indexes new files: about 1-3 s per
    test, most of a race test's time. DELETE of the few rows a test leaves takes about 0.1 s.
    The end state is the same (empty tables, sequences not reset, as with Django's flush), and
    every foreign key Django makes there is DEFERRABLE INITIALLY DEFERRED, so the order of the
    DELETEs inside the flush's transaction does not matter."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [f"DELETE FROM {self.quote_name(table)};" for table in tables]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncate


@dataclass
class MiniCity:
    """Two OPDs; in OPD A: kepala → kabid → staff1, staff2; OPD B: one staff."""

    opd_a: object
    opd_b: object
    kepala: Employee
    kabid: Employee
    staff1: Employee
    staff2: Employee
    other: Employee
    users: dict[str, User]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests need many logins, not brute-force resistance.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _passkey_layer_off(settings):
    # The city default is "required" (issue 15). Tests of the other check-in rules post bare
    # check-ins; the passkey tests (tests/presence/test_passkey*.py) switch the layer on.
    settings.HIBRIDA_PASSKEY_DEFAULT_MODE = "off"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Login and API limits live in the process-wide cache: one test's failures must not lock
    # the next test's client (every test client comes from 127.0.0.1).
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def city(db) -> MiniCity:
    return build_city()


def build_city() -> MiniCity:
    """The rows of the ``city`` fixture, for fixtures that need them outside one test."""
    opd_a = OpdFactory(short_name="DinasA", name="Dinas A")
    opd_b = OpdFactory(short_name="DinasB", name="Dinas B", opd_class="pelayanan_langsung")
    unit_a = UnitFactory(opd=opd_a, name="Bidang A")
    unit_b = UnitFactory(opd=opd_b, name="Bidang B")
    pos_a = PositionFactory(opd=opd_a, name="Analis")
    pos_b = PositionFactory(
        opd=opd_b, name="Petugas Loket", requires_presence=True, presence_reason="loket pelayanan"
    )
    kepala = EmployeeFactory(unit=unit_a, position=pos_a, name="Kepala A")
    kabid = EmployeeFactory(unit=unit_a, position=pos_a, supervisor=kepala, name="Kabid A")
    staff1 = EmployeeFactory(unit=unit_a, position=pos_a, supervisor=kabid, name="Staf Satu")
    staff2 = EmployeeFactory(unit=unit_a, position=pos_a, supervisor=kabid, name="Staf Dua")
    other = EmployeeFactory(unit=unit_b, position=pos_b, name="Staf Lain")
    users = {
        "asn": make_user(staff1),
        "atasan": make_user(kabid),
        "opd_admin": make_user(None, GrantedRole.OPD_ADMIN, opd_a),
        "bkpsdm": make_user(None, GrantedRole.BKPSDM),
        "inspektorat": make_user(None, GrantedRole.INSPEKTORAT),
        "diskominfo": make_user(None, GrantedRole.DISKOMINFO),
    }
    return MiniCity(opd_a, opd_b, kepala, kabid, staff1, staff2, other, users)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def api_headers():
    """Build ``Authorization: Bearer`` headers for a user (token issued through the service)."""

    def build(user: User) -> dict[str, str]:
        _, key = issue_api_token(actor=user, user=user, name="uji")
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return build


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (no browser download possible here)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.base_url = live_server.url
    yield pg
    context.close()


def login(page, username: str, password: str) -> None:
    page.goto(page.base_url + "/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    # Attached, not visible: on a phone the menu starts folded.
    page.wait_for_selector("[data-testid=menu]", state="attached")
