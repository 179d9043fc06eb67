from django.urls import path

from resources import own_views

urlpatterns = [
    path("plan/", own_views.own_plan, name="own_plan"),
    path("activities/", own_views.own_activities, name="own_activities"),
    path("activities/find/", own_views.own_find, name="own_find"),
    path("activities/add/", own_views.own_add, name="own_add"),
    path("activities/<uuid:choice_id>/", own_views.own_activity, name="own_activity"),
]
