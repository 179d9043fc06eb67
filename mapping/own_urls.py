from django.urls import path

from mapping import own_views

urlpatterns = [
    path("map/", own_views.own_map, name="own_map"),
]
