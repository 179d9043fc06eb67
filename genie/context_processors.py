from django.conf import settings

from genie import roles
from genie.middleware import renew_seconds


def genie(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_is_admin": roles.is_admin(user),
        "user_is_facilitator": roles.is_facilitator(user),
        "user_is_commissioner": roles.is_commissioner(user),
        "user_is_referrer": roles.is_referrer(user),
        "user_is_participant": roles.is_participant(user),
        # For the sign-out warning (static/js/session-timeout.js): the server may
        # have renewed the timeout up to SESSION_RENEW_SECONDS before this request.
        "session_idle_seconds": settings.SESSION_COOKIE_AGE - renew_seconds(),
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
