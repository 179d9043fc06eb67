"""Writes for Stage 3: the participant's chosen activities."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from genie.audit import audit_record
from genie.models import AuditEvent, Session, Stage
from genie.services import session_lock_open, session_reach_stage
from resources.models import ActivityOutcome, ChosenActivity, Service, ServiceAtLocation


class ChoiceLimitReached(ValidationError):
    pass


@transaction.atomic
def choice_add(*, session: Session, service_at_location_id, user=None) -> ChosenActivity:
    """Add an activity to the plan. Choosing the same one again (a double click,
    a second tab) returns the existing choice; a fourth raises ChoiceLimitReached."""
    # Lock the session row so two tabs cannot both add a fourth choice.
    session_lock_open(session_id=session.pk)
    existing = ChosenActivity.objects.filter(
        session=session, service_at_location_id=service_at_location_id
    ).first()
    if existing:
        return existing
    if ChosenActivity.objects.filter(session=session).count() >= ChosenActivity.MAX_PER_SESSION:
        raise ChoiceLimitReached(
            f"You can choose up to {ChosenActivity.MAX_PER_SESSION} activities. "
            "Remove one from the plan first to choose another."
        )
    listing = (
        ServiceAtLocation.objects.select_related("service")
        .filter(pk=service_at_location_id, service__status=Service.Status.ACTIVE)
        .first()
    )
    if listing is None:
        raise ValidationError("That activity is no longer listed. Please choose another.")
    try:
        with transaction.atomic():
            choice = ChosenActivity.objects.create(
                session=session, service_at_location=listing, name=listing.service.name
            )
    except IntegrityError:  # the same choice arrived twice at once
        return ChosenActivity.objects.get(session=session, service_at_location=listing)
    _audit(user, session, AuditEvent.Action.CREATED, "plan choice")
    return choice


def _audit(user, session, action, what) -> None:
    # ``user`` is None only for demo data.
    if user is not None:
        audit_record(user=user, participant=session.participant, action=action, what=what)


@transaction.atomic
def choice_remove(*, session: Session, choice_id, user=None) -> None:
    """Remove a choice; removing one already gone is harmless.

    A choice whose outcome was recorded at a follow-up stays: that outcome is
    part of the record (and of the commissioners' uptake figures)."""
    session_lock_open(session_id=session.pk)
    choice = ChosenActivity.objects.filter(session=session, pk=choice_id)
    if ActivityOutcome.objects.filter(chosen_activity__in=choice).exists():
        raise ValidationError(
            "How this activity went was recorded at a follow-up, so it stays in the plan.",
            code="has_outcome",
        )
    deleted, _ = choice.delete()
    if deleted:
        _audit(user, session, AuditEvent.Action.DELETED, "plan choice")


@transaction.atomic
def choice_set_companion(*, choice: ChosenActivity, member, user=None) -> ChosenActivity:
    """Note which network member might come along (``member`` a MemberSummary or None).
    The label is kept as text so the plan still reads if the network changes."""
    session_lock_open(session_id=choice.session_id)
    choice.companion_member_id = member.id if member else ""
    choice.companion_label = member.label[:100] if member else ""
    choice.save(update_fields=["companion_member_id", "companion_label"])
    _audit(user, choice.session, AuditEvent.Action.CHANGED, "plan choice companion")
    return choice


@transaction.atomic
def activity_outcomes_record(*, user, session: Session, outcomes: list[dict]) -> Session:
    """Save how each earlier activity went and move the follow-up on to Stage 1.

    One outcome per activity and session: a double submit or a second tab
    updates it rather than adding another."""
    session_lock_open(session_id=session.pk)
    # One INSERT ... ON CONFLICT UPDATE: two submits at once cannot both insert.
    ActivityOutcome.objects.bulk_create(
        [
            ActivityOutcome(
                session=session,
                chosen_activity=outcome["activity"],
                status=outcome["status"],
                reason=outcome["reason"],
                note=outcome["note"],
                recorded_at=timezone.now(),
            )
            for outcome in outcomes
        ],
        update_conflicts=True,
        unique_fields=["session", "chosen_activity"],
        update_fields=["status", "reason", "note", "recorded_at"],
    )
    audit_record(
        user=user,
        participant=session.participant,
        action=AuditEvent.Action.CHANGED,
        what="activity outcomes",
    )
    return session_reach_stage(session=session, stage=Stage.NETWORK)
