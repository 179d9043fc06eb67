"""The anchor for bench/throughput.py: a signed-in request in plain Django.

The smallest Django project that serves a signed-in page the way Django itself
does: Django's default middleware, database sessions, and the user row read by
Django's own authentication middleware (ModelBackend). It reads Genie's tables
(the same session table and cookie settings, the same user row, the same
database settings), so the only difference measured against Genie's trivial
page is Genie's own work per request. The user signs in here through Django's
own LoginView: a Genie session names Genie's backend, which plain Django lacks.
"""

import os

import dj_database_url

SECRET_KEY = os.environ["GENIE_SECRET_KEY"]  # the same key: Genie's session cookie is valid here
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "bench.anchor",
]
# django-admin startproject's middleware, less nothing.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "bench.anchor.urls"
WSGI_APPLICATION = "bench.anchor.wsgi.application"
AUTH_USER_MODEL = "anchor.User"
# As Genie's: with Django's default the first sign-in here would rehash the
# password with PBKDF2, which ends the user's Genie session.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
# As genie/settings.py, so both open and keep connections alike.
DATABASES = {
    "default": dj_database_url.config(
        conn_max_age=int(os.environ.get("GENIE_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
USE_TZ = True
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.contrib.auth.context_processors.auth"]},
    }
]
