import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.dateformat import format as date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timezone import localtime
from django_otp import user_has_device

from genie import roles
from genie.services import SessionFinished
from genie.two_factor import HAS_AUTHENTICATOR, reset_notices_take


class PrivateResponseMiddleware:
    """Keeps signed-in pages out of shared and browser caches.

    Pages behind login may hold personal data, so they are never stored
    (Cache-Control: no-store). Responses vary on HX-Request because one URL
    serves both the full page and its htmx fragment.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Static files and map tiles (resources/tiles.py) hold no personal data.
        if request.user.is_authenticated and not request.path.startswith(("/static/", "/tiles/")):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, " + response["Cache-Control"]
        patch_vary_headers(response, ("HX-Request",))
        return response


class SessionLifetimeMiddleware:
    """Renews the idle timeout, and ends a signed-in session after an absolute
    lifetime, however active it is.

    The idle timeout is SESSION_COOKIE_AGE from the session row's last save.
    Saving on every request (SESSION_SAVE_EVERY_REQUEST) would cost three
    database round trips each time, so the row is saved when something in it
    changed or once SESSION_RENEW_SECONDS have passed since the last renewal:
    the timeout is then exact to within that, and pages count down from
    SESSION_COOKIE_AGE less SESSION_RENEW_SECONDS so they never promise more.
    """

    KEY = "genie_signed_in_at"
    RENEWED_KEY = "genie_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            signed_in_at = session.setdefault(self.KEY, now)
            if now - signed_in_at > settings.SESSION_MAX_AGE_SECONDS:
                # Signed out; the sign-in check then answers as for any expired
                # sign-in (genie.sign_in_expiry: back to the page, nothing lost).
                logout(request)
            elif now - session.get(self.RENEWED_KEY, 0) >= renew_seconds():
                session[self.RENEWED_KEY] = now  # modified: saved with a new expiry
        return self.get_response(request)


def renew_seconds() -> int:
    """How long a renewal of the idle timeout may wait (a tenth of a short timeout)."""
    return min(settings.SESSION_RENEW_SECONDS, settings.SESSION_COOKIE_AGE // 10)


def session_renew(request) -> None:
    """Renew the idle timeout now (the sign-out warning's "Stay signed in")."""
    request.session[SessionLifetimeMiddleware.RENEWED_KEY] = int(time.time())


class TwoFactorMiddleware:
    """Asks for the second factor before anything else once a password is accepted.

    Users with a confirmed authenticator must enter a code; admins and
    commissioners without one must set one up (when REQUIRE_TWO_FACTOR). The
    set-up pages check for themselves that the session may enrol
    (genie.two_factor.enrolment_allowed): this only routes.
    """

    ALLOWED_URL_NAMES = {"two_factor_setup", "two_factor_verify", "two_factor_qr", "logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.url_name in self.ALLOWED_URL_NAMES:
            return None
        if request.session.get(HAS_AUTHENTICATOR):
            return redirect("two_factor_verify")
        if two_factor_required(user):
            return redirect("two_factor_setup")
        return None


@receiver(user_logged_in)
def remember_authenticator(sender, request, user, **kwargs):
    # Looked up once at sign-in rather than on every request.
    request.session[HAS_AUTHENTICATOR] = user_has_device(user)
    if hasattr(request, "_messages"):  # a real sign-in, not a test's force_login
        for reset in reset_notices_take(user=user):
            messages.warning(
                request,
                f"An administrator reset your two-factor sign-in on "
                f"{date_format(localtime(reset.at), 'j F Y')}. "
                "Set up your authenticator app again. If you did not ask for this, "
                "tell your administrator now.",
            )


def two_factor_required(user) -> bool:
    return settings.REQUIRE_TWO_FACTOR and (roles.is_admin(user) or roles.is_commissioner(user))


def same_site_path(request, url: str | None) -> str | None:
    """``url`` as a path on this site (for a Referer or HX-Current-URL), else None."""
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class SessionFinishedMiddleware:
    """A change to a finished session, from any stage's page or action, gets the
    same clear answer: the page it came from again, saying the session is read-only.

    Views that show the message in a form (Stage 2's questions) catch
    SessionFinished themselves; everything else lands here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SessionFinished):
            return None
        messages.error(request, SessionFinished.MESSAGE)
        htmx = getattr(request, "htmx", None)
        came_from = same_site_path(
            request,
            htmx.current_url if htmx else request.headers.get("Referer"),
        )
        if htmx:
            # Reload the page the action came from: it shows the message and the
            # read-only session (htmx swaps nothing on an error status).
            response = HttpResponse(status=200)
            response["HX-Redirect"] = came_from or request.path
            return response
        return redirect(came_from or "home")


def second_factor_pending(request) -> bool:
    """Signed in with a password, with the second factor still to come (as
    TwoFactorMiddleware decides it)."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return bool(request.session.get(HAS_AUTHENTICATOR)) or two_factor_required(user)
