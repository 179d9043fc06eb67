"""The Stage 3 page, its map, choosing, and the plan, through real requests."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from genie.models import Stage
from mapping.selectors import MemberSummary
from resources.models import ChosenActivity
from resources.services import choice_add
from tests.factories import ParticipantFactory, SessionFactory, commissioner
from tests.resources.factories import listing

HOSTILE = "`${alert(1)}`</script> \\"
pytestmark = pytest.mark.django_db


def url(name, session, **kwargs):
    return reverse(name, kwargs={"session_id": session.pk, **kwargs})


def html(response):
    return response.content.decode()


def test_page_lists_explained_local_suggestions(facilitator_client, session):
    listing("Gentle walking group", km_north=1.2, categories=["physical-activity"])
    listing("Phone friendship line", national=True, categories=["home-online"])
    response = facilitator_client.get(url("opportunities", session))
    assert response.status_code == 200
    page = html(response)
    assert "Things to try near SO17" in page
    assert (
        "Gentle walking group" in page
        and "About 0.7 miles from the middle of SO17 · free · step-free access" in page
    )
    assert "Every Tuesday" in page
    # No interests yet (Stage 2 not answered): say how the list is ordered.
    assert "nearest activities first" in page
    assert "Available anywhere" in page and "Phone friendship line" in page
    assert f'src="{url("opportunities_map", session)}"' in page
    assert re.search(r'<iframe[^>]+title="Map of the activities listed below, around SO17"', page)


def test_page_ranks_by_the_interest_profile(facilitator_client, session, monkeypatch):
    # Stage 2's selector is another app's contract; here it answers as it will once filled in.
    monkeypatch.setattr(
        "resources.selectors.session_interest_profile",
        lambda session, categories=None: {"arts-crafts-music": 1},
    )
    listing("Walking group", km_north=0.3, categories=["physical-activity"])
    listing("Community choir", km_north=2, categories=["arts-crafts-music"])
    page = html(facilitator_client.get(url("opportunities", session)))
    assert page.index("Community choir") < page.index("Walking group")
    assert "Matches: arts, crafts and music" in page
    assert "nearest activities first" not in page


def test_other_organisations_and_commissioners_cannot_see_the_page(
    client, other_facilitator, session
):
    client.force_login(other_facilitator)
    for name in ["opportunities", "opportunities_map", "plan"]:
        assert client.get(url(name, session)).status_code == 404
    client.force_login(commissioner(username="cara9"))
    assert client.get(url("opportunities", session)).status_code == 403


def test_hostile_listing_name_is_inert_in_list_popup_and_tooltip(facilitator_client, session):
    listing(HOSTILE, km_north=0.5)
    page = html(facilitator_client.get(url("opportunities", session)))
    assert "</script> \\" not in page
    assert "`${alert(1)}`&lt;/script&gt; \\" in page
    map_page = html(facilitator_client.get(url("opportunities_map", session)))
    assert HOSTILE not in map_page and "${alert" not in map_page and "</script> \\" not in map_page
    escaped = "1. &#96;&#36;{alert(1)}&#96;&lt;/script&gt; &#92;"
    tooltips = re.findall(r"bindTooltip\(\s*`<div>\s*(.*?)\s*</div>`", map_page, re.S)
    popup = re.search(r"genie-popup__title'><strong>(.*?)</strong>", map_page).group(1)
    assert [t for t in tooltips if t.startswith(escaped)] and popup == escaped


def test_map_page_loads_nothing_from_outside_and_relaxes_csp_only_for_itself(
    facilitator_client, session
):
    listing("Walking group")
    response = facilitator_client.get(url("opportunities_map", session))
    page = html(response)
    assert not re.search(r"https?://", page)
    assert "/static/vendor/leaflet/leaflet.js" in page
    assert "markercluster" not in page  # every listed result has its own pin
    csp = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
    assert "unsafe-inline" not in script_src
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline_scripts and all(f'nonce="{nonce}"' in attrs for attrs in inline_scripts)
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "user-scalable=no" not in page  # people must be able to zoom
    # The app's own pages keep the strict policy.
    app_csp = facilitator_client.get(url("opportunities", session))["Content-Security-Policy"]
    assert "unsafe-inline" not in app_csp


@override_settings(TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png", TILE_ATTRIBUTION="Tiles")
def test_tiles_come_from_the_setting_and_nothing_else_is_external(facilitator_client, session):
    listing("Walking group")
    page = html(facilitator_client.get(url("opportunities_map", session)))
    assert re.findall(r"https?://[^\s\"'`]+", page) == ["https://tiles.example.org/{z}/{x}/{y}.png"]


def test_map_shows_the_listed_page_and_stays_small(facilitator_client, session):
    for index in range(60):
        listing(f"Listing number {index} with a realistic name", km_north=index / 15)
    response = facilitator_client.get(url("opportunities_map", session))
    assert len(response.content) < 300_000
    page = html(response)
    assert page.count("genie-pin genie-pin--") - page.count("genie-pin--home") == 10


def test_filters_work_without_javascript_and_htmx_gets_the_results_fragment(
    facilitator_client, session
):
    listing("Free group")
    listing("Paid group", is_free=False, cost="£4")
    page = html(facilitator_client.get(url("opportunities", session), {"free": "on"}))
    assert "Free group" in page and "Paid group" not in page
    assert "free=on" in page  # the map iframe shows the same filtered results
    fragment = facilitator_client.get(
        url("opportunities", session),
        {"distance": "1"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    body = html(fragment)
    assert body.lstrip().startswith('<div id="results"') and "<html" not in body
    assert "within 1 mile" in body


@pytest.mark.parametrize("chosen", [1, 3])
def test_the_filters_fragment_is_the_pages_results_exactly(facilitator_client, session, chosen):
    """The fragment reads less than the page (#21: not the choices panel), and shows
    the same: which listings are chosen, and Choose disabled when the plan is full."""
    listings = [listing(f"Group {index}", km_north=index / 5) for index in range(14)]
    for sal in listings[:chosen]:
        choice_add(session=session, service_at_location_id=sal.pk)
    query = {"distance": "3", "page": "1"}
    token = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+')
    page = token.sub(r"\1", html(facilitator_client.get(url("opportunities", session), query)))
    fragment = facilitator_client.get(
        url("opportunities", session), query, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    body = token.sub(r"\1", html(fragment)).strip()
    assert body.startswith('<div id="results"') and body in page
    assert "{#" not in page  # a template comment left as text (one spanning lines)
    assert body.count("genie-listing__chosen") == chosen
    assert ("disabled" in body) is (chosen == 3)


def test_tampered_filters_get_a_message_not_an_error(facilitator_client, session):
    listing("Walking group")
    response = facilitator_client.get(url("opportunities", session), {"distance": "9999"})
    assert response.status_code == 200
    assert "Select a valid choice" in html(response) and "Walking group" in html(response)


def test_results_page_query_count_is_constant(
    facilitator_client, session, django_assert_max_num_queries
):
    listing("First")
    listing("First national", national=True)
    with django_assert_max_num_queries(30) as few:
        facilitator_client.get(url("opportunities", session))
    for index in range(30):
        listing(f"Listing {index}", km_north=index / 10)
        listing(f"National {index}", national=True)
    with django_assert_max_num_queries(len(few)):
        facilitator_client.get(url("opportunities", session))


def test_choosing_without_javascript(facilitator_client, session):
    listings = [listing(f"Activity {n}") for n in range(4)]
    for sal in listings[:3]:
        response = facilitator_client.post(
            url("opportunity_choose", session),
            {"service_at_location": sal.pk, "query": "free=on"},
        )
        assert response.status_code == 302
        assert response["Location"] == url("opportunities", session) + "?free=on#choices"
    response = facilitator_client.post(
        url("opportunity_choose", session), {"service_at_location": listings[3].pk}, follow=True
    )
    page = html(response)
    assert "You can choose up to 3 activities" in page
    assert "Chosen to try (3 of 3)" in page
    # Tampered ids get a message too.
    response = facilitator_client.post(
        url("opportunity_choose", session), {"service_at_location": "nope"}, follow=True
    )
    assert "Please choose an activity from the list" in html(response)


def test_choose_is_disabled_at_three_of_three_with_the_reason_beside_it(
    facilitator_client, session
):
    listings = [listing(f"Activity {n}") for n in range(4)]
    for sal in listings[:2]:
        choice_add(session=session, service_at_location_id=sal.pk)
    page = html(facilitator_client.get(url("opportunities", session)))
    item = page.split(f'id="listing-{listings[3].pk}"')[1].split('<li class="genie-listing"')[0]
    assert "disabled" not in item
    choice_add(session=session, service_at_location_id=listings[2].pk)
    page = html(facilitator_client.get(url("opportunities", session)))
    item = page.split(f'id="listing-{listings[3].pk}"')[1].split('<li class="genie-listing"')[0]
    assert re.search(r'<button[^>]+disabled aria-describedby="full-[^"]+">Choose<', item)
    assert "3 of 3 chosen: remove one from the plan to choose this." in item


HTMX_STAGE3 = {"HX-Request": "true", "HX-Target": "stage3"}


def action_of(body, sal):
    """The out-of-band Choose/Chosen element of one listing in an htmx answer."""
    match = re.search(
        rf'<div class="genie-listing__action" id="action-{sal.pk}"[^>]*>.*?</div>', body, re.S
    )
    return match.group(0) if match else None


def test_choosing_with_htmx_sends_only_what_changed(facilitator_client, session):
    sal, other = listing("Walking group"), listing("Choir")
    response = facilitator_client.post(
        url("opportunity_choose", session),
        {"service_at_location": sal.pk, "query": "distance=2"},
        headers=HTMX_STAGE3,
    )
    body = html(response)
    # The choices panel replaces itself; the list and the map are not redrawn.
    assert response["HX-Retarget"] == "#choices" and response["HX-Reswap"] == "outerHTML"
    assert body.lstrip().startswith('<section id="choices"')
    assert "Chosen to try (1 of 3)" in body and "Added “Walking group” to the plan." in body
    assert "within 2 miles" not in body and "Choir" not in body
    # The chosen listing's button becomes "Chosen", out of band, with focus there.
    chosen = action_of(body, sal)
    assert 'hx-swap-oob="true"' in chosen and "Chosen" in chosen and "data-genie-focus" in chosen
    assert action_of(body, other) is None
    assert re.search(r'id="announcer"[^>]*hx-swap-oob="true">Added “Walking group”', body)
    assert response["HX-Trigger"] == "genie:choices-changed"  # the map redraws its rings
    # The remove buttons keep the filters the page had.
    assert 'name="query" value="distance=2"' in body
    # Double submit: still one choice.
    facilitator_client.post(url("opportunity_choose", session), {"service_at_location": sal.pk})
    assert ChosenActivity.objects.filter(session=session).count() == 1


def test_removing_with_htmx_gives_the_listing_its_choose_button_back(facilitator_client, session):
    sal = listing("Walking <b>group</b>")
    choice = choice_add(session=session, service_at_location_id=sal.pk)
    response = facilitator_client.post(
        url("opportunity_choice_remove", session, choice_id=choice.pk),
        {"query": ""},
        headers=HTMX_STAGE3,
    )
    body = html(response)
    assert response["HX-Retarget"] == "#choices"
    assert "Chosen to try (0 of 3)" in body and "Removed from the plan." in body
    button = action_of(body, sal)
    assert 'name="service_at_location"' in button
    # Its accessible name still says which activity, escaped.
    assert 'Choose<span class="nhsuk-u-visually-hidden"> Walking &lt;b&gt;group&lt;/b&gt;' in button


def test_the_whole_panel_is_redrawn_when_the_plan_fills_or_stops_being_full(
    facilitator_client, session
):
    listings = [listing(f"Activity {n}") for n in range(4)]
    for sal in listings[:2]:
        choice_add(session=session, service_at_location_id=sal.pk)
    response = facilitator_client.post(
        url("opportunity_choose", session),
        {"service_at_location": listings[2].pk, "query": ""},
        headers=HTMX_STAGE3,
    )
    body = html(response)
    # Every other Choose button is now disabled: the panel comes whole.
    assert "HX-Retarget" not in response and body.lstrip().startswith('<div id="stage3"')
    assert "3 of 3 chosen: remove one from the plan to choose this." in body
    choice = ChosenActivity.objects.get(service_at_location=listings[0])
    response = facilitator_client.post(
        url("opportunity_choice_remove", session, choice_id=choice.pk),
        {"query": ""},
        headers=HTMX_STAGE3,
    )
    body = html(response)
    assert "HX-Retarget" not in response and body.lstrip().startswith('<div id="stage3"')
    assert "remove one from the plan" not in body and "Chosen to try (2 of 3)" in body
    # A choice refused (full in another tab) redraws the whole panel too.
    choice_add(session=session, service_at_location_id=listings[0].pk)
    response = facilitator_client.post(
        url("opportunity_choose", session),
        {"service_at_location": listings[3].pk, "query": ""},
        headers=HTMX_STAGE3,
    )
    body = html(response)
    assert body.lstrip().startswith('<div id="stage3"')
    assert "You can choose up to 3 activities" in body


def test_a_choice_whose_outcome_was_recorded_cannot_be_removed_and_says_why(
    facilitator_client, facilitator_user, session
):
    from genie import services as genie_services
    from genie.models import Session
    from resources.models import ActivityOutcome

    choice = choice_add(session=session, service_at_location_id=listing("Choir").pk)
    genie_services.session_complete(session=session)
    follow_up = genie_services.session_start(user=facilitator_user, participant=session.participant)
    ActivityOutcome.objects.create(session=follow_up, chosen_activity=choice, status="tried")
    Session.objects.filter(pk=session.pk).update(completed_at=None)  # reopened since
    remove_url = url("opportunity_choice_remove", session, choice_id=choice.pk)
    response = facilitator_client.post(remove_url, {"query": ""}, headers=HTMX_STAGE3)
    assert response.status_code == 200
    assert "recorded at a follow-up, so it stays in the plan" in html(response)
    response = facilitator_client.post(remove_url, follow=True)
    assert "recorded at a follow-up, so it stays in the plan" in html(response)
    assert ChosenActivity.objects.filter(pk=choice.pk).exists()


def test_remove_and_companion(facilitator_client, session, monkeypatch):
    members = [MemberSummary(id="m-1", label="Jo <b>", kind="Daughter")]
    monkeypatch.setattr("resources.views.session_network_people", lambda session: members)
    choice = choice_add(session=session, service_at_location_id=listing("Choir").pk)
    page = html(facilitator_client.get(url("opportunities", session)))
    assert "Jo &lt;b&gt; (Daughter)" in page
    companion_url = url("opportunity_choice_companion", session, choice_id=choice.pk)
    response = facilitator_client.post(companion_url, {"companion": "m-1"}, follow=True)
    assert "Jo &lt;b&gt; might come along" in html(response)
    choice.refresh_from_db()
    assert (choice.companion_label, choice.companion_member_id) == ("Jo <b>", "m-1")
    response = facilitator_client.post(companion_url, {"companion": "someone-else"}, follow=True)
    assert "Please pick someone from the list" in html(response)
    choice.refresh_from_db()
    assert choice.companion_member_id == "m-1"
    remove_url = url("opportunity_choice_remove", session, choice_id=choice.pk)
    facilitator_client.post(remove_url)
    assert facilitator_client.post(remove_url).status_code == 302  # twice is harmless
    assert not ChosenActivity.objects.filter(session=session).exists()


def test_only_people_from_the_network_are_offered_as_company(facilitator_client, session):
    from tests.mapping.factories import NetworkMemberFactory, NetworkSnapshotFactory, kind

    snapshot = NetworkSnapshotFactory(session=session)
    for label, code in [
        ("Jo", "family"),
        ("Sam", "friend"),
        ("Dr Patel (GP)", "professional"),
        ("The library", "place"),
        ("Bowls", "activity"),
        ("Church group", "group"),
        ("Rex", "pet"),
    ]:
        NetworkMemberFactory(snapshot=snapshot, label=label, kind=kind(code))
    choice_add(session=session, service_at_location_id=listing("Choir").pk)
    page = html(facilitator_client.get(url("opportunities", session)))
    select = re.search(r'<select[^>]+name="companion".*?</select>', page, re.S).group(0)
    offered = re.findall(r"<option[^>]*>([^<]+)</option>", select)
    assert offered == ["No one yet", "Jo (Family)", "Sam (Friend)"]


def test_a_companion_saves_as_soon_as_picked_and_without_javascript_by_its_button(
    facilitator_client, session, monkeypatch
):
    members = [MemberSummary(id="m-1", label="Jo", kind="Family")]
    monkeypatch.setattr("resources.views.session_network_people", lambda session: members)
    choice = choice_add(session=session, service_at_location_id=listing("Choir").pk)
    page = html(facilitator_client.get(url("opportunities", session)))
    form = re.search(r'<form[^>]+class="genie-choices__companion"[^>]*>', page).group(0)
    assert 'hx-trigger="change"' in form  # htmx posts the form when the list changes
    assert re.search(r"<noscript><button[^>]+>Save<", page)  # the plain form's button
    response = facilitator_client.post(
        url("opportunity_choice_companion", session, choice_id=choice.pk),
        {"companion": "m-1", "query": ""},
        headers={"HX-Request": "true", "HX-Target": "stage3"},
    )
    assert "Jo might come along to “Choir”" in html(response)
    choice.refresh_from_db()
    assert choice.companion_label == "Jo"


def test_another_sessions_choice_cannot_be_changed(facilitator_client, session, organisation):
    other = SessionFactory(participant=ParticipantFactory(organisation=organisation))
    choice = choice_add(session=other, service_at_location_id=listing().pk)
    response = facilitator_client.post(
        url("opportunity_choice_companion", session, choice_id=choice.pk), {"companion": ""}
    )
    assert response.status_code == 404
    facilitator_client.post(url("opportunity_choice_remove", session, choice_id=choice.pk))
    assert ChosenActivity.objects.filter(pk=choice.pk).exists()


def test_unplaceable_area_gets_a_clear_message(facilitator_client, organisation):
    participant = ParticipantFactory(organisation=organisation, postcode_district="ZZ9")
    session = SessionFactory(participant=participant)
    listing("Phone line", national=True)
    page = html(facilitator_client.get(url("opportunities", session)))
    assert "We could not find “ZZ9” on the map" in page and "Phone line" in page
    assert "<iframe" not in page


def test_continue_goes_to_the_plan(facilitator_client, session):
    response = facilitator_client.post(url("opportunities", session))
    assert response["Location"] == url("plan", session)
    session.refresh_from_db()
    assert session.stage == Stage.PLAN


def test_plan_shows_everything_needed_and_finishing_completes_the_session(
    facilitator_client, session, facilitator_user, organisation
):
    organisation.contact_details = "Call 023 8049 6999 (Mon–Fri)"
    organisation.save()
    near = listing("Walking group", km_north=1, cost="", phone="023 8049 6123")
    paid = listing("Choir", km_north=2, is_free=False, cost="£2 a session", byday="2TH")
    online = listing("Phone friendship line", national=True)
    for sal in (near, paid, online):
        choice = choice_add(session=session, service_at_location_id=sal.pk)
    choice.companion_label = "Jo"
    choice.save()
    response = facilitator_client.get(url("plan", session))
    page = html(response)
    for text in [
        "Pat’s plan",
        "Walking group",
        "Every Tuesday",
        "Second Thursday of the month",
        "£2 a session",
        "Free",
        "023 8049 6123",
        "Jo might come along.",
        facilitator_user.get_full_name(),
        "Call 023 8049 6999 (Mon–Fri)",
        "About 0.6 miles from the middle of SO17",
    ]:
        assert text in page, text
    # The small printable map: home and a numbered pin for each local choice.
    assert page.count("<circle") == 2 and ">Home</text>" in page
    response = facilitator_client.post(url("plan", session))
    assert response["Location"] == reverse(
        "participant_detail", kwargs={"participant_id": session.participant_id}
    )
    session.refresh_from_db()
    assert session.completed_at is not None
    assert "Session finished" in html(facilitator_client.get(url("plan", session)))


def test_plan_notes_a_lift_where_a_lift_is_the_only_way_there(
    facilitator_client, session, monkeypatch
):
    from questionnaire.constraints import TravelConstraints

    monkeypatch.setattr(
        "resources.selectors.session_constraints",
        lambda session: TravelConstraints(max_distance_km=8, travel_modes=("walk", "lift")),
    )
    near = choice_add(session=session, service_at_location_id=listing("Near", km_north=1).pk)
    far = choice_add(session=session, service_at_location_id=listing("Far", km_north=4).pk)
    far.companion_label = "Jo"
    far.save()
    page = html(facilitator_client.get(url("plan", session)))
    near_part, far_part = page.split(f" {far.name}</h2>")
    assert "Needs a lift" not in near_part.split(f" {near.name}</h2>")[1]
    assert "Needs a lift: ask Jo?" in far_part
    assert re.search(r">\d+(\.\d)? miles?</text>", page)  # the sketch's scale bar
    assert " km" not in page


def test_page_starts_from_the_participants_constraints(facilitator_client, session, monkeypatch):
    from questionnaire.constraints import TravelConstraints

    monkeypatch.setattr(
        "resources.selectors.session_constraints",
        lambda session: TravelConstraints(max_distance_km=3.2, free_only=True),
    )
    listing("Free near", km_north=1)
    listing("Paid near", km_north=1, is_free=False, cost="£5")
    listing("Free far", km_north=4)
    page = html(facilitator_client.get(url("opportunities", session)))
    assert "Free near" in page and "Paid near" not in page and "Free far" not in page
    assert '<option value="2" selected>2 miles</option>' in page
    assert re.search(r'id="id_free" name="free" type="checkbox" value="on" checked', page)
    # The participant can widen the search from there.
    page = html(facilitator_client.get(url("opportunities", session), {"distance": "5"}))
    assert "Paid near" in page and "Free far" in page


def test_distance_carried_from_stage_two_stays_a_valid_filter():
    """A distance carried from Stage 2 that is not one of the steps (say 1.5 miles)
    comes back with every later filter change, and it must still filter (not
    silently fall back to no filter)."""
    from genie.models import Category
    from resources.forms import OpportunityFilterForm

    categories = list(Category.objects.all())
    form = OpportunityFilterForm({"distance": "1.5", "free": "on"}, categories=categories)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["distance"] == 1.5
    assert ("1.5", "1.5 miles") in form.fields["distance"].choices
    too_far = OpportunityFilterForm({"distance": "4000"}, categories=categories)
    assert not too_far.is_valid()
