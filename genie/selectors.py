"""Reads of participants and sessions. Every read takes the requesting user and
is scoped to their organisation: another organisation's record is a 404."""

from datetime import timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from genie.audit import audit_record
from genie.consent import DEFAULT_CASE_STUDY, DEFAULT_DATA_USE
from genie.models import (
    AuditEvent,
    ConsentStatement,
    Organisation,
    Participant,
    Session,
    User,
    WellbeingMeasures,
)
from genie.roles import is_admin, require_own_record, require_participant_access


def participants_visible_to(*, user) -> QuerySet[Participant]:
    require_participant_access(user)
    queryset = Participant.objects.all()
    if not is_admin(user):
        queryset = queryset.filter(organisation_id=user.organisation_id)
    return queryset


def participant_get(*, user, participant_id) -> Participant:
    participant = get_object_or_404(
        participants_visible_to(user=user).select_related("organisation", "consent_statement"),
        pk=participant_id,
    )
    # Every participant-level page passes here or through session_get: the read is audited.
    audit_record(user=user, participant=participant, action=AuditEvent.Action.VIEWED)
    return participant


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


PARTICIPANTS_PER_PAGE = 25


def participant_page(*, user, search: str = "", page: int = 1) -> Page:
    """One page of the organisation's participants: counted and sliced in the database,
    so a list of 5,000 costs what a list of 25 does. A page past the end shows the last."""
    queryset = participant_list(user=user, search=search).only(
        "pk", "reference", "first_name", "postcode_district", "created_at"
    )
    return Paginator(queryset, PARTICIPANTS_PER_PAGE).get_page(page)


def participants_find(*, user, reference: str) -> list[Participant]:
    """Participants with exactly this reference (any organisation the user may see).

    For the administration's search; each one shown is an audited read."""
    found = list(
        participants_visible_to(user=user)
        .filter(reference__iexact=" ".join(reference.split()))
        .select_related("organisation")
        .order_by("organisation__name")[:50]
    )
    for participant in found:
        audit_record(
            user=user,
            participant=participant,
            action=AuditEvent.Action.VIEWED,
            what="administration search",
        )
    return found


def sessions_visible_to(*, user) -> QuerySet[Session]:
    require_participant_access(user)
    queryset = Session.objects.all()
    if not is_admin(user):
        queryset = queryset.filter(participant__organisation_id=user.organisation_id)
    return queryset


def session_get(*, user, session_id) -> Session:
    session = get_object_or_404(
        sessions_visible_to(user=user).select_related(
            "participant", "participant__organisation", "facilitator"
        ),
        pk=session_id,
    )
    audit_record(user=user, participant=session.participant, action=AuditEvent.Action.VIEWED)
    return session


def sessions_in_progress(*, user) -> QuerySet[Session]:
    """Unfinished sessions, the latest change first, with what their cards show."""
    return (
        sessions_visible_to(user=user)
        .filter(completed_at__isnull=True)
        .select_related("participant", "facilitator")
        .only(
            "kind",
            "stage",
            "updated_at",
            "participant__reference",
            "participant__first_name",
            "facilitator__username",
            "facilitator__first_name",
            "facilitator__last_name",
        )
        .order_by("-updated_at")
    )


def participant_sessions(*, user, participant: Participant) -> QuerySet[Session]:
    return (
        sessions_visible_to(user=user)
        .filter(participant=participant)
        .select_related("facilitator")
        .order_by("-started_at")
    )


def participants_past_retention(*, now, retention_days: int) -> QuerySet[Participant]:
    """Participants with no change to them or their sessions for the retention period.

    For the retention job only: it runs as the system, not as a user.
    """
    cutoff = now - timedelta(days=retention_days)
    return Participant.objects.annotate(last_session_change=Max("sessions__updated_at")).filter(
        Q(updated_at__lt=cutoff)
        & (Q(last_session_change__isnull=True) | Q(last_session_change__lt=cutoff))
    )


def session_wellbeing(*, session: Session) -> WellbeingMeasures | None:
    return WellbeingMeasures.objects.filter(session=session).first()


def consent_statement_current(*, organisation: Organisation) -> ConsentStatement:
    """The statement read to a participant now: the organisation's latest version, or
    (before its admins publish one) Genie's own as version 1, saved when first agreed."""
    latest = ConsentStatement.objects.filter(organisation=organisation).order_by("-version").first()
    return latest or ConsentStatement(
        organisation=organisation,
        version=1,
        data_use=DEFAULT_DATA_USE.format(organisation=organisation.name),
        case_study=DEFAULT_CASE_STUDY.format(organisation=organisation.name),
    )


# --- A participant's own sign-in (#20) -----------------------------------------


def own_participant(*, user, what: str = "") -> Participant:
    """The one record a participant's own sign-in may see (403 for anyone else).

    Every participant page reads through here, so each read is audited."""
    require_own_record(user)
    participant = Participant.objects.select_related("organisation").get(pk=user.participant_id)
    audit_record(user=user, participant=participant, action=AuditEvent.Action.VIEWED, what=what)
    return participant


def own_sessions(*, user) -> QuerySet[Session]:
    """The participant's own sessions (for their own pages), newest first."""
    require_own_record(user)
    return (
        Session.objects.filter(participant_id=user.participant_id)
        .select_related("participant", "participant__organisation", "facilitator")
        .order_by("-started_at")
    )


def participant_sign_in_state(*, participant: Participant) -> dict:
    """For the facilitator's pages: whether the participant has their own sign-in,
    and any erasure they asked for. (The caller has already checked access.)"""
    account = User.objects.filter(participant=participant).first()
    return {
        "account": account,
        "erasure_request": participant.erasure_requests.first(),
    }
