"""The Stage 3 map, drawn with Folium but served entirely by the app.

Folium's defaults load Leaflet, jQuery, Bootstrap and Font Awesome from CDNs.
GenieMap points at our own static copies instead (class-level add_js_link would
change every map in the process, so we never use it), and markers are DivIcons
(folium.Icon needs Bootstrap and Font Awesome).

Pins carry the list's numbers and every listed result has its own (no
clustering: static/js/genie-map.js nudges a pin that would cover another). The
map says where it is even with no tiles: postcode districts and, without tiles,
GeoNames place names (resources/places.py), with a scale in miles. Tiles come
from GENIE_TILE_URL, or from Genie itself when GENIE_TILES_DIR holds a tile
folder (resources/tiles.py).
"""

from dataclasses import dataclass

import folium
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import escape
from jinja2 import Template

from genie.units import distance_unit, format_distance
from resources.geo import bounding_box
from resources.locator import Point
from resources.places import districts_near, place_at, places_near
from resources.tiles import local_tiles

# Each default category's pin: two letters (so categories differ by more than
# colour) and a colour class (static/scss/_resources.scss, genie-pin--N).
PIN_SYMBOLS = {
    "physical-activity": "Ex",
    "outdoors-gardening": "Gd",
    "social-friendship": "So",
    "learning-skills": "Le",
    "arts-crafts-music": "Ar",
    "volunteering": "Vo",
    "peer-condition-support": "Pe",
    "practical-help": "Pr",
    "emotional-wellbeing": "Wb",
    "faith-culture": "Fa",
    "food-cooking": "Fo",
    "home-online": "On",
    "family-carers": "Ca",
}
PIN_COLOURS = 13
MAX_PINS = 50


@dataclass(frozen=True)
class Pin:
    symbol: str
    colour: int
    name: str


def category_pins(categories) -> dict[str, Pin]:
    """Pin style per category code, for the map and for the list's legend."""
    return {
        category.code: Pin(
            symbol=PIN_SYMBOLS.get(category.code, category.name[:2].title()),
            colour=index % PIN_COLOURS,
            name=category.name,
        )
        for index, category in enumerate(categories)
    }


def pin_for(match, pins: dict[str, Pin]) -> Pin | None:
    """A listing's pin: its best-matching category, else its first."""
    codes = [category.code for category in match.service.categories.all()]
    return next((pins[code] for code in match.matched_codes + codes if code in pins), None)


def js_safe(text: str) -> str:
    """Escape listing text for Folium's popups and tooltips: HTML first, then the
    characters that mean something inside the JavaScript template literals
    Folium wraps them in (backtick, ${ and backslash)."""
    return str(escape(text)).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


class GenieMap(folium.Map):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_js = [
            ("leaflet", static("vendor/leaflet/leaflet.js")),
            # Folium renders popups through jQuery's $().
            ("jquery", static("vendor/jquery/jquery.min.js")),
            # Keeps numbered pins from covering each other (instead of clustering).
            ("genie_map", static("js/genie-map.js")),
        ]
        self.default_css = [
            ("leaflet_css", static("vendor/leaflet/leaflet.css")),
            ("genie_map_css", static("vendor/genie-map.css")),
        ]


def pin_icon(pin: Pin | None, rank: int, *, chosen: bool = False) -> folium.DivIcon:
    """A pin showing the listing's number on the list, coloured by its category,
    ringed when it is chosen for the plan."""
    colour = pin.colour if pin else "none"
    classes = f"genie-pin genie-pin--{colour}" + (" genie-pin--chosen" if chosen else "")
    return folium.DivIcon(
        html=f'<span class="{classes}" data-rank="{rank:d}">{rank:d}</span>',
        class_name="genie-pin-wrap",
        icon_size=(32, 32),
        icon_anchor=(16, 16),
    )


def label_icon(text: str, modifier: str) -> folium.DivIcon:
    """A text label centred on its point (genie-label, static/scss/map.scss)."""
    return folium.DivIcon(
        html=f'<span class="genie-label genie-label--{modifier}">{js_safe(text)}</span>',
        class_name="genie-label-wrap",
    )


def add_label(m: folium.Map, latitude: float, longitude: float, icon: folium.DivIcon) -> None:
    # Labels are not controls: no clicks, no tab stops, and drawn under the pins.
    folium.Marker(
        [latitude, longitude], icon=icon, interactive=False, keyboard=False, z_index_offset=-1000
    ).add_to(m)


def tiles(m: folium.Map) -> bool:
    """Add the tile layer, if there is one: GENIE_TILE_URL, else Genie's own tile
    folder (GENIE_TILES_DIR). True when the map has tiles."""
    url, max_native_zoom, min_native_zoom = settings.TILE_URL, 19, None
    if not url and (local := local_tiles()):
        url, max_native_zoom, min_native_zoom = local.url, local.max_zoom, local.min_zoom
    if not url:
        return False
    folium.TileLayer(
        url,
        attr=js_safe(settings.TILE_ATTRIBUTION or "Map tiles"),
        max_zoom=19,
        max_native_zoom=max_native_zoom,
        min_native_zoom=min_native_zoom,
    ).add_to(m)
    return True


class ScaleControl(folium.MacroElement):
    """Leaflet's scale bar in one unit: miles (and feet), or kilometres."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        L.control.scale({imperial: {{ this.imperial }}, metric: {{ this.metric }},
            maxWidth: 160}).addTo({{ this._parent.get_name() }});
        {% endmacro %}"""
    )

    def __init__(self, unit: str = "miles"):
        super().__init__()
        self.imperial = "true" if unit == "miles" else "false"
        self.metric = "false" if unit == "miles" else "true"


def build_map(*, origin: Point, radius_km: float, matches, area: str, chosen=(), unit=None):
    """A Folium map of the listed matches around the participant's area, numbered
    as the list is. ``chosen``: the plan's services-at-locations, in plan order."""
    plan_numbers = {pk: number for number, pk in enumerate(chosen, start=1)}
    unit = unit or distance_unit()
    m = GenieMap(
        location=[origin.latitude, origin.longitude],
        tiles=None,
        zoom_start=13,
        control_scale=False,
    )
    m.options["max_zoom"] = 18
    has_tiles = tiles(m)
    ScaleControl(unit).add_to(m)
    # Districts first: a label a pin or an earlier label covers is hidden (genie-map.js).
    for label in districts_near(origin, radius_km, home=area):
        add_label(m, label.latitude, label.longitude, label_icon(label.district, "district"))
    if not has_tiles:
        # No basemap: say where the map is with place names (GeoNames).
        for place in places_near(origin, radius_km):
            add_label(m, place.latitude, place.longitude, label_icon(place.name, "place"))
    near = place_at(origin, radius_km)
    folium.Circle(
        [origin.latitude, origin.longitude],
        radius=radius_km * 1000,
        color="#005eb8",
        weight=2,
        fill=True,
        fill_opacity=0.04,
        tooltip=js_safe(f"Within {format_distance(radius_km, unit)} of {area}"),
    ).add_to(m)
    folium.Marker(
        [origin.latitude, origin.longitude],
        icon=folium.DivIcon(
            html=f'<span class="genie-pin genie-pin--home" data-rank="0">{js_safe(area)}</span>',
            class_name="genie-pin-wrap",
            icon_size=(48, 28),
            icon_anchor=(24, 14),
        ),
        tooltip=js_safe(
            f"Middle of {area}{f' (near {near.name})' if near else ''}, "
            "the participant's postcode district"
        ),
        z_index_offset=1000,
    ).add_to(m)
    min_lat, max_lat, min_lng, max_lng = bounding_box(origin, radius_km)
    m.fit_bounds([[min_lat, min_lng], [max_lat, max_lng]])
    placed = [match for match in matches[:MAX_PINS] if match.location.latitude is not None]
    for match in placed:
        location, service = match.location, match.service
        pin = match.pin
        category = f" ({pin.name})" if pin else ""
        plan_number = plan_numbers.get(match.service_at_location_id)
        if plan_number:
            category += f", chosen: number {plan_number} on the plan"
        popup = (
            f"<p class='genie-popup__title'><strong>{match.rank}. {js_safe(service.name)}</strong>"
            f"{js_safe(category)}</p>"
            f"<p>{js_safe(match.reason)}</p>"
            f"<p>{js_safe(', '.join(filter(None, [location.address_1, location.postal_code])))}</p>"
        )
        folium.Marker(
            [location.latitude, location.longitude],
            icon=pin_icon(pin, match.rank, chosen=bool(plan_number)),
            tooltip=f"{match.rank}. {js_safe(service.name)}{js_safe(category)}",
            popup=folium.Popup(popup, max_width=280),
            # Lower numbers on top where pins overlap.
            z_index_offset=2000 - match.rank,
        ).add_to(m)
    return m


def render_map_page(m: folium.Map, *, title: str, nonce: str) -> str:
    """The map as a standalone HTML page for the same-origin iframe.

    Folium's inline scripts get the request's CSP nonce; its viewport tag
    would stop people zooming the page, which WCAG 1.4.4 forbids.
    """
    icon = static("vendor/nhsuk/images/favicon.ico")
    m.get_root().header.add_child(
        folium.Element(f'<title>{escape(title)}</title><link rel="icon" href="{icon}">')
    )
    html = m.get_root().render()
    return (
        html.replace("<html>", '<html lang="en-GB">', 1)
        .replace(", maximum-scale=1.0, user-scalable=no", "")
        .replace("<script>", f'<script nonce="{escape(nonce)}">')
    )
