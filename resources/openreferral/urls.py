"""Open Referral UK read API, included under /openreferral/ (paths as in HSDS 3.0)."""

from django.urls import path

from resources.openreferral import api

urlpatterns = [
    path("", api.index, name="openreferral_index"),
    path("services", api.services, name="openreferral_services"),
    path("services/<str:service_id>", api.service_detail, name="openreferral_service"),
    path(
        "service_at_locations",
        api.service_at_locations,
        name="openreferral_service_at_locations",
    ),
]
