from django.urls import path

from referrals import views

urlpatterns = [
    path("refer/", views.refer_choose, name="refer_choose"),
    path("refer/<uuid:organisation_id>/", views.refer, name="refer"),
    path("refer/<uuid:organisation_id>/thanks/", views.refer_thanks, name="refer_thanks"),
    path("referrals/", views.referral_inbox, name="referral_inbox"),
    path("referrals/mine/", views.referral_mine, name="referral_mine"),
    path("referrals/<uuid:referral_id>/", views.referral_detail, name="referral_detail"),
    path(
        "referrals/<uuid:referral_id>/participant/",
        views.referral_convert,
        name="referral_convert",
    ),
]
