from django.urls import path

from mapping import views

urlpatterns = [
    path("network/", views.network, name="network"),
    path("network/members/add/", views.member_add, name="network_member_add"),
    path("network/members/add-several/", views.members_add, name="network_members_add"),
    path("network/members/<uuid:member_id>/edit/", views.member_edit, name="network_member_edit"),
    path("network/members/<uuid:member_id>/move/", views.member_move, name="network_member_move"),
    path(
        "network/members/<uuid:member_id>/remove/",
        views.member_remove,
        name="network_member_remove",
    ),
    path(
        "network/members/<uuid:member_id>/restore/",
        views.member_restore,
        name="network_member_restore",
    ),
    path("network/dropped/add/", views.dropped_activity_add, name="network_dropped_add"),
    path(
        "network/dropped/<uuid:activity_id>/remove/",
        views.dropped_activity_remove,
        name="network_dropped_remove",
    ),
    path(
        "network/dropped/<uuid:activity_id>/taken-up/",
        views.dropped_activity_taken_up,
        name="network_dropped_taken_up",
    ),
    # Research exports cover all of the participant's snapshots.
    path(
        "network/export.graphml",
        views.network_export,
        {"fmt": "graphml"},
        name="network_export_graphml",
    ),
    path(
        "network/export-members.csv",
        views.network_export,
        {"fmt": "members.csv"},
        name="network_export_members_csv",
    ),
    path(
        "network/export-ego.csv",
        views.network_export,
        {"fmt": "ego.csv"},
        name="network_export_ego_csv",
    ),
]
