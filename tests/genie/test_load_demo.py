from io import StringIO

import pytest
from django.core.management import CommandError, call_command

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
