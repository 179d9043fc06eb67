"""Unmet demand: what participants are interested in that nothing nearby offers.

For each participant's latest completed session with answers, every category of
strong interest (score ≥ 0.5) with no active local listing of that category
within the participant's travel range of their postcode district's centre.
Worked out when their facts are written (evidence.facts.build, one query for
listings in any district's box) and again when the directory changes
(``manage.py evidence_refresh_demand``, nightly); stored with their first
session's facts. Counted by area group and category: what to commission next.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

import folium
from django.db.models import Q

from evidence import areas
from evidence.disclosure import rounded, rounded_cell
from evidence.facts.read import unmet_anyone, unmet_counts
from evidence.impact import categories_in_order
from evidence.selectors import EvidenceFilter
from evidence.suppression import Cell, threshold
from evidence.tables import ShownTable
from resources.gazetteer import district_centroids
from resources.geo import bounding_box, haversine_km
from resources.locator import Point
from resources.maps import GenieMap, js_safe, tiles
from resources.models import Service, ServiceAtLocation
from resources.selectors import DEFAULT_RADIUS_KM

# A participant who has not said how far they can travel (or said it does not
# matter) is counted against Stage 3's default range: "nearby", not "anywhere".
MAX_RANGE_KM = 50.0


def range_km(saved: float | None) -> float:
    return min(saved, MAX_RANGE_KM) if saved else DEFAULT_RADIUS_KM


def nearest_by_category(wanted: dict[str, float]) -> dict[str, dict[str, float]]:
    """For each district: category code -> km from its centre to the nearest
    active local listing of that category, looking as far as ``wanted[district]``.

    One query for every district (their bounding boxes OR-ed together): everyone
    in a district is placed at its centre, so distances are per district, not per person.
    """
    centroids = district_centroids()
    boxes = {
        district: bounding_box(Point(*centroids[district], "district"), km)
        for district, km in wanted.items()
    }
    if not boxes:
        return {}
    in_any_box = reduce(
        or_,
        (
            Q(
                location__latitude__range=(min_lat, max_lat),
                location__longitude__range=(min_lng, max_lng),
            )
            for min_lat, max_lat, min_lng, max_lng in boxes.values()
        ),
    )
    listings = (
        ServiceAtLocation.objects.filter(
            in_any_box,
            service__status=Service.Status.ACTIVE,
            service__national__in=[False],
            service__categories__isnull=False,
        )
        .values_list("location__latitude", "location__longitude", "service__categories__code")
        .distinct()
    )
    nearest: dict[str, dict[str, float]] = {district: {} for district in boxes}
    for lat, lng, code in listings:
        for district, (min_lat, max_lat, min_lng, max_lng) in boxes.items():
            if min_lat <= lat <= max_lat and min_lng <= lng <= max_lng:
                km = haversine_km(*centroids[district], lat, lng)
                found = nearest[district]
                found[code] = min(km, found.get(code, km))
    return nearest


def unmet_demand(evidence_filter: EvidenceFilter) -> ShownTable:
    """People with each unmet interest, by area group. Each (area, interest) is
    a yes or no per person, over the blocks that take part (evidence.disclosure)."""
    counts = unmet_counts(evidence_filter)
    names = dict(categories_in_order())
    order = list(names)
    group_names = dict(areas.area_group_choices())
    limit = threshold()

    def most_first(key):
        # Shown counts by size; hidden ones after, in a fixed order that says nothing.
        count = counts[key]
        return (-rounded(count) if count >= limit else 0, key[0], order.index(key[1]))

    keys = sorted((key for key, n in counts.items() if n), key=most_first)
    return ShownTable.from_counts(
        row_heading="Area and kind of activity",
        columns=["Participants"],
        rows=[f"{group_names.get(area, areas.OTHER_NAME)}: {names[code]}" for area, code in keys],
        counts=[[counts[key]] for key in keys],
        # A participant can have several unmet interests, so rows overlap.
        totals=False,
    )


@dataclass(frozen=True)
class DistrictDemand:
    district: str
    latitude: float
    longitude: float
    participants: Cell  # people with at least one unmet interest, suppressed


def unmet_demand_by_district(evidence_filter: EvidenceFilter) -> list[DistrictDemand]:
    """For the map: people with any unmet interest per area group, drawn at the
    middle of the group's districts, by the same rule as the table."""
    counts = unmet_anyone(evidence_filter)
    centroids = district_centroids()
    places: dict[str, list] = {}
    for district, code in areas.district_groups().items():
        if district in centroids:
            places.setdefault(code, []).append(centroids[district])
    names = dict(areas.area_group_choices())
    return [
        DistrictDemand(
            names.get(code, areas.OTHER_NAME),
            sum(lat for lat, _lng in places[code]) / len(places[code]),
            sum(lng for _lat, lng in places[code]) / len(places[code]),
            rounded_cell(n),
        )
        for code, n in sorted(counts.items())
        if n and code in places
    ]


# The map is centred here when no district has a count to show (Southampton,
# where the demo data lives, is as good a default as any for an empty map).
DEFAULT_CENTRE = (50.91, -1.40)


def unmet_demand_map(districts: list[DistrictDemand]):
    """A Folium map of districts: a circle at each centre, sized by its count.

    A suppressed count is drawn as a small dashed ring labelled "fewer than 5",
    the same size everywhere, so its size gives nothing away."""
    if districts:
        centre = (
            sum(d.latitude for d in districts) / len(districts),
            sum(d.longitude for d in districts) / len(districts),
        )
    else:
        centre = DEFAULT_CENTRE
    m = GenieMap(location=list(centre), tiles=None, zoom_start=11, control_scale=True)
    tiles(m)
    largest = max((d.participants.value or 0 for d in districts), default=0) or 1
    for district in districts:
        cell = district.participants
        text = js_safe(f"{district.district}: {cell.text} participants with unmet demand")
        if cell.is_hidden:
            folium.CircleMarker(
                [district.latitude, district.longitude],
                radius=8,
                color="#4c6272",
                weight=2,
                dash_array="4",
                fill=False,
                tooltip=text,
            ).add_to(m)
        else:
            folium.CircleMarker(
                [district.latitude, district.longitude],
                radius=8 + 22 * (cell.value / largest) ** 0.5,
                color="#005eb8",
                weight=2,
                fill=True,
                fill_opacity=0.35,
                tooltip=text,
            ).add_to(m)
        label = js_safe(district.district)
        folium.Marker(
            [district.latitude, district.longitude],
            icon=folium.DivIcon(
                html=f'<span class="genie-pin genie-pin--home">{label}</span>',
                class_name="genie-pin-wrap",
                icon_size=(48, 24),
                icon_anchor=(24, -10),
            ),
        ).add_to(m)
    if len(districts) > 1:
        m.fit_bounds(
            [
                [min(d.latitude for d in districts), min(d.longitude for d in districts)],
                [max(d.latitude for d in districts), max(d.longitude for d in districts)],
            ],
            padding=(30, 30),
        )
    return m
