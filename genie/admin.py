from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from genie import services
from genie.audit import audit_record
from genie.consent import DEFAULT_CASE_STUDY, DEFAULT_DATA_USE
from genie.models import (
    AuditEvent,
    Condition,
    ConsentStatement,
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


@admin.register(ConsentStatement)
class ConsentStatementAdmin(admin.ModelAdmin):
    """Admins write each organisation's statement. A published version never changes:
    "Add" publishes the next version, and participants keep the one they agreed to."""

    list_display = ["organisation", "version", "published_at", "published_by"]
    list_filter = ["organisation"]
    fields = ["organisation", "data_use", "case_study"]
    readonly_fields = ["version", "published_at", "published_by"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return ["organisation", "version", "published_at", "published_by", *self.fields[1:]]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else self.readonly_fields

    def get_changeform_initial_data(self, request):
        # Start from the newest wording of the chosen organisation, or Genie's own.
        initial = super().get_changeform_initial_data(request)
        organisation = Organisation.objects.filter(pk=initial.get("organisation")).first()
        latest = organisation.consent_statements.first() if organisation else None
        name = organisation.name if organisation else "[your organisation]"
        initial.setdefault(
            "data_use", latest.data_use if latest else DEFAULT_DATA_USE.format(organisation=name)
        )
        initial.setdefault(
            "case_study",
            latest.case_study if latest else DEFAULT_CASE_STUDY.format(organisation=name),
        )
        return initial

    def save_model(self, request, obj, form, change):
        if change:  # read-only: nothing to save
            return
        published = services.consent_statement_publish(
            user=request.user,
            organisation=form.cleaned_data["organisation"],
            data_use=form.cleaned_data["data_use"],
            case_study=form.cleaned_data["case_study"],
        )
        obj.pk, obj.version = published.pk, published.version

    def has_delete_permission(self, request, obj=None):
        # Participants' consent refers to the versions they agreed to.
        return False


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
