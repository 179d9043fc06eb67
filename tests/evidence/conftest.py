import csv
import io
from datetime import datetime

import pytest
from django.utils import timezone

from evidence.models import AreaDistrict
from evidence.services import area_groups_build
from genie.models import AgeBand, Gender, Session
from tests.factories import (
    ParticipantFactory,
    SessionFactory,
    WellbeingMeasuresFactory,
    facilitator,
)


def varied_measures(i: int, *, better: int = 0) -> dict:
    """Wellbeing answers that differ from person to person (a group where
    everyone answered the same is left out of the averages), averaging to
    life satisfaction 5 (7 with better=2) over every three people."""
    return {
        "life_satisfaction": 4 + i % 3 + better,
        "worthwhile": 6 + i % 3,
        "happiness": 5 + i % 3,
        "anxiety": 3 + i % 3,
        "ucla3_total": 5 + i % 3,
        "direct_loneliness": "some-of-the-time" if i % 2 else "never",
    }


def seed_sessions(organisation, *, district="SO17", count=6, follow_ups=True, month=(2026, 3)):
    """``count`` participants in ``district``, each with a completed first
    session (and a follow-up) with wellbeing measures, started in ``month``.
    Ages, genders and answers vary from person to person."""
    user = facilitator(organisation=organisation)
    started = timezone.make_aware(datetime(*month, 10, 14))
    for i in range(count):
        participant = ParticipantFactory(
            organisation=organisation,
            postcode_district=district,
            consent_recorded_by=user,
            age_band=AGES[i % 2],
            gender=GENDERS[i % 2],
        )
        first = SessionFactory(participant=participant, facilitator=user, completed_at=started)
        WellbeingMeasuresFactory(session=first, **varied_measures(i))
        if follow_ups:
            follow_up = SessionFactory(
                participant=participant,
                facilitator=user,
                kind=Session.Kind.FOLLOW_UP,
                previous=first,
                completed_at=started,
            )
            WellbeingMeasuresFactory(session=follow_up, **varied_measures(i, better=2))
    # started_at is auto_now_add: set it afterwards.
    Session.objects.filter(participant__postcode_district=district).update(started_at=started)


AGES = [AgeBand.FROM_65, AgeBand.FROM_75]
GENDERS = [Gender.WOMAN, Gender.MAN]


def build_groups(minimum=5):
    """The fixed area groups, from the participants seeded so far."""
    return area_groups_build(minimum=minimum)


def area_code(district: str) -> str:
    return AreaDistrict.objects.get(district=district).group_code


def table_rows(response) -> list[list[str]]:
    """A CSV's table, after its preamble (which ends at the first empty line)."""
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    return rows[rows.index([]) + 1 :]


@pytest.fixture
def commissioner_client(client, commissioner_user):
    client.force_login(commissioner_user)
    return client
