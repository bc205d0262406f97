"""Django admin: a read-only break-glass view of the organisation for active superusers.

No role reaches it (OPD admins and BKPSDM use the master-data pages, which check access.py,
validate and audit); it writes nothing, so no change can bypass the services.
"""

from django.contrib import admin

from .models import Employee, OfficeLocation, Opd, Position, RoleGrant, Unit, User
from .twofactor import needs_totp_for_admin


def _has_admin_access(request) -> bool:
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_superuser):
        return False
    return not needs_totp_for_admin(request)


# Django's is_staff flag is not enough: the admin is for superusers, with the city's TOTP rule.
# The default site has no hook for this check; the stubs forbid assigning to a method.
admin.site.has_permission = _has_admin_access  # type: ignore[method-assign]
admin.site.site_header = "Hibrida · Admin darurat (hanya baca)"
admin.site.site_title = "Hibrida"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewing only: writes go through services.py, which validate and audit them."""

    def has_module_permission(self, request):
        return _has_admin_access(request)

    def has_view_permission(self, request, obj=None):
        return _has_admin_access(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Master data is deactivated, never deleted: history and audit refer to it.
        return False


@admin.register(Opd)
class OpdAdmin(ReadOnlyAdmin):
    list_display = ["short_name", "name", "kind", "opd_class", "class_confirmed"]
    list_filter = ["opd_class", "kind", "class_confirmed"]
    search_fields = ["name", "short_name", "code"]


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "opd", "kind", "parent"]
    list_filter = ["kind", "opd"]
    search_fields = ["name", "code"]


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    list_display = ["name", "opd", "kind", "requires_presence", "presence_reason", "field_work"]
    list_filter = ["kind", "requires_presence", "field_work", "opd"]
    search_fields = ["name"]


@admin.register(Employee)
class EmployeeAdmin(ReadOnlyAdmin):
    list_display = ["name", "nip", "asn_type", "opd", "unit", "position", "is_active"]
    list_filter = ["asn_type", "is_active", "opd"]
    search_fields = ["name", "nip"]
    list_select_related = ["opd", "unit", "position"]


@admin.register(OfficeLocation)
class OfficeLocationAdmin(ReadOnlyAdmin):
    list_display = ["name", "opd", "unit", "latitude", "longitude", "radius_m"]
    list_filter = ["opd"]


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "opd"]
    list_filter = ["role"]


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "employee", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser"]
    search_fields = ["username"]
    # The password hash is no one's business, not even in a read-only view.
    fields = ["username", "employee", "is_active", "is_superuser", "last_login"]
