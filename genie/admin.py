from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from genie import services, two_factor
from genie.audit import audit_record
from genie.models import (
    AccountEvent,
    AuditEvent,
    Condition,
    Organisation,
    Participant,
    Session,
    User,
)

admin.site.site_header = "Genie administration"
admin.site.site_title = "Genie administration"
admin.site.index_title = "Curate resources, questionnaires, users and organisations"


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_details", "created_at"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]
    list_filter = ["organisation", "groups", "is_active", "is_staff"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Organisation", {"fields": ("organisation",)}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Organisation and role", {"fields": ("organisation", "groups")}),
    )
    actions = ["reset_two_factor"]

    @admin.action(description="Reset two-factor sign-in (lost phone): set up again at next sign-in")
    def reset_two_factor(self, request, queryset):
        count = 0
        for user in queryset:
            two_factor.two_factor_reset(actor=request.user, user=user)
            count += 1
        self.message_user(
            request,
            f"Reset two-factor sign-in for {count} user(s). They set it up again at next "
            "sign-in and are told it was reset. Account events record it.",
        )


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    """Admins see participants for support and erasure requests; lists show no names."""

    actions = ["erase_selected"]
    list_display = ["reference", "organisation", "postcode_district", "created_at"]
    list_filter = ["organisation"]
    search_fields = ["reference"]
    readonly_fields = ["consent_recorded_at", "consent_recorded_by", "created_at", "updated_at"]

    @admin.action(description="Erase selected participants and everything about them")
    def erase_selected(self, request, queryset):
        count = 0
        for participant in queryset:
            services.participant_erase(user=request.user, participant=participant)
            count += 1
        self.message_user(request, f"Erased {count} participant(s). The audit trail records it.")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Admin pages read personal data outside genie.selectors: audit them here.
        participant = self.get_object(request, object_id)
        if participant is not None:
            audit_record(
                user=request.user, participant=participant, action="viewed", what="administration"
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_actions(self, request):
        # Django's bulk delete would skip the erasure's audit record.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["participant", "kind", "stage", "facilitator", "started_at", "completed_at"]
    list_filter = ["kind", "stage"]
    list_select_related = ["participant", "facilitator"]
    raw_id_fields = ["participant", "previous"]


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    """Read-only: two-factor set-ups, refusals, recovery codes and resets."""

    list_display = ["at", "username", "action", "what", "actor_username"]
    list_filter = ["action", ("at", admin.DateFieldListFilter)]
    search_fields = ["username", "actor_username"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail cannot be edited, even by admins."""

    list_display = ["at", "actor_username", "action", "what", "participant_id", "organisation"]
    list_filter = ["action", "organisation", ("at", admin.DateFieldListFilter)]
    search_fields = ["actor_username", "=participant_id"]
    date_hierarchy = "at"
    list_select_related = ["organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
