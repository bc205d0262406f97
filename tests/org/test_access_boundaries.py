"""org/access.py decided directly for each role of the mini city (expected sets by name).

Kills the mutants the route matrix cannot see, e.g. every ASN becoming an atasan."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from hibrida.org import access
from hibrida.org.models import ApiToken, Employee, GrantedRole, Opd, RoleGrant, User
from hibrida.org.services import issue_api_token
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ROLES = {
    "asn": {"asn"},
    "atasan": {"asn", "atasan"},
    "opd_admin": {"opd_admin"},
    "bkpsdm": {"bkpsdm"},
    "inspektorat": {"inspektorat"},
    "diskominfo": {"diskominfo"},
}
LABELS = {
    "asn": ["ASN"],
    "atasan": ["ASN", "Atasan"],
    "opd_admin": ["Admin OPD"],
    "bkpsdm": ["BKPSDM"],
    "inspektorat": ["Inspektorat"],
    "diskominfo": ["Diskominfostandi"],
}
OPD_A = {"Kepala A", "Kabid A", "Staf Satu", "Staf Dua"}
SEEN = {
    "asn": {"Staf Satu"},
    "atasan": {"Kabid A", "Staf Satu", "Staf Dua"},
    "opd_admin": OPD_A,
    "bkpsdm": OPD_A | {"Staf Lain"},
    "inspektorat": OPD_A | {"Staf Lain"},
    "diskominfo": set(),
}
MANAGED = {
    "asn": set(),
    "atasan": set(),
    "opd_admin": OPD_A,
    "bkpsdm": OPD_A | {"Staf Lain"},
    "inspektorat": set(),
    "diskominfo": set(),
}
SUPERVISED = {"asn": set(), "atasan": {"Staf Satu", "Staf Dua"}}


def names(qs) -> set[str]:
    return {e.name for e in qs}


@pytest.mark.parametrize("role", list(ROLES))
def test_roles_and_labels(city, role):
    user = city.users[role]
    scope = access.scope_for(user)
    assert scope.roles == frozenset(ROLES[role])
    assert access.role_labels(user) == LABELS[role]
    assert scope.user_id == user.pk
    assert access.scope_for(user) is scope  # cached for the request


def test_a_leaf_asn_is_not_an_atasan_and_supervises_nobody(city):
    scope = access.scope_for(city.users["asn"])
    assert "atasan" not in scope.roles and scope.subordinate_ids == frozenset()
    assert not access.is_supervisor_of(city.users["asn"], city.staff2)
    assert access.is_supervisor_of(city.users["atasan"], city.staff2)
    assert access.is_supervisor_of(city.users["atasan"], city.staff1.pk)
    assert not access.is_supervisor_of(city.users["atasan"], city.kabid)


def test_subordinates_exclude_self_and_peers(city):
    assert access.subordinate_ids(city.kabid.pk) == {city.staff1.pk, city.staff2.pk}
    assert access.subordinate_ids(city.kepala.pk) == {city.kabid.pk, city.staff1.pk, city.staff2.pk}
    assert access.subordinate_ids(city.staff1.pk) == frozenset()


@pytest.mark.parametrize("role", list(ROLES))
def test_visible_manageable_and_supervised(city, role):
    user = city.users[role]
    assert names(access.visible_employees(user)) == SEEN[role]
    assert names(access.manageable_employees(user)) == MANAGED[role]
    assert names(access.supervised_employees(user)) == SUPERVISED.get(role, set())
    for employee in (city.kepala, city.staff1, city.other):
        assert access.can_view_employee(user, employee) is (employee.name in SEEN[role])
        assert access.can_view_employee(user, employee.pk) is (employee.name in SEEN[role])
        assert access.can_manage_employee(user, employee) is (employee.name in MANAGED[role])


@pytest.mark.parametrize(
    ("role", "city_reader", "city_writer", "read_only"),
    [
        ("asn", False, False, False),
        ("opd_admin", False, False, False),
        ("bkpsdm", True, True, False),
        ("inspektorat", True, False, True),
        ("diskominfo", False, False, False),
    ],
)
def test_scope_flags(city, role, city_reader, city_writer, read_only):
    scope = access.scope_for(city.users[role])
    assert (scope.city_reader, scope.city_writer, scope.read_only) == (
        city_reader,
        city_writer,
        read_only,
    )


def test_inspektorat_with_another_role_is_not_read_only(city):
    user = city.users["inspektorat"]
    RoleGrant.objects.create(user=user, role=GrantedRole.OPD_ADMIN, opd=city.opd_a)
    assert not access.scope_for(User.objects.get(pk=user.pk)).read_only


def test_anonymous_and_missing_user(city):
    from django.contrib.auth.models import AnonymousUser

    assert access.scope_for(AnonymousUser()) is access.ANONYMOUS
    assert access.scope_for(None) is access.ANONYMOUS
    assert access.ANONYMOUS.roles == {"public"}
    assert names(access.visible_employees(AnonymousUser())) == set()
    assert list(access.visible_api_tokens(AnonymousUser())) == []
    assert access.can_revoke_tokens_of(AnonymousUser(), city.users["asn"]) is False


@pytest.mark.parametrize(
    ("role", "opds"),
    [
        ("asn", {"DinasA"}),
        ("opd_admin", {"DinasA"}),
        ("bkpsdm", {"DinasA", "DinasB"}),
        ("inspektorat", {"DinasA", "DinasB"}),
        ("diskominfo", {"DinasA", "DinasB"}),
    ],
)
def test_visible_opds(city, role, opds):
    assert {o.short_name for o in access.visible_opds(city.users[role])} == opds


@pytest.mark.parametrize(
    ("role", "opds"),
    [
        ("asn", set()),
        ("opd_admin", {"DinasA"}),
        ("bkpsdm", {"DinasA", "DinasB"}),
        ("inspektorat", set()),
    ],
)
def test_manageable_opds(city, role, opds):
    user = city.users[role]
    assert {o.short_name for o in access.manageable_opds(user)} == opds
    assert access.can_manage_opd(user, city.opd_a) is ("DinasA" in opds)
    assert access.can_manage_opd(user, city.opd_b.pk) is ("DinasB" in opds)


def test_visible_opds_with_a_queryset(city):
    qs = Opd.objects.filter(short_name="DinasB")
    assert list(access.visible_opds(city.users["asn"], qs)) == []
    assert list(access.manageable_opds(city.users["bkpsdm"], qs)) == [city.opd_b]


def test_get_visible_employee_is_404_outside_the_scope(city):
    user = city.users["asn"]
    assert access.get_visible_employee(user, city.staff1.pk) == city.staff1
    for pk in (city.staff2.pk, "x", None):
        with pytest.raises(Http404):
            access.get_visible_employee(user, pk)


def test_api_tokens_and_revocation(city):
    asn, atasan, admin = city.users["asn"], city.users["atasan"], city.users["opd_admin"]
    for user in (asn, atasan):
        issue_api_token(actor=user, user=user, name="uji")
    own = ApiToken.objects.get(user=asn)
    assert set(access.visible_api_tokens(asn)) == {own}
    assert set(access.visible_api_tokens(atasan)) == set(ApiToken.objects.all())
    assert set(access.visible_api_tokens(city.users["inspektorat"])) == set(ApiToken.objects.all())
    assert access.get_visible_api_token(asn, own.pk) == own
    with pytest.raises(Http404):
        access.get_visible_api_token(asn, ApiToken.objects.get(user=atasan).pk)
    assert access.can_revoke_tokens_of(asn, asn) is True
    assert access.can_revoke_tokens_of(asn, atasan) is False
    assert access.can_revoke_tokens_of(admin, asn) is True
    assert access.can_revoke_tokens_of(city.users["bkpsdm"], admin) is True
    assert access.can_revoke_tokens_of(admin, city.users["bkpsdm"]) is False


def test_manageable_accounts(city):
    def logins(role):
        return {u.pk for u in access.manageable_accounts(city.users[role])}

    asn, atasan = city.users["asn"].pk, city.users["atasan"].pk
    everyone = {u.pk for u in User.objects.all()}
    assert logins("bkpsdm") == everyone - {city.users["bkpsdm"].pk}
    assert logins("opd_admin") == {asn, atasan}
    assert logins("asn") == set() and logins("inspektorat") == set()
    # An OPD A login with a city role is BKPSDM's to judge, not the OPD admin's.
    RoleGrant.objects.create(user=city.users["atasan"], role=GrantedRole.BKPSDM)
    assert logins("opd_admin") == {asn}


def test_city_aggregates(city):
    allowed = {r for r in ROLES if access.can_view_city_aggregates(city.users[r])}
    assert allowed == {"bkpsdm", "inspektorat", "diskominfo"}


def test_guards(city):
    with pytest.raises(PermissionDenied) as err:
        access.require(False)
    assert str(err.value) == "Anda tidak berwenang melakukan tindakan ini."
    access.require(True)
    itda = city.users["inspektorat"]
    with pytest.raises(PermissionDenied) as err:
        access.require_writer(itda)
    assert str(err.value) == "Inspektorat hanya dapat membaca data di luar audit."
    access.require_writer(city.users["opd_admin"])
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied) as err:
        access.require_writer_for(AnonymousUser(), None)
    assert str(err.value) == "Silakan masuk terlebih dahulu."
    with pytest.raises(PermissionDenied):
        access.require_writer(AnonymousUser())
    # An auditor who is an ASN writes their own records, nobody else's.
    auditor = make_user(city.staff2, GrantedRole.INSPEKTORAT)
    access.require_writer_for(auditor, city.staff2.pk)
    with pytest.raises(PermissionDenied):
        access.require_writer_for(auditor, city.staff1.pk)
    with pytest.raises(PermissionDenied):
        access.require_writer_for(itda, None)


def test_roles_required(city):
    view = access.roles_required("bkpsdm", "atasan")(lambda request: "ok")
    request = RequestFactory().get("/x/?a=1")
    request.user = city.users["atasan"]
    assert view(request) == "ok"
    request.user = city.users["asn"]
    with pytest.raises(PermissionDenied) as err:
        view(request)
    assert str(err.value) == "Halaman ini tidak tersedia untuk peran Anda."
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302 and "next=/x/%3Fa%3D1" in response["Location"]


def test_visible_employees_where_joins_own_ids_and_admin_opds(city):
    """Rule: an ASN who is also an OPD admin sees self OR the whole OPD, with both parameter
    lists in placeholder order."""
    user = make_user(city.other, GrantedRole.OPD_ADMIN, city.opd_a)
    where, params = access.visible_employees_where(user, "e")
    assert where == "(e.id IN (%s) OR e.opd_id IN (%s))"
    assert params == [city.other.pk, city.opd_a.pk]
    assert access.visible_employees_where(city.users["diskominfo"], "e") == ("1 = 0", [])


def test_get_visible_api_token_within_a_queryset(city, django_assert_num_queries):
    asn, atasan, bkpsdm = city.users["asn"], city.users["atasan"], city.users["bkpsdm"]
    issue_api_token(actor=asn, user=asn, name="uji")
    issue_api_token(actor=atasan, user=atasan, name="uji")
    own = ApiToken.objects.get(user=asn)
    only_atasan = ApiToken.objects.filter(user=atasan)
    # BKPSDM sees every token, but not one outside the queryset the caller passed.
    with pytest.raises(Http404) as err:
        access.get_visible_api_token(bkpsdm, own.pk, only_atasan)
    assert str(err.value) == "Token tidak ditemukan."
    token = access.get_visible_api_token(bkpsdm, own.pk, ApiToken.objects.filter(user=asn))
    with django_assert_num_queries(0):  # the owner came with the token
        assert token.user.username == asn.username


def test_manageable_accounts_within_a_queryset_and_never_a_superuser(city):
    bkpsdm, asn = city.users["bkpsdm"], city.users["asn"]
    root = User.objects.create_superuser(username="akar", password="x")
    chosen = User.objects.filter(pk__in=[asn.pk, city.users["atasan"].pk])
    assert set(access.manageable_accounts(bkpsdm, chosen)) == {asn, city.users["atasan"]}
    assert root not in set(access.manageable_accounts(bkpsdm))


def test_require_writer_for_others_records(city):
    auditor = make_user(city.staff2, GrantedRole.INSPEKTORAT)
    with pytest.raises(PermissionDenied) as err:
        access.require_writer_for(auditor, city.staff1.pk)
    assert str(err.value) == "Inspektorat hanya dapat membaca data di luar audit."
    # A writer who is not read-only may act on someone else's record.
    access.require_writer_for(city.users["opd_admin"], city.staff1.pk)
    access.require_writer_for(city.users["atasan"], city.staff1.pk)


def test_decorators_declare_the_check_may_open_asks(city):
    """Rule: a menu link shows exactly where the view lets the user in (same check)."""
    view = access.roles_required("bkpsdm", "atasan")(lambda request: "ok")
    assert view.access_check(city.users["atasan"]) is True
    assert view.access_check(city.users["asn"]) is False

    def check(user):
        return user.pk == city.users["asn"].pk

    assert access.page_check(check, "tidak")(lambda request: "ok").access_check is check
    assert access.link_check(check)(lambda request: "ok").access_check is check
    assert access.has_employee(city.users["asn"]) is True
    assert access.has_employee(city.users["bkpsdm"]) is False


def test_selectors_stay_within_the_queryset_passed(city):
    bkpsdm, atasan, admin = city.users["bkpsdm"], city.users["atasan"], city.users["opd_admin"]
    only_staff2 = Employee.objects.filter(pk=city.staff2.pk)
    assert names(access.manageable_employees(bkpsdm, only_staff2)) == {"Staf Dua"}
    assert names(access.supervised_employees(atasan, only_staff2)) == {"Staf Dua"}
    issue_api_token(actor=admin, user=admin, name="uji")
    issue_api_token(actor=atasan, user=atasan, name="uji")
    mine = ApiToken.objects.get(user=admin)
    # The OPD admin's login has no employee: its own token is visible through the owner.
    assert mine in set(access.visible_api_tokens(admin))
    assert set(access.visible_api_tokens(admin, ApiToken.objects.filter(user=atasan))) == {
        ApiToken.objects.get(user=atasan)
    }


def test_get_visible_employee_loads_opd_unit_position(city, django_assert_num_queries):
    employee = access.get_visible_employee(city.users["bkpsdm"], city.staff1.pk)
    with django_assert_num_queries(0):
        assert (employee.opd.pk, employee.unit.pk, employee.position.pk) == (
            city.staff1.opd_id,
            city.staff1.unit_id,
            city.staff1.position_id,
        )
    with pytest.raises(Http404) as err:
        access.get_visible_employee(city.users["asn"], city.staff2.pk)
    assert str(err.value) == "Pegawai tidak ditemukan."


def test_require_writer_anonymous_message():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied) as err:
        access.require_writer(AnonymousUser())
    assert str(err.value) == "Silakan masuk terlebih dahulu."


def test_may_open_asks_the_views_own_check(city):
    """Rule: a link is shown exactly where its page opens (activity:my_reports is ASN only;
    home needs only a login; a name that does not resolve without arguments opens nothing)."""
    assert access.may_open(city.users["asn"], "activity:my_reports") is True
    assert access.may_open(city.users["bkpsdm"], "activity:my_reports") is False
    assert access.may_open(city.users["bkpsdm"], "home") is True
    assert access.may_open(city.users["asn"], "activity:write") is False


def test_only_an_opd_admin_grant_gives_an_opd(city):
    """Rule: an OPD on a city-role grant does not make the holder that OPD's admin."""
    user = make_user(None, GrantedRole.INSPEKTORAT)
    RoleGrant.objects.create(user=user, role=GrantedRole.INSPEKTORAT, opd=city.opd_a)
    assert access.scope_for(user).admin_opd_ids == frozenset()
    only_staff2 = Employee.objects.filter(pk=city.staff2.pk)
    assert names(access.visible_employees(city.users["bkpsdm"], only_staff2)) == {"Staf Dua"}
