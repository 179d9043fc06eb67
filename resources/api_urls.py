"""Open Referral UK read API, included under /openreferral/ (trailing slash optional)."""

from django.urls import path, re_path

from resources import api

urlpatterns = [
    path("", api.index, name="openreferral_index"),
    re_path(r"^services/?$", api.services, name="openreferral_services"),
    re_path(r"^services/(?P<service_id>[^/]+)/?$", api.service_detail, name="openreferral_service"),
    re_path(
        r"^service_at_locations/?$",
        api.service_at_locations,
        name="openreferral_service_at_locations",
    ),
]
