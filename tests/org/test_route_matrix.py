"""The generated access matrix: every URL pattern × every role × an object of another OPD.

The patterns come from Django's resolver, so a new route without an entry in
tests/access_routes.py fails here. Each request runs in a savepoint that is rolled back, so
the roles meet the same data; a refused POST must leave the audit log and its target untouched.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from hibrida.audit.models import AuditEvent
from hibrida.org.services import issue_api_token

from ..access_routes import BY_KEY, ROLES, ROUTES, Route, render_markdown, suggestion
from ..access_world import World, build_world
from ..conftest import build_city

DOC = Path(__file__).resolve().parents[2] / "docs" / "access-matrix.md"


def resolver_patterns(resolver=None, prefix: str = "", namespace: str = ""):
    """(name, pattern) of every URL pattern, namespaces and prefixes joined like the table."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from resolver_patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            yield name, prefix + str(entry.pattern)


def test_every_url_pattern_has_an_entry_in_the_access_matrix():
    found = set(resolver_patterns())
    missing = [key for key in found if key not in BY_KEY]
    stale = [key for key in BY_KEY if key not in found]
    lines = [f"  {suggestion(*key)}" for key in sorted(missing)]
    lines += [f"  remove {key!r}: no such pattern any more" for key in sorted(stale)]
    assert not lines, "tests/access_routes.py is out of date; in ROUTES:\n" + "\n".join(lines)


def test_the_access_matrix_has_one_entry_per_pattern():
    assert len(BY_KEY) == len(ROUTES)


def test_committed_access_matrix_document_is_current():
    assert DOC.read_text(encoding="utf-8") == render_markdown(), (
        "docs/access-matrix.md is stale: run `python tools/access_matrix.py`"
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction rolled back at its end: every request
    below runs in its own rolled-back savepoint, so rebuilding per test would only cost time."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        world = build_world(build_city())
        world.clients = {}
        world.api_clients = {}
        for role, user in world.users.items():
            client = Client()
            api_client = Client()
            if user is not None:
                client.force_login(user)
                _, key = issue_api_token(actor=user, user=user, name="matriks")
                api_client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
            world.clients[role] = client
            world.api_clients[role] = api_client
        yield world
        transaction.set_rollback(True)


def _row(obj) -> dict | None:
    """The stored columns of ``obj`` now (None once deleted)."""
    fresh = type(obj).objects.filter(pk=obj.pk).values().first()
    return fresh


def _state(route: Route, world: World) -> tuple:
    targets = [world.rows[v[1:]] for _, v in route.args if v.startswith("@")]
    return AuditEvent.objects.count(), [_row(t) for t in targets]


def ask(route: Route, method: str, role: str, world: World):
    """One request in a rolled-back savepoint; returns (status, location, wrote)."""
    is_api = route.pattern.startswith("api/")
    client = (world.api_clients if is_api else world.clients)[role]
    cookies = copy.deepcopy(client.cookies)
    path = route.path(world.ids)
    with transaction.atomic():
        before = _state(route, world)
        if method == "GET":
            response = client.get(path)
        elif is_api:
            send = getattr(client, method.lower())
            response = send(path, data="{}", content_type="application/json")
        else:
            response = client.post(path, data={})
        wrote = _state(route, world) != before
        transaction.set_rollback(True)
    client.cookies = cookies
    return response.status_code, response.get("Location", ""), wrote


def _redirect_problem(route: Route, method: str, role: str, location: str) -> str | None:
    """Refusals by redirect must point at the right login page."""
    if route.pattern.startswith("admin/"):
        # Logging out of the admin ends on the admin index, whoever asked.
        exempt = role == "superuser" or route.name == "admin:logout"
        if not exempt and not location.startswith("/admin/login/"):
            return f"redirected to {location}, not the admin login"
        return None
    # set_language sends everyone back to the page they came from.
    checked = role == "anonymous" and method == "GET" and route.name != "set_language"
    if checked and not location.startswith("/masuk/"):
        return f"redirected to {location}, not the login page"
    return None


def _problems(route: Route, world: World) -> list[str]:
    problems = []
    for method, codes in route.answers:
        for role, expected in zip(ROLES, codes, strict=True):
            status, location, wrote = ask(route, method, role, world)
            where = f"{method} {route.path(world.ids)} as {role}"
            if status != expected:
                problems.append(f"{where}: {status}, expected {expected}")
            elif status == 302 and (wrong := _redirect_problem(route, method, role, location)):
                problems.append(f"{where}: {wrong}")
            if method != "GET" and wrote and role not in route.writes:
                problems.append(f"{where}: answered {status} but changed data")
    return problems


def _test_id(route: Route) -> str:
    if route.pattern.startswith("api/"):
        return f"{route.answers[0][0]} {route.pattern}"
    return route.name or route.pattern


@pytest.mark.parametrize("route", ROUTES, ids=_test_id)
def test_route_answers_each_role_exactly_as_the_matrix_says(db, world, route):
    problems = _problems(route, world)
    assert not problems, "\n".join(problems)
