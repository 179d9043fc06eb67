from django.urls import path

from mapping import views

urlpatterns = [
    path("network/", views.network, name="network"),
]
