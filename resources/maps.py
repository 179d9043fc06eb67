"""The Stage 3 map, drawn with Folium but served entirely by the app.

Folium's defaults load Leaflet, jQuery, Bootstrap and Font Awesome from CDNs.
GenieMap and GenieCluster point at our own static copies instead (class-level
add_js_link would change every map in the process, so we never use it), and
markers are DivIcons (folium.Icon needs Bootstrap and Font Awesome).
"""

from dataclasses import dataclass

import folium
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import escape
from folium.plugins import MarkerCluster

from resources.geo import bounding_box
from resources.locator import Point

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
        ]
        self.default_css = [
            ("leaflet_css", static("vendor/leaflet/leaflet.css")),
            ("genie_map_css", static("vendor/genie-map.css")),
        ]


class GenieCluster(MarkerCluster):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_js = [
            ("markerclusterjs", static("vendor/markercluster/leaflet.markercluster.js"))
        ]
        self.default_css = [
            ("markerclustercss", static("vendor/markercluster/MarkerCluster.css")),
            ("markerclusterdefaultcss", static("vendor/markercluster/MarkerCluster.Default.css")),
        ]


def pin_icon(pin: Pin | None, label: str = "") -> folium.DivIcon:
    symbol = pin.symbol if pin else "•"
    colour = pin.colour if pin else "none"
    return folium.DivIcon(
        html=f'<span class="genie-pin genie-pin--{colour}">{js_safe(label or symbol)}</span>',
        class_name="genie-pin-wrap",
        icon_size=(32, 32),
        icon_anchor=(16, 16),
    )


def tiles(m: folium.Map) -> None:
    if settings.TILE_URL:
        folium.TileLayer(
            settings.TILE_URL, attr=settings.TILE_ATTRIBUTION or "Map tiles", max_zoom=19
        ).add_to(m)


def build_map(*, origin: Point, radius_km: float, matches, area: str):
    """A Folium map of the matches around the participant's area."""
    m = GenieMap(
        location=[origin.latitude, origin.longitude],
        tiles=None,
        zoom_start=13,
        control_scale=True,
    )
    # Marker clustering needs the map's maximum zoom, which only a tile layer would give.
    m.options["max_zoom"] = 18
    tiles(m)
    folium.Circle(
        [origin.latitude, origin.longitude],
        radius=radius_km * 1000,
        color="#005eb8",
        weight=2,
        fill=True,
        fill_opacity=0.04,
        tooltip=js_safe(f"Within {radius_km:g} km of {area}"),
    ).add_to(m)
    folium.Marker(
        [origin.latitude, origin.longitude],
        icon=folium.DivIcon(
            html='<span class="genie-pin genie-pin--home">Home</span>',
            class_name="genie-pin-wrap",
            icon_size=(48, 28),
            icon_anchor=(24, 14),
        ),
        tooltip=js_safe(f"Centre of {area} (the participant's area)"),
        z_index_offset=1000,
    ).add_to(m)
    min_lat, max_lat, min_lng, max_lng = bounding_box(origin, radius_km)
    m.fit_bounds([[min_lat, min_lng], [max_lat, max_lng]])
    cluster = GenieCluster(options={"maxClusterRadius": 30}).add_to(m)
    for match in matches[:MAX_PINS]:
        location, service = match.location, match.service
        if location.latitude is None:
            continue
        pin = match.pin
        category = f" ({pin.name})" if pin else ""
        popup = (
            f"<p class='genie-popup__title'><strong>{match.rank}. {js_safe(service.name)}</strong>"
            f"{js_safe(category)}</p>"
            f"<p>{js_safe(match.reason)}</p>"
            f"<p>{js_safe(', '.join(filter(None, [location.address_1, location.postal_code])))}</p>"
        )
        folium.Marker(
            [location.latitude, location.longitude],
            icon=pin_icon(pin),
            tooltip=f"{match.rank}. {js_safe(service.name)}{js_safe(category)}",
            popup=folium.Popup(popup, max_width=280),
        ).add_to(cluster)
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
