"""The participant's own plan and "how it went", which the follow-up starts from (#20)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from genie.models import AuditEvent
from resources.models import ActivityOutcome, ChosenActivity, OwnActivityReport
from tests.factories import SessionFactory, own_sign_in
from tests.resources.factories import listing


@pytest.fixture
def choice(session):
    chosen = ChosenActivity.objects.create(
        session=session, service_at_location=listing("Walking group"), name="Walking group"
    )
    session.completed_at = timezone.now()
    session.save()
    return chosen


@pytest.fixture
def own_client(participant):
    return own_sign_in(participant)


def say(client, choice, **data):
    return client.post(reverse("own_activity", args=[choice.pk]), data)


def test_plan_shows_the_activities_with_a_way_to_say_how_it_went(own_client, choice):
    page = own_client.get(reverse("own_plan")).content.decode()
    assert "Walking group" in page and "Print my plan" in page
    assert reverse("own_activity", args=[choice.pk]) in page


def test_plan_without_a_finished_session_says_so(own_client, session):
    ChosenActivity.objects.create(session=session, name="Choir")  # still in progress
    page = own_client.get(reverse("own_plan")).content.decode()
    assert "You do not have a plan yet" in page and "Choir" not in page


def test_plan_never_shows_the_facilitators_note(own_client, choice, participant, facilitator_user):
    follow_up = SessionFactory(
        participant=participant, facilitator=facilitator_user, kind="follow-up"
    )
    ActivityOutcome.objects.create(
        session=follow_up, chosen_activity=choice, status="tried", note="STAFF-ONLY-NOTE"
    )
    for name in ("own_plan", "own_activities"):
        assert "STAFF-ONLY-NOTE" not in own_client.get(reverse(name)).content.decode()


def test_participant_says_how_it_went_once_however_often_sent(own_client, choice, participant):
    assert say(own_client, choice, status="not-yet", reason="transport").status_code == 302
    assert say(own_client, choice, status="not-yet", reason="transport").status_code == 302
    report = OwnActivityReport.objects.get()
    assert (report.status, report.reason, report.recorded_by) == (
        "not-yet",
        "transport",
        own_client.user,
    )
    assert AuditEvent.objects.filter(
        participant_id=participant.pk, what="own activity report", action="changed"
    ).exists()
    page = own_client.get(reverse("own_activities")).content.decode()
    assert "You said: <strong>Not yet</strong> (getting there)" in page


def test_a_reason_is_dropped_when_they_went(own_client, choice):
    say(own_client, choice, status="went", reason="cost")
    assert OwnActivityReport.objects.get().reason == ""


@pytest.mark.parametrize(
    "data",
    [{}, {"status": "maybe"}, {"status": "<b>went</b>"}, {"status": "not-yet", "reason": "x" * 99}],
)
def test_bad_answers_are_explained(own_client, choice, data):
    response = say(own_client, choice, **data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "<b>went" not in page
    assert not OwnActivityReport.objects.exists()


def test_follow_up_review_starts_from_what_the_participant_said(
    own_client, choice, participant, facilitator_client
):
    say(own_client, choice, status="not-for-me")
    start = facilitator_client.post(reverse("session_start", args=[participant.pk]))
    follow_up = participant.sessions.get(kind="follow-up")
    assert start.status_code == 302
    page = facilitator_client.get(reverse("review", args=[follow_up.pk])).content.decode()
    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"said “Not for me” on {today}" in page
    # The review's answers start from it: not tried, because it was not for them.
    assert f'name="{choice.pk}-status" type="radio" value="not-tried" checked' in page
    assert f'name="{choice.pk}-reason" type="radio" value="not-for-me" checked' in page


# --- Looking for something new and adding it to the plan ---------------------------


def test_participant_finds_activities_matched_to_them_and_adds_one(own_client, choice, participant):
    choir = listing("Community choir", km_north=0.5, categories=("arts-music",))
    page = own_client.get(reverse("own_find")).content.decode()
    assert "Community choir" in page and "In your plan" in page  # the walking group
    response = own_client.post(reverse("own_add"), {"service_at_location": choir.pk})
    assert response["Location"] == reverse("own_plan")
    own_client.post(reverse("own_add"), {"service_at_location": choir.pk})  # double submit
    added = ChosenActivity.objects.get(service_at_location=choir)
    assert added.added_by_participant and added.session == choice.session
    assert AuditEvent.objects.filter(what="own plan choice", action="created").count() == 1
    assert "Community choir" in own_client.get(reverse("own_plan")).content.decode()


def test_a_full_plan_takes_no_more(own_client, choice):
    for n in range(2):
        ChosenActivity.objects.create(
            session=choice.session, service_at_location=listing(f"Group {n}"), name=f"Group {n}"
        )
    extra = listing("One too many")
    response = own_client.post(reverse("own_add"), {"service_at_location": extra.pk}, follow=True)
    assert "Your plan already has 3 activities" in response.content.decode()
    assert ChosenActivity.objects.filter(session=choice.session).count() == 3


@pytest.mark.parametrize("value", ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_adding_nonsense_is_refused(own_client, choice, value):
    response = own_client.post(reverse("own_add"), {"service_at_location": value}, follow=True)
    assert response.status_code == 200
    assert ChosenActivity.objects.count() == 1


def test_facilitator_sees_the_added_activity_at_the_follow_up(
    own_client, choice, participant, facilitator_client
):
    choir = listing("Community choir")
    own_client.post(reverse("own_add"), {"service_at_location": choir.pk})
    facilitator_client.post(reverse("session_start", args=[participant.pk]))
    follow_up = participant.sessions.get(kind="follow-up")
    page = facilitator_client.get(reverse("review", args=[follow_up.pk])).content.decode()
    assert "Community choir" in page and "from their own sign-in on" in page
