import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from genie.models import Stage
from questionnaire import selectors, services
from questionnaire.models import PracticalConstraints, Response
from tests.factories import ParticipantFactory, SessionFactory, commissioner

HTMX = {"HX-Request": "true", "HX-Target": "preferences-step", "HX-Boosted": "true"}
CONSTRAINTS = {
    "distance": "3",
    "travel_modes": ["bus", "walk"],
    "free_only": "yes",
    "step_free": "no",
    "days": ["TU", "MO"],
    "times_of_day": ["morning"],
}


def question_url(session, number, change=False):
    url = reverse("preferences_question", args=[session.pk, number])
    return url + ("?change" if change else "")


def option_id(session, number, position):
    return selectors.session_progress(session=session).question(number).options[position].pk


def test_stage_entry_resumes_at_the_next_unanswered_question(facilitator_client, session, answer):
    entry = reverse("preferences", args=[session.pk])
    assert facilitator_client.get(entry)["Location"] == question_url(session, 1)
    answer(1, 2)
    answer(2, None)
    assert facilitator_client.get(entry)["Location"] == question_url(session, 3)
    for number in range(3, 14):
        answer(number, 1)
    assert facilitator_client.get(entry)["Location"] == reverse(
        "preferences_check", args=[session.pk]
    )


def test_question_page_is_an_nhs_question_page(facilitator_client, session):
    page = facilitator_client.get(question_url(session, 4)).content.decode()
    assert "<html" in page
    assert "Question 4 of 13" in page
    assert '<h1 class="nhsuk-fieldset__heading">' in page
    assert "How much would you like to learn something new?" in page
    assert f'class="nhsuk-back-link" href="{question_url(session, 3)}"' in page
    assert "Prefer not to say" in page and 'aria-current="step"' in page
    assert "style=" not in page


def test_answer_without_javascript_saves_and_moves_on(facilitator_client, session):
    response = facilitator_client.post(
        question_url(session, 1), {"answer": option_id(session, 1, 3)}
    )
    assert response.status_code == 302
    assert response["Location"] == question_url(session, 2)
    assert Response.objects.get(session=session).option.label == "Very much"
    # Going back shows the answer given.
    page = facilitator_client.get(question_url(session, 1)).content.decode()
    assert f'value="{option_id(session, 1, 3)}" checked' in page


def test_htmx_gets_just_the_step_fragment_and_the_url_to_push(facilitator_client, session):
    response = facilitator_client.get(question_url(session, 2), headers=HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="preferences-step"')
    assert "<html" not in page and "<title>Question 2 of 13 – Genie</title>" in page
    assert "data-genie-focus" in page
    assert response["HX-Push-Url"] == question_url(session, 2)


def test_last_answer_goes_to_check_your_answers(facilitator_client, session, answer):
    for number in range(1, 13):
        answer(number, 2)
    response = facilitator_client.post(question_url(session, 13), {"answer": "skip"})
    assert response["Location"] == reverse("preferences_check", args=[session.pk])
    page = facilitator_client.get(response["Location"]).content.decode()
    assert page.count("nhsuk-summary-list__row") == 13
    assert "Prefer not to say" in page and "Quite a lot" in page
    assert question_url(session, 13, change=True) in page
    assert reverse("preferences_constraints", args=[session.pk]) in page


def test_change_from_check_your_answers_returns_there(facilitator_client, session, answer):
    answer(3, 0)
    page = facilitator_client.get(question_url(session, 3, change=True)).content.decode()
    assert f'action="{question_url(session, 3, change=True)}"' in page
    assert f'href="{reverse("preferences_check", args=[session.pk])}"' in page  # Back
    response = facilitator_client.post(
        question_url(session, 3, change=True), {"answer": option_id(session, 3, 2)}
    )
    assert response["Location"] == reverse("preferences_check", args=[session.pk])
    assert Response.objects.get(session=session).option.label == "Quite a lot"


@pytest.mark.parametrize("tampered", ["999999", "not-a-number", "", "<script>alert(1)</script>"])
def test_tampered_or_missing_option_gets_a_clear_message(facilitator_client, session, tampered):
    response = facilitator_client.post(question_url(session, 1), {"answer": tampered})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_answer_0"' in page
    assert "<script>alert" not in page
    assert not Response.objects.exists()


def test_option_of_another_question_is_refused(facilitator_client, session):
    response = facilitator_client.post(
        question_url(session, 1), {"answer": option_id(session, 2, 1)}
    )
    assert "Select one of the answers shown" in response.content.decode()
    assert not Response.objects.exists()


def test_double_submit_is_harmless(facilitator_client, session):
    data = {"answer": option_id(session, 5, 2)}
    first = facilitator_client.post(question_url(session, 5), data)
    second = facilitator_client.post(question_url(session, 5), data)
    assert first["Location"] == second["Location"]
    assert Response.objects.filter(session=session).count() == 1


def test_answering_a_completed_session_says_so_and_changes_nothing(
    facilitator_client, session, answer
):
    answer(1, 0)
    session.completed_at = timezone.now()
    session.save()
    response = facilitator_client.post(question_url(session, 1), {"answer": "skip"})
    assert response.status_code == 200
    assert "This session is finished, so nothing in it can be changed" in (
        response.content.decode()
    )
    assert Response.objects.get(session=session).option.label == "Not at all"
    response = facilitator_client.post(
        reverse("preferences_constraints", args=[session.pk]), CONSTRAINTS
    )
    assert "This session is finished, so nothing in it can be changed" in (
        response.content.decode()
    )
    assert not PracticalConstraints.objects.exists()


def test_question_numbers_outside_the_questionnaire_are_not_found(facilitator_client, session):
    assert facilitator_client.get(question_url(session, 14)).status_code == 404
    assert facilitator_client.get(question_url(session, 0)).status_code == 404


@pytest.mark.parametrize("name", ["preferences", "preferences_check", "preferences_profile"])
def test_another_organisations_session_is_not_found(facilitator_client, other_facilitator, name):
    other = SessionFactory(
        participant=ParticipantFactory(organisation=other_facilitator.organisation)
    )
    assert facilitator_client.get(reverse(name, args=[other.pk])).status_code == 404
    response = facilitator_client.post(question_url(other, 1), {"answer": "skip"})
    assert response.status_code == 404
    assert not Response.objects.exists()


def test_commissioners_cannot_open_or_answer(client, session):
    client.force_login(commissioner(username="cara3"))
    assert client.get(question_url(session, 1)).status_code == 403
    assert client.post(question_url(session, 1), {"answer": "skip"}).status_code == 403
    assert client.get(reverse("preferences_profile", args=[session.pk])).status_code == 403
    assert not Response.objects.exists()


def test_constraints_are_saved_then_the_profile_shows_them(facilitator_client, session, answer):
    url = reverse("preferences_constraints", args=[session.pk])
    response = facilitator_client.post(url, CONSTRAINTS)
    assert response["Location"] == reverse("preferences_profile", args=[session.pk])
    constraints = selectors.session_constraints(session=session)
    assert constraints.max_distance_km == pytest.approx(4.8)
    assert constraints.travel_modes == ("walk", "bus")  # in the listed order
    assert constraints.days == ("MO", "TU") and constraints.free_only
    page = facilitator_client.get(url).content.decode()
    assert 'value="3" checked' in page and 'value="TU" checked' in page


def test_distance_is_asked_in_kilometres_where_the_setting_says_so(
    facilitator_client, session, settings
):
    url = reverse("preferences_constraints", args=[session.pk])
    assert "Up to 3 miles" in facilitator_client.get(url).content.decode()
    settings.DISTANCE_UNIT = "km"
    page = facilitator_client.get(url).content.decode()
    assert "Up to 5 km" in page and "mile" not in page
    facilitator_client.post(url, {**CONSTRAINTS, "distance": "5"})
    assert selectors.session_constraints(session=session).max_distance_km == 5
    summary = dict(selectors.session_constraints_summary(session=session))
    assert summary["How far"] == "Up to 5 km"


def test_constraints_form_errors_keep_what_was_chosen(facilitator_client, session):
    data = {**CONSTRAINTS, "days": ["MO", "XX"]}
    del data["distance"]
    response = facilitator_client.post(reverse("preferences_constraints", args=[session.pk]), data)
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select how far you can travel" in page and "Select from the days shown" in page
    assert 'value="bus" checked' in page
    assert not PracticalConstraints.objects.exists()


def test_profile_page_shows_scores_in_text_bars_and_top_interests(
    facilitator_client, session, answer
):
    answer(5, 3)
    answer(3, 2)
    answer(10, None)
    page = facilitator_client.get(reverse("preferences_profile", args=[session.pk]))
    page = page.content.decode()
    assert "What Pat enjoys" in page
    assert "The strongest interests are <strong>arts, crafts and music</strong>" in page
    assert "genie-bar--w100" in page and "100<span" in page
    assert "Not known" in page  # skipped and unanswered are not scored as "no"
    assert "style=" not in page


def test_continue_moves_the_session_to_stage_3(facilitator_client, session):
    response = facilitator_client.post(reverse("preferences_profile", args=[session.pk]))
    assert response["Location"] == reverse("opportunities", args=[session.pk])
    session.refresh_from_db()
    assert session.stage == Stage.OPPORTUNITIES


def test_hostile_text_in_an_item_is_escaped(facilitator_client, session, questionnaire):
    questionnaire.items.filter(order=1).update(text='"><svg onload=alert(1)> ${x} `y`')
    page = facilitator_client.get(question_url(session, 1)).content.decode()
    assert "<svg onload" not in page and "&lt;svg onload=alert(1)&gt;" in page


# --- Query budget --------------------------------------------------------------
# Every signed-in request spends 4 queries (read the login session, the user, their
# roles, and save the session for the idle timeout); a question step may spend at
# most 5 more. Savepoints are left out: they come from the test's own
# wrapping transaction (in production the step's transaction is BEGIN/COMMIT).
SIGNED_IN = 4
STEP_BUDGET = 5


def real_queries(context):
    return [q for q in context.captured_queries if "SAVEPOINT" not in q["sql"]]


@pytest.mark.parametrize("answered", [0, 12])
def test_a_question_step_stays_within_its_query_budget(
    facilitator_client, session, answer, answered
):
    for number in range(1, answered + 1):
        answer(number, 1)
    number = answered + 1
    option = option_id(session, number, 2)
    with CaptureQueriesContext(connection) as get:
        facilitator_client.get(question_url(session, number), headers=HTMX)
    with CaptureQueriesContext(connection) as post:
        facilitator_client.post(question_url(session, number), {"answer": option}, headers=HTMX)
    assert len(real_queries(get)) <= SIGNED_IN + STEP_BUDGET
    # Saving also writes its audit record and locks the session row (read-only once
    # finished, #14).
    assert len(real_queries(post)) <= SIGNED_IN + STEP_BUDGET + 2
    assert Response.objects.filter(session=session).count() == answered + 1


def test_a_form_from_before_a_new_version_was_activated_is_refused_clearly(
    facilitator_client, session, questionnaire
):
    old_option = option_id(session, 1, 2)  # the page was opened under version 1
    draft = services.questionnaire_revise(questionnaire=questionnaire)
    services.questionnaire_activate(questionnaire=draft)
    response = facilitator_client.post(
        question_url(session, 1), {"answer": old_option}, headers=HTMX
    )
    page = response.content.decode()
    assert response.status_code == 200 and page.lstrip().startswith('<div id="preferences-step"')
    assert "Select one of the answers shown" in page
    assert not Response.objects.exists()
    # Answering again on the refreshed page works, on the new version.
    facilitator_client.post(question_url(session, 1), {"answer": option_id(session, 1, 2)})
    assert Response.objects.get().questionnaire == draft
