"""Who may see or change what. The one place where access is decided.

Every selector, view, API route and export asks this module; the rules per role are listed in
docs/architecture.md, "Access module", and every route's answer in docs/access-matrix.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase

from hibrida import sql

from .models import ApiToken, Employee, GrantedRole, Opd, User


class AuthedRequest(HttpRequest):
    """A request past login or API auth, for annotations only: Django types ``request.user`` as
    possibly anonymous, but every view behind ``login_required`` or the API's auth has a User."""

    user: User


class Role:
    ASN = "asn"
    ATASAN = "atasan"
    OPD_ADMIN = GrantedRole.OPD_ADMIN.value
    BKPSDM = GrantedRole.BKPSDM.value
    INSPEKTORAT = GrantedRole.INSPEKTORAT.value
    DISKOMINFO = GrantedRole.DISKOMINFO.value
    PUBLIC = "public"


ROLE_LABELS = {
    Role.ASN: "ASN",
    Role.ATASAN: "Atasan",
    Role.OPD_ADMIN: "Admin OPD",
    Role.BKPSDM: "BKPSDM",
    Role.INSPEKTORAT: "Inspektorat",
    Role.DISKOMINFO: "Diskominfostandi",
    Role.PUBLIC: "Publik",
}


def subordinate_ids(employee_id: int) -> frozenset[int]:
    """Everyone below ``employee_id`` in the supervisor tree (not including them).

    One recursive query (PostgreSQL and SQLite): walking level by level sent the whole frontier
    as an IN list each time (131 ms for the head of the city's tree vs 9 ms). UNION, not UNION
    ALL, stops on a loop in bad data.
    """
    table = sql.table(Employee)
    rows = sql.rows(
        f"WITH RECURSIVE below(id) AS (SELECT id FROM {table} WHERE supervisor_id = %s"
        f" UNION SELECT e.id FROM {table} e JOIN below b ON e.supervisor_id = b.id)"
        " SELECT id FROM below WHERE id <> %s",
        [employee_id, employee_id],
    )
    return frozenset(row["id"] for row in rows)


@dataclass(frozen=True)
class Scope:
    """What one logged-in user may reach; built once per request by :func:`scope_for`."""

    user_id: int | None
    employee_id: int | None
    roles: frozenset[str]
    admin_opd_ids: frozenset[int] = frozenset()
    subordinate_ids: frozenset[int] = field(default=frozenset(), repr=False)

    @property
    def city_reader(self) -> bool:
        return bool(self.roles & {Role.BKPSDM, Role.INSPEKTORAT})

    @property
    def city_writer(self) -> bool:
        return Role.BKPSDM in self.roles

    @property
    def read_only(self) -> bool:
        """Inspektorat alone: may read the city, may change nothing outside its audits."""
        return Role.INSPEKTORAT in self.roles and not (self.roles & {Role.BKPSDM, Role.OPD_ADMIN})

    def has(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))


ANONYMOUS = Scope(user_id=None, employee_id=None, roles=frozenset({Role.PUBLIC}))


def scope_for(user: User) -> Scope:
    """The access scope of ``user``, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_hibrida_scope", None)
    if cached is not None:
        return cached
    roles: set[str] = set()
    admin_opds: set[int] = set()
    for role, opd_id in user.role_grants.values_list("role", "opd_id"):
        roles.add(role)
        if role == Role.OPD_ADMIN and opd_id:
            admin_opds.add(opd_id)
    employee_id = user.employee_id
    subs: frozenset[int] = frozenset()
    if employee_id:
        roles.add(Role.ASN)
        subs = subordinate_ids(employee_id)
        if subs:
            roles.add(Role.ATASAN)
    scope = Scope(
        user_id=user.pk,
        employee_id=employee_id,
        roles=frozenset(roles),
        admin_opd_ids=frozenset(admin_opds),
        subordinate_ids=subs,
    )
    # A per-request cache on the instance; not a model attribute, hence setattr.
    setattr(user, "_hibrida_scope", scope)  # noqa: B010
    return scope


# --- employees ---------------------------------------------------------------------------


def visible_employees(user: User, qs: QuerySet[Employee] | None = None) -> QuerySet[Employee]:
    """Employees ``user`` may see: self, subordinates, own OPD (admin), city (BKPSDM/Itda)."""
    qs = Employee.objects.all() if qs is None else qs
    scope = scope_for(user)
    if scope.city_reader:
        return qs
    ids = set(scope.subordinate_ids)
    if scope.employee_id:
        ids.add(scope.employee_id)
    if scope.admin_opd_ids:
        from django.db.models import Q

        return qs.filter(Q(id__in=ids) | Q(opd_id__in=scope.admin_opd_ids))
    return qs.filter(id__in=ids)


def visible_employees_where(user: User, alias: str) -> tuple[str, list]:
    """:func:`visible_employees` as an SQL condition on the employee row ``alias``, for the
    hand-written dashboard reads (the ORM's query building cost more than their SQL)."""
    scope = scope_for(user)
    if scope.city_reader:
        return "1 = 1", []
    ids = set(scope.subordinate_ids)
    if scope.employee_id:
        ids.add(scope.employee_id)
    parts, params = [], []
    for column, values in (("id", sorted(ids)), ("opd_id", sorted(scope.admin_opd_ids))):
        if values:
            parts.append(f"{alias}.{column} IN ({', '.join(['%s'] * len(values))})")
            params += values
    return (f"({' OR '.join(parts)})" if parts else "1 = 0"), params


def unit_colleagues(user: User) -> QuerySet[Employee]:
    """The other active employees of the user's own unit (none without an employee record).

    For the swap planner: callers read names and planned days only, nothing else personal.
    """
    scope = scope_for(user)
    if not scope.employee_id:
        return Employee.objects.none()
    own = Employee.objects.filter(pk=scope.employee_id).values("unit_id")
    return Employee.objects.filter(unit_id__in=own, is_active=True).exclude(pk=scope.employee_id)


def manageable_employees(user: User, qs: QuerySet[Employee] | None = None) -> QuerySet[Employee]:
    """Employees whose master data ``user`` may change: own OPD (admin) or city (BKPSDM)."""
    qs = Employee.objects.all() if qs is None else qs
    scope = scope_for(user)
    if scope.city_writer:
        return qs
    if scope.admin_opd_ids:
        return qs.filter(opd_id__in=scope.admin_opd_ids)
    return qs.none()


def supervised_employees(user: User, qs: QuerySet[Employee] | None = None) -> QuerySet[Employee]:
    """The subordinates (transitive) of ``user`` as atasan: whose reports and days they judge."""
    qs = Employee.objects.all() if qs is None else qs
    return qs.filter(id__in=scope_for(user).subordinate_ids)


def can_view_employee(user: User, employee: Employee | int) -> bool:
    employee_id = employee if isinstance(employee, int) else employee.pk
    return visible_employees(user).filter(pk=employee_id).exists()


def can_manage_employee(user: User, employee: Employee | int) -> bool:
    employee_id = employee if isinstance(employee, int) else employee.pk
    return manageable_employees(user).filter(pk=employee_id).exists()


def is_supervisor_of(user: User, employee: Employee | int) -> bool:
    employee_id = employee if isinstance(employee, int) else employee.pk
    return employee_id in scope_for(user).subordinate_ids


def supervises_all(user: User, employee_ids: Iterable[int]) -> bool:
    """Whether ``user`` is the atasan (transitively) of every one of ``employee_ids`` but
    themself, and of at least one: the head of that group (a unit, an OPD)."""
    scope = scope_for(user)
    if scope.employee_id is None:
        return False
    others = set(employee_ids) - {scope.employee_id}
    return bool(others) and others <= scope.subordinate_ids


def get_visible_employee(user: User, pk: int) -> Employee:
    """The employee ``pk`` if visible to ``user``; otherwise 404 (existence is not revealed)."""
    try:
        return visible_employees(user).select_related("opd", "unit", "position").get(pk=pk)
    except (Employee.DoesNotExist, ValueError, TypeError):
        raise Http404("Pegawai tidak ditemukan.") from None


# --- API tokens --------------------------------------------------------------------------


def visible_api_tokens(user: User, qs: QuerySet[ApiToken] | None = None) -> QuerySet[ApiToken]:
    """Tokens ``user`` may see: own, those of visible employees' logins, all (city readers)."""
    qs = ApiToken.objects.all() if qs is None else qs
    scope = scope_for(user)
    if scope.user_id is None:
        return qs.none()
    if scope.city_reader:
        return qs
    from django.db.models import Q

    return qs.filter(Q(user_id=scope.user_id) | Q(user__employee__in=visible_employees(user)))


def get_visible_api_token(user: User, pk: int, qs: QuerySet[ApiToken] | None = None) -> ApiToken:
    """The token ``pk`` (within ``qs``) if visible to ``user``; otherwise 404 (existence is
    not revealed)."""
    try:
        return visible_api_tokens(user, qs).select_related("user").get(pk=pk)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise Http404("Token tidak ditemukan.") from None


def can_revoke_tokens_of(user: User, owner: User) -> bool:
    """The owner; an OPD admin for logins of their OPD's staff; BKPSDM for every login."""
    scope = scope_for(user)
    if scope.user_id is None:
        return False
    if scope.user_id == owner.pk or scope.city_writer:
        return True
    return owner.employee_id is not None and can_manage_employee(user, owner.employee_id)


# --- OPDs ----------------------------------------------------------------------------------


def visible_opds(user: User, qs: QuerySet[Opd] | None = None) -> QuerySet[Opd]:
    """OPDs whose internal records ``user`` may browse (city readers: all; others: their own)."""
    qs = Opd.objects.all() if qs is None else qs
    scope = scope_for(user)
    if scope.city_reader or scope.has(Role.DISKOMINFO):
        return qs
    ids = set(scope.admin_opd_ids)
    if scope.employee_id:
        own = Employee.objects.filter(pk=scope.employee_id).values_list("opd_id", flat=True)
        ids.update(own)
    return qs.filter(id__in=ids)


def manageable_opds(user: User, qs: QuerySet[Opd] | None = None) -> QuerySet[Opd]:
    qs = Opd.objects.all() if qs is None else qs
    scope = scope_for(user)
    if scope.city_writer:
        return qs
    return qs.filter(id__in=scope.admin_opd_ids)


def can_manage_opd(user: User, opd: Opd | int) -> bool:
    opd_id = opd if isinstance(opd, int) else opd.pk
    return manageable_opds(user).filter(pk=opd_id).exists()


CITY_ROLES = (Role.BKPSDM, Role.INSPEKTORAT, Role.DISKOMINFO)


def manageable_accounts(user: User, qs: QuerySet[User] | None = None) -> QuerySet[User]:
    """Logins ``user`` may deactivate or reactivate: BKPSDM any; an OPD admin those of their
    OPD's staff holding no city role (those are BKPSDM's to judge). Never one's own login and
    never a superuser's (the break-glass account is not managed from the app)."""
    qs = User.objects.all() if qs is None else qs
    scope = scope_for(user)
    if scope.user_id is not None:
        qs = qs.exclude(pk=scope.user_id)
    qs = qs.exclude(is_superuser=True)
    if scope.city_writer:
        return qs
    if scope.admin_opd_ids and not scope.read_only:
        return qs.filter(employee__opd_id__in=scope.admin_opd_ids).exclude(
            role_grants__role__in=CITY_ROLES
        )
    return qs.none()


def can_view_city_aggregates(user: User) -> bool:
    return scope_for(user).has(Role.BKPSDM, Role.INSPEKTORAT, Role.DISKOMINFO)


# --- guards ------------------------------------------------------------------------------


def require(condition: bool, message: str = "Anda tidak berwenang melakukan tindakan ini.") -> None:
    """Raise 403 when ``condition`` is false (used by services before any write)."""
    if not condition:
        raise PermissionDenied(message)


def require_writer(user: User) -> None:
    """Inspektorat (read-only) and anonymous users may not write master data."""
    scope = scope_for(user)
    require(scope.user_id is not None, "Silakan masuk terlebih dahulu.")
    require(not scope.read_only, "Inspektorat hanya dapat membaca data di luar audit.")


def require_writer_for(user: User, employee_id: int | None) -> None:
    """Like :func:`require_writer`, but an Inspektorat auditor is an ASN too: read-only covers
    other people's records, not their own report, check-in, readiness, preferences or requests."""
    scope = scope_for(user)
    require(scope.user_id is not None, "Silakan masuk terlebih dahulu.")
    if scope.employee_id is not None and scope.employee_id == employee_id:
        return
    require(not scope.read_only, "Inspektorat hanya dapat membaca data di luar audit.")


def roles_required(
    *roles: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """View decorator: 403 unless the logged-in user holds one of ``roles``."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            from django.contrib.auth.views import redirect_to_login

            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not scope_for(request.user).has(*roles):
                raise PermissionDenied("Halaman ini tidak tersedia untuk peran Anda.")
            return view(request, *args, **kwargs)

        wrapped.access_check = lambda user: scope_for(user).has(*roles)  # type: ignore[attr-defined]
        return wrapped

    return decorator


def page_check(
    check: Callable[[User], bool], message: str
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """View decorator: 403 with ``message`` unless ``check(user)``; :func:`may_open` (menus,
    in-page links) asks the very same check, so a link is shown only where it opens."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            from django.contrib.auth.views import redirect_to_login

            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        wrapped.access_check = check  # type: ignore[attr-defined]
        return wrapped

    return decorator


def link_check(
    check: Callable[[User], bool],
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Declare, for :func:`may_open`, when a view's parameterless URL opens for a user, where
    the view itself decides (e.g. "my own targets" answers 404 to an account without an
    employee, while ``?pegawai=`` serves an admin). The view must refuse exactly then."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        view.access_check = check  # type: ignore[attr-defined]
        return view

    return decorator


def has_employee(user: User) -> bool:
    return scope_for(user).employee_id is not None


def may_open(user: User, url_name: str) -> bool:
    """Whether the page named ``url_name`` (no URL arguments) lets ``user`` in: the check its
    view declares with :func:`roles_required` or :func:`page_check`; a login-only page is open
    to every signed-in user."""
    from django.urls import NoReverseMatch, resolve, reverse

    try:
        path = reverse(url_name)
    except NoReverseMatch:
        return False
    check = getattr(resolve(path).func, "access_check", None)
    return check is None or bool(check(user))


def role_labels(user: User) -> list[str]:
    scope = scope_for(user)
    order: Iterable[str] = ROLE_LABELS.keys()
    return [ROLE_LABELS[r] for r in order if r in scope.roles]
