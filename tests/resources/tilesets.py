"""A tiny generated tile set, for testing the basemap Genie serves itself."""

import struct
import zlib
from math import asinh, floor, pi, radians, tan
from pathlib import Path

from tests.resources.factories import KM_LAT, SO17


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain single-colour PNG, written by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def tile_xy(latitude: float, longitude: float, zoom: int) -> tuple[int, int]:
    n = 2**zoom
    x = floor((longitude + 180) / 360 * n)
    y = floor((1 - asinh(tan(radians(latitude))) / pi) / 2 * n)
    return x, y


def make_tile_folder(root: Path, *, zooms=(11, 12, 13), km=12.0, centre=SO17) -> list[Path]:
    """{z}/{x}/{y}.png tiles covering ``km`` around SO17 at each zoom."""
    image = png(256, 256, (200, 230, 201))
    lat, lng = centre
    dlat, dlng = km * KM_LAT, km * KM_LAT * 1.6
    written = []
    for zoom in zooms:
        x0, y0 = tile_xy(lat + dlat, lng - dlng, zoom)
        x1, y1 = tile_xy(lat - dlat, lng + dlng, zoom)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                path = root / str(zoom) / str(x) / f"{y}.png"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(image)
                written.append(path)
    return written
