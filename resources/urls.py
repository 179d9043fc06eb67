from django.urls import path

from resources import views

urlpatterns = [
    path("opportunities/", views.opportunities, name="opportunities"),
    path("opportunities/map/", views.opportunities_map, name="opportunities_map"),
    path("opportunities/choose/", views.choose, name="opportunity_choose"),
    path(
        "opportunities/choices/<uuid:choice_id>/remove/",
        views.choice_remove,
        name="opportunity_choice_remove",
    ),
    path(
        "opportunities/choices/<uuid:choice_id>/companion/",
        views.choice_companion,
        name="opportunity_choice_companion",
    ),
    path("plan/", views.plan, name="plan"),
    path("review/", views.review, name="review"),
]
