from django.urls import path

from questionnaire import views

urlpatterns = [
    # "preferences" is the stage's entry: it resumes at the next unanswered question.
    path("preferences/", views.preferences, name="preferences"),
    path(
        "preferences/questions/<int:number>/",
        views.question,
        name="preferences_question",
    ),
    path("preferences/check/", views.check_answers, name="preferences_check"),
    path("preferences/practical/", views.practical_constraints, name="preferences_constraints"),
    path("preferences/profile/", views.interest_profile, name="preferences_profile"),
]
