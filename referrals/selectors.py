"""Reads of referrals, each taking the requesting user and scoped by organisation."""

from statistics import median

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from genie import roles
from genie.audit import audit_referral
from genie.models import AuditEvent, Organisation, User
from referrals.models import OPEN_STATUSES, Referral, Status

# How many recent first contacts the "usually within" promise is computed from.
RECENT_CONTACTS = 50
MIN_CONTACTS_FOR_ESTIMATE = 5


def receiving_organisations() -> QuerySet[Organisation]:
    """Organisations that run Genie sessions, so can take referrals: they have a facilitator."""
    return (
        Organisation.objects.annotate(
            facilitators=Count(
                "users",
                filter=Q(users__is_active=True, users__groups__name=roles.FACILITATOR),
            )
        )
        .filter(facilitators__gt=0)
        .order_by("name")
    )


def receiving_organisation_get(*, organisation_id) -> Organisation:
    return get_object_or_404(receiving_organisations(), pk=organisation_id)


def usual_days_to_contact(*, organisation) -> float | None:
    """The median days from referral to first contact over recent referrals, or None
    when there are too few to promise anything."""
    recent = (
        Referral.objects.filter(organisation=organisation, first_contacted_at__isnull=False)
        .order_by("-received_at")
        .values_list("received_at", "first_contacted_at")[:RECENT_CONTACTS]
    )
    days = [(contacted - received).total_seconds() / 86400 for received, contacted in recent]
    if len(days) < MIN_CONTACTS_FOR_ESTIMATE:
        return None
    return median(days)


def referrals_visible_to(*, user) -> QuerySet[Referral]:
    roles.require_participant_access(user)
    queryset = Referral.objects.all()
    if not roles.is_admin(user):
        queryset = queryset.filter(organisation_id=user.organisation_id)
    return queryset


def referral_inbox(*, user, statuses=OPEN_STATUSES) -> QuerySet[Referral]:
    """Overdue first contacts first, then by due date."""
    queryset = referrals_visible_to(user=user).select_related("assigned_to", "organisation")
    if statuses is not None:
        queryset = queryset.filter(status__in=statuses)
    overdue = Q(status=Status.NEW, first_contact_due__lt=timezone.localdate())
    return queryset.annotate(
        overdue=Case(When(overdue, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("overdue", "first_contact_due", "received_at")


def referral_get(*, user, referral_id) -> Referral:
    referral = get_object_or_404(
        referrals_visible_to(user=user).select_related("assigned_to", "participant"),
        pk=referral_id,
    )
    audit_referral(user=user, referral=referral, action=AuditEvent.Action.VIEWED)
    return referral


def referral_notes(*, referral: Referral):
    return referral.notes.select_related("author")


def facilitators_for(*, referral: Referral) -> QuerySet[User]:
    return User.objects.filter(
        organisation_id=referral.organisation_id,
        is_active=True,
        groups__name=roles.FACILITATOR,
    ).order_by("first_name", "username")


def referrals_made_by(*, user) -> QuerySet[Referral]:
    """A referrer's own referrals: status only, never what happened in a session."""
    if not roles.is_referrer(user):
        raise Http404
    return (
        Referral.objects.filter(referred_by=user)
        .select_related("organisation")
        .only("first_name", "status", "received_at", "organisation__name", "first_contact_due")
        .order_by("-received_at")
    )


def is_overdue(referral: Referral, today=None) -> bool:
    today = today or timezone.localdate()
    return referral.status == Status.NEW and referral.first_contact_due < today
