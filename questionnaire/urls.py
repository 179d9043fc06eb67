from django.urls import path

from questionnaire import views

urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
]
