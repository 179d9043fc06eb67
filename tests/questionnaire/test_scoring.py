"""Properties of the interest profile, checked on generated answers and weights."""

from hypothesis import given
from hypothesis import strategies as st

from questionnaire.scoring import ScoredAnswer, interest_profile, normalise, top_interests

CODES = ["physical-activity", "social-friendship", "arts-crafts-music", "volunteering"]

weights = st.dictionaries(
    st.sampled_from(CODES), st.floats(min_value=-1, max_value=1, allow_nan=False), min_size=1
)
values = st.none() | st.floats(min_value=0, max_value=1, allow_nan=False)
answers = st.lists(st.builds(ScoredAnswer, value=values, weights=weights), max_size=15)


@given(answers)
def test_scores_stay_between_0_and_1(answers):
    assert all(0.0 <= score <= 1.0 for score in interest_profile(answers).values())


@given(answers, st.data())
def test_raising_an_answer_never_lowers_a_category_it_weights_positively(answers, data):
    answered = [i for i, a in enumerate(answers) if a.value is not None]
    if not answered:
        return
    index = data.draw(st.sampled_from(answered))
    before = answers[index]
    higher = data.draw(st.floats(min_value=before.value, max_value=1, allow_nan=False))
    raised = [*answers[:index], ScoredAnswer(higher, before.weights), *answers[index + 1 :]]
    old, new = interest_profile(answers), interest_profile(raised)
    for code, weight in before.weights.items():
        if weight > 0:
            assert new[code] >= old[code]


@given(answers, weights)
def test_skipping_is_not_the_lowest_answer(answers, item_weights):
    skipped = interest_profile([*answers, ScoredAnswer(None, item_weights)])
    lowest = interest_profile([*answers, ScoredAnswer(0.0, item_weights)])
    assert skipped == interest_profile(answers)  # a skip leaves the profile as it was
    for code, weight in item_weights.items():
        if weight > 0:
            # Never lower than answering "not at all"; unknown rather than 0 when alone.
            assert code not in skipped or skipped[code] >= lowest[code]


def test_a_category_only_skipped_items_weigh_on_has_no_score():
    profile = interest_profile(
        [ScoredAnswer(None, {"volunteering": 1.0}), ScoredAnswer(0.0, {"arts-crafts-music": 1.0})]
    )
    assert profile == {"arts-crafts-music": 0.0}


def test_weighted_mean_of_answers():
    profile = interest_profile(
        [
            ScoredAnswer(1.0, {"physical-activity": 1.0}),
            ScoredAnswer(0.0, {"physical-activity": 0.5, "social-friendship": 1.0}),
            ScoredAnswer(1.0, {"social-friendship": -1.0}),
        ]
    )
    assert profile == {"physical-activity": 1.0 / 1.5, "social-friendship": 0.0}


def test_normalise_puts_a_scale_on_0_to_1():
    assert [normalise(v, lowest=0, highest=3) for v in range(4)] == [0.0, 1 / 3, 2 / 3, 1.0]
    assert normalise(2, lowest=2, highest=2) == 0.0  # a one-point scale carries no signal


def test_top_interests_are_the_strongest_above_the_threshold_in_list_order_on_ties():
    profile = {"volunteering": 0.9, "social-friendship": 0.7, "arts-crafts-music": 0.7}
    profile |= {"physical-activity": 0.2}
    assert top_interests(profile, order=CODES) == [
        "volunteering",
        "social-friendship",
        "arts-crafts-music",
    ]
    assert top_interests({"volunteering": 0.4}) == []
