"""Writes for Stage 3: the participant's chosen activities."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from genie.models import Session
from resources.models import ChosenActivity, Service, ServiceAtLocation


class ChoiceLimitReached(ValidationError):
    pass


@transaction.atomic
def choice_add(*, session: Session, service_at_location_id) -> ChosenActivity:
    """Add an activity to the plan. Choosing the same one again (a double click,
    a second tab) returns the existing choice; a fourth raises ChoiceLimitReached."""
    # Lock the session row so two tabs cannot both add a third choice.
    Session.objects.select_for_update().filter(pk=session.pk).first()
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
            return ChosenActivity.objects.create(
                session=session, service_at_location=listing, name=listing.service.name
            )
    except IntegrityError:  # the same choice arrived twice at once
        return ChosenActivity.objects.get(session=session, service_at_location=listing)


@transaction.atomic
def choice_remove(*, session: Session, choice_id) -> None:
    """Remove a choice; removing one already gone is harmless."""
    ChosenActivity.objects.filter(session=session, pk=choice_id).delete()


@transaction.atomic
def choice_set_companion(*, choice: ChosenActivity, member) -> ChosenActivity:
    """Note which network member might come along (``member`` a MemberSummary or None).
    The label is kept as text so the plan still reads if the network changes."""
    choice.companion_member_id = member.id if member else ""
    choice.companion_label = member.label[:100] if member else ""
    choice.save(update_fields=["companion_member_id", "companion_label"])
    return choice
