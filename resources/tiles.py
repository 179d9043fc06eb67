"""A real basemap with no outside request: map tiles served by Genie itself.

Set GENIE_TILES_DIR to a folder of raster tiles laid out as ``{z}/{x}/{y}.png``
(the "XYZ" layout that gdal2tiles.py --xyz, mb-util and most tile tools write).
Genie then serves them at /tiles/{z}/{x}/{y}.png to signed-in users, and the
Stage 3 map uses them when GENIE_TILE_URL is empty. See docs/offline-basemap.md.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.urls import reverse
from django.views.decorators.http import require_GET

MAX_ZOOM = 22
CACHE_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class LocalTiles:
    directory: Path
    url: str  # the Leaflet URL template
    min_zoom: int
    max_zoom: int


@lru_cache(maxsize=4)
def _zoom_levels(directory: str) -> tuple[int, ...]:
    root = Path(directory)
    if not root.is_dir():
        return ()
    return tuple(
        sorted(
            int(entry.name)
            for entry in root.iterdir()
            if entry.is_dir() and entry.name.isdigit() and int(entry.name) <= MAX_ZOOM
        )
    )


def local_tiles() -> LocalTiles | None:
    """The tile folder named by settings.TILES_DIR, or None if unset or empty."""
    directory = settings.TILES_DIR
    zooms = _zoom_levels(str(directory)) if directory else ()
    if not zooms:
        return None
    sample = reverse("map_tile", kwargs={"z": 0, "x": 0, "y": 0})
    return LocalTiles(
        directory=Path(directory),
        url=sample.removesuffix("0/0/0.png") + "{z}/{x}/{y}.png",
        min_zoom=zooms[0],
        max_zoom=zooms[-1],
    )


@require_GET
def tile(request, z: int, x: int, y: int):
    """One tile from the folder; a missing tile (outside the extract) is a 404."""
    tiles = local_tiles()
    if tiles is None or z > MAX_ZOOM or x >= 2**z or y >= 2**z:
        raise Http404("No such tile")
    path = tiles.directory / str(z) / str(x) / f"{y}.png"
    if not path.is_file():
        raise Http404("No such tile")
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = f"private, max-age={CACHE_SECONDS}"
    return response
