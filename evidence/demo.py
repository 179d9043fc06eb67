"""Demo evidence, loaded by `manage.py load_demo` (see APP_DEMOS).

A cohort of fictional participants (references DEMO-2xx and DEMO-3xx) across
both demo organisations and several Southampton-area districts, each with a
completed first session (network, answers, constraints, choices, wellbeing)
and, for most, a completed follow-up with a changed network, outcomes and
better wellbeing, so the dashboard shows real, unsuppressed numbers. A few
live in districts the demo listings do not reach, so unmet demand has
something to show. A fixed random seed makes every load the same. Idempotent:
a participant already there is left alone.

Then wellbeing measures for any other demo sessions that have none yet.
"""

import random
from datetime import datetime, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from evidence.facts.build import facts_rebuild
from evidence.services import area_groups_build
from genie import services as genie_services
from genie.measures import FIELDS
from genie.models import AgeBand, Condition, Gender, Participant, Session, WellbeingMeasures
from mapping.models import Circle, ContactFrequency, MemberKind, NetworkMember
from mapping.services import snapshot_open
from questionnaire.models import Item, PracticalConstraints, Response
from resources import services as resources_services
from resources.models import (
    ChosenActivity,
    OutcomeReason,
    OutcomeStatus,
    Service,
    ServiceAtLocation,
)

SEED = 2026
# (district, how many participants, organisation index, a questionnaire item
# everyone there favours or None). SO24 and SO41 are beyond the demo listings'
# reach: what their people want is the unmet demand.
COHORT = [
    ("SO14", 7, 0, None),
    ("SO15", 6, 0, None),
    ("SO17", 8, 0, None),
    ("SO24", 8, 0, 2),  # meeting people
    ("SO50", 7, 1, None),
    ("SO53", 6, 1, None),
    ("SO41", 8, 1, 0),  # being active
]
# How likely each questionnaire item (in order) is to be a favourite: being
# active, outdoors, with others and creative are the most common interests.
FAVOURITE_WEIGHTS = [6, 5, 7, 2, 5, 2, 3, 1, 2, 1, 2, 1, 1]
REASON_WEIGHTS = {
    OutcomeReason.TRANSPORT: 5,
    OutcomeReason.COST: 4,
    OutcomeReason.CONFIDENCE: 4,
    OutcomeReason.HEALTH: 3,
    OutcomeReason.TIMING: 2,
    OutcomeReason.NOT_FOR_ME: 1,
    OutcomeReason.OTHER: 1,
}
LABELS = ["Anne", "Bob", "Chris", "Dee", "Eddie", "Fran", "Gus", "Hana", "Ivy", "Jo", "Kit"]
KIND_WEIGHTS = {
    "family": 5,
    "friend": 4,
    "neighbour": 2,
    "professional": 2,
    "group": 1,
    "activity": 1,
    "pet": 1,
    "place": 1,
}
# In the order of genie.measures.FIELDS.
FIRST_SESSION = (4, 5, 4, 7, 3, 2, 3, "some-of-the-time")
FOLLOW_UP = (6, 7, 6, 4, 2, 1, 2, "occasionally")


def _when(month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(2026, month, day, 10, 30))


def _members(rng, snapshot, kinds, count):
    codes = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=count)
    NetworkMember.objects.bulk_create(
        NetworkMember(
            snapshot=snapshot,
            label=rng.choice(LABELS),
            kind=kinds[code],
            circle=rng.choice(Circle.values),
            contact=rng.choice(ContactFrequency.values),
            gives_illness_support=rng.random() < 0.2,
            gives_everyday_support=rng.random() < 0.3,
            gives_emotional_support=rng.random() < 0.4,
        )
        for code in codes
    )


def _answer(rng, session, items, answers=None, shared=None) -> list:
    """A persona: two or three favourite kinds of activity answered high, the rest low."""
    if answers is None:
        weights = (FAVOURITE_WEIGHTS + [1] * len(items))[: len(items)]
        favourites = set(rng.choices(range(len(items)), weights=weights, k=3)) | {shared}
        top = len(items[0].choices) - 1 if items else 0
        answers = [
            rng.randint(top - 1, top) if index in favourites else rng.randint(0, 1)
            for index in range(len(items))
        ]
    now = timezone.now()
    Response.objects.bulk_create(
        Response(
            session=session,
            questionnaire_id=item.questionnaire_id,
            item=item,
            option=item.choices[position],
            answered_at=now,
        )
        for item, position in zip(items, answers, strict=True)
    )
    return answers


def _wellbeing(session, answers, shift):
    """Fictional answers, shifted a little (staying within each scale) for variety."""
    values = dict(zip(FIELDS, answers, strict=True))
    for field in ("life_satisfaction", "worthwhile", "happiness", "anxiety"):
        values[field] = min(10, max(0, values[field] + shift))
    genie_services.wellbeing_record(user=session.facilitator, session=session, data=values)


def _complete(session, month, day):
    genie_services.session_complete(session=session)
    Session.objects.filter(pk=session.pk).update(
        started_at=_when(month, day), completed_at=_when(month, day) + timedelta(minutes=50)
    )


def _participant_story(rng, *, participant, user, listings, kinds, items, shared):
    """A first session and, for most, a follow-up three months later."""
    month, day = rng.randint(3, 7), rng.randint(1, 26)
    first = genie_services.session_start(user=user, participant=participant)
    _members(rng, snapshot_open(session=first), kinds, rng.randint(3, 11))
    answers = _answer(rng, first, items, shared=shared)
    PracticalConstraints.objects.create(
        session=first, max_distance_km=rng.choice([3.0, 5.0, 8.0]), travel_modes=["bus"]
    )
    chosen = [
        ChosenActivity(session=first, service_at_location=listing, name=listing.service.name)
        for listing in rng.sample(listings, k=min(len(listings), rng.randint(1, 3)))
    ]
    ChosenActivity.objects.bulk_create(chosen)
    _wellbeing(first, FIRST_SESSION, rng.randint(-1, 1))
    _complete(first, month, day)
    if rng.random() < 0.2:
        return  # not followed up yet
    follow_up = genie_services.session_start(user=user, participant=participant)
    outcomes = []
    for activity in chosen:
        status = rng.choice([*OutcomeStatus.values, OutcomeStatus.NOT_TRIED])
        reason = (
            rng.choices(list(REASON_WEIGHTS), weights=list(REASON_WEIGHTS.values()))[0]
            if status == OutcomeStatus.NOT_TRIED
            else ""
        )
        outcomes.append({"activity": activity, "status": status, "reason": reason, "note": ""})
    resources_services.activity_outcomes_record(user=user, session=follow_up, outcomes=outcomes)
    snapshot = snapshot_open(session=follow_up)
    _members(rng, snapshot, kinds, rng.randint(1, 4))  # new people and groups
    _answer(rng, follow_up, items, answers)
    if rng.random() < 0.5:  # something new to try
        listing = rng.choice(listings)
        ChosenActivity.objects.create(
            session=follow_up, service_at_location=listing, name=listing.service.name
        )
    _wellbeing(follow_up, FOLLOW_UP, rng.randint(-1, 1))
    _complete(follow_up, month + 3, day)


def load_cohort(*, organisations, users):
    facilitators = [users.get("facilitator"), users.get("facilitator2")]
    if len(organisations) < 2 or not all(facilitators):
        return
    rng = random.Random(SEED)
    kinds = {kind.code: kind for kind in MemberKind.objects.all()}
    conditions = list(Condition.objects.all())
    items = list(
        Item.objects.filter(questionnaire__is_active=True)
        .prefetch_related(Prefetch("options", to_attr="choices"))
        .order_by("order")
    )
    listings_by_district: dict[str, list] = {}
    for listing in ServiceAtLocation.objects.filter(
        service__status=Service.Status.ACTIVE, service__national__in=[False]
    ).select_related("service", "location"):
        listings_by_district.setdefault(listing.location.postcode_district, []).append(listing)
    existing = set(
        Participant.objects.filter(reference__startswith="DEMO-").values_list(
            "reference", flat=True
        )
    )
    number = 0
    for district, count, org_index, shared in COHORT:
        for _ in range(count):
            number += 1
            reference = f"DEMO-{200 + 100 * org_index + number}"
            # Draw the same numbers whether or not this one is loaded already.
            story = random.Random(rng.random())
            if reference in existing:
                continue
            user = facilitators[org_index]
            participant = Participant.objects.create(
                organisation=organisations[org_index],
                reference=reference,
                postcode_district=district,
                age_band=story.choice(AgeBand.values[1:-1]),
                gender=story.choice(Gender.values[:2]),
                consent_data_use=True,
                consent_case_study=story.random() < 0.3,
                consent_recorded_at=timezone.now(),
                consent_recorded_by=user,
            )
            participant.conditions.set(story.sample(conditions, k=min(len(conditions), 2)))
            # Listings near home; beyond the listings' reach, the nearest ones elsewhere.
            listings = listings_by_district.get(district) or listings_by_district.get("SO14", [])
            _participant_story(
                story,
                participant=participant,
                user=user,
                listings=listings,
                kinds=kinds,
                items=items,
                shared=shared,
            )


def load(*, organisations, users, participants):
    load_cohort(organisations=organisations, users=users)
    # The fixed area groups commissioners filter by (evidence.areas).
    area_groups_build()
    sessions = (
        Session.objects.filter(participant__in=list(participants.values()))
        .exclude(pk__in=WellbeingMeasures.objects.values("session_id"))
        .select_related("participant", "facilitator")
        .order_by("started_at")
    )
    for index, session in enumerate(sessions):
        answers = FOLLOW_UP if session.kind == Session.Kind.FOLLOW_UP else FIRST_SESSION
        _wellbeing(session, answers, index % 3 - 1)
    # Demo dates are set with bulk updates, which send no signals: the
    # dashboard's facts are rebuilt once the demo is in place.
    facts_rebuild()
