"""Open Referral read API, included under /openreferral/ (paths as in HSDS 3.0)."""

from django.urls import path, re_path

from resources.openreferral import api

urlpatterns = [
    path("", api.index, name="openreferral_index"),
    path("openapi.json", api.openapi_document, name="openreferral_openapi"),
    path("services", api.services, name="openreferral_services"),
    path("services/<str:service_id>", api.service_detail, name="openreferral_service"),
    path(
        "service_at_locations",
        api.service_at_locations,
        name="openreferral_service_at_locations",
    ),
    path(
        "service_at_locations/<str:link_id>",
        api.service_at_location_detail,
        name="openreferral_service_at_location",
    ),
    path("organizations", api.organizations, name="openreferral_organizations"),
    path(
        "organizations/<str:organization_id>",
        api.organization_detail,
        name="openreferral_organization",
    ),
    path("taxonomies", api.taxonomies, name="openreferral_taxonomies"),
    path("taxonomies/<str:taxonomy_id>", api.taxonomy_detail, name="openreferral_taxonomy"),
    path("taxonomy_terms", api.taxonomy_terms, name="openreferral_taxonomy_terms"),
    path(
        "taxonomy_terms/<str:term_id>", api.taxonomy_term_detail, name="openreferral_taxonomy_term"
    ),
    re_path(r"^(?P<path>.*)$", api.not_found),
]
