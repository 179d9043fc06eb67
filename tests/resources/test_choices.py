"""Choosing up to three activities, and who might come along."""

import pytest
from django.core.exceptions import ValidationError

from mapping.selectors import MemberSummary
from resources.models import ChosenActivity, Service
from resources.services import (
    ChoiceLimitReached,
    choice_add,
    choice_remove,
    choice_set_companion,
)
from tests.resources.factories import listing

pytestmark = pytest.mark.django_db


def test_up_to_three_choices_and_a_fourth_is_refused(session):
    listings = [listing(f"Activity {n}") for n in range(4)]
    for sal in listings[:3]:
        choice_add(session=session, service_at_location_id=sal.pk)
    with pytest.raises(ChoiceLimitReached, match="up to 3"):
        choice_add(session=session, service_at_location_id=listings[3].pk)
    assert [c.name for c in session.chosen_activities.all()] == [
        "Activity 0",
        "Activity 1",
        "Activity 2",
    ]


def test_choosing_twice_is_harmless_even_when_full(session):
    listings = [listing(f"Activity {n}") for n in range(3)]
    first = choice_add(session=session, service_at_location_id=listings[0].pk)
    assert choice_add(session=session, service_at_location_id=listings[0].pk) == first
    for sal in listings[1:]:
        choice_add(session=session, service_at_location_id=sal.pk)
    assert choice_add(session=session, service_at_location_id=listings[2].pk).name == "Activity 2"
    assert ChosenActivity.objects.filter(session=session).count() == 3


def test_inactive_or_unknown_listings_cannot_be_chosen(session):
    closed = listing("Closed", status=Service.Status.DEFUNCT)
    with pytest.raises(ValidationError, match="no longer listed"):
        choice_add(session=session, service_at_location_id=closed.pk)
    with pytest.raises(ValidationError):
        choice_add(session=session, service_at_location_id="00000000-0000-0000-0000-000000000000")


def test_remove_frees_a_place_and_removing_twice_is_harmless(session):
    listings = [listing(f"Activity {n}") for n in range(4)]
    choices = [choice_add(session=session, service_at_location_id=s.pk) for s in listings[:3]]
    choice_remove(session=session, choice_id=choices[1].pk)
    choice_remove(session=session, choice_id=choices[1].pk)
    choice_add(session=session, service_at_location_id=listings[3].pk)
    assert ChosenActivity.objects.filter(session=session).count() == 3


def test_choice_survives_the_listing_being_deleted(session):
    sal = listing("Soon gone")
    choice = choice_add(session=session, service_at_location_id=sal.pk)
    sal.service.delete()
    choice.refresh_from_db()
    assert (choice.name, choice.service_at_location) == ("Soon gone", None)


def test_companion_is_stored_as_label_and_id_and_can_be_cleared(session):
    choice = choice_add(session=session, service_at_location_id=listing().pk)
    choice_set_companion(choice=choice, member=MemberSummary(id="m-1", label="Jo", kind="Friend"))
    choice.refresh_from_db()
    assert (choice.companion_label, choice.companion_member_id) == ("Jo", "m-1")
    choice_set_companion(choice=choice, member=None)
    choice.refresh_from_db()
    assert (choice.companion_label, choice.companion_member_id) == ("", "")
