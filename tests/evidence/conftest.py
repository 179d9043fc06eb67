from datetime import datetime

import pytest
from django.utils import timezone

from genie.models import Session
from tests.factories import (
    ParticipantFactory,
    SessionFactory,
    WellbeingMeasuresFactory,
    facilitator,
)


def seed_sessions(organisation, *, district="SO17", count=6, follow_ups=True, month=(2026, 3)):
    """``count`` participants in ``district``, each with a completed first
    session (and a follow-up) with wellbeing measures, started in ``month``."""
    user = facilitator(organisation=organisation)
    started = timezone.make_aware(datetime(*month, 10, 14))
    for _ in range(count):
        participant = ParticipantFactory(
            organisation=organisation, postcode_district=district, consent_recorded_by=user
        )
        first = SessionFactory(participant=participant, facilitator=user, completed_at=started)
        WellbeingMeasuresFactory(session=first, life_satisfaction=5)
        if follow_ups:
            follow_up = SessionFactory(
                participant=participant,
                facilitator=user,
                kind=Session.Kind.FOLLOW_UP,
                previous=first,
                completed_at=started,
            )
            WellbeingMeasuresFactory(session=follow_up, life_satisfaction=7)
    # started_at is auto_now_add: set it afterwards.
    Session.objects.filter(participant__postcode_district=district).update(started_at=started)


@pytest.fixture
def commissioner_client(client, commissioner_user):
    client.force_login(commissioner_user)
    return client
