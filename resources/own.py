"""A participant's own pages for their plan and how its activities went (#20).

Reads go through genie.selectors.own_participant / own_sessions (the participant
role, their own record only, audited); writes are one transaction each."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from genie.audit import audit_record
from genie.models import AuditEvent, Session
from genie.selectors import own_participant, own_sessions
from resources.models import ChosenActivity, OwnActivityReport, Service, ServiceAtLocation
from resources.selectors import session_opportunities


def own_plan_session(*, user) -> Session | None:
    """The participant's latest finished session that made a plan (their current plan)."""
    return (
        own_sessions(user=user)
        .filter(completed_at__isnull=False, chosen_activities__isnull=False)
        .distinct()
        .first()
    )


def own_choices(*, user) -> list[ChosenActivity]:
    """The activities of the participant's current plan, each with what they said."""
    session = own_plan_session(user=user)
    if session is None:
        return []
    return list(
        ChosenActivity.objects.filter(session=session)
        .select_related("own_report", "service_at_location__service")
        .order_by("created_at")
    )


def own_choice_get(*, user, choice_id) -> ChosenActivity:
    """One activity of the participant's own plans; anything else is a 404."""
    participant = own_participant(user=user, what="own activity")
    choice = (
        ChosenActivity.objects.filter(
            pk=choice_id,
            session__participant=participant,
            session__completed_at__isnull=False,
        )
        .select_related("session", "session__participant")
        .first()
    )
    if choice is None:
        raise Http404
    return choice


def own_report(choice: ChosenActivity) -> OwnActivityReport | None:
    try:
        return choice.own_report
    except OwnActivityReport.DoesNotExist:
        return None


@transaction.atomic
def own_activity_report_record(
    *, user, choice: ChosenActivity, status: str, reason: str
) -> OwnActivityReport:
    """Save what the participant says about one activity (the latest answer counts:
    a double submit or a second tab leaves one report)."""
    ChosenActivity.objects.select_for_update().filter(pk=choice.pk).first()
    report, _ = OwnActivityReport.objects.update_or_create(
        chosen_activity=choice,
        defaults={
            "status": status,
            "reason": reason,
            "recorded_at": timezone.now(),
            "recorded_by": user,
        },
    )
    audit_record(
        user=user,
        participant=choice.session.participant,
        action=AuditEvent.Action.CHANGED,
        what="own activity report",
    )
    return report


def own_opportunities(*, user, page_number=1):
    """Stage 3's matching on the participant's own profile and limits (those of the
    session that made their plan), for them to look for something new."""
    session = own_plan_session(user=user)
    if session is None:
        return None
    return session_opportunities(session=session, filters=None, page_number=page_number)


@transaction.atomic
def own_choice_add(*, user, service_at_location_id) -> ChosenActivity:
    """The participant adds an activity to their current plan (at most three in all),
    marked as theirs for the facilitator to see at the follow-up. Adding the same one
    again (a double submit) returns it."""
    session = own_plan_session(user=user)
    if session is None:
        raise ValidationError("You do not have a plan yet. You make one with your facilitator.")
    Session.objects.select_for_update().filter(pk=session.pk).first()
    existing = ChosenActivity.objects.filter(
        session=session, service_at_location_id=service_at_location_id
    ).first()
    if existing:
        return existing
    if ChosenActivity.objects.filter(session=session).count() >= ChosenActivity.MAX_PER_SESSION:
        raise ValidationError(
            f"Your plan already has {ChosenActivity.MAX_PER_SESSION} activities. "
            "Talk to your facilitator about changing it."
        )
    listing = (
        ServiceAtLocation.objects.select_related("service")
        .filter(pk=service_at_location_id, service__status=Service.Status.ACTIVE)
        .first()
    )
    if listing is None:
        raise ValidationError("That activity is no longer listed. Please choose another.")
    choice = ChosenActivity.objects.create(
        session=session,
        service_at_location=listing,
        name=listing.service.name,
        added_by_participant=True,
    )
    audit_record(
        user=user,
        participant=session.participant,
        action=AuditEvent.Action.CREATED,
        what="own plan choice",
    )
    return choice
