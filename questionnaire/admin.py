"""Curating the questionnaire: versions, items, answer options and weights.

A version that has answers is read-only here: "Save as new version" copies it to
a draft that can be edited, and "Make active" puts a version in use.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from questionnaire import selectors, services
from questionnaire.models import WORDING_NOTE, AnswerOption, Item, ItemWeight, Questionnaire

LOCKED = (
    "This version already has answers, so it cannot be changed: old answers must keep "
    "their meaning. Use “Save as new version” on the questionnaire list to edit a copy."
)


def is_locked(request, questionnaire) -> bool:
    """Whether a version has answers; asked once per request and version."""
    if questionnaire is None:
        return False
    cache = request.__dict__.setdefault("_questionnaire_locked", {})
    if questionnaire.pk not in cache:
        cache[questionnaire.pk] = selectors.questionnaire_has_responses(questionnaire=questionnaire)
    return cache[questionnaire.pk]


def questionnaire_of(obj):
    return obj.questionnaire if isinstance(obj, Item) else obj


class LockedWhenAnsweredMixin:
    """Read-only for versions with answers (the object, or an inline's parent)."""

    def has_change_permission(self, request, obj=None):
        locked = obj is not None and is_locked(request, questionnaire_of(obj))
        return super().has_change_permission(request, obj) and not locked

    def has_delete_permission(self, request, obj=None):
        locked = obj is not None and is_locked(request, questionnaire_of(obj))
        return super().has_delete_permission(request, obj) and not locked

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and is_locked(request, questionnaire_of(obj)):
            self.message_user(request, LOCKED, messages.INFO)
        return super().change_view(request, object_id, form_url, extra_context)


class LockedInlineMixin(LockedWhenAnsweredMixin):
    def has_add_permission(self, request, obj=None):
        locked = obj is not None and is_locked(request, questionnaire_of(obj))
        return super().has_add_permission(request, obj) and not locked


class ItemInline(LockedInlineMixin, admin.TabularInline):
    model = Item
    fields = ["order", "text", "edit_link"]
    readonly_fields = ["edit_link"]
    extra = 0
    show_change_link = True

    @admin.display(description="Options and weights")
    def edit_link(self, item):
        if item.pk is None:
            return "Save first"
        return format_html(
            '<a href="{}">Edit options and weights</a>',
            reverse("admin:questionnaire_item_change", args=[item.pk]),
        )


@admin.register(Questionnaire)
class QuestionnaireAdmin(LockedWhenAnsweredMixin, admin.ModelAdmin):
    list_display = ["version", "title", "is_active", "created_at", "based_on"]
    list_select_related = ["based_on"]
    readonly_fields = ["version", "is_active", "based_on", "created_at"]
    fields = ["version", "title", "notes", "is_active", "based_on", "created_at"]
    inlines = [ItemInline]
    actions = ["save_as_new_version", "make_active"]

    def has_delete_permission(self, request, obj=None):
        # The active version stays: there is always exactly one.
        active = obj is not None and obj.is_active
        return super().has_delete_permission(request, obj) and not active

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["is_active", "based_on", "created_at"]
        return super().get_readonly_fields(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "subtitle": WORDING_NOTE}
        return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.action(description="Save as new version (a draft copy to edit)")
    def save_as_new_version(self, request, queryset):
        for questionnaire in queryset:
            draft = services.questionnaire_revise(questionnaire=questionnaire)
            self.message_user(
                request,
                f"Version {draft.version} is a draft copy of version {questionnaire.version}. "
                "Edit it, then use “Make active”.",
                messages.SUCCESS,
            )

    @admin.action(description="Make active (new sessions answer this version)")
    def make_active(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one version to make active.", messages.ERROR)
            return
        questionnaire = queryset.get()
        try:
            services.questionnaire_activate(questionnaire=questionnaire)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request,
            f"Version {questionnaire.version} is now active. Sessions already answering "
            "another version keep it.",
            messages.SUCCESS,
        )


class AnswerOptionInline(LockedInlineMixin, admin.TabularInline):
    model = AnswerOption
    fields = ["order", "label", "value"]
    extra = 0


class ItemWeightInline(LockedInlineMixin, admin.TabularInline):
    model = ItemWeight
    fields = ["category", "weight"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category")


@admin.register(Item)
class ItemAdmin(LockedWhenAnsweredMixin, admin.ModelAdmin):
    list_display = ["text", "order", "questionnaire"]
    list_filter = ["questionnaire"]
    list_select_related = ["questionnaire"]
    search_fields = ["text"]
    inlines = [AnswerOptionInline, ItemWeightInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "questionnaire":
            # Items go only into versions without answers.
            kwargs["queryset"] = selectors.questionnaires_editable()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
