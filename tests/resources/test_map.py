"""The Stage 3 map's content: numbered pins as the list, labels for orientation,
a scale in miles, and a basemap served from Genie's own tile folder."""

import csv
import json
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from resources import places
from resources.gazetteer import district_centroids
from resources.geo import haversine_km
from resources.locator import Point
from resources.places import districts_near, places_near, uk_rows, write_places
from resources.services import choice_add
from resources.tiles import local_tiles
from tests.resources.factories import SO17, listing
from tests.resources.tilesets import make_tile_folder, png, tile_xy

pytestmark = pytest.mark.django_db
ORIGIN = Point(*SO17, precision="district")


def map_page(client, session, **query):
    url = reverse("opportunities_map", kwargs={"session_id": session.pk})
    return client.get(url, query).content.decode()


def icons(page: str) -> list[str]:
    """The HTML of each marker icon (Folium writes it as a JSON string)."""
    return [json.loads(text) for text in re.findall(r'"html": ("(?:[^"\\]|\\.)*")', page)]


def pin_numbers(page: str) -> list[str]:
    return [
        match.group(1)
        for icon in icons(page)
        if (match := re.search(r'genie-pin genie-pin--\d+" data-rank="(\d+)"', icon))
    ]


def labels(page: str, kind: str) -> list[str]:
    return [
        match.group(1)
        for icon in icons(page)
        if (match := re.search(rf'genie-label genie-label--{kind}">([^<]+)</span>', icon))
    ]


def test_pins_carry_the_numbers_of_the_listed_page(facilitator_client, session):
    for index in range(12):
        listing(f"Group {index + 1}", km_north=0.3 * (index + 1))
    opportunities = reverse("opportunities", kwargs={"session_id": session.pk})
    page_two = facilitator_client.get(opportunities, {"page": "2"}).content.decode()
    assert 'start="11"' in page_two and "Group 11" in page_two
    iframe = re.search(r'<iframe class="genie-map__frame" src="([^"]+)"', page_two).group(1)
    assert iframe.endswith("?page=2")
    assert pin_numbers(map_page(facilitator_client, session)) == [str(n) for n in range(1, 11)]
    second = facilitator_client.get(iframe.replace("&amp;", "&")).content.decode()
    assert pin_numbers(second) == ["11", "12"]
    assert "11. Group 11" in second and "Group 1 " not in second


def test_no_clustering_and_a_scale_in_miles(facilitator_client, session):
    listing("Lunch club", km_north=1)
    listing("Craft club", km_north=1)  # the same hall: each keeps its own pin
    page = map_page(facilitator_client, session)
    assert pin_numbers(page) == ["1", "2"]
    assert "markercluster" not in page.lower()
    assert "/static/js/genie-map.js" in page  # nudges pins off each other
    assert re.search(r"L\.control\.scale\(\{imperial: true, metric: false", page)


@override_settings(TILE_URL="", TILES_DIR="")
def test_without_tiles_districts_and_place_names_say_where(facilitator_client, session):
    listing("Walking group")
    page = map_page(facilitator_client, session)
    # The participant's district is the middle pin.
    assert '<span class="genie-pin genie-pin--home" data-rank="0">SO17</span>' in icons(page)
    assert {"SO14", "SO15", "SO16", "SO18", "SO19"} <= set(labels(page, "district"))
    assert {"Southampton", "Eastleigh", "Totton", "Woolston"} <= set(labels(page, "place"))
    assert "near Portswood" in page
    assert "leaflet-tile" not in page and not re.search(r"https?://", page)


@override_settings(TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png")
def test_with_tiles_the_basemap_names_places(facilitator_client, session):
    listing("Walking group")
    page = map_page(facilitator_client, session)
    assert "https://tiles.example.org/{z}/{x}/{y}.png" in page
    assert labels(page, "place") == [] and "SO16" in labels(page, "district")


def test_places_come_from_geonames_uk_only_and_do_not_crowd():
    cities = {
        "1": {"name": "Portswood", "countrycode": "GB", "timezone": "Europe/London",
              "latitude": 50.927221, "longitude": -1.390289, "population": 14831},
        "2": {"name": "Akrotiri", "countrycode": "GB", "timezone": "Asia/Famagusta",
              "latitude": 34.6, "longitude": 32.9, "population": 684},
        "3": {"name": "Calais", "countrycode": "FR", "timezone": "Europe/Paris",
              "latitude": 50.95, "longitude": 1.85, "population": 75000},
    }  # fmt: skip
    assert [p.name for p in uk_rows(cities)] == ["Portswood"]
    shipped = places.uk_places()
    assert len(shipped) > 5000 and shipped[0].population >= shipped[-1].population
    near = places_near(ORIGIN, 5.0)
    assert 10 <= len(near) <= places.MAX_PLACES
    for index, place in enumerate(near):
        for other in near[:index]:
            assert (
                haversine_km(place.latitude, place.longitude, other.latitude, other.longitude)
                >= 5.0 / 6
            )
    districts = districts_near(ORIGIN, 5.0, home="SO17")
    assert "SO17" not in [d.district for d in districts]
    assert [d.district for d in districts][:3] == sorted(
        [d.district for d in districts][:3],
        key=lambda code: haversine_km(*SO17, *district_centroids()[code]),
    )


def test_the_places_file_is_written_in_a_stable_order(tmp_path):
    rows = [
        places.Place("Woolston", 50.89, -1.37, 13852),
        places.Place("Bitterne", 50.91, -1.36, 17000),
    ]
    path = tmp_path / "places.csv"
    assert write_places(rows, path) == 2
    with open(path, encoding="utf-8") as handle:
        read = list(csv.DictReader(handle))
    assert [r["name"] for r in read] == ["Bitterne", "Woolston"]
    assert read[0] == {"name": "Bitterne", "latitude": "50.91000", "longitude": "-1.36000",
                       "population": "17000"}  # fmt: skip


# --- A basemap from Genie's own server ---------------------------------------


@pytest.fixture
def tile_folder(tmp_path, settings):
    make_tile_folder(tmp_path, zooms=(12, 13))
    settings.TILE_URL, settings.TILES_DIR = "", str(tmp_path)
    settings.TILE_ATTRIBUTION = "© Test tiles"
    return tmp_path


def test_tiles_are_served_from_the_folder(facilitator_client, tile_folder):
    x, y = tile_xy(*SO17, 13)
    response = facilitator_client.get(f"/tiles/13/{x}/{y}.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"].startswith("private")
    assert b"".join(response.streaming_content) == png(256, 256, (200, 230, 201))
    for missing in [f"/tiles/14/{x}/{y}.png", f"/tiles/13/{x + 99}/{y}.png", "/tiles/1/5/0.png"]:
        assert facilitator_client.get(missing).status_code == 404
    assert facilitator_client.get(f"/tiles/13/{x}/{y}.jpg").status_code == 404
    assert facilitator_client.get("/tiles/13/..%2F..%2Fetc/passwd.png").status_code == 404


def test_tiles_need_a_signed_in_user(client, tile_folder):
    x, y = tile_xy(*SO17, 13)
    response = client.get(f"/tiles/13/{x}/{y}.png")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_no_folder_no_tiles(facilitator_client, settings, tmp_path):
    settings.TILES_DIR = ""
    assert local_tiles() is None
    assert facilitator_client.get("/tiles/0/0/0.png").status_code == 404
    settings.TILES_DIR = str(tmp_path / "not-there")
    assert local_tiles() is None


def test_the_map_uses_the_folder_and_nothing_outside(facilitator_client, session, tile_folder):
    listing("Walking group")
    page = map_page(facilitator_client, session)
    assert '"/tiles/{z}/{x}/{y}.png"' in page
    assert '"maxNativeZoom": 13' in page and '"minNativeZoom": 12' in page
    assert '"attribution": "\\u00a9 Test tiles"' in page
    assert not re.search(r"https?://", page)
    assert labels(page, "place") == []  # the basemap names the places


def test_chosen_activities_are_ringed_with_their_number_on_the_plan(facilitator_client, session):
    first = listing("Walking group", km_north=0.5)
    second = listing("Choir", km_north=1)
    listing("Coffee morning", km_north=1.5)
    choice_add(session=session, service_at_location_id=second.pk)
    choice_add(session=session, service_at_location_id=first.pk)
    page = map_page(facilitator_client, session)
    ringed = [icon for icon in icons(page) if "genie-pin--chosen" in icon]
    assert [re.search(r">(\d+)<", icon).group(1) for icon in ringed] == ["1", "2"]
    assert "1. Walking group (Physical activity), chosen: number 2 on the plan" in page
    assert "2. Choir (Physical activity), chosen: number 1 on the plan" in page
    assert "3. Coffee morning (Physical activity)" in page
    assert "3. Coffee morning (Physical activity), chosen" not in page


def test_the_key_explains_the_numbers_and_only_the_colours_on_the_map(facilitator_client, session):
    listing("Walking group", categories=["physical-activity"])
    listing("Knit and natter", categories=["arts-crafts-music"])
    page = facilitator_client.get(
        reverse("opportunities", kwargs={"session_id": session.pk})
    ).content.decode()
    assert "Numbers on the map match the list below" in page
    key = re.search(r'<ul class="genie-legend" aria-label="Map key">(.*?)</ul>', page, re.S).group(
        1
    )
    entries = [" ".join(e.split()) for e in re.findall(r"</span>([^<]+)</li>", key)]
    assert entries == [
        "Middle of SO17, the participant's postcode district",
        "Physical activity",
        "Arts, crafts and music",
        "Ringed: chosen for the plan",
    ]
    # The list's own badges carry the same numbers as the pins.
    assert re.findall(r'genie-pin genie-pin--\d+" aria-hidden="true">(\d+)</span>', page) == [
        "1",
        "2",
    ]
