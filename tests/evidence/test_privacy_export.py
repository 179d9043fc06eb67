import json

from django.urls import reverse

from genie.privacy import participant_export
from tests.evidence.stories import story
from tests.factories import WellbeingMeasuresFactory
from tests.resources.factories import listing


def test_subject_access_export_includes_wellbeing_measures(session):
    WellbeingMeasuresFactory(session=session, life_satisfaction=3, direct_loneliness="never")
    exported = participant_export(participant=session.participant)["wellbeing_measures"]
    assert len(exported) == 1
    assert exported[0]["session"] == str(session.pk)
    assert exported[0]["life_satisfaction"] == 3
    assert exported[0]["direct_loneliness"] == "never"


def test_export_includes_how_activities_went_with_the_note(facilitator_client, organisation):
    person = story(organisation, listings=[listing("Lakeside choir")], note="Bus at 7 is too early")
    response = facilitator_client.get(reverse("participant_export", args=[person.pk]))
    outcome = json.loads(response.content)["activity_outcomes"][0]
    assert (outcome["activity"], outcome["status"], outcome["reason"]) == (
        "Lakeside choir",
        "not-tried",
        "transport",
    )
    assert outcome["note"] == "Bus at 7 is too early"
