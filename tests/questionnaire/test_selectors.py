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
    answer(1, 1)
    with django_assert_max_num_queries(3):  # items with answers, options, weights
        selectors.session_interest_profile(session=session)
    for number in range(2, 14):
        answer(number, 2)
    with django_assert_max_num_queries(3):
        selectors.session_interest_profile(session=session)


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
