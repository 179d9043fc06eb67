"""Evidence URLs. Included at the site root by genie/urls.py, so the full paths live here."""

from django.urls import path

from evidence import views

urlpatterns = [
    path("evidence/", views.dashboard, name="evidence_home"),
    path("evidence/report/", views.board_report, name="evidence_report"),
    path("evidence/<slug:slug>.csv", views.panel_csv, name="evidence_csv"),
    path(
        "evidence/unmet-demand/map/",
        views.unmet_demand_map,
        name="evidence_unmet_demand_map",
    ),
    path("sessions/<uuid:session_id>/summary/", views.session_summary, name="session_summary"),
    path(
        "participants/<uuid:participant_id>/case-study/",
        views.case_study,
        name="case_study",
    ),
]
