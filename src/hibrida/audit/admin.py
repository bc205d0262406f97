"""Django admin for the Inspektorat's joki findings: read-only, superusers only (org/admin.py)."""

from django.contrib import admin

from hibrida.org.admin import ReadOnlyAdmin

from .models import JokiFinding


@admin.register(JokiFinding)
class JokiFindingAdmin(ReadOnlyAdmin):
    list_display = ["rule", "subject", "first_at", "last_at", "period_start", "period_end"]
    list_filter = ["rule"]
    search_fields = ["subject"]
    fields = [
        "rule",
        "subject",
        "employees",
        "first_at",
        "last_at",
        "explanation",
        "facts",
        "check_in_ids",
        "suspect_ids",
        "suspect_days",
        "period_start",
        "period_end",
        "created_at",
    ]
