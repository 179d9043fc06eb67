"""The first step of a follow-up: how each activity chosen last time went."""

import pytest
from django.urls import reverse

from genie import services as genie_services
from genie.flow import stage_steps
from genie.models import Session, Stage
from resources.models import ActivityOutcome, ChosenActivity
from tests.resources.factories import listing


@pytest.fixture
def follow_up(session, facilitator_user):
    """A follow-up after a completed first session with two activities chosen."""
    for name in ("Walking group", "Choir"):
        sal = listing(name)
        ChosenActivity.objects.create(session=session, service_at_location=sal, name=name)
    genie_services.session_complete(session=session)
    return genie_services.session_start(user=facilitator_user, participant=session.participant)


def post_data(follow_up, **overrides):
    data = {}
    for activity in ChosenActivity.objects.filter(session=follow_up.previous):
        data[f"{activity.pk}-status"] = "tried"
        data[f"{activity.pk}-note"] = ""
    data.update(overrides)
    return data


def test_a_follow_up_starts_with_the_review_and_a_first_session_does_not(
    follow_up, facilitator_client
):
    assert follow_up.kind == Session.Kind.FOLLOW_UP
    assert follow_up.stage == Stage.REVIEW
    response = facilitator_client.get(reverse("session_resume", args=[follow_up.pk]))
    assert response.url == reverse("review", args=[follow_up.pk])
    assert [step.stage for step in stage_steps(follow_up, Stage.REVIEW)][:4] == [
        "start",
        "wellbeing",
        "review",
        "network",
    ]
    assert "review" not in [step.stage for step in stage_steps(follow_up.previous, "network")]
    # A first session has nothing to review: its review URL goes back to the session.
    response = facilitator_client.get(reverse("review", args=[follow_up.previous.pk]))
    assert response.status_code == 302


def test_review_asks_about_each_activity_chosen_last_time(follow_up, facilitator_client):
    page = facilitator_client.get(reverse("review", args=[follow_up.pk])).content.decode()
    assert "Did the participant try Walking group?" in page
    assert "Did the participant try Choir?" in page
    assert "How it went" in page  # in the stage indicator


def test_missing_answers_and_reasons_are_explained_and_nothing_is_lost(
    follow_up, facilitator_client
):
    walking, choir = ChosenActivity.objects.filter(session=follow_up.previous).order_by("name")[
        ::-1
    ]
    url = reverse("review", args=[follow_up.pk])
    response = facilitator_client.post(
        url, {f"{walking.pk}-status": "not-tried", f"{walking.pk}-note": "Bus too early"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select what got in the way of Walking group" in page
    assert "Select whether Choir was tried" in page
    assert "Bus too early" in page  # kept to correct
    assert not ActivityOutcome.objects.exists()
    follow_up.refresh_from_db()
    assert follow_up.stage == Stage.REVIEW


def test_saving_records_outcomes_once_and_moves_on_to_the_network(follow_up, facilitator_client):
    walking = ChosenActivity.objects.get(session=follow_up.previous, name="Walking group")
    url = reverse("review", args=[follow_up.pk])
    data = post_data(
        follow_up,
        **{
            f"{walking.pk}-status": "not-tried",
            f"{walking.pk}-reason": "transport",
            f"{walking.pk}-note": '<script>alert(1)</script> "><svg onload=x> ${x} `y` مرحبا 🚌',
        },
    )
    response = facilitator_client.post(url, data)
    assert response.url == reverse("network", args=[follow_up.pk])
    # A double submit (or the same form from a second tab) updates, never duplicates.
    data[f"{walking.pk}-reason"] = "cost"
    facilitator_client.post(url, data)
    assert ActivityOutcome.objects.filter(session=follow_up).count() == 2
    outcome = ActivityOutcome.objects.get(chosen_activity=walking)
    assert (outcome.status, outcome.reason) == ("not-tried", "cost")
    follow_up.refresh_from_db()
    assert follow_up.stage == Stage.NETWORK
    # The review can be revisited and shows what was saved, escaped.
    page = facilitator_client.get(url).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'value="cost" checked' in page


def test_a_reason_is_dropped_for_an_activity_that_was_tried(follow_up, facilitator_client):
    walking = ChosenActivity.objects.get(session=follow_up.previous, name="Walking group")
    data = post_data(follow_up, **{f"{walking.pk}-reason": "cost"})
    facilitator_client.post(reverse("review", args=[follow_up.pk]), data)
    assert ActivityOutcome.objects.get(chosen_activity=walking).reason == ""


def test_tampered_values_get_a_message_not_an_error(follow_up, facilitator_client):
    walking = ChosenActivity.objects.get(session=follow_up.previous, name="Walking group")
    data = post_data(
        follow_up,
        **{
            f"{walking.pk}-status": "exploded",
            f"{walking.pk}-reason": "x" * 5000,
            f"{walking.pk}-note": "n" * 5000,
        },
    )
    response = facilitator_client.post(reverse("review", args=[follow_up.pk]), data)
    assert response.status_code == 400
    assert "Select whether Walking group was tried" in response.content.decode()


def test_nothing_to_review_goes_straight_on(session, facilitator_user, facilitator_client):
    genie_services.session_complete(session=session)
    follow_up = genie_services.session_start(user=facilitator_user, participant=session.participant)
    url = reverse("review", args=[follow_up.pk])
    assert "nothing to ask about" in facilitator_client.get(url).content.decode()
    assert facilitator_client.post(url).url == reverse("network", args=[follow_up.pk])


def test_stage_three_of_a_follow_up_shows_the_last_plan_and_how_it_went(
    follow_up, facilitator_client, django_assert_max_num_queries
):
    walking, choir = ChosenActivity.objects.filter(session=follow_up.previous).order_by("name")[
        ::-1
    ]
    stage3 = reverse("opportunities", args=[follow_up.pk])
    page = facilitator_client.get(stage3).content.decode()
    assert "Chosen last time" in page and page.count("not asked about yet") == 2
    data = post_data(
        follow_up,
        **{f"{choir.pk}-status": "not-tried", f"{choir.pk}-reason": "timing"},
        **{f"{walking.pk}-status": "ongoing", f"{walking.pk}-note": "Goes with Jean"},
    )
    facilitator_client.post(reverse("review", args=[follow_up.pk]), data)
    page = facilitator_client.get(stage3).content.decode()
    last_time = " ".join(page.split('id="last-plan-heading"')[1].split("</section>")[0].split())
    assert "<strong>Walking group</strong>: tried it and still going. “Goes with Jean”" in last_time
    assert "<strong>Choir</strong>: not tried (the day or time got in the way)" in last_time
    # Either can be chosen again from there, in place.
    assert last_time.count("Choose again") == 2
    facilitator_client.post(
        reverse("opportunity_choose", args=[follow_up.pk]),
        {"service_at_location": walking.service_at_location_id},
    )
    last_time = (
        facilitator_client.get(stage3)
        .content.decode()
        .split('id="last-plan-heading"')[1]
        .split("</section>")[0]
    )
    assert "Chosen again" in last_time and last_time.count("Choose again") == 1
    with django_assert_max_num_queries(5):
        from resources.selectors import last_plan

        plan = last_plan(session=follow_up)
        assert [(i.activity.name, i.still_listed) for i in plan.items] == [
            ("Walking group", True),
            ("Choir", True),
        ]


def test_a_first_session_has_no_last_plan(session, facilitator_client):
    page = facilitator_client.get(reverse("opportunities", args=[session.pk])).content.decode()
    assert "Chosen last time" not in page
