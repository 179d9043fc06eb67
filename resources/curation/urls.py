"""Curation pages outside the Django admin, included under /curation/."""

from django.urls import path

from resources.curation import views

urlpatterns = [
    path("stale/", views.stale_queue, name="curation_stale"),
    path(
        "services/<uuid:service_id>/reviewed/",
        views.service_reviewed,
        name="curation_service_reviewed",
    ),
    path(
        "services/<uuid:service_id>/report/",
        views.report_problem,
        name="resource_report_problem",
    ),
    path("reports/", views.report_queue, name="curation_reports"),
    path(
        "reports/<uuid:report_id>/close/",
        views.report_close,
        name="curation_report_close",
    ),
]
