"""Matching listings to a participant: filters, ranking, reasons, query counts."""

import pytest

from genie.models import Category
from questionnaire.constraints import TravelConstraints
from resources.locator import Point
from resources.models import Service
from resources.selectors import (
    MatchCriteria,
    category_names,
    describe_schedule,
    load_match_details,
    match_resources,
    schedule_days,
)
from tests.resources.factories import SO17, listing

HOME = Point(*SO17, precision="district")
pytestmark = pytest.mark.django_db


def names(matches):
    return [m.service.name for m in load_match_details(matches, categories=category_names())]


def test_only_active_local_listings_within_the_distance_are_returned():
    listing("Near", km_north=1)
    listing("Edge", km_north=4.9)
    listing("Too far", km_north=5.2)
    listing("Closed", km_north=1, status=Service.Status.TEMPORARILY_CLOSED)
    listing("Gone", km_north=1, status=Service.Status.DEFUNCT)
    results = match_resources(criteria=MatchCriteria(radius_km=5), origin=HOME)
    assert names(results.local) == ["Near", "Edge"]
    assert [round(m.distance_km, 1) for m in results.local] == [1.0, 4.9]


def test_distance_is_exact_not_just_the_bounding_box():
    # North-east corner of the 5 km box: inside the box, about 7 km away.
    sal = listing("Corner", km_north=5)
    sal.location.longitude = SO17[1] + 5 / (111.32 * 0.63)
    sal.location.save()
    assert match_resources(criteria=MatchCriteria(radius_km=5), origin=HOME).local == []


def test_free_step_free_and_category_filters():
    listing("Free, step-free", categories=["social-friendship"])
    listing("Paid", is_free=False, cost="£3", categories=["social-friendship"])
    listing("Steps", step_free=False, categories=["social-friendship"])
    listing("Walking", categories=["physical-activity"])
    free = MatchCriteria(free_only=True)
    assert set(names(match_resources(criteria=free, origin=HOME).local)) == {
        "Free, step-free",
        "Steps",
        "Walking",
    }
    step_free = MatchCriteria(step_free=True, category="social-friendship")
    assert set(names(match_resources(criteria=step_free, origin=HOME).local)) == {
        "Free, step-free",
        "Paid",
    }


def test_days_filter_keeps_listings_on_those_days_or_without_a_timetable():
    listing("Tuesdays", byday="TU")
    listing("Second Thursday", byday="2TH")
    listing("By arrangement", byday="")
    criteria = MatchCriteria(constraints=TravelConstraints(days=("TH", "FR")))
    assert set(names(match_resources(criteria=criteria, origin=HOME).local)) == {
        "Second Thursday",
        "By arrangement",
    }


def test_interest_outranks_a_little_distance_and_dropped_activities_count():
    listing("Near choir", km_north=0.5, categories=["arts-crafts-music"])
    listing("Walking group", km_north=3, categories=["physical-activity"])
    listing("Allotment", km_north=2, categories=["outdoors-gardening"])
    criteria = MatchCriteria(
        interests={"physical-activity": 0.9, "arts-crafts-music": 0.1},
        dropped=frozenset({"outdoors-gardening"}),
    )
    results = match_resources(criteria=criteria, origin=HOME)
    assert results.ranked_by_interest
    assert names(results.local) == ["Walking group", "Allotment", "Near choir"]


def test_without_a_profile_the_nearest_come_first():
    listing("Far", km_north=3)
    listing("Nearest", km_north=0.2)
    listing("Middle", km_north=1)
    results = match_resources(criteria=MatchCriteria(), origin=HOME)
    assert not results.ranked_by_interest
    assert names(results.local) == ["Nearest", "Middle", "Far"]


def test_reason_says_why_in_plain_english():
    listing(
        "Walk and talk",
        km_north=1.2,
        categories=["physical-activity", "social-friendship"],
        step_free=False,
    )
    listing("Paid class", km_north=2, categories=["physical-activity"], is_free=False, cost="£2")
    criteria = MatchCriteria(interests={"social-friendship": 0.8, "physical-activity": 0.5})
    results = match_resources(criteria=criteria, origin=HOME)
    reasons = [m.reason for m in load_match_details(results.local, categories=category_names())]
    assert reasons == [
        "Matches: social and friendship, physical activity · 1.2 km away · free",
        "Matches: physical activity · 2.0 km away · £2 · step-free access",
    ]


def test_national_and_online_services_are_a_separate_group():
    listing("Local", km_north=1, categories=["home-online"])
    listing("Phone friendship line", national=True, categories=["home-online"])
    listing("Closed line", national=True, status=Service.Status.INACTIVE)
    results = match_resources(criteria=MatchCriteria(), origin=HOME)
    assert names(results.local) == ["Local"]
    assert names(results.national) == ["Phone friendship line"]
    # Without a place for the participant, the national group still shows.
    assert names(match_resources(criteria=MatchCriteria(), origin=None).national) == [
        "Phone friendship line"
    ]


def test_query_count_does_not_grow_with_the_number_of_listings(django_assert_max_num_queries):
    def run():
        criteria = MatchCriteria(
            interests={"physical-activity": 1},
            constraints=TravelConstraints(days=("TU",)),
        )
        results = match_resources(criteria=criteria, origin=HOME)
        detailed = load_match_details(results.local + results.national, categories={})
        return [(m.reason, m.schedules, list(m.service.categories.all())) for m in detailed]

    listing("One", national=False)
    with django_assert_max_num_queries(10):
        assert len(run()) == 1
    for index in range(40):
        listing(f"Listing {index}", km_north=index / 10, byday="TU,TH")
        listing(f"National {index}", national=True)
    with django_assert_max_num_queries(10):
        assert len(run()) == 41 + 10


@pytest.mark.parametrize(
    ("byday", "days"),
    [("MO,WE", {"MO", "WE"}), ("2TU", {"TU"}), ("-1FR", {"FR"}), ("xx, SU", {"SU"}), ("", set())],
)
def test_schedule_days(byday, days):
    assert schedule_days(byday) == days


def test_describe_schedule():
    from datetime import time

    from resources.models import Schedule

    weekly = Schedule(byday="MO,WE", opens_at=time(10), closes_at=time(11, 30))
    monthly = Schedule(freq="MONTHLY", byday="2TH", opens_at=time(14), closes_at=time(16))
    assert describe_schedule(weekly) == "Every Monday and Wednesday, 10am to 11:30am"
    assert describe_schedule(monthly) == "Second Thursday of the month, 2pm to 4pm"


def test_default_categories_exist():
    assert Category.objects.count() >= 13
