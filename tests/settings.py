"""Settings for the test suite: production settings with test-only conveniences."""

import os

os.environ.setdefault("GENIE_SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("GENIE_HTTPS", "false")
# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from genie.settings import *  # noqa: E402,F403

# Fast hashing for the many users tests create; production uses argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
# Two-factor sign-in has its own tests (tests/genie/test_two_factor.py), which
# switch it on; elsewhere tests sign in with force_login.
REQUIRE_TWO_FACTOR = False

# Any N+1 query pattern in a request fails the test that made it (django-zeal).
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]  # noqa: F405
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]  # noqa: F405
ZEAL_RAISE = True

# Evidence tables are recomputed on every request in tests (tests change data
# between requests); tests/evidence/test_dashboard.py switches the cache on.
EVIDENCE_CACHE_SECONDS = 0

# Production shares its cache between processes (the database cache); tests use
# memory so the query budgets count a request's own queries, and
# tests/evidence/test_facts.py checks the dashboard on the database cache.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
}
