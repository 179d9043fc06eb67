"""Genie settings, read from environment variables.

Defaults are safe for production: debug off, HTTPS-only cookies, a secret key
that must be given. `make run` switches on GENIE_DEBUG and GENIE_DEMO for a
local demonstration. Every variable is documented in README.md.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("GENIE_DEBUG")
# Demo mode allows the well-known demo users and switches off two-factor.
DEMO = env_bool("GENIE_DEMO")
# Behind a TLS-terminating reverse proxy: trust its X-Forwarded-Proto and -For.
BEHIND_PROXY = env_bool("GENIE_BEHIND_PROXY")

SECRET_KEY = os.environ.get("GENIE_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set GENIE_SECRET_KEY (or GENIE_DEBUG=true for local use).")
    SECRET_KEY = "genie-local-development-only-not-secret-" + "x" * 20

ALLOWED_HOSTS = env_list("GENIE_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("GENIE_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "genie",
    "mapping",
    "questionnaire",
    "referrals",
    "resources",
    "evidence",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Django's LoginRequiredMiddleware, keeping what was sent when a sign-in expired.
    "genie.sign_in_expiry.SignInRequiredMiddleware",
    "genie.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "genie.middleware.SessionFinishedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "genie.middleware.SessionLifetimeMiddleware",
    "genie.sign_in_expiry.PendingChangeMiddleware",
    "genie.middleware.PrivateResponseMiddleware",
    # Last, so a lockout is reported after the response is known.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "genie.urls"
WSGI_APPLICATION = "genie.wsgi.application"
AUTH_USER_MODEL = "genie.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "genie.context_processors.genie",
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL through psycopg 3 in production), or an
# embedded SQLite file for a first run.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{os.environ.get('GENIE_SQLITE_PATH', BASE_DIR / 'db.sqlite3')}",
        conn_max_age=int(os.environ.get("GENIE_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serving a web server: write-ahead logging lets pages read while one
    # request writes; IMMEDIATE transactions take the write lock at BEGIN, so two
    # requests that read then write queue (up to the busy timeout, in seconds)
    # instead of one failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("GENIE_SQLITE_BUSY_SECONDS", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif env_bool("GENIE_DB_PREPARE", default=True):
    # The session and user reads, on every request, are prepared from their fifth
    # use on a connection (genie.statements; Django's other queries never are).
    # GENIE_DB_PREPARE=false behind a pooler that cannot keep prepared statements
    # (PgBouncer in transaction mode before 1.21).
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Authentication
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, reading the user's organisation and roles with the user.
    "genie.backends.StaffBackend",
]
# Login throttling (django-axes): 5 failures for one username from one
# address locks that pair out for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("GENIE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("GENIE_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The client's address for the lockout (django-axes through django-ipware). Behind
# GENIE_TRUSTED_PROXIES reverse proxies, each appending the address it received
# from to X-Forwarded-For, the client is that many entries from the right; entries
# further left came from the client and are ignored. Not behind a proxy, the
# header is never read.
TRUSTED_PROXIES = int(os.environ.get("GENIE_TRUSTED_PROXIES", "1"))
if TRUSTED_PROXIES < 1:
    raise ImproperlyConfigured("GENIE_TRUSTED_PROXIES must be 1 or more.")
if BEHIND_PROXY:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_ORDER = "left-most"
    # ipware counts the proxies named in the header: client, proxy 1 ... proxy N-1.
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXIES - 1
    # A longer header (the client added entries) still yields the trusted entry.
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# Two-factor sign-in (TOTP, django-otp): required for admins and commissioners
# unless switched off (the local demo does); facilitators may opt in.
REQUIRE_TWO_FACTOR = env_bool("GENIE_REQUIRE_TWO_FACTOR", default=not DEMO)
OTP_TOTP_ISSUER = os.environ.get("GENIE_TWO_FACTOR_ISSUER", "Genie")

# Sessions: idle timeout and HTTPS-only cookies. Any request renews the idle
# timeout, but the session row is written at most once a SESSION_RENEW_SECONDS
# (genie.middleware.SessionLifetimeMiddleware), not on every request: a write is
# three database round trips. Pages count down from the timeout less that.
# Django's database sessions, the read on every request written once (genie.sessions).
SESSION_ENGINE = "genie.sessions"
SESSION_COOKIE_AGE = int(os.environ.get("GENIE_SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_RENEW_SECONDS = 60
# Pages warn this long before the idle timeout, with a "Stay signed in" button.
SESSION_WARNING_SECONDS = int(os.environ.get("GENIE_SESSION_WARNING_SECONDS", "120"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# However active, a signed-in session ends after this long (default 12 hours).
SESSION_MAX_AGE_SECONDS = int(os.environ.get("GENIE_SESSION_MAX_SECONDS", str(12 * 3600)))
SESSION_COOKIE_SAMESITE = "Lax"

# HTTPS and headers. GENIE_HTTPS=false only behind a trusted local setup.
HTTPS = env_bool("GENIE_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("GENIE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = int(os.environ.get("GENIE_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Pages are never framed, except our own map views (which use
# xframe_options_sameorigin); modern browsers follow CSP frame-ancestors.
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): everything from our own origin, no
# inline scripts (a nonce where a library needs one), no eval.
TILE_URL = os.environ.get("GENIE_TILE_URL", "")
TILE_ATTRIBUTION = os.environ.get("GENIE_TILE_ATTRIBUTION", "")
# A folder of {z}/{x}/{y}.png tiles Genie serves itself at /tiles/ (resources/tiles.py).
TILES_DIR = os.environ.get("GENIE_TILES_DIR", "")
_tile_origins = env_list("GENIE_TILE_ORIGINS")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_tile_origins],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Internationalisation
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files, served by the app itself (whitenoise).
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Maps and geocoding. With no tile URL the maps still show their markers.
GEOCODER = os.environ.get("GENIE_GEOCODER", "")  # e.g. "nominatim"; empty = offline only
GEOCODER_USER_AGENT = os.environ.get("GENIE_GEOCODER_USER_AGENT", "genie-self-hosted")
GEOCODER_TIMEOUT = float(os.environ.get("GENIE_GEOCODER_TIMEOUT", "3"))

# Retention: participants untouched for this many days are erased by
# `manage.py purge_expired` (run it daily from cron or a systemd timer).
RETENTION_DAYS = int(os.environ.get("GENIE_RETENTION_DAYS", str(3 * 365)))

# Referrals: first contact is due this many working days after a referral
# arrives; referrals that never became participants are erased after
# REFERRAL_RETENTION_DAYS; the public form takes at most REFERRAL_RATE per
# client address (django-ratelimit; the same client address as the lockout).
REFERRAL_FIRST_CONTACT_DAYS = int(os.environ.get("GENIE_REFERRAL_FIRST_CONTACT_DAYS", "5"))
REFERRAL_RETENTION_DAYS = int(os.environ.get("GENIE_REFERRAL_RETENTION_DAYS", "180"))
REFERRAL_RATE = os.environ.get("GENIE_REFERRAL_RATE", "10/h")
# Confirmation emails go through Django's email settings; by default they are
# written to the server's console (set GENIE_EMAIL_HOST to send them).
EMAIL_HOST = os.environ.get("GENIE_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("GENIE_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("GENIE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GENIE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("GENIE_EMAIL_TLS", default=True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("GENIE_EMAIL_FROM", "genie@localhost")

# Local resources: the public Open Referral UK read API, and when a listing
# counts as stale in the curators' review queue.
OPENREFERRAL_API_ENABLED = env_bool("GENIE_OPENREFERRAL_API", default=True)
RESOURCE_STALE_MONTHS = int(os.environ.get("GENIE_RESOURCE_STALE_MONTHS", "12"))
# The largest directory file an import reads (admin upload, import_resources, a feed sync).
RESOURCE_IMPORT_MAX_MB = int(os.environ.get("GENIE_RESOURCE_IMPORT_MAX_MB", "20"))
# Distances everywhere (Stage 2's question, Stage 3's filters and reasons, the plan):
# "miles" (the default) or "km".
DISTANCE_UNIT = "km" if os.environ.get("GENIE_DISTANCE_UNIT", "").lower() == "km" else "miles"

# The cache is shared by every process: the database (table genie_cache, made by
# a migration) unless GENIE_CACHE_URL names a Redis server (redis://host:6379/0,
# needs the redis package). The dashboard caches a page's figures as one unit.
CACHE_URL = os.environ.get("GENIE_CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL.startswith(("redis://", "rediss://", "unix://"))
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "genie_cache"}
    ),
    # Per process, for what may differ between workers without harm and is read on
    # every Stage request, where a shared cache would cost a query each time: the
    # audit's "viewed recently" window (at worst one "viewed" row per worker, #21).
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

# Commissioner evidence: counts below this are shown as "fewer than N"; the
# dashboard's tables are recomputed at most this often per filter.
SUPPRESSION_THRESHOLD = int(os.environ.get("GENIE_SUPPRESSION_THRESHOLD", "5"))
EVIDENCE_CACHE_SECONDS = int(os.environ.get("GENIE_EVIDENCE_CACHE_SECONDS", "300"))
# Disclosure control (evidence/disclosure.py): counts rounded to the nearest N,
# averages from this many answers, fixed area groups of at least this many people.
EVIDENCE_ROUNDING = int(os.environ.get("GENIE_EVIDENCE_ROUNDING", "5"))
EVIDENCE_AVERAGE_MINIMUM = int(os.environ.get("GENIE_EVIDENCE_AVERAGE_MINIMUM", "10"))
EVIDENCE_AREA_GROUP_MINIMUM = int(os.environ.get("GENIE_EVIDENCE_AREA_GROUP_MINIMUM", "20"))

# Logging: no personal data is ever logged; messages carry ids only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GENIE_LOG_LEVEL", "INFO")},
    "loggers": {
        # Errors only: gunicorn's access log already records every 4xx, and a
        # warning for each not-found page cost more than the page (#21).
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}
