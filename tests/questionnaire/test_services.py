import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from questionnaire import selectors, services
from questionnaire.models import AnswerOption, Questionnaire, Response
from tests.factories import SessionFactory


def test_default_questionnaire_has_13_items_each_with_a_scale_and_a_category(questionnaire):
    items = list(questionnaire.items.prefetch_related("options", "weights__category"))
    assert len(items) == 13
    assert all(len(item.options.all()) == 4 for item in items)
    covered = {w.category.code for item in items for w in item.weights.all() if w.weight == 1}
    assert len(covered) == 13  # each item leads on its own category
    assert "not public" in questionnaire.notes


def test_answer_is_saved_and_answering_again_replaces_it(session, answer):
    question = answer(1, 1)
    answer(1, 3)
    response = Response.objects.get(session=session)
    assert response.option == question.options[3]
    assert response.questionnaire_id == question.item.questionnaire_id
    assert not response.skipped


def test_double_submit_leaves_one_response(session, answer):
    answer(2, 2)
    answer(2, 2)
    assert Response.objects.filter(session=session).count() == 1


def test_skip_is_stored_as_skipped_not_as_an_option(session, answer):
    answer(3, None)
    response = Response.objects.get(session=session)
    assert response.skipped and response.option is None


def test_an_option_from_another_question_is_refused(session):
    progress = selectors.session_progress(session=session)
    first, second = progress.question(1), progress.question(2)
    with pytest.raises(ValidationError, match="answers shown"):
        services.response_record(session=session, item=first.item, option=second.options[0])
    assert not Response.objects.exists()


def test_an_item_from_another_version_is_refused(session, answer, questionnaire):
    answer(1, 2)
    draft = services.questionnaire_revise(questionnaire=questionnaire)
    services.questionnaire_activate(questionnaire=draft)
    new_item = draft.items.get(order=2)
    with pytest.raises(ValidationError, match="different version"):
        services.response_record(session=session, item=new_item, option=new_item.options.first())
    # A new session answers the new version; one already answering keeps its own.
    assert selectors.session_progress(session=session).question(2).item.questionnaire == (
        questionnaire
    )


def test_a_new_session_cannot_answer_an_inactive_version(session, questionnaire):
    draft = services.questionnaire_revise(questionnaire=questionnaire)
    item = draft.items.get(order=1)
    with pytest.raises(ValidationError, match="different version"):
        services.response_record(session=session, item=item, option=item.options.first())


def test_a_completed_session_cannot_be_answered(session, answer):
    session.completed_at = timezone.now()
    session.save()
    with pytest.raises(ValidationError, match="finished"):
        answer(1, 1)
    with pytest.raises(ValidationError, match="finished"):
        services.constraints_save(session=session, data={"free_only": True})
    assert not Response.objects.exists()


def test_the_database_refuses_two_responses_to_one_item(session, answer):
    question = answer(1, 1)
    with pytest.raises(IntegrityError):
        Response.objects.create(
            session=session,
            questionnaire_id=question.item.questionnaire_id,
            item=question.item,
            option=question.options[0],
            answered_at=timezone.now(),
        )


def test_revise_copies_items_options_and_weights_into_an_inactive_draft(questionnaire):
    draft = services.questionnaire_revise(questionnaire=questionnaire)
    assert (draft.version, draft.is_active, draft.based_on) == (
        questionnaire.version + 1,
        False,
        questionnaire,
    )

    def shape(version):
        return [
            (
                item.order,
                item.text,
                [(o.label, o.value) for o in item.options.all()],
                sorted((w.category_id, w.weight) for w in item.weights.all()),
            )
            for item in version.items.prefetch_related("options", "weights")
        ]

    assert shape(draft) == shape(questionnaire)
    assert not set(draft.items.values_list("pk", flat=True)) & set(
        questionnaire.items.values_list("pk", flat=True)
    )


def test_editing_a_new_version_leaves_old_answers_and_profiles_unchanged(
    session, answer, questionnaire
):
    for number in range(1, 14):
        answer(number, 3)
    profile_before = selectors.session_interest_profile(session=session)

    draft = services.questionnaire_revise(questionnaire=questionnaire)
    draft_item = draft.items.get(order=1)
    draft_item.text = "Changed wording"
    draft_item.save()
    AnswerOption.objects.filter(item=draft_item).update(value=0)
    draft_item.weights.update(weight=-1)
    services.questionnaire_activate(questionnaire=draft)

    assert selectors.session_interest_profile(session=session) == profile_before
    assert selectors.session_progress(session=session).question(1).item.text != "Changed wording"
    fresh = SessionFactory(participant=session.participant, facilitator=session.facilitator)
    assert selectors.session_progress(session=fresh).question(1).item.text == "Changed wording"


def test_exactly_one_version_is_active(questionnaire):
    draft = services.questionnaire_revise(questionnaire=questionnaire)
    services.questionnaire_activate(questionnaire=draft)
    assert list(Questionnaire.objects.filter(is_active=True)) == [draft]
    services.questionnaire_activate(questionnaire=questionnaire)
    assert list(Questionnaire.objects.filter(is_active=True)) == [questionnaire]
    with pytest.raises(IntegrityError):
        Questionnaire.objects.filter(pk=draft.pk).update(is_active=True)


def test_a_version_without_questions_or_options_cannot_be_made_active(questionnaire):
    empty = Questionnaire.objects.create(version=99, title="Empty")
    with pytest.raises(ValidationError, match="at least one question"):
        services.questionnaire_activate(questionnaire=empty)
    draft = services.questionnaire_revise(questionnaire=questionnaire)
    AnswerOption.objects.filter(item__questionnaire=draft, item__order=5).exclude(order=1).delete()
    with pytest.raises(ValidationError, match="Question 5 needs at least two"):
        services.questionnaire_activate(questionnaire=draft)
    assert Questionnaire.objects.get(is_active=True) == questionnaire


def test_constraints_are_saved_once_per_session_and_read_as_travel_constraints(session):
    data = {
        "max_distance_km": 8.0,
        "travel_modes": ["walk", "bus"],
        "free_only": True,
        "step_free": True,
        "days": ["MO", "SA"],
        "times_of_day": ["morning"],
    }
    services.constraints_save(session=session, data=data)
    services.constraints_save(session=session, data={**data, "free_only": False})
    constraints = selectors.session_constraints(session=session)
    assert constraints.max_distance_km == 8.0
    assert constraints.travel_modes == ("walk", "bus")
    assert constraints.free_only is False and constraints.step_free is True
    assert constraints.days == ("MO", "SA") and constraints.times_of_day == ("morning",)
