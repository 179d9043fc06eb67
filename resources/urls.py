from django.urls import path

from resources import views

urlpatterns = [
    path("opportunities/", views.opportunities, name="opportunities"),
    path("plan/", views.plan, name="plan"),
]
