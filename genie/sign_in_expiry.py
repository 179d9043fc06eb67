"""When a sign-in expires, nothing the user sent is lost.

The idle timeout (SESSION_COOKIE_AGE) can end a sign-in in the middle of a
session. The page warns two minutes before (static/js/session-timeout.js); a
request that still arrives after expiry gets:

- a clear way back: the sign-in page with ``next`` returning to the page the
  user was on (for htmx, an ``HX-Redirect``, since htmx swaps nothing on a
  redirect to another page);
- for a change (a POST), its form data kept server-side in the (new, anonymous)
  session, and sent again once the same user has signed in. Nothing is put in a
  URL or in browser storage; the data is dropped after an hour, or if someone
  else signs in.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.core.signing import BadSignature
from django.http import HttpResponse, QueryDict
from django.urls import reverse

from genie.middleware import same_site_path, second_factor_pending

PENDING_KEY = "genie_pending_change"
# Who was signed in, in this browser: an internal id, signed, never shown.
# A change kept after expiry is sent again only for the same user.
USER_COOKIE = "genie_signed_in_as"
USER_COOKIE_SALT = "genie.sign-in-expiry"
PENDING_MAX_AGE_SECONDS = 3600
PENDING_MAX_BYTES = 20_000
SIGNED_OUT_MESSAGE = (
    "You were signed out because Genie had not been used for a while. Sign in again to carry on."
)
KEPT_MESSAGE = "What you sent has been kept: it will be saved when you sign in."
RESENT_MESSAGE = "You are signed in again, and what you sent before has been sent again."
NOT_REPLAYED_URL_NAMES = {"login", "logout", "two_factor_verify", "two_factor_setup"}


def _signed_in_user_id(request) -> str | None:
    try:
        return request.get_signed_cookie(USER_COOKIE, default=None, salt=USER_COOKIE_SALT)
    except BadSignature:
        return None


def _keep_change(request, *, user_id: str) -> bool:
    """Keep a POST's form data in the session to send again after sign-in."""
    if request.FILES or int(request.META.get("CONTENT_LENGTH") or 0) > PENDING_MAX_BYTES:
        return False
    if request.path_info in {reverse("stay_signed_in"), reverse("logout")}:
        return False  # nothing typed there
    if request.path_info.startswith(reverse("admin:index")):
        return False  # the administration pages have their own sign-in and confirmations
    data = request.POST.copy()
    data.pop("csrfmiddlewaretoken", None)
    request.session[PENDING_KEY] = {
        "user": user_id,
        "path": request.path_info,
        "query": request.META.get("QUERY_STRING", ""),
        "data": data.urlencode(),
        "at": int(time.time()),
    }
    return True


class SignInRequiredMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, answering expired sign-ins helpfully."""

    def handle_no_permission(self, request, view_func):
        htmx = getattr(request, "htmx", None)
        # Where to come back to: the page the user was on, not an action's URL.
        if htmx and htmx.current_url:
            page = same_site_path(request, htmx.current_url)
        elif request.method == "POST":
            page = same_site_path(request, request.headers.get("Referer"))
        else:
            page = request.get_full_path()
        page = page or reverse("home")
        user_id = _signed_in_user_id(request)
        if user_id is not None:  # this browser was signed in: the sign-in expired
            messages.info(request, SIGNED_OUT_MESSAGE)
            if request.method == "POST" and _keep_change(request, user_id=user_id):
                messages.info(request, KEPT_MESSAGE)
        response = redirect_to_login(page, self.get_login_url(view_func))
        if htmx:
            redirect_url = response["Location"]
            response = HttpResponse(status=200)
            response["HX-Redirect"] = redirect_url
        return response


class PendingChangeMiddleware:
    """Sends a change kept at expiry again, on the first page after signing in.

    The replay is the original POST (which passed the CSRF check when it arrived)
    through the same view, as an ordinary form post: the view saves it and
    redirects back to the page, or shows the form with what was typed and why
    it could not be saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending = self._take(request)
        if pending is not None:
            request.method = "POST"
            request.META["REQUEST_METHOD"] = "POST"
            request.path_info = pending["path"]
            request.path = request.META.get("SCRIPT_NAME", "").rstrip("/") + pending["path"]
            request.GET = QueryDict(pending["query"])
            request.POST = QueryDict(pending["data"])
            request._dont_enforce_csrf_checks = True  # it was checked when it first came
            messages.info(request, RESENT_MESSAGE)
        response = self.get_response(request)
        self._remember_user(request, response)
        return response

    def _take(self, request):
        user = request.user
        if (
            request.method != "GET"
            or "HX-Request" in request.headers
            or not user.is_authenticated
            or PENDING_KEY not in request.session
            or second_factor_pending(request)
        ):
            return None
        url_names = {reverse(name) for name in NOT_REPLAYED_URL_NAMES}
        if request.path in url_names:
            return None
        pending = request.session.pop(PENDING_KEY)
        fresh = time.time() - pending.get("at", 0) < PENDING_MAX_AGE_SECONDS
        if not fresh or pending.get("user") != str(user.pk):
            return None
        return pending

    def _remember_user(self, request, response):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if _signed_in_user_id(request) != str(user.pk):
                response.set_signed_cookie(
                    USER_COOKIE,
                    str(user.pk),
                    salt=USER_COOKIE_SALT,
                    httponly=True,
                    secure=settings.SESSION_COOKIE_SECURE,
                    samesite="Lax",
                )
        elif request.path == reverse("logout") and USER_COOKIE in request.COOKIES:
            # Signing out on purpose: a later request is not an expired sign-in.
            response.delete_cookie(USER_COOKIE, samesite="Lax")
