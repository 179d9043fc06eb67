from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from genie import selectors, services, two_factor
from genie.audit import audit_record
from genie.consent import DEFAULT_CASE_STUDY, DEFAULT_DATA_USE
from genie.forms import ParticipantFindForm
from genie.models import (
    AccountEvent,
    AuditEvent,
    Condition,
    ConsentStatement,
    ErasureRequest,
    Organisation,
    Participant,
    Session,
    User,
)

# django-otp's device pages would let an admin read a user's authenticator key or
# recovery codes, or add a device for them unaudited. Admins reset two-factor
# sign-in instead (Users → "Reset two-factor sign-in"), which is recorded and
# told to the user.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)

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


class AuditedParticipantRecordAdmin(admin.ModelAdmin):
    """Administration pages of participant-level records: every view, create, change
    and delete is in the audit trail, as it is through Genie's own pages."""

    WHAT = "administration"

    def participant_of(self, obj) -> Participant:
        raise NotImplementedError

    def _audit(self, request, obj, action, what=WHAT):
        audit_record(
            user=request.user, participant=self.participant_of(obj), action=action, what=what
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Admin pages read personal data outside genie.selectors: audit them here.
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET":
            self._audit(request, obj, AuditEvent.Action.VIEWED)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            self._audit(request, obj, AuditEvent.Action.VIEWED, "administration history")
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        # The confirmation page lists what would go with the record.
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET" and self.has_delete_permission(request, obj):
            self._audit(request, obj, AuditEvent.Action.VIEWED)
        return super().delete_view(request, object_id, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._audit(
            request, obj, AuditEvent.Action.CHANGED if change else AuditEvent.Action.CREATED
        )

    def delete_model(self, request, obj):
        self._audit(request, obj, AuditEvent.Action.DELETED)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, AuditEvent.Action.DELETED)
        super().delete_queryset(request, queryset)


@admin.register(Participant)
class ParticipantAdmin(AuditedParticipantRecordAdmin):
    """Admins see participants for support and erasure requests; lists show no names.

    There is no search box: Django's puts the typed reference in the URL (and so in
    access logs). "Find a participant" posts it instead, and audits what it shows.
    """

    actions = ["erase_selected"]
    list_display = ["reference", "organisation", "postcode_district", "created_at"]
    list_filter = ["organisation"]
    readonly_fields = ["consent_recorded_at", "consent_recorded_by", "created_at", "updated_at"]

    def participant_of(self, obj):
        return obj

    @admin.action(description="Erase selected participants and everything about them")
    def erase_selected(self, request, queryset):
        count = 0
        for participant in queryset:
            services.participant_erase(user=request.user, participant=participant)
            count += 1
        self.message_user(request, f"Erased {count} participant(s). The audit trail records it.")

    def get_urls(self):
        find = path(
            "find/",
            self.admin_site.admin_view(self.find_view),
            name="genie_participant_find",
        )
        return [find, *super().get_urls()]

    def find_view(self, request):
        """Find participants by their exact reference, posted (never in the URL)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = ParticipantFindForm(request.POST or None)
        results = None
        if request.method == "POST" and form.is_valid():
            results = selectors.participants_find(
                user=request.user, reference=form.cleaned_data["reference"]
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Find a participant",
            "form": form,
            "results": results,
        }
        return TemplateResponse(request, "admin/genie/participant/find.html", context)

    def save_model(self, request, obj, form, change):
        # As in Genie's own form: a change of consent records who recorded it, and when.
        if {"consent_data_use", "consent_case_study"} & set(form.changed_data):
            obj.consent_recorded_at = timezone.now()
            obj.consent_recorded_by = request.user
        super().save_model(request, obj, form, change)

    def get_actions(self, request):
        # Django's bulk delete would skip the erasure's audit record.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_add_permission(self, request):
        # Participants are added by their organisation's facilitators, who record consent.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Session)
class SessionAdmin(AuditedParticipantRecordAdmin):
    list_display = ["participant", "kind", "stage", "facilitator", "started_at", "completed_at"]
    list_filter = ["kind", "stage"]
    list_select_related = ["participant", "facilitator"]
    raw_id_fields = ["participant", "previous"]

    def participant_of(self, obj):
        return obj.participant


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    """Read-only: participants' requests (from their own sign-in) to erase their record.
    Act on one by erasing the participant (Participants), which removes the request too."""

    list_display = ["requested_at", "participant_id", "organisation"]
    list_filter = [("requested_at", admin.DateFieldListFilter)]
    list_select_related = ["participant__organisation"]
    fields = ["requested_at", "participant_id", "organisation"]
    readonly_fields = fields

    @admin.display(description="Organisation")
    def organisation(self, obj):
        return obj.participant.organisation

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
