from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from genie import roles
from genie.models import Organisation, Participant, User


def test_demo_loads_once_and_again_changes_nothing(db, settings):
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    counts = (Organisation.objects.count(), User.objects.count(), Participant.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert counts == (
        Organisation.objects.count(),
        User.objects.count(),
        Participant.objects.count(),
    )
    assert set(roles.ROLES) <= set(User.objects.values_list("groups__name", flat=True))
    assert User.objects.get(username="facilitator").check_password("genie-demo-2026")


def test_demo_refuses_outside_demo_mode(db, settings):
    settings.DEMO = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not User.objects.exists()


def test_demo_participant_signs_in_to_their_own_plan_and_map(db, settings, client):
    """#20: the demo participant (Ray, DEMO-002) has a plan and a map to see."""
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    own = User.objects.get(username="participant")
    assert own.participant.reference == "DEMO-002"
    assert roles.is_participant(own) and own.check_password("genie-demo-2026")
    response = client.post(
        "/accounts/login/", {"username": "participant", "password": "genie-demo-2026"}
    )
    assert response.status_code == 302
    plan = client.get("/me/plan/").content.decode()
    assert plan.count("genie-plan__item") == 2
    assert "Linda" in client.get("/me/map/").content.decode()
    # Done when: he says how an activity went and redraws his map, and his
    # facilitator sees both at the follow-up.
    ray = own.participant
    choice = ray.sessions.get().chosen_activities.first()
    client.post(f"/me/activities/{choice.pk}/", {"status": "went"})
    members = {m.label: m for m in ray.sessions.get().network_snapshot.members.all()}
    client.post(
        "/me/map/redraw/",
        {f"m-{m.pk}": "inner" if label == "Tom" else m.circle for label, m in members.items()},
    )
    facilitator = Client()
    facilitator.force_login(User.objects.get(username="facilitator"))
    facilitator.post(f"/participants/{ray.pk}/sessions/new/")
    follow_up = ray.sessions.get(kind="follow-up")
    review = facilitator.get(f"/sessions/{follow_up.pk}/review/").content.decode()
    assert "Ray said “I went”" in review
    assert "Moved Tom from the middle circle to the inner circle" in review
