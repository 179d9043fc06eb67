"""Follow-ups start Stage 2 from last time: the answers and practical limits, "still true?"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from genie.models import Session, Stage
from questionnaire import selectors
from questionnaire.models import PracticalConstraints, Response
from tests.factories import SessionFactory
from tests.questionnaire.test_views import CONSTRAINTS, question_url


@pytest.fixture
def follow_up(session, answer, facilitator_client):
    """A finished first session with every answer and the practical limits, then its follow-up."""
    for number in range(1, 14):
        answer(number, None if number == 5 else number % 3)
    facilitator_client.post(reverse("preferences_constraints", args=[session.pk]), CONSTRAINTS)
    session.started_at = timezone.now() - timedelta(days=90)
    session.completed_at = timezone.now() - timedelta(days=90)
    session.save()
    return SessionFactory(
        participant=session.participant,
        facilitator=session.facilitator,
        kind=Session.Kind.FOLLOW_UP,
        previous=session,
        stage=Stage.PREFERENCES,
    )


def test_the_follow_up_starts_from_last_times_answers(facilitator_client, session, follow_up):
    response = facilitator_client.get(reverse("preferences", args=[follow_up.pk]))
    assert response["Location"] == reverse("preferences_check", args=[follow_up.pk])
    before = selectors.session_progress(session=session)
    now = selectors.session_progress(session=follow_up)
    assert [(q.option, q.skipped) for q in now.questions] == [
        (q.option, q.skipped) for q in before.questions
    ]
    page = facilitator_client.get(response["Location"]).content.decode()
    assert "Is this still true?" in page
    assert page.count("From last time") == 13
    assert "These are still true: continue" in page
    # The first session's answers are untouched; opening Stage 2 again copies nothing more.
    facilitator_client.get(reverse("preferences", args=[follow_up.pk]))
    assert Response.objects.filter(session=follow_up).count() == 13
    assert Response.objects.filter(session=session).count() == 13


def test_a_changed_answer_is_the_follow_ups_own(facilitator_client, session, follow_up, answer):
    facilitator_client.get(reverse("preferences", args=[follow_up.pk]))
    question = selectors.session_progress(session=follow_up).question(2)
    new_option = (
        question.options[0] if question.option != question.options[0] else question.options[1]
    )
    facilitator_client.post(question_url(follow_up, 2, change=True), {"answer": new_option.pk})
    page = facilitator_client.get(
        reverse("preferences_check", args=[follow_up.pk])
    ).content.decode()
    assert page.count("From last time") == 12
    assert "Answered today" in page
    assert selectors.session_progress(session=follow_up).question(2).option == new_option
    assert selectors.session_progress(session=session).question(2).option == question.option


def test_practical_limits_start_from_last_time_and_are_saved_when_confirmed(
    facilitator_client, follow_up
):
    url = reverse("preferences_constraints", args=[follow_up.pk])
    page = facilitator_client.get(url).content.decode()
    assert "Still true? These are the answers from last time" in page
    assert 'value="3" checked' in page  # up to 3 miles
    assert 'value="walk" checked' in page and 'value="morning" checked' in page
    assert not PracticalConstraints.objects.filter(session=follow_up).exists()  # not yet
    facilitator_client.post(url, dict(CONSTRAINTS, free_only="no"))
    saved = selectors.session_constraints(session=follow_up)
    assert saved.travel_modes == ("walk", "bus") and saved.free_only is False
    assert "Still true?" not in facilitator_client.get(url).content.decode()


def test_a_first_session_starts_blank(facilitator_client, session):
    response = facilitator_client.get(reverse("preferences", args=[session.pk]))
    assert response["Location"] == question_url(session, 1)
    page = facilitator_client.get(reverse("preferences_constraints", args=[session.pk]))
    assert "Still true?" not in page.content.decode()
