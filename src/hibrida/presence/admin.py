from django.contrib import admin

from .models import FieldArea


@admin.register(FieldArea)
class FieldAreaAdmin(admin.ModelAdmin):
    """Read-only listing; field areas are created through the audited service."""

    list_display = ["name", "opd", "unit", "is_active"]
    list_filter = ["opd"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
