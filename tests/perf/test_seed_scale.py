"""manage.py seed_scale at a tiny scale: the shape of its data and its refusals."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from genie.models import Participant, Session
from mapping.models import NetworkMember
from questionnaire.models import Response
from resources.models import ChosenActivity, ServiceAtLocation


def seed(**options):
    call_command("seed_scale", scale=0.002, small=True, stdout=io.StringIO(), **options)


@pytest.mark.django_db
def test_seeds_participants_sessions_networks_answers_and_listings():
    seed()
    assert Participant.objects.count() == 40
    assert Session.objects.count() == 80  # a baseline and a follow-up each
    assert ServiceAtLocation.objects.count() == 200
    members = NetworkMember.objects.count()
    assert 6 * 80 < members < 18 * 80  # networks of about 12
    assert Response.objects.filter(session__kind=Session.Kind.BASELINE).count() == 40 * 13
    assert ChosenActivity.objects.exists()


@pytest.mark.django_db
def test_is_deterministic_and_refuses_a_second_run_without_reset():
    seed()
    first = sorted(Participant.objects.values_list("postcode_district", flat=True))
    with pytest.raises(CommandError, match="already has data"):
        seed()
    seed(reset=True)
    assert sorted(Participant.objects.values_list("postcode_district", flat=True)) == first


@pytest.mark.django_db
def test_refuses_sqlite_unless_small():
    if connection.vendor == "postgresql":
        call_command("seed_scale", scale=0.002, stdout=io.StringIO())
        assert Participant.objects.count() == 40
    else:
        with pytest.raises(CommandError, match="needs PostgreSQL"):
            call_command("seed_scale", scale=0.002)
