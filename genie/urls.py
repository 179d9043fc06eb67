from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from genie import own_views, views
from resources import tiles

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/stay-signed-in/", views.stay_signed_in, name="stay_signed_in"),
    path("accounts/two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/setup/qr.svg", views.two_factor_qr, name="two_factor_qr"),
    path(
        "accounts/two-factor/recovery-codes/",
        views.two_factor_recovery,
        name="two_factor_recovery",
    ),
    path("accounts/set-up/", own_views.sign_in_set_up, name="sign_in_set_up"),
    # A participant's own Genie (#20): no record is named in these URLs.
    path("me/", own_views.own_home, name="own_home"),
    path("me/account/", own_views.own_account, name="own_account"),
    path("me/my-data.json", own_views.own_export, name="own_export"),
    path("me/erasure/", own_views.own_erasure, name="own_erasure"),
    path("me/", include("resources.own_urls")),
    path("me/", include("mapping.own_urls")),
    path("participants/", views.participant_list, name="participant_list"),
    path("participants/new/", views.participant_create, name="participant_create"),
    path(
        "participants/<uuid:participant_id>/", views.participant_detail, name="participant_detail"
    ),
    path(
        "participants/<uuid:participant_id>/edit/",
        views.participant_edit,
        name="participant_edit",
    ),
    path(
        "participants/<uuid:participant_id>/export.json",
        views.participant_export,
        name="participant_export",
    ),
    path(
        "participants/<uuid:participant_id>/sign-in-code/",
        own_views.sign_in_code_create,
        name="sign_in_code_create",
    ),
    path(
        "participants/<uuid:participant_id>/sessions/new/",
        views.session_start,
        name="session_start",
    ),
    path("sessions/<uuid:session_id>/", views.session_resume, name="session_resume"),
    path("sessions/<uuid:session_id>/reopen/", views.session_reopen, name="session_reopen"),
    path("sessions/<uuid:session_id>/wellbeing/", views.wellbeing, name="wellbeing"),
    path("sessions/<uuid:session_id>/", include("mapping.urls")),
    path("sessions/<uuid:session_id>/", include("questionnaire.urls")),
    path("sessions/<uuid:session_id>/", include("resources.urls")),
    path("", include("referrals.urls")),
    path("", include("evidence.urls")),
    path("curation/", include("resources.curation.urls")),
    path("tiles/<int:z>/<int:x>/<int:y>.png", tiles.tile, name="map_tile"),
    path("openreferral/", include("resources.openreferral.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "genie.views.not_found"
handler403 = "genie.views.forbidden"
handler500 = "genie.views.server_error"
