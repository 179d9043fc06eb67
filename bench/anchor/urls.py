from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import render
from django.urls import path


@login_required
def page(request):
    return render(request, "anchor/page.html")


urlpatterns = [
    path("", page),
    path("accounts/login/", LoginView.as_view(template_name="anchor/login.html")),
]
