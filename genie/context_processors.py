from django.conf import settings

from genie import roles


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
        # For the sign-out warning (static/js/session-timeout.js).
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
