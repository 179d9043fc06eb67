from io import StringIO

from django.core.management import call_command

from genie.models import Participant
from mapping import selectors


def test_demo_participant_has_a_realistic_network_once(db, settings):
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    maggie = Participant.objects.get(reference="DEMO-001")
    (session,) = maggie.sessions.all()
    members = selectors.session_network_members(session=session)
    assert 10 <= len(members) <= 12
    assert len({member.kind for member in members}) >= 6
    assert selectors.session_dropped_activity_categories(session=session) == {"physical-activity"}
