"""Curating local resources in the Django admin: listings, places, categories, imports, reports."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from genie import roles
from genie.models import Category
from resources.curation import selectors as curation_selectors
from resources.curation import services as curation_services
from resources.locator import default_locator
from resources.models import (
    CategoryMapping,
    DirectoryFeed,
    ImportRun,
    Location,
    Organization,
    ProblemReport,
    Schedule,
    Service,
    ServiceAtLocation,
)
from resources.openreferral import services as openreferral_services
from resources.openreferral import writer
from resources.openreferral.records import ImportFileError
from resources.openreferral.sync import FeedError, feed_sync


class AdminRoleOnly:
    """Only Genie admins curate, whatever Django permissions a staff account holds."""

    def has_module_permission(self, request):
        return roles.is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return roles.is_admin(request.user)

    def has_add_permission(self, request, *args):
        return roles.is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return roles.is_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return roles.is_admin(request.user)


class CuratorAdmin(AdminRoleOnly, admin.ModelAdmin):
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


# --- Filters ------------------------------------------------------------------------


class StaleFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("stale", f"Not reviewed for {curation_selectors.stale_months()} months"),
            ("current", "Reviewed recently"),
        ]

    def queryset(self, request, queryset):
        stale = Q(last_reviewed__isnull=True) | Q(
            last_reviewed__lt=curation_selectors.stale_before()
        )
        if self.value() == "stale":
            return queryset.filter(stale)
        if self.value() == "current":
            return queryset.exclude(stale)
        return queryset


class NeedsLocationFilter(admin.SimpleListFilter):
    title = "placed on the map"
    parameter_name = "placed"

    def lookups(self, request, model_admin):
        return [("no", "Needs location"), ("yes", "Placed")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(unplaced=True)
        if self.value() == "yes":
            return queryset.filter(unplaced=False)
        return queryset


class AreaFilter(admin.SimpleListFilter):
    title = "area (postcode district)"
    parameter_name = "area"

    def lookups(self, request, model_admin):
        districts = (
            Location.objects.exclude(postcode_district="")
            .order_by("postcode_district")
            .values_list("postcode_district", flat=True)
            .distinct()
        )
        return [(district, district) for district in districts]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if queryset.model is Location:
            return queryset.filter(postcode_district=self.value())
        return queryset.filter(
            Exists(
                ServiceAtLocation.objects.filter(
                    service=OuterRef("pk"), location__postcode_district=self.value()
                )
            )
        )


# --- Inlines ------------------------------------------------------------------------


class ServiceAtLocationInline(AdminRoleOnly, admin.TabularInline):
    model = ServiceAtLocation
    fk_name = "service"
    fields = ["location"]
    autocomplete_fields = ["location"]
    extra = 0
    verbose_name = "location"
    verbose_name_plural = "Where it runs"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service", "location")


class ServicesHereInline(AdminRoleOnly, admin.TabularInline):
    model = ServiceAtLocation
    fk_name = "location"
    fields = ["service"]
    autocomplete_fields = ["service"]
    extra = 0
    verbose_name = "service"
    verbose_name_plural = "Services here"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service", "location")


class ScheduleInline(AdminRoleOnly, admin.TabularInline):
    model = Schedule
    fields = ["freq", "byday", "opens_at", "closes_at", "description"]
    extra = 0
    verbose_name_plural = "Opening times"


class ProblemReportInline(AdminRoleOnly, admin.TabularInline):
    model = ProblemReport
    fk_name = "service"
    fields = ["kind", "note", "status", "reported_by", "reported_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Problem reports"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service", "reported_by")

    def has_add_permission(self, request, obj=None):
        return False


# --- Import and export ----------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Directory file",
        help_text="A CSV in Genie's layout, or Open Referral UK JSON (version 1 or 3).",
    )
    source = forms.CharField(
        max_length=100,
        label="Where it comes from",
        help_text="Use the same name every time you import this directory, for example "
        "“Southampton council directory”: records are matched by it and their ids.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > openreferral_services.max_import_bytes():
            raise forms.ValidationError(openreferral_services.too_large_message())
        return upload

    def clean_source(self):
        source = " ".join(self.cleaned_data["source"].split())
        if not source:
            raise forms.ValidationError("Enter where the file comes from.")
        return source


@admin.register(Service)
class ServiceAdmin(CuratorAdmin):
    change_list_template = "admin/resources/service/change_list.html"
    list_display = [
        "name",
        "organization",
        "status",
        "areas",
        "reviewed",
        "is_placed",
        "open_report_status",
    ]
    list_filter = [
        "status",
        "categories",
        AreaFilter,
        StaleFilter,
        NeedsLocationFilter,
        "delivery",
        "national",
        "source",
    ]
    list_select_related = ["organization"]
    search_fields = [
        "name",
        "organization__name",
        "external_id",
        "service_at_locations__location__postal_code",
        "service_at_locations__location__name",
    ]
    autocomplete_fields = ["organization"]
    filter_horizontal = ["categories"]
    inlines = [ServiceAtLocationInline, ScheduleInline, ProblemReportInline]
    actions = ["mark_reviewed", "archive"]
    readonly_fields = ["source", "external_id", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "organization", "description", "status", "categories"]}),
        ("How to take part", {"fields": ["delivery", "national", "is_free", "cost_description"]}),
        ("Contact", {"fields": ["url", "email", "phone", "eligibility_description"]}),
        ("Review", {"fields": ["last_reviewed"]}),
        ("Imported from", {"fields": readonly_fields, "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                # Unplaced: a place without coordinates, or in person with no place at all.
                unplaced=curation_selectors.unplaced(),
                open_report=Exists(
                    ProblemReport.objects.filter(
                        service=OuterRef("pk"), status=ProblemReport.Status.OPEN
                    )
                ),
            )
            .prefetch_related(
                Prefetch(
                    "service_at_locations",
                    queryset=ServiceAtLocation.objects.select_related("location"),
                )
            )
        )

    @admin.display(description="Areas")
    def areas(self, service):
        districts = {link.location.postcode_district for link in service.service_at_locations.all()}
        return ", ".join(sorted(d for d in districts if d)) or "–"

    @admin.display(description="Last reviewed", ordering="last_reviewed", empty_value="Never")
    def reviewed(self, service):
        return service.last_reviewed

    @admin.display(description="Placed", boolean=True, ordering="unplaced")
    def is_placed(self, service):
        return not service.unplaced

    @admin.display(description="Report", ordering="-open_report")
    def open_report_status(self, service):
        return "Open" if service.open_report else "–"

    @admin.action(description="Mark selected listings as reviewed today")
    def mark_reviewed(self, request, queryset):
        count = curation_services.services_mark_reviewed(services=queryset)
        self.message_user(request, f"{count} listing(s) marked as reviewed today.")

    @admin.action(description="Archive selected listings (status inactive)")
    def archive(self, request, queryset):
        count = curation_services.services_archive(services=queryset)
        self.message_user(request, f"{count} listing(s) archived: they no longer show anywhere.")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="resources_service_import"),
            path(
                "import/<uuid:run_id>/",
                view(self.import_preview_view),
                name="resources_service_import_preview",
            ),
            path("export/<str:kind>/", view(self.export_view), name="resources_service_export"),
            *super().get_urls(),
        ]

    def _context(self, request, title):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title}

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        last = ImportRun.objects.order_by("-created_at").values_list("source", flat=True).first()
        bound = request.method == "POST"
        form = ImportForm(
            request.POST if bound else None,
            request.FILES if bound else None,
            initial={"source": last},
        )
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                run = openreferral_services.import_run_create(
                    content=upload.read(),
                    filename=upload.name,
                    source=form.cleaned_data["source"],
                    user=request.user,
                    locator=default_locator(),
                )
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                return redirect("admin:resources_service_import_preview", run_id=run.pk)
        context = self._context(request, "Import listings") | {"form": form}
        return TemplateResponse(request, "admin/resources/service/import_form.html", context)

    def import_preview_view(self, request, run_id):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        run = get_object_or_404(ImportRun, pk=run_id)
        if request.method == "POST" and run.status == ImportRun.Status.PREVIEWED:
            if request.POST.get("action") == "refresh":
                run.summary = openreferral_services.import_report(
                    openreferral_services.import_plan(
                        content=run.content, source=run.source, locator=default_locator()
                    )
                )
                run.save(update_fields=["summary"])
                self.message_user(request, "The preview has been checked again.")
                return redirect("admin:resources_service_import_preview", run_id=run.pk)
            run, committed = openreferral_services.import_run_commit(
                run_id=run.pk, locator=default_locator()
            )
            if committed:
                self.message_user(
                    request,
                    f"Imported: {run.summary['create']} new and {run.summary['update']} "
                    f"changed listing(s); {run.summary['rejected']} row(s) left out.",
                    messages.SUCCESS,
                )
                return redirect("admin:resources_service_changelist")
            self.message_user(
                request,
                "The listings changed since this preview, so nothing was imported. "
                "Check the new preview below and import again.",
                messages.WARNING,
            )
            return redirect("admin:resources_service_import_preview", run_id=run.pk)
        if request.method == "POST":
            self.message_user(request, "This file has already been imported.", messages.INFO)
        context = self._context(request, f"Preview: {run.filename}") | {
            "run": run,
            "report": run.summary,
            "limit": openreferral_services.REPORT_LIMIT,
            "mapping_add_url": reverse("admin:resources_categorymapping_add"),
        }
        return TemplateResponse(request, "admin/resources/service/import_preview.html", context)

    def export_view(self, request, kind):
        if not self.has_view_permission(request) or kind not in {"csv", "json"}:
            return redirect("admin:index")
        stamp = timezone.localdate().isoformat()
        services = curation_selectors.public_services()
        if kind == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="genie-listings-{stamp}.csv"'
            writer.write_csv(services, response)
            return response
        response = HttpResponse(content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="genie-listings-{stamp}.json"'
        response.write(writer.export_json(services))
        return response


@admin.register(Organization)
class OrganizationAdmin(CuratorAdmin):
    list_display = ["name", "email", "phone", "service_count", "source"]
    list_filter = ["source"]
    search_fields = ["name", "email", "external_id"]
    readonly_fields = ["source", "external_id", "created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(service_total=Count("services"))

    @admin.display(description="Services", ordering="service_total")
    def service_count(self, organization):
        return organization.service_total


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = [
            "name",
            "organization",
            "address_1",
            "city",
            "postal_code",
            "latitude",
            "longitude",
            "step_free_access",
            "accessibility_description",
        ]
        help_texts = {
            "latitude": "Leave both coordinates empty to place it by its postcode.",
        }

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise forms.ValidationError("Enter both latitude and longitude, or neither.")
        return cleaned


@admin.register(Location)
class LocationAdmin(CuratorAdmin):
    form = LocationForm
    list_display = ["__str__", "address_1", "postal_code", "postcode_district", "placement"]
    list_filter = ["placement", NeedsLocationFilter, AreaFilter, "source"]
    list_select_related = ["organization"]
    search_fields = ["name", "address_1", "city", "postal_code", "external_id"]
    autocomplete_fields = ["organization"]
    inlines = [ServicesHereInline]
    readonly_fields = ["placement", "postcode_district", "source", "external_id"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(unplaced=Q(latitude__isnull=True) | Q(longitude__isnull=True))
        )

    def save_model(self, request, obj, form, change):
        curation_services.location_place(
            location=obj,
            locator=default_locator(),
            typed=bool({"latitude", "longitude"} & set(form.changed_data)),
        )
        super().save_model(request, obj, form, change)
        if obj.needs_location:
            self.message_user(
                request,
                f"“{obj}” could not be placed from its postcode: it is flagged “needs "
                "location”. Enter its latitude and longitude to place it by hand.",
                messages.WARNING,
            )


@admin.register(ServiceAtLocation)
class ServiceAtLocationAdmin(CuratorAdmin):
    list_display = ["service", "location"]
    list_select_related = ["service", "location"]
    search_fields = ["service__name", "location__name", "location__postal_code"]
    autocomplete_fields = ["service", "location"]


@admin.register(Schedule)
class ScheduleAdmin(CuratorAdmin):
    list_display = ["service", "freq", "byday", "opens_at", "closes_at", "description"]
    list_filter = ["freq"]
    list_select_related = ["service"]
    search_fields = ["service__name", "description"]
    autocomplete_fields = ["service"]
    exclude = ["service_at_location", "source", "external_id"]


@admin.register(Category)
class CategoryAdmin(CuratorAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(CategoryMapping)
class CategoryMappingAdmin(CuratorAdmin):
    list_display = ["term", "category"]
    list_editable = ["category"]
    list_filter = ["category"]
    list_select_related = ["category"]
    search_fields = ["term"]


@admin.register(ImportRun)
class ImportRunAdmin(CuratorAdmin):
    list_display = ["filename", "source", "status", "created_by", "created_at", "committed_at"]
    list_filter = ["status", "source"]
    list_select_related = ["created_by"]
    fields = ["filename", "source", "status", "sha256", "created_by", "created_at", "summary"]
    readonly_fields = fields

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DirectoryFeed)
class DirectoryFeedAdmin(CuratorAdmin):
    """Council Open Referral UK APIs kept in step by `manage.py sync_openreferral --all`."""

    list_display = ["source", "url", "last_started_at", "last_result"]
    fields = ["url", "source", "last_started_at", "last_report"]
    readonly_fields = ["last_started_at", "last_report"]
    actions = ["dry_run", "sync_now"]

    @admin.display(description="Last sync")
    def last_result(self, feed):
        report = feed.last_report or {}
        if not report:
            return "Never"
        return (
            f"{report.get('create', 0)} new, {report.get('update', 0)} changed, "
            f"{report.get('gone', 0)} gone, {report.get('needs_location', 0)} need a location"
        )

    def _sync(self, request, queryset, commit):
        for feed in queryset:
            try:
                result = feed_sync(feed=feed, locator=default_locator(), commit=commit)
            except FeedError as error:
                self.message_user(
                    request, f"{feed.source}: nothing was changed. {error}", messages.ERROR
                )
                continue
            summary = result.summary()
            verb = "synchronised" if commit else "would change (dry run)"
            self.message_user(
                request,
                f"{feed.source} {verb}: {summary['create']} new, {summary['update']} changed, "
                f"{summary['gone']} gone, {summary['rejected']} rejected, "
                f"{summary['needs_location']} need a location.",
            )

    @admin.action(description="Show what a sync would change (dry run)")
    def dry_run(self, request, queryset):
        self._sync(request, queryset, commit=False)

    @admin.action(description="Synchronise selected feeds now")
    def sync_now(self, request, queryset):
        self._sync(request, queryset, commit=True)


@admin.register(ProblemReport)
class ProblemReportAdmin(CuratorAdmin):
    list_display = ["service", "kind", "status", "reported_by", "reported_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["service", "reported_by"]
    search_fields = ["service__name", "note"]
    readonly_fields = ["service", "kind", "note", "reported_by", "reported_at", "closed_by"]
    actions = ["resolve", "dismiss"]

    def has_add_permission(self, request, *args):
        return False

    def _close(self, request, queryset, status):
        closed = sum(
            1
            for report in queryset
            if curation_services.problem_report_close(
                report_id=report.pk, user=request.user, status=status
            )
        )
        self.message_user(request, f"{closed} report(s) closed.")

    @admin.action(description="Resolve selected reports (the listing was fixed)")
    def resolve(self, request, queryset):
        self._close(request, queryset, ProblemReport.Status.RESOLVED)

    @admin.action(description="Dismiss selected reports (nothing to change)")
    def dismiss(self, request, queryset):
        self._close(request, queryset, ProblemReport.Status.DISMISSED)
