"""The Stage 3 map in a real browser: numbered pins as the list, labels that say
where things are with no tiles, and a basemap from Genie's own tile folder."""

import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.resources.factories import listing
from tests.resources.tilesets import make_tile_folder

pytestmark = pytest.mark.browser
FRAME = "iframe[title='Map of the activities listed below, around SO17']"
SCREENSHOTS = os.environ.get("GENIE_MAP_SCREENSHOTS")  # a folder, to look at the map


@pytest.fixture
def requests_seen(page):
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def twelve_listings():
    for index in range(10):
        listing(f"Group {index + 1}", km_north=0.3 * (index + 1))
    # Two more at one address: each keeps its own pin.
    listing("Same-hall lunch club", km_north=0.4)
    listing("Same-hall craft club", km_north=0.4)


def listed(page) -> list[tuple[str, str]]:
    """(number, name) for each local result as the list shows it."""
    names = page.locator(".genie-listings:not(.genie-listings--national) h3").all_text_contents()
    return [re.search(r"(\d+)\.\s+(.+)", " ".join(name.split())).groups() for name in names]


def test_without_tiles_pins_carry_the_lists_numbers_and_labels_say_where(
    page, login_page, facilitator_user, session, settings, requests_seen, live_server
):
    settings.TILE_URL, settings.TILES_DIR = "", ""
    twelve_listings()
    login_page(facilitator_user)
    page.goto(reverse("opportunities", kwargs={"session_id": session.pk}))
    frame = page.frame_locator(FRAME)
    pins = frame.locator(".leaflet-marker-icon .genie-pin:not(.genie-pin--home)")
    expect(pins).to_have_count(10)
    on_list = listed(page)
    assert [number for number, _ in on_list] == [str(n) for n in range(1, 11)]
    assert sorted(pins.all_inner_texts(), key=int) == [n for n, _ in on_list]
    # Every listed result can be seen and pointed at: no two pins on one spot.
    boxes = [pins.nth(i).bounding_box() for i in range(10)]
    centres = {(round(b["x"] + b["width"] / 2), round(b["y"] + b["height"] / 2)) for b in boxes}
    assert len(centres) == 10
    names = dict(on_list)
    for index in range(10):
        pin = pins.nth(index)
        number = pin.inner_text()
        pin.hover()
        expect(frame.locator(".leaflet-tooltip").last).to_contain_text(f"{number}. {names[number]}")
    # Where it is: the participant's district and its neighbours, places, a scale in miles.
    expect(frame.locator(".genie-pin--home")).to_have_text("SO17")
    for district in ["SO14", "SO15", "SO16", "SO19"]:
        expect(frame.locator(".genie-label--district", has_text=district)).to_be_visible()
    expect(frame.locator(".genie-label--place", has_text="Southampton")).to_be_visible()
    expect(frame.locator(".leaflet-control-scale-line")).to_have_text(re.compile(r"^\d+ (mi|ft)$"))
    expect(frame.locator(".leaflet-tile")).to_have_count(0)
    assert requests_seen and all(url.startswith(live_server.url) for url in requests_seen)
    if SCREENSHOTS:
        page.locator(".genie-map").screenshot(path=os.path.join(SCREENSHOTS, "map-no-tiles.png"))

    # Page 2 of the list: its map shows 11 and 12, as the list does.
    page.get_by_role("link", name=re.compile("Next")).click()
    expect(pins).to_have_count(2)
    assert sorted(pins.all_inner_texts()) == ["11", "12"]
    assert [n for n, _ in listed(page)] == ["11", "12"]


def test_a_tile_folder_gives_a_basemap_from_genies_own_server(
    page, login_page, facilitator_user, session, settings, requests_seen, live_server, tmp_path
):
    make_tile_folder(tmp_path)
    settings.TILE_URL, settings.TILES_DIR = "", str(tmp_path)
    settings.TILE_ATTRIBUTION = "Test tiles"
    listing("Gentle walking group", km_north=0.5)
    login_page(facilitator_user)
    page.goto(reverse("opportunities", kwargs={"session_id": session.pk}))
    frame = page.frame_locator(FRAME)
    expect(frame.locator(".genie-pin:not(.genie-pin--home)")).to_have_text("1")
    expect(frame.locator("img.leaflet-tile-loaded").first).to_be_visible()
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("Test tiles")
    tiles = [url for url in requests_seen if "/tiles/" in url]
    assert tiles and all(url.startswith(f"{live_server.url}/tiles/") for url in tiles)
    assert all(url.startswith(live_server.url) for url in requests_seen)
    # The basemap names the places itself; the postcode districts stay.
    expect(frame.locator(".genie-label--place")).to_have_count(0)
    expect(frame.locator(".genie-label--district", has_text="SO16")).to_be_visible()
    if SCREENSHOTS:
        page.locator(FRAME).screenshot(path=os.path.join(SCREENSHOTS, "map-local-tiles.png"))
