import pytest
from django.urls import reverse

from genie.models import AuditEvent, WellbeingMeasures
from tests.factories import WellbeingMeasuresFactory

ALL_ANSWERED = {
    "life_satisfaction": "7",
    "worthwhile": "8",
    "happiness": "0",
    "anxiety": "10",
    "lack_companionship": "3",
    "left_out": "2",
    "isolated": "1",
    "direct_loneliness": "occasionally",
}


def test_page_shows_every_question_in_the_session_flow(facilitator_client, session):
    response = facilitator_client.get(reverse("wellbeing", args=[session.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Overall, how satisfied are you with your life nowadays?" in page
    assert "How often do you feel isolated from others?" in page
    assert "How often do you feel lonely?" in page
    assert 'aria-label="Session stages"' in page
    assert "WEMWBS" not in page and "Warwick" not in page


def test_saving_answers_scores_ucla_and_returns_to_the_session(
    facilitator_client, facilitator_user, session
):
    response = facilitator_client.post(reverse("wellbeing", args=[session.pk]), ALL_ANSWERED)
    assert response["Location"] == reverse("network", args=[session.pk])
    measures = WellbeingMeasures.objects.get(session=session)
    assert (measures.life_satisfaction, measures.happiness, measures.anxiety) == (7, 0, 10)
    assert measures.ucla3_total == 6
    assert measures.direct_loneliness == "occasionally"
    assert AuditEvent.objects.filter(
        actor=facilitator_user, action="changed", what="wellbeing measures"
    ).exists()
    # Shown again on return, ready to change.
    page = facilitator_client.get(reverse("wellbeing", args=[session.pk])).content.decode()
    assert 'value="7" checked' in page


def test_every_question_can_be_skipped_and_ucla_needs_all_three(facilitator_client, session):
    response = facilitator_client.post(
        reverse("wellbeing", args=[session.pk]), {"lack_companionship": "3", "left_out": ""}
    )
    assert response.status_code == 302
    measures = WellbeingMeasures.objects.get(session=session)
    assert measures.life_satisfaction is None
    assert measures.lack_companionship == 3
    assert measures.ucla3_total is None
    assert measures.direct_loneliness == ""


def test_double_submit_keeps_one_record_with_the_latest_answers(facilitator_client, session):
    url = reverse("wellbeing", args=[session.pk])
    facilitator_client.post(url, ALL_ANSWERED)
    facilitator_client.post(url, {**ALL_ANSWERED, "life_satisfaction": "9"})
    assert WellbeingMeasures.objects.get(session=session).life_satisfaction == 9
    assert WellbeingMeasures.objects.count() == 1


@pytest.mark.parametrize(
    "tampered",
    [
        {"life_satisfaction": "11"},
        {"anxiety": "-1"},
        {"worthwhile": "<script>alert(1)</script>"},
        {"left_out": "4"},
        {"direct_loneliness": '"><svg onload=alert(1)>'},
        {"happiness": "٣"},
    ],
)
def test_tampered_answers_get_an_error_summary_and_keep_the_rest(
    facilitator_client, session, tampered
):
    response = facilitator_client.post(
        reverse("wellbeing", args=[session.pk]), {**ALL_ANSWERED, **tampered}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "<script>alert" not in page and "<svg onload" not in page
    assert 'value="3" checked' in page  # lack_companionship kept
    assert not WellbeingMeasures.objects.exists()


def test_other_organisations_and_commissioners_cannot_open_it(
    client, session, other_facilitator, commissioner_user
):
    WellbeingMeasuresFactory(session=session)
    client.force_login(other_facilitator)
    assert client.get(reverse("wellbeing", args=[session.pk])).status_code == 404
    assert client.post(reverse("wellbeing", args=[session.pk]), ALL_ANSWERED).status_code == 404
    client.force_login(commissioner_user)
    assert client.get(reverse("wellbeing", args=[session.pk])).status_code == 403
    assert WellbeingMeasures.objects.get(session=session).life_satisfaction == 6


def test_each_session_starts_with_the_measures_which_can_be_skipped(
    facilitator_client, participant
):
    start = reverse("session_start", args=[participant.pk])
    first = facilitator_client.post(start)
    session = participant.sessions.get()
    assert first["Location"] == reverse("wellbeing", args=[session.pk])
    page = facilitator_client.get(first["Location"]).content.decode()
    assert 'aria-current="step">Wellbeing' in page  # a step of the session
    # Until answered or skipped, starting again (a double click, "Resume") offers them again.
    assert facilitator_client.post(start)["Location"] == first["Location"]
    skipped = facilitator_client.post(first["Location"], {"skip": "yes"})
    assert skipped["Location"] == reverse("network", args=[session.pk])
    assert not WellbeingMeasures.objects.filter(session=session).exists()
    assert facilitator_client.post(start)["Location"] == reverse("network", args=[session.pk])

    # The follow-up offers them again; answering them goes on to the review.
    session.completed_at = session.started_at
    session.save()
    follow_up = facilitator_client.post(start)
    later = participant.sessions.exclude(pk=session.pk).get()
    assert later.kind == "follow-up"
    assert follow_up["Location"] == reverse("wellbeing", args=[later.pk])
    answered = facilitator_client.post(follow_up["Location"], ALL_ANSWERED)
    assert answered["Location"] == reverse("review", args=[later.pk])
    assert WellbeingMeasures.objects.get(session=later).life_satisfaction == 7
    assert facilitator_client.post(start)["Location"] == reverse("review", args=[later.pk])
