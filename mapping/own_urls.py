from django.urls import path

from mapping import own_views

urlpatterns = [
    path("map/", own_views.own_map, name="own_map"),
    path("map/redraw/", own_views.own_redraw, name="own_redraw"),
]
