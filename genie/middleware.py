import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime
from django_otp import user_has_device

from genie import roles
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
    """Ends a signed-in session after an absolute lifetime, however active it is.

    The idle timeout is SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST.
    """

    KEY = "genie_signed_in_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            signed_in_at = request.session.setdefault(self.KEY, now)
            if now - signed_in_at > settings.SESSION_MAX_AGE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


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
