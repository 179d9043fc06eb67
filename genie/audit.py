"""The audit trail of access to participants' records."""

from django.core.cache import caches

from genie.models import AccountEvent, AuditEvent

# A facilitator's htmx clicks re-read the same participant many times a minute;
# one "viewed" row per user and participant per window is the useful record.
VIEW_WINDOW_SECONDS = 300


def _seen_recently(action: str, kind: str, user, record) -> bool:
    """A "viewed" already recorded for this user and record within the window."""
    if action != AuditEvent.Action.VIEWED:
        return False
    key = f"genie:audit:{kind}:{user.pk}:{record.pk}"
    return not caches["local"].add(key, True, VIEW_WINDOW_SECONDS)


def audit_record(*, user, participant, action: str, what: str = "") -> None:
    if _seen_recently(action, "viewed", user, participant):
        return
    AuditEvent.objects.create(
        actor=user,
        actor_username=user.get_username(),
        action=action,
        participant_id=participant.pk,
        organisation_id=participant.organisation_id,
        what=what,
    )


def audit_referral(*, user, referral, action: str, what: str = "") -> None:
    """The same trail for a referral, which holds personal data before any participant exists."""
    if _seen_recently(action, "viewed-referral", user, referral):
        return
    AuditEvent.objects.create(
        actor=user if user and user.is_authenticated else None,
        actor_username=user.get_username() if user and user.is_authenticated else "public form",
        action=action,
        referral_id=referral.pk,
        organisation_id=referral.organisation_id,
        what=what,
    )


def account_event_record(
    *, actor, user, action: str, what: str = "", notice_pending: bool = False
) -> AccountEvent:
    """A security event on a staff account (two-factor set-up, refusals, resets)."""
    return AccountEvent.objects.create(
        actor=actor,
        actor_username=actor.get_username() if actor else "system",
        user=user,
        username=user.get_username(),
        action=action,
        what=what[:100],
        notice_pending=notice_pending,
    )
