import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers, patch_vary_headers


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
        if request.user.is_authenticated and not request.path.startswith("/static/"):
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
