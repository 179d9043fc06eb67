from genie.evidence import demo
from genie.models import Session, WellbeingMeasures
from tests.factories import SessionFactory


def test_demo_adds_measures_to_demo_sessions_once(participant, facilitator_user):
    first = SessionFactory(participant=participant, facilitator=facilitator_user)
    SessionFactory(
        participant=participant,
        facilitator=facilitator_user,
        kind=Session.Kind.FOLLOW_UP,
        previous=first,
    )
    other = SessionFactory()
    demo.load(organisations=[], users={}, participants={"DEMO-001": participant})
    demo.load(organisations=[], users={}, participants={"DEMO-001": participant})
    assert WellbeingMeasures.objects.count() == 2
    assert not WellbeingMeasures.objects.filter(session=other).exists()
    follow_up = WellbeingMeasures.objects.get(session__kind=Session.Kind.FOLLOW_UP)
    assert follow_up.ucla3_total == 5


def test_demo_without_sessions_adds_nothing(participant):
    demo.load(organisations=[], users={}, participants={"DEMO-001": participant})
    assert not WellbeingMeasures.objects.exists()
