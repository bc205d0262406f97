"""Django admin for master data, open only to admin roles, scoped and audited."""

from django.contrib import admin
from django.db import transaction

from hibrida.audit.log import record_event, snapshot

from . import access, services
from .access import Role
from .models import Employee, OfficeLocation, Opd, Position, RoleGrant, Unit, User
from .twofactor import needs_totp_for_admin

ADMIN_ROLES = (Role.BKPSDM, Role.DISKOMINFO, Role.OPD_ADMIN)


def _has_admin_access(request) -> bool:
    user = request.user
    if not (user.is_active and user.is_authenticated and access.scope_for(user).has(*ADMIN_ROLES)):
        return False
    return not needs_totp_for_admin(request)


# The admin is reached by role, not by Django's is_staff flag, so access stays in access.py.
admin.site.has_permission = _has_admin_access
admin.site.site_header = "Hibrida · Data induk"
admin.site.site_title = "Hibrida"


class AuditedAdmin(admin.ModelAdmin):
    """Every admin write goes through one transaction with an audit event; OPD-scoped lists."""

    opd_field = "opd"

    def _scoped_opds(self, request):
        return access.manageable_opds(request.user)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if access.scope_for(request.user).city_writer or access.scope_for(request.user).has(
            Role.DISKOMINFO
        ):
            return qs
        return qs.filter(**{f"{self.opd_field}__in": self._scoped_opds(request)})

    def has_view_permission(self, request, obj=None):
        return _has_admin_access(request)

    def has_module_permission(self, request):
        return _has_admin_access(request)

    def has_change_permission(self, request, obj=None):
        scope = access.scope_for(request.user)
        if obj is not None and not scope.city_writer:
            return access.can_manage_opd(request.user, getattr(obj, f"{self.opd_field}_id"))
        return scope.city_writer or bool(scope.admin_opd_ids)

    has_add_permission = has_change_permission

    def has_delete_permission(self, request, obj=None):
        # Master data is deactivated, never deleted: history and audit refer to it.
        return False

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record_event(
                actor=request.user,
                action=f"{obj._meta.model_name}.{'updated' if change else 'created'}.admin",
                obj=obj,
                before=before,
                after=snapshot(obj),
            )


@admin.register(Opd)
class OpdAdmin(AuditedAdmin):
    opd_field = "id"
    list_display = ["short_name", "name", "kind", "opd_class", "class_confirmed"]
    list_filter = ["opd_class", "kind", "class_confirmed"]
    search_fields = ["name", "short_name", "code"]

    def get_queryset(self, request):
        return access.visible_opds(request.user, super(AuditedAdmin, self).get_queryset(request))

    def has_change_permission(self, request, obj=None):
        return access.scope_for(request.user).city_writer

    has_add_permission = has_change_permission


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "code", "opd", "kind", "parent"]
    list_filter = ["kind", "opd"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent"]


@admin.register(Position)
class PositionAdmin(AuditedAdmin):
    list_display = ["name", "opd", "kind", "requires_presence", "presence_reason", "field_work"]
    list_filter = ["kind", "requires_presence", "field_work", "opd"]
    search_fields = ["name"]


@admin.register(Employee)
class EmployeeAdmin(AuditedAdmin):
    list_display = ["name", "nip", "asn_type", "opd", "unit", "position", "is_active"]
    list_filter = ["asn_type", "is_active", "opd"]
    search_fields = ["name", "nip"]
    raw_id_fields = ["supervisor", "unit", "position"]

    def has_change_permission(self, request, obj=None):
        # Employee master data changes through the validated form (NIP rules, atasan loops).
        return False

    has_add_permission = has_change_permission


@admin.register(OfficeLocation)
class OfficeLocationAdmin(AuditedAdmin):
    list_display = ["name", "opd", "unit", "latitude", "longitude", "radius_m"]
    list_filter = ["opd"]


@admin.register(RoleGrant)
class RoleGrantAdmin(AuditedAdmin):
    list_display = ["user", "role", "opd"]
    list_filter = ["role"]
    raw_id_fields = ["user"]

    def get_queryset(self, request):
        qs = super(AuditedAdmin, self).get_queryset(request)
        return qs if access.scope_for(request.user).city_writer else qs.none()

    def has_change_permission(self, request, obj=None):
        return access.scope_for(request.user).city_writer

    has_add_permission = has_change_permission


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["username", "employee", "is_active", "last_login"]
    search_fields = ["username"]
    fields = ["username", "employee", "is_active", "last_login"]
    readonly_fields = ["username", "employee", "last_login"]

    def has_module_permission(self, request):
        return access.scope_for(request.user).city_writer

    has_view_permission = lambda self, request, obj=None: self.has_module_permission(request)  # noqa: E731
    has_change_permission = has_view_permission

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and "is_active" in form.changed_data and not obj.is_active:
                # Reactivating the login later must not bring its old tokens back.
                services.revoke_user_tokens(
                    actor=request.user, user=obj, reason="Akun dinonaktifkan."
                )
