import pytest

from genie.privacy import participant_export
from questionnaire import selectors, services
from questionnaire.constraints import TravelConstraints


def test_profile_is_empty_before_any_answer_and_constraints_default(session):
    assert selectors.session_interest_profile(session=session) == {}
    assert selectors.session_constraints(session=session) == TravelConstraints()
    assert selectors.session_constraints_summary(session=session) is None


def test_profile_scores_each_category_from_its_items(session, answer):
    answer(1, 3)  # physical activity: very much (outdoors 0.3)
    answer(2, 0)  # outdoors: not at all (physical activity 0.3)
    answer(8, None)  # practical help: prefer not to say
    profile = selectors.session_interest_profile(session=session)
    assert profile["physical-activity"] == pytest.approx(1.0 / 1.3)
    assert profile["outdoors-gardening"] == pytest.approx(0.3 / 1.3)
    assert "practical-help" not in profile  # skipped: not known, not "no"
    assert all(0 <= score <= 1 for score in profile.values())


def test_summary_lists_every_category_strongest_first_and_names_the_top(session, answer):
    answer(5, 3)  # creative: very much
    answer(3, 2)  # meeting people: quite a lot
    answer(1, 0)
    summary = selectors.session_interest_summary(session=session)
    assert len(summary.rows) == 13
    assert [row.category.code for row in summary.rows[:2]] == [
        "arts-crafts-music",
        "social-friendship",
    ]
    assert summary.rows[-1].score is None
    assert [category.code for category in summary.top] == [
        "arts-crafts-music",
        "social-friendship",
    ]
    assert summary.rows[0].percent == 100 and summary.rows[0].bar_step == 100


def test_progress_points_at_the_next_unanswered_question(session, answer):
    assert selectors.session_progress(session=session).next_unanswered.number == 1
    answer(1, 1)
    answer(2, None)
    answer(4, 2)
    progress = selectors.session_progress(session=session)
    assert progress.total == 13
    assert progress.next_unanswered.number == 3
    assert progress.question(2).skipped and not progress.question(3).answered
    assert progress.question(14) is None and progress.question(0) is None


def test_profile_reads_are_few_and_constant(session, answer, django_assert_max_num_queries):
    from genie.models import Category

    answer(1, 1)
    # The first profile on a version reads its options and weights; later ones only
    # the session's answers (and the category codes, unless the caller has them).
    selectors.session_interest_profile(session=session)
    categories = list(Category.objects.all())
    with django_assert_max_num_queries(1):
        selectors.session_interest_profile(session=session, categories=categories)
    for number in range(2, 14):
        answer(number, 2)
    with django_assert_max_num_queries(1):
        selectors.session_interest_profile(session=session, categories=categories)
    with django_assert_max_num_queries(2):
        selectors.session_interest_profile(session=session)


def test_a_new_version_is_scored_on_its_own_weights(session, answer, facilitator_user):
    # Fails if a profile were scored on weights read for another version.
    """Versions are read once each: a revised version's weights are its own."""
    from genie import services as genie_services
    from questionnaire import services
    from questionnaire.models import ItemWeight, Questionnaire

    answer(1, 3)
    before = selectors.session_interest_profile(session=session)
    active = Questionnaire.objects.get(is_active=True)
    revised = services.questionnaire_revise(questionnaire=active)
    first = revised.items.order_by("order").first()
    weighed = set(first.weights.values_list("category__code", flat=True))
    ItemWeight.objects.filter(item=first).update(weight=-1.0)  # editable: no answers yet
    services.questionnaire_activate(questionnaire=revised)
    genie_services.session_complete(session=session)
    follow_up = genie_services.session_start(user=facilitator_user, participant=session.participant)
    follow_up.responses.all().delete()  # answered afresh, on the new version
    answer(1, 3, on=follow_up)
    after = selectors.session_interest_profile(session=follow_up)
    assert weighed and all(before[code] == 1.0 for code in weighed)
    assert all(after[code] == 0.0 for code in weighed)  # the same answer, weighed against


def test_subject_access_export_holds_every_answer_and_the_constraints(session, answer, participant):
    answer(1, 3)
    answer(2, None)
    services.constraints_save(
        session=session, data={"max_distance_km": 1.6, "free_only": True, "days": ["MO"]}
    )
    [section] = participant_export(participant=participant)["preferences"]
    assert section["session"] == str(session.pk)
    assert [a["answer"] for a in section["answers"]] == ["Very much", "Prefer not to say"]
    assert section["answers"][0]["questionnaire_version"] == 1
    assert section["practical"]["How far"] == "Up to 1 mile"
    assert section["practical"]["Days"] == "Monday"
