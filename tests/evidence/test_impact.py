"""The dashboard panels on networks, interests, choices, uptake and unmet demand."""

from django.urls import reverse

from evidence.facts.queue import process_pending
from evidence.panels import PANELS_BY_SLUG
from tests.evidence.conftest import area_code, build_groups, table_rows
from tests.evidence.stories import contrasting_story, story
from tests.resources.factories import listing

SOCIAL = 2  # the questionnaire item on meeting people


def table(client, slug, **query):
    response = client.get(reverse("evidence_csv", args=[slug]), query)
    assert response.status_code == 200
    return {row[0]: row[1:] for row in table_rows(response)}


def test_panels_count_networks_interests_choices_and_outcomes(commissioner_client, organisation):
    walking = listing("Walking group", km_north=1.0)
    lunch = listing("Lunch club", km_north=1.0, categories=("social-friendship",))
    for _ in range(8):
        story(organisation, listings=[walking])
    for _ in range(4):
        contrasting_story(organisation, listings=[lunch])
    # 8 and 4 people: counts rounded to the nearest 5, 1 to 4 shown as "fewer than 5".
    sizes = table(commissioner_client, "network-size")
    assert sizes["0 to 4"] == ["10", "10", "15"]
    assert sizes["5 to 9"] == ["fewer than 5", "fewer than 5", "10"]
    types = table(commissioner_client, "network-type")
    assert types["A small, close network"] == ["10", "10", "15"]
    assert types["A family-centred network"] == ["fewer than 5", "fewer than 5", "10"]
    gaps = table(commissioner_client, "support-gaps")
    assert gaps["Help with health"] == ["10", "10"]
    assert gaps["Emotional support"] == ["0", "0"]  # the friend on every map gives it
    interests = table(commissioner_client, "interests")
    assert interests["Physical activity"] == ["10", "0"]  # follow-ups did not answer again
    assert interests["Social and friendship"] == ["fewer than 5", "0"]
    chosen = table(commissioner_client, "activities-chosen")
    assert chosen["Physical activity"] == ["10", "0"]
    uptake = table(commissioner_client, "uptake")
    assert uptake["Not tried: getting there"] == ["10"]
    assert uptake["Tried it"] == ["fewer than 5"]
    assert uptake["Total"] == ["10"]


def test_a_group_where_everyone_is_alike_is_left_out(commissioner_client, organisation):
    """Six people of one organisation, area and quarter with the same small
    network: "6 of 6" would tell anyone who knows one of them took part what
    their network is like, so the group is not counted."""
    walking = listing("Walking group", km_north=1.0)
    for _ in range(6):
        story(organisation, listings=[walking])
    sizes = table(commissioner_client, "network-size")
    assert sizes["0 to 4"] == ["0", "0", "0"]
    assert table(commissioner_client, "uptake")["Total"] == ["0"]
    # How many sessions were held is about the service, and still shown.
    assert table(commissioner_client, "sessions")["Total"][-1] == "10"


def test_unmet_demand_counts_interests_with_nothing_in_range(commissioner_client, organisation):
    walking = listing("Walking group", km_north=1.0)
    listing("Lunch club far away", km_north=20.0, categories=("social-friendship",))
    listing("Closed coffee morning", status="inactive", categories=("social-friendship",))
    for _ in range(6):  # want to meet people; nothing social is open within 3 km
        story(organisation, favourites=(SOCIAL,), max_km=3.0, follow_up=False)
    for _ in range(5):  # want to be active; the walking group is 1 km away
        story(organisation, listings=[walking], max_km=3.0, follow_up=False)
    for _ in range(2):  # too few in SO50 to be an area of their own
        story(organisation, district="SO50", favourites=(SOCIAL,), follow_up=False)
    build_groups(minimum=5)
    unmet = table(commissioner_client, "unmet-demand")
    assert unmet == {
        "Area and kind of activity": ["Participants"],
        "SO17, SO50: Social and friendship": ["10"],  # 8
    }


def test_a_listing_within_the_travel_range_meets_the_demand(commissioner_client, organisation):
    listing("Lunch club", km_north=20.0, categories=("social-friendship",))
    for _ in range(6):
        story(organisation, favourites=(SOCIAL,), max_km=25.0, follow_up=False)
    assert table(commissioner_client, "unmet-demand") == {
        "Area and kind of activity": ["Participants"]
    }


def test_unmet_demand_map_is_local_titled_and_suppressed(commissioner_client, organisation):
    walking = listing("Walking group", km_north=1.0)
    for district in ("SO17", "SO50"):
        for _ in range(6):
            story(organisation, district=district, favourites=(SOCIAL,), follow_up=False)
        for _ in range(2):
            story(organisation, district=district, listings=[walking], max_km=50, follow_up=False)
    build_groups(minimum=5)
    dashboard = commissioner_client.get(reverse("evidence_home")).content.decode()
    assert 'title="Map: Unmet demand' in dashboard
    assert reverse("evidence_unmet_demand_map") in dashboard
    response = commissioner_client.get(reverse("evidence_unmet_demand_map"))
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "'unsafe-inline'"
        not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )
    assert "SO17: 5 participants" in page  # 6, rounded
    assert "SO50: 5 participants" in page
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page
    bad = commissioner_client.get(reverse("evidence_unmet_demand_map"), {"area": "<script>"})
    assert bad.status_code == 400
    one = commissioner_client.get(reverse("evidence_unmet_demand_map"), {"area": area_code("SO50")})
    assert "SO50: 5 participants" in one.content.decode()
    assert "SO17:" not in one.content.decode()


def test_unmet_demand_map_draws_small_counts_without_their_size(commissioner_client, organisation):
    # Five people in SO17, only three with an unmet interest.
    for _ in range(3):
        story(organisation, favourites=(SOCIAL,), follow_up=False)
    walking = listing("Walking group", km_north=1.0)
    for _ in range(2):
        story(organisation, listings=[walking], follow_up=False)
    build_groups(minimum=5)
    page = commissioner_client.get(reverse("evidence_unmet_demand_map")).content.decode()
    assert "SO17: fewer than 5 participants" in page
    assert "SO17: 3" not in page


def test_dashboard_queries_do_not_grow_with_sessions_or_districts(
    commissioner_client, organisation, other_organisation, django_assert_max_num_queries
):
    walking = listing("Walking group", km_north=1.0)
    for _ in range(5):
        story(organisation, listings=[walking])
    process_pending()  # the facts, as written when the changes commit
    with django_assert_max_num_queries(60) as small:
        commissioner_client.get(reverse("evidence_home"))
        commissioner_client.get(reverse("evidence_unmet_demand_map"))
    for _ in range(8):
        story(organisation, listings=[walking], favourites=(0, SOCIAL))
    for district in ("SO50", "SO18", "SO19"):
        for _ in range(3):
            story(other_organisation, district=district, favourites=(SOCIAL,))
    process_pending()
    with django_assert_max_num_queries(len(small.captured_queries)):
        commissioner_client.get(reverse("evidence_home"))
        commissioner_client.get(reverse("evidence_unmet_demand_map"))


def test_every_new_panel_is_registered_with_a_chart():
    for slug in (
        "network-size",
        "network-type",
        "support-gaps",
        "interests",
        "activities-chosen",
        "uptake",
        "unmet-demand",
    ):
        assert PANELS_BY_SLUG[slug].chart is not None, slug
