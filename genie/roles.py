"""Roles are Django groups; these helpers are the one place that knows their names."""

from django.core.exceptions import PermissionDenied

FACILITATOR = "facilitator"
COMMISSIONER = "commissioner"
ADMIN = "admin"
# Staff of a community organisation or GP practice who refer people to a Genie
# service: they see the status of their own referrals, never session content.
REFERRER = "referrer"
# A participant's own sign-in: their own record only (genie.selectors.own_participant).
PARTICIPANT = "participant"
ROLES = (FACILITATOR, COMMISSIONER, ADMIN, REFERRER, PARTICIPANT)


def role_names(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_genie_roles", None)
    if cached is None:
        cached = remember(user, user.groups.values_list("name", flat=True))
    return cached


def remember(user, names) -> set[str]:
    """Keep ``user``'s role names for the request (genie.backends reads them with the user)."""
    known = {name for name in names if name in ROLES}
    if user.is_superuser:
        known.add(ADMIN)
    user._genie_roles = known
    return known


def is_admin(user) -> bool:
    return ADMIN in role_names(user)


def is_facilitator(user) -> bool:
    return FACILITATOR in role_names(user)


def is_commissioner(user) -> bool:
    return COMMISSIONER in role_names(user)


def is_referrer(user) -> bool:
    return REFERRER in role_names(user)


def is_participant(user) -> bool:
    """A participant's own sign-in, linked to their record."""
    return PARTICIPANT in role_names(user) and getattr(user, "participant_id", None) is not None


def require_own_record(user) -> None:
    """Participant pages are for a participant's own sign-in: everyone else gets 403."""
    if not is_participant(user):
        raise PermissionDenied


def can_see_participants(user) -> bool:
    """Facilitators (their organisation's) and admins (all) may see personal data."""
    return is_admin(user) or (is_facilitator(user) and user.organisation_id is not None)


def require_participant_access(user) -> None:
    """Commissioners and anyone without a role never reach personal data: 403."""
    if not can_see_participants(user):
        raise PermissionDenied


def require_evidence_access(user) -> None:
    if not (is_commissioner(user) or is_admin(user)):
        raise PermissionDenied
