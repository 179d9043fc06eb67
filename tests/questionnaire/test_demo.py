from questionnaire import demo, selectors
from questionnaire.models import PracticalConstraints, Response


def test_demo_answers_every_item_for_demo_001s_open_session_once(session, participant):
    demo.load(organisations=[], users={}, participants={"DEMO-001": participant})
    demo.load(organisations=[], users={}, participants={"DEMO-001": participant})
    assert Response.objects.filter(session=session).count() == 13
    assert selectors.session_progress(session=session).next_unanswered is None
    assert selectors.session_interest_summary(session=session).top
    assert PracticalConstraints.objects.filter(session=session).count() == 1


def test_demo_creates_nothing_without_a_session(participant):
    demo.load(organisations=[], users={}, participants={"DEMO-001": participant})
    demo.load(organisations=[], users={}, participants={})
    assert not Response.objects.exists()
    assert not participant.sessions.exists()
