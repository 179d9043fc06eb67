from django.contrib import admin

from mapping.models import MemberKind


@admin.register(MemberKind)
class MemberKindAdmin(admin.ModelAdmin):
    """The list of member kinds is data: admins can rename, reorder or add kinds."""

    list_display = ["name", "code", "group", "shape", "symbol", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
