"""Curation pages outside the Django admin, included under /curation/."""

from django.urls import path

from resources import curation_views

urlpatterns = [
    path("stale/", curation_views.stale_queue, name="curation_stale"),
    path(
        "services/<uuid:service_id>/reviewed/",
        curation_views.service_reviewed,
        name="curation_service_reviewed",
    ),
    path(
        "services/<uuid:service_id>/report/",
        curation_views.report_problem,
        name="resource_report_problem",
    ),
    path("reports/", curation_views.report_queue, name="curation_reports"),
    path(
        "reports/<uuid:report_id>/close/",
        curation_views.report_close,
        name="curation_report_close",
    ),
]
