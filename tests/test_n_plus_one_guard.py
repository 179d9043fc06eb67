"""The suite fails on N+1 query patterns (django-zeal): prove the guard is on."""

import pytest
from django.conf import settings
from zeal import NPlusOneError, zeal_context

from genie.models import Participant
from tests.factories import ParticipantFactory


def test_requests_in_tests_are_checked_for_n_plus_one():
    assert "zeal.middleware.zeal_middleware" in settings.MIDDLEWARE
    assert settings.ZEAL_RAISE


def test_an_n_plus_one_pattern_raises(organisation, other_organisation):
    ParticipantFactory(organisation=organisation)
    ParticipantFactory(organisation=other_organisation)
    with pytest.raises(NPlusOneError), zeal_context():
        [participant.organisation.name for participant in Participant.objects.all()]
