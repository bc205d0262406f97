"""Django admin for presence: read-only, for the superuser's break-glass look (org/admin.py).

Biometric payloads (face photos, selfie frames, face embeddings) and the public-key bytes are
never displayed: each admin names the fields it shows, so a new column stays hidden until
someone decides it may be seen. Positions of the random checks stay out too, as they do for
the atasan (the distance to home is shown instead).
"""

from django.contrib import admin

from hibrida.org.admin import ReadOnlyAdmin

from .models import (
    CheckInReview,
    FaceReference,
    FieldArea,
    Passkey,
    PasskeyPolicy,
    PresenceCheck,
    PresenceCheckConsent,
    PresenceCheckPolicy,
    SelfieCheck,
    SelfiePolicy,
)

DECIDED = ["status", "decided_by", "decided_at", "decision_note"]


@admin.register(FieldArea)
class FieldAreaAdmin(ReadOnlyAdmin):
    list_display = ["name", "opd", "unit", "is_active"]
    list_filter = ["opd"]


@admin.register(PasskeyPolicy)
class PasskeyPolicyAdmin(ReadOnlyAdmin):
    list_display = ["opd", "mode"]
    list_filter = ["mode"]
    fields = ["opd", "mode"]


@admin.register(Passkey)
class PasskeyAdmin(ReadOnlyAdmin):
    list_display = ["employee", "label", "status", "requested_at", "last_used_at"]
    list_filter = ["status"]
    list_select_related = ["employee"]
    fields = [
        "employee",
        "label",
        "credential_id",
        "sign_count",
        "requested_at",
        "last_used_at",
        *DECIDED,
    ]


@admin.register(CheckInReview)
class CheckInReviewAdmin(ReadOnlyAdmin):
    list_display = ["check_in", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    fields = ["check_in", *DECIDED]


@admin.register(PresenceCheckPolicy)
class PresenceCheckPolicyAdmin(ReadOnlyAdmin):
    list_display = ["opd", "enabled", "checks_per_day", "window_minutes", "updated_at"]
    list_filter = ["enabled"]
    fields = ["opd", "enabled", "checks_per_day", "window_minutes", "updated_at"]


@admin.register(PresenceCheckConsent)
class PresenceCheckConsentAdmin(ReadOnlyAdmin):
    list_display = ["employee", "consented", "changed_at"]
    list_filter = ["consented"]
    fields = ["employee", "consented", "changed_at"]


@admin.register(PresenceCheck)
class PresenceCheckAdmin(ReadOnlyAdmin):
    list_display = ["employee", "day", "seq", "asked_at", "answered_at", "result"]
    list_filter = ["result", "passkey_verified"]
    list_select_related = ["employee"]
    date_hierarchy = "day"
    fields = [
        "uuid",
        "employee",
        "day",
        "seq",
        "asked_at",
        "deadline",
        "closes_at",
        "answered_at",
        "device_time",
        "accuracy_m",
        "distance_m",
        "result",
        "passkey_verified",
        "passkey_reason",
        "coarsened",
    ]


@admin.register(SelfiePolicy)
class SelfiePolicyAdmin(ReadOnlyAdmin):
    list_display = ["opd", "enabled", "dpia_reference", "updated_by", "updated_at"]
    list_filter = ["enabled"]
    fields = ["opd", "enabled", "dpia_reference", "updated_by", "updated_at"]


@admin.register(FaceReference)
class FaceReferenceAdmin(ReadOnlyAdmin):
    list_display = ["employee", "status", "requested_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["employee"]
    fields = ["employee", "requested_by", "requested_at", *DECIDED]


@admin.register(SelfieCheck)
class SelfieCheckAdmin(ReadOnlyAdmin):
    list_display = ["check_in", "employee", "state", "distance", "received_at"]
    list_filter = ["state"]
    list_select_related = ["employee"]
    fields = [
        "check_in",
        "employee",
        "turn",
        "received_at",
        "state",
        "reasons",
        "distance",
        "frames_distance",
        "turn_delta",
        "threshold",
        "checked_at",
    ]
