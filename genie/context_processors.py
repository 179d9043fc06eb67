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
    }
