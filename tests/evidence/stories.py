"""Participants with whole stories for the evidence tests: a completed first
session (network, answers, constraints, choices) and a completed follow-up
(changed network, outcomes), built with the apps' own services."""

from datetime import datetime

from django.utils import timezone

from genie import services as genie_services
from genie.models import Session
from mapping.models import NetworkMember
from mapping.services import snapshot_open
from questionnaire import selectors as questionnaire_selectors
from questionnaire import services as questionnaire_services
from resources import services as resources_services
from resources.models import ChosenActivity, OutcomeStatus
from tests.factories import ParticipantFactory, facilitator
from tests.mapping.factories import kind

PHYSICAL = 0  # the questionnaire item on being active; the first on social is 2


def answer_all(session, favourites=(PHYSICAL,)):
    """ "Very much" to the favourite items, "Not at all" to the rest."""
    for question in questionnaire_selectors.session_progress(session=session).questions:
        position = -1 if question.number - 1 in favourites else 0
        questionnaire_services.response_record(
            session=session, item=question.item, option=question.options[position]
        )


def story(
    organisation,
    *,
    district="SO17",
    listings=(),
    label="Friend One",
    note="",
    max_km=5.0,
    favourites=(PHYSICAL,),
    follow_up=True,
    outcome=(OutcomeStatus.NOT_TRIED, "transport"),
    user=None,
    family=0,
    **participant,
):
    user = user or facilitator(organisation=organisation)
    person = ParticipantFactory(
        organisation=organisation,
        postcode_district=district,
        consent_recorded_by=user,
        **participant,
    )
    first = genie_services.session_start(user=user, participant=person)
    snapshot = snapshot_open(session=first)
    NetworkMember.objects.create(
        snapshot=snapshot,
        label=label,
        kind=kind("friend"),
        circle="inner",
        contact="weekly",
        note=note,
        gives_emotional_support=True,
    )
    for i in range(family):  # a larger, family-centred network that helps with health
        NetworkMember.objects.create(
            snapshot=snapshot,
            label=f"Relative {i}",
            kind=kind("family"),
            circle="inner",
            contact="daily",
            gives_illness_support=True,
        )
    answer_all(first, favourites)
    questionnaire_services.constraints_save(session=first, data={"max_distance_km": max_km})
    chosen = [
        ChosenActivity.objects.create(
            session=first, service_at_location=listing, name=listing.service.name
        )
        for listing in listings
    ]
    genie_services.session_complete(session=first)
    if not follow_up:
        return person
    second = genie_services.session_start(user=user, participant=person)
    status, reason = outcome
    resources_services.activity_outcomes_record(
        user=user,
        session=second,
        outcomes=[
            {"activity": activity, "status": status, "reason": reason, "note": note}
            for activity in chosen
        ],
    )
    after = snapshot_open(session=second)
    NetworkMember.objects.create(
        snapshot=after,
        label=f"{label} Junior",
        kind=kind("group"),
        circle="outer",
        contact="weekly",
    )
    genie_services.session_complete(session=second)
    return person


def in_month(participant, year=2026, month=3):
    started = timezone.make_aware(datetime(year, month, 10, 14))
    Session.objects.filter(participant=participant).update(started_at=started)


def contrasting_story(organisation, *, listings=(), **options):
    """Someone unlike story()'s default: a family network of six that helps
    with health, an interest in meeting people, and a chosen activity tried.
    A group where everyone is alike is left out of the evidence (it would say
    what each of them has), so tests mix both kinds."""
    options = {
        "family": 5,
        "favourites": (2,),
        "outcome": (OutcomeStatus.TRIED, ""),
        "listings": listings,
        **options,
    }
    return story(organisation, **options)
