from evidence import demo
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


def test_demo_dashboard_shows_real_numbers_once(db, settings):
    from io import StringIO

    from django.core.management import call_command

    from evidence.panels import build_tables
    from evidence.selectors import EvidenceFilter
    from genie.models import Participant
    from resources.models import ActivityOutcome

    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    counts = (Participant.objects.count(), Session.objects.count(), ActivityOutcome.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert counts == (
        Participant.objects.count(),
        Session.objects.count(),
        ActivityOutcome.objects.count(),
    )
    assert counts[0] >= 40
    tables = build_tables(EvidenceFilter())
    for slug in ("network-size", "network-type", "uptake"):
        assert not tables[slug].grand_total.is_hidden, slug
        assert tables[slug].grand_total.value >= 20, slug
    # The demo is small: spread over quarters and organisations, unmet demand
    # per area is "fewer than 5" (evidence.disclosure), but it is there.
    assert tables["unmet-demand"].rows
    interests = tables["interests"].rows
    assert sum(not row.cells[1].is_hidden and row.cells[1].value > 0 for row in interests) >= 3
