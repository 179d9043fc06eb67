"""The facilitator's session summary."""

from django.urls import reverse

from genie.models import Session
from tests.evidence.stories import story
from tests.factories import WellbeingMeasuresFactory
from tests.resources.factories import listing


def test_summary_shows_network_change_outcomes_choices_and_wellbeing(
    organisation, facilitator_user, facilitator_client, django_assert_max_num_queries
):
    person = story(
        organisation,
        user=facilitator_user,
        listings=[listing("Walking group")],
        label="Auntie Bea",
        note="Private note",
    )
    first = person.sessions.get(kind=Session.Kind.BASELINE)
    follow_up = person.sessions.get(kind=Session.Kind.FOLLOW_UP)
    WellbeingMeasuresFactory(session=first, life_satisfaction=4, direct_loneliness="often-always")
    WellbeingMeasuresFactory(session=follow_up, life_satisfaction=7, direct_loneliness="")
    url = reverse("session_summary", args=[follow_up.pk])
    with django_assert_max_num_queries(40):
        response = facilitator_client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Auntie Bea Junior" in page  # added at the follow-up
    assert "What has changed since" in page
    assert "Walking group" in page
    assert "Not tried" in page and "Getting there" in page
    assert "+3" in page  # life satisfaction 4 → 7
    assert "Physical activity" in page  # from the first session: not asked again
    assert "The questions were not asked again" in page
    # Linked from the participant's page and from the plan.
    detail = facilitator_client.get(reverse("participant_detail", args=[person.pk]))
    assert url in detail.content.decode()
    plan = facilitator_client.get(reverse("plan", args=[follow_up.pk]))
    assert url in plan.content.decode()


def test_summary_of_an_empty_session_says_what_is_missing(session, facilitator_client):
    page = facilitator_client.get(reverse("session_summary", args=[session.pk])).content.decode()
    assert "The network was not drawn in this session." in page
    assert "No activities chosen in this session." in page
