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
    assert MatchCriteria().radius_km == 5  # the evidence's default; Stage 3 starts at 3 miles


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


def test_days_filter_keeps_listings_on_those_days_and_puts_unknown_timetables_last():
    listing("By arrangement", km_north=0.5, byday="")
    listing("Tuesdays", byday="TU")
    listing("Second Thursday", km_north=2, byday="2TH")
    criteria = MatchCriteria(constraints=TravelConstraints(days=("TH", "FR")))
    results = match_resources(criteria=criteria, origin=HOME)
    # The one without a timetable may run by arrangement: shown, but below every fit.
    assert names(results.local) == ["Second Thursday", "By arrangement"]
    assert [m.timing for m in results.local] == ["fits", "unknown"]
    assert results.left_out == 1


def test_times_of_day_are_honoured_and_unknown_times_are_never_a_fit():
    """The facilitator's trial: "mornings and afternoons"; evening groups are not fits."""
    listing("Tuesday morning walk", km_north=2, byday="TU", opens="10:00", closes="11:30")
    listing("Thursday lunch club", km_north=1.5, byday="TH", opens="11:30", closes="13:30")
    listing("Evening choir", km_north=0.3, byday="MO", opens="18:30", closes="20:00")
    listing("Evening quiz", km_north=0.4, byday="WE", opens="18:30", closes="21:00")
    listing("Coffee morning, time to be confirmed", km_north=0.2, byday="FR")
    listing("Drop in", km_north=0.1, byday="")
    constraints = TravelConstraints(times_of_day=("morning", "afternoon"))
    results = match_resources(criteria=MatchCriteria(constraints=constraints), origin=HOME)
    detailed = load_match_details(
        results.local, categories=category_names(), criteria=MatchCriteria(constraints=constraints)
    )
    assert [m.service.name for m in detailed] == [
        "Thursday lunch club",
        "Tuesday morning walk",
        "Drop in",
        "Coffee morning, time to be confirmed",
    ]
    assert results.left_out == 2
    reasons = [m.reason for m in detailed]
    assert reasons[0].startswith("Thursdays 11:30am: you said mornings and afternoons · ")
    assert reasons[1].startswith("Tuesdays 10am: you said mornings · ")
    assert reasons[2].startswith("Times not known: ask whether it runs at a time that suits")
    assert "(you said mornings and afternoons)" in reasons[2]
    assert reasons[3].startswith("Fridays, times not known: ")


def test_days_and_times_together_name_both_fits():
    listing("Mon and Wed mornings", byday="MO,WE", opens="09:30", closes="11:00")
    listing("Wednesday evenings", byday="WE", opens="19:00")
    criteria = MatchCriteria(constraints=TravelConstraints(days=("WE",), times_of_day=("morning",)))
    detailed = load_match_details(
        match_resources(criteria=criteria, origin=HOME).local,
        categories=category_names(),
        criteria=criteria,
    )
    assert [m.service.name for m in detailed] == ["Mon and Wed mornings"]
    assert detailed[0].reason.startswith("Wednesdays 9:30am: you said Wednesdays and mornings")


def test_a_schedule_for_another_place_does_not_count_here():
    from datetime import time

    from resources.models import Schedule

    here = listing("Two venues", byday="")
    other = listing("Elsewhere", km_north=30)
    Schedule.objects.create(
        service=here.service, service_at_location=other, byday="TU", opens_at=time(10)
    )
    criteria = MatchCriteria(constraints=TravelConstraints(times_of_day=("morning",)))
    assert [m.timing for m in match_resources(criteria=criteria, origin=HOME).local] == ["unknown"]


def test_someone_who_walks_is_offered_walking_distance_and_others_the_distance_asked():
    from resources.matching import travel_radius_km

    walk = TravelConstraints(max_distance_km=8.0, travel_modes=("walk",))
    bus = TravelConstraints(max_distance_km=8.0, travel_modes=("walk", "bus"))
    assert round(travel_radius_km(walk), 2) == 1.61  # one mile, not the 5 miles asked
    assert travel_radius_km(bus) == 8.0
    assert travel_radius_km(TravelConstraints(max_distance_km=1.0, travel_modes=("walk",))) == 1
    listing("Round the corner", km_north=1.0)
    listing("Across town", km_north=4.0)
    near = match_resources(criteria=MatchCriteria(radius_km=travel_radius_km(walk)), origin=HOME)
    assert names(near.local) == ["Round the corner"]
    far = match_resources(criteria=MatchCriteria(radius_km=travel_radius_km(bus)), origin=HOME)
    assert names(far.local) == ["Round the corner", "Across town"]


def test_reasons_name_the_travel_fit_and_a_lift():
    listing("Round the corner", km_north=1.0)
    listing("Across town", km_north=4.0)
    walker = MatchCriteria(constraints=TravelConstraints(travel_modes=("walk",)), radius_km=8)
    by_lift = MatchCriteria(
        constraints=TravelConstraints(max_distance_km=8.0, travel_modes=("walk", "lift")),
        radius_km=8,
    )

    def reasons(criteria):
        matches = match_resources(criteria=criteria, origin=HOME).local
        detailed = load_match_details(
            matches, categories=category_names(), criteria=criteria, area="SO17"
        )
        return [m.reason for m in detailed], [m.needs_lift for m in detailed]

    walking, _ = reasons(walker)
    assert walking[0].startswith(
        "About 0.6 miles from the middle of SO17: walking distance (you said on foot) · free"
    )
    assert walking[1].startswith("About 2.5 miles from the middle of SO17: further than walking")
    lift, lifts = reasons(by_lift)
    assert lifts == [False, True]
    assert "you said up to 5 miles · needs a lift · free" in lift[1]


def test_one_unit_throughout_and_km_by_setting(settings):
    listing("Walk and talk", km_north=1.2)
    criteria = MatchCriteria(constraints=TravelConstraints(max_distance_km=4.8), radius_km=4.8)

    def reason():
        matches = match_resources(criteria=criteria, origin=HOME).local
        return load_match_details(matches, categories={}, criteria=criteria, area="SO17")[0].reason

    assert reason() == (
        "About 0.7 miles from the middle of SO17: you said up to 3 miles · free · step-free access"
    )
    assert criteria.radius_words == "3 miles"
    settings.DISTANCE_UNIT = "km"
    assert reason() == (
        "About 1.2 km from the middle of SO17: you said up to 4.8 km · free · step-free access"
    )
    assert criteria.radius_words == "4.8 km"


def test_a_listing_placed_at_the_middle_of_the_district_is_never_less_than_100_metres():
    from resources.models import Location

    listing("Somewhere in SO17", km_north=0, placement=Location.Placement.DISTRICT)
    listing("Exactly placed", km_north=0.02)
    matches = match_resources(criteria=MatchCriteria(), origin=HOME).local
    reasons = [m.reason for m in load_match_details(matches, categories={}, area="SO17")]
    assert reasons[0].startswith("In SO17 (the exact place is not known)")
    assert reasons[1].startswith("About 0.1 miles from the middle of SO17")
    assert not any("metres" in r for r in reasons)


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
    reasons = [
        m.reason
        for m in load_match_details(
            results.local, categories=category_names(), criteria=criteria, area="SO17"
        )
    ]
    assert reasons == [
        "Matches: social and friendship, physical activity"
        " · about 0.7 miles from the middle of SO17 · free",
        "Matches: physical activity · about 1.2 miles from the middle of SO17 · £2"
        " · step-free access",
    ]


def test_free_and_step_free_say_they_were_asked_for():
    listing("Walk and talk")
    constraints = TravelConstraints(free_only=True, step_free=True)
    criteria = MatchCriteria(constraints=constraints, free_only=True, step_free=True)
    matches = match_resources(criteria=criteria, origin=HOME).local
    (match,) = load_match_details(matches, categories={}, criteria=criteria, area="SO17")
    assert match.reason.endswith(
        "free: you said free only · step-free access: you said you need it"
    )


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
            constraints=TravelConstraints(days=("TU",), times_of_day=("morning",)),
        )
        results = match_resources(criteria=criteria, origin=HOME)
        detailed = load_match_details(results.local + results.national, categories={})
        return [(m.reason, m.schedules, list(m.service.categories.all())) for m in detailed]

    listing("One", national=False)
    with django_assert_max_num_queries(10):
        assert len(run()) == 1
    for index in range(40):
        listing(f"Listing {index}", km_north=index / 10, byday="TU,TH", opens="10:00")
        listing(f"National {index}", national=True)
    with django_assert_max_num_queries(10):
        assert len(run()) == 41 + 10


def test_matching_reads_the_local_and_the_national_listings_in_one_query_each(
    django_assert_num_queries,
):
    """Categories and schedules come joined to the listings (#21), whatever is asked."""
    for index in range(30):
        listing(f"Listing {index}", km_north=index / 10, byday="TU,TH", opens="10:00")
        listing(f"National {index}", national=True, categories=["social-friendship"])
    for criteria in [
        MatchCriteria(),
        MatchCriteria(
            interests={"physical-activity": 1, "social-friendship": 0.5},
            constraints=TravelConstraints(days=("TU",), times_of_day=("morning",)),
            dropped=frozenset({"arts-crafts-music"}),
            category="physical-activity",
            free_only=True,
        ),
    ]:
        with django_assert_num_queries(2):
            results = match_resources(criteria=criteria, origin=HOME)
        assert len(results.local) == 30
        assert len(results.national) == (0 if criteria.category else 10)


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
    noon = Schedule(byday="FR", opens_at=time(12), closes_at=time(0, 30))
    assert describe_schedule(noon) == "Every Friday, 12 noon to 12:30am"


def test_default_categories_exist():
    assert Category.objects.count() >= 13
