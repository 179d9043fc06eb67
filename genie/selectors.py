"""Reads of participants and sessions. Every read takes the requesting user and
is scoped to their organisation: another organisation's record is a 404."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from genie.models import Participant, Session
from genie.roles import is_admin, require_participant_access


def participants_visible_to(*, user) -> QuerySet[Participant]:
    require_participant_access(user)
    queryset = Participant.objects.all()
    if not is_admin(user):
        queryset = queryset.filter(organisation_id=user.organisation_id)
    return queryset


def participant_get(*, user, participant_id) -> Participant:
    return get_object_or_404(
        participants_visible_to(user=user).select_related("organisation"), pk=participant_id
    )


def participant_list(*, user, search: str = "") -> QuerySet[Participant]:
    queryset = participants_visible_to(user=user)
    search = search.strip()
    if search:
        queryset = queryset.filter(
            Q(reference__icontains=search)
            | Q(first_name__icontains=search)
            | Q(postcode_district__iexact=search.replace(" ", ""))
        )
    return queryset.order_by("reference")


def sessions_visible_to(*, user) -> QuerySet[Session]:
    require_participant_access(user)
    queryset = Session.objects.all()
    if not is_admin(user):
        queryset = queryset.filter(participant__organisation_id=user.organisation_id)
    return queryset


def session_get(*, user, session_id) -> Session:
    return get_object_or_404(
        sessions_visible_to(user=user).select_related(
            "participant", "participant__organisation", "facilitator"
        ),
        pk=session_id,
    )


def sessions_in_progress(*, user) -> QuerySet[Session]:
    return (
        sessions_visible_to(user=user)
        .filter(completed_at__isnull=True)
        .select_related("participant", "facilitator")
        .order_by("-updated_at")
    )


def participant_sessions(*, user, participant: Participant) -> QuerySet[Session]:
    return (
        sessions_visible_to(user=user)
        .filter(participant=participant)
        .select_related("facilitator")
        .order_by("-started_at")
    )
